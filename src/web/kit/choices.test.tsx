import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { Checkbox, CheckboxGroup, Fieldset, RadioGroup } from './choices.js';
import { emptyForm } from './form.js';
import { pageContextFor } from './test-context.js';

const ctx = pageContextFor('/form');
const options = [
  { value: 'spam', label: 'Spam' },
  { value: 'abuse', label: 'Abuse <b>' },
];

describe('grouped controls', () => {
  it('renders a fieldset with its legend', () => {
    assert.equal(renderToString(<Fieldset legend="Part" large>x</Fieldset>), '<fieldset class="usa-fieldset"><legend class="usa-legend usa-legend--large">Part</legend>x</fieldset>');
    assert.match(renderToString(<Fieldset legend="Part" legendHidden>x</Fieldset>), /<legend class="usa-sr-only">Part<\/legend>/);
  });

  it('ties a checkbox to its label and keeps it checked', () => {
    const html = renderToString(<Checkbox ctx={ctx} state={emptyForm({ publish: '1' })} name="publish" label="Publish" />);
    assert.equal(html, '<div class="usa-checkbox"><input class="usa-checkbox__input" id="field-publish" type="checkbox" name="publish" value="1" checked/><label class="usa-checkbox__label" for="field-publish">Publish</label></div>');
    assert.doesNotMatch(renderToString(<Checkbox ctx={ctx} state={emptyForm({ publish: '' })} name="publish" label="Publish" />), /checked/);
  });

  it('describes a checkbox hint and error', () => {
    const html = renderToString(<Checkbox ctx={ctx} state={{ values: {}, errors: [{ field: 'agree', message: 'validation.required' }] }} name="agree" label="Agree" hint="Read it" />);
    assert.match(html, /usa-form-group--error/);
    assert.match(html, /id="field-agree-error" role="alert">This field is required</);
    assert.match(html, /aria-describedby="field-agree-hint field-agree-error" aria-invalid="true"/);
  });

  it('checks every chosen box of a group, escapes labels, shows the error in the fieldset', () => {
    const html = renderToString(<CheckboxGroup ctx={ctx} state={{ values: { reasons: ['abuse'] }, errors: [{ field: 'reasons', message: 'validation.required' }] }} name="reasons" legend="Reasons" idPrefix="reason" options={options} />);
    assert.match(html, /<fieldset class="usa-fieldset usa-form-group--error" id="field-reasons" aria-describedby="field-reasons-error"><legend class="usa-legend">Reasons<\/legend>/);
    assert.match(html, /<span class="usa-error-message" id="field-reasons-error" role="alert">This field is required<\/span>/);
    assert.match(html, /id="reason-spam" type="checkbox" name="reasons" value="spam" aria-invalid="true"\/><label class="usa-checkbox__label" for="reason-spam">Spam</);
    assert.match(html, /id="reason-abuse" type="checkbox" name="reasons" value="abuse" checked aria-invalid="true"\/><label class="usa-checkbox__label" for="reason-abuse">Abuse &lt;b></);
  });

  it('checks the chosen radio button, with a fixed error text when given', () => {
    const html = renderToString(<RadioGroup ctx={ctx} state={{ values: { outcome: 'spam' }, errors: [{ field: 'outcome', message: 'x' }] }} name="outcome" legend="Outcome" options={options} errorText="Pick one" hint="One only" required />);
    assert.match(html, /aria-describedby="field-outcome-hint field-outcome-error"/);
    assert.match(html, /<div class="usa-hint" id="field-outcome-hint">One only<\/div>/);
    assert.match(html, />Pick one<\/span>/);
    assert.match(html, /id="field-outcome-spam" type="radio" name="outcome" value="spam" checked required/);
    assert.doesNotMatch(html, /value="abuse" checked/);
  });
});
