import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { DateField, Field, FileField, Select } from './fields.js';
import { emptyForm, type FormState } from './form.js';
import { pageContextFor } from './test-context.js';

const ctx = pageContextFor('/form');
const withError = (values: Record<string, unknown>, field: string): FormState => ({ values, errors: [{ field, message: 'validation.required' }] });

describe('labelled controls', () => {
  it('ties the label to the input and keeps the value, escaped', () => {
    const html = renderToString(<Field ctx={ctx} state={emptyForm({ title: 'a<b & "c"' })} name="title" label="Title" required />);
    assert.match(html, /<label class="usa-label" for="field-title">Title<\/label>/);
    assert.match(html, /<input class="usa-input" id="field-title" name="title" type="text" value="a&lt;b &amp; &quot;c&quot;" required/);
    assert.doesNotMatch(html, /aria-describedby|aria-invalid/);
  });

  it('names the hint and the error by aria-describedby, marks the field invalid and shows the message beside it', () => {
    const html = renderToString(<Field ctx={ctx} state={withError({ title: 'x' }, 'title')} name="title" label="Title" hint="Short" />);
    assert.match(html, /class="usa-form-group usa-form-group--error"/);
    assert.match(html, /<div class="usa-hint" id="field-title-hint">Short<\/div>/);
    assert.match(html, /<span class="usa-error-message" id="field-title-error" role="alert">This field is required<\/span>/);
    assert.match(html, /aria-describedby="field-title-hint field-title-error" aria-invalid="true"/);
    assert.match(html, /value="x"/);
    assert.match(html, /（optional）/);
  });

  it('leaves the optional mark off when asked, takes an id, never echoes a password', () => {
    const html = renderToString(<Field ctx={ctx} state={emptyForm({ q: 'w', pw: 'secret' })} name="q" id="filter-q" type="search" label="Words" markOptional={false} />);
    assert.match(html, /for="filter-q"/);
    assert.match(html, /id="filter-q" name="q" type="search" value="w"/);
    assert.doesNotMatch(html, /optional/);
    assert.doesNotMatch(renderToString(<Field ctx={ctx} state={emptyForm({ pw: 'secret' })} name="pw" type="password" label="Password" />), /secret/);
  });

  it('renders a textarea with its text escaped', () => {
    const html = renderToString(<Field ctx={ctx} state={withError({ body: '</textarea><b>' }, 'body')} name="body" label="Body" multiline />);
    assert.match(html, /<textarea class="usa-textarea usa-input--error" id="field-body" name="body" aria-describedby="field-body-error" aria-invalid="true">&lt;\/textarea>&lt;b><\/textarea>/);
  });

  it('renders a date input and a file input', () => {
    assert.match(renderToString(<DateField ctx={ctx} state={emptyForm({ on: '2026-12-03' })} name="on" label="On" />), /type="date" value="2026-12-03"/);
    const file = renderToString(<FileField ctx={ctx} state={withError({}, 'file')} name="file" label="File" hint="CSV" accept=".csv" required />);
    assert.match(file, /<input class="usa-file-input usa-input--error" id="field-file" name="file" type="file" accept=".csv" required aria-describedby="field-file-hint field-file-error" aria-invalid="true"\/>/);
  });

  it('selects the current option and describes errors', () => {
    const html = renderToString(<Select ctx={ctx} state={withError({ kind: 'b' }, 'kind')} name="kind" label="Kind" emptyLabel="All" options={[{ value: 'a', label: 'A' }, { value: 'b', label: 'B&' }]} />);
    assert.match(html, /<select class="usa-select usa-input--error" id="field-kind" name="kind" aria-describedby="field-kind-error" aria-invalid="true"><option value>All<\/option><option value="a">A<\/option><option value="b" selected>B&amp;<\/option><\/select>/);
  });
});
