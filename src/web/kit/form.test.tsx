import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { ActionForm, HiddenFields, PostForm } from './form.js';
import { pageContextFor } from './test-context.js';

const ctx = pageContextFor('/form');

describe('forms', () => {
  it('posts with the CSRF field first and the error summary linking to each field', () => {
    const state = { values: {}, errors: [{ field: 'title', message: 'validation.required' }, { field: '_', message: 'validation.required' }] };
    const html = renderToString(
      <PostForm ctx={ctx} action="/x?a=1&b=2" state={state} large noValidate>
        <p>fields</p>
      </PostForm>,
    );
    assert.match(html, /^<form class="usa-form usa-form--large" method="post" action="\/x\?a=1&amp;b=2" novalidate><input type="hidden" name="_csrf" value="csrf-token"\/><div class="usa-alert usa-alert--error" role="alert"/);
    assert.match(html, /<li><a href="#field-title">This field is required<\/a><\/li><li>This field is required<\/li>/);
    assert.match(html, /<p>fields<\/p><\/form>$/);
  });

  it('sends files as multipart and leaves the summary out without errors', () => {
    const html = renderToString(
      <PostForm ctx={ctx} action="/up" files>
        x
      </PostForm>,
    );
    assert.equal(html, '<form class="usa-form" method="post" action="/up" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="csrf-token"/>x</form>');
    assert.equal(renderToString(<ActionForm ctx={ctx} action="/go" class="og-inline-form">y</ActionForm>), '<form method="post" action="/go" class="og-inline-form"><input type="hidden" name="_csrf" value="csrf-token"/>y</form>');
  });

  it('writes hidden fields, one per list item, none for empty values, escaped', () => {
    const html = renderToString(<HiddenFields values={{ a: '1', b: ['x', '"y"'], c: '', d: undefined }} />);
    assert.equal(html, '<input type="hidden" name="a" value="1"/><input type="hidden" name="b" value="x"/><input type="hidden" name="b" value="&quot;y&quot;"/>');
  });
});
