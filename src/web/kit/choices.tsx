// Grouped controls: a fieldset with its legend, one checkbox, and groups of checkboxes or radio
// buttons. A group's hint and error are named by the fieldset's aria-describedby and its id
// (field-<name>) is where the error summary links.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';
import { errorFor, type FormState } from './form.js';
import { ErrorMessage, Hint, describedBy, fieldId, type Choice, type ControlProps } from './fields.js';

interface FieldsetProps {
  legend: string;
  /** usa-legend--large, for a fieldset that heads a part of a form. */
  large?: boolean;
  /** Keeps the legend for screen readers only (the page shows a heading that says the same). */
  legendHidden?: boolean;
  id?: string;
  class?: string;
  hint?: string;
  error?: ComponentChildren;
  children: ComponentChildren;
}

export function Fieldset({ legend, large, legendHidden, id, hint, error, children, ...rest }: FieldsetProps) {
  const legendClass = legendHidden ? 'usa-sr-only' : `usa-legend${large ? ' usa-legend--large' : ''}`;
  const describe = id ? describedBy(id, hint, error) : undefined;
  return (
    <fieldset class={`usa-fieldset${error ? ' usa-form-group--error' : ''}${rest.class ? ` ${rest.class}` : ''}`} id={id} aria-describedby={describe}>
      <legend class={legendClass}>{legend}</legend>
      {id && <Hint id={id} hint={hint} />}
      {error && (
        <span class="usa-error-message" id={id ? `${id}-error` : undefined} role="alert">
          {error}
        </span>
      )}
      {children}
    </fieldset>
  );
}

function isChecked(state: FormState | undefined, name: string, value: string): boolean {
  const raw = state?.values[name];
  if (Array.isArray(raw)) return raw.map(String).includes(value);
  if (raw === true) return value === '1';
  return raw !== undefined && raw !== null && String(raw) === value;
}

/** One checkbox; checked when the form's value for `name` is `value` (default '1'). */
export function Checkbox(props: Omit<ControlProps, 'markOptional'> & { value?: string; checked?: boolean; description?: string }) {
  const { ctx, state, name, label, hint, required, value = '1' } = props;
  const error = errorFor(state, name);
  const id = fieldId(props);
  const checked = props.checked ?? isChecked(state, name, value);
  const box = (
    <div class="usa-checkbox">
      <input class="usa-checkbox__input" id={id} type="checkbox" name={name} value={value} checked={checked} required={required} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined} />
      <label class="usa-checkbox__label" for={id}>
        {label}
        {props.description && <span class="usa-checkbox__label-description">{props.description}</span>}
      </label>
    </div>
  );
  if (!hint && !error) return box;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <Hint id={id} hint={hint} />
      <ErrorMessage ctx={ctx} id={id} error={error} />
      {box}
    </div>
  );
}

interface GroupProps {
  ctx: PageContext;
  state?: FormState;
  name: string;
  legend: string;
  options: readonly Choice[];
  /** Each option's input id is <idPrefix>-<value> (default field-<name>-<value>). */
  idPrefix?: string;
  hint?: string;
  required?: boolean;
  large?: boolean;
  /** A fixed message shown instead of the field error's own (the error still decides whether). */
  errorText?: string;
  /** Shows the choices side by side on wide screens. */
  tiles?: boolean;
}

function ChoiceGroup({ type, ...props }: GroupProps & { type: 'checkbox' | 'radio' }) {
  const { ctx, state, name, legend, options, hint, required, large } = props;
  const error = errorFor(state, name);
  const id = fieldId({ name });
  const prefix = props.idPrefix ?? id;
  const kind = type === 'checkbox' ? 'usa-checkbox' : 'usa-radio';
  return (
    <Fieldset legend={legend} large={large} id={id} hint={hint} error={error && (props.errorText ?? ctx.t(error.message, error.params))}>
      {options.map((o) => (
        <div class={kind}>
          <input
            class={`${kind}__input${props.tiles ? ` ${kind}__input--tile` : ''}`}
            id={`${prefix}-${o.value}`}
            type={type}
            name={name}
            value={o.value}
            checked={isChecked(state, name, o.value)}
            required={type === 'radio' ? required : undefined}
            aria-invalid={error ? 'true' : undefined}
          />
          <label class={`${kind}__label`} for={`${prefix}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </Fieldset>
  );
}

/** Several checkboxes sharing one name; the form's value is the list of checked values. */
export function CheckboxGroup(props: GroupProps) {
  return <ChoiceGroup type="checkbox" {...props} />;
}

/** One choice among several. */
export function RadioGroup(props: GroupProps) {
  return <ChoiceGroup type="radio" {...props} />;
}
