// One labelled control each: the label is tied to the control by for/id, the hint and the error
// message sit beside it and are named by aria-describedby, and aria-invalid marks a field in error.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../core/errors.js';
import type { PageContext } from '../context.js';
import { errorFor, valueText, type FormState } from './form.js';

/** What every labelled control takes. `id` defaults to field-<name>, which the error summary links to. */
export interface ControlProps {
  ctx: PageContext;
  state?: FormState;
  name: string;
  /** Text, or text with a screen-reader-only part (which row of a table the control acts on). */
  label: ComponentChildren;
  id?: string;
  hint?: string;
  required?: boolean;
  /** Marks an optional field as such beside its label (default); filters leave it off. */
  markOptional?: boolean;
}

export const fieldId = (props: { id?: string; name: string }) => props.id ?? `field-${props.name}`;

/** The ids of the hint and error message beside control `id`, for aria-describedby. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div class="usa-hint" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

export function ErrorMessage({ ctx, id, error }: { ctx: PageContext; id: string; error?: FieldError }) {
  return error ? (
    <span class="usa-error-message" id={`${id}-error`} role="alert">
      {ctx.t(error.message, error.params)}
    </span>
  ) : null;
}

/** Label, optional hint and error message around one form control. */
export function FieldFrame(props: { ctx: PageContext; id: string; label: ComponentChildren; required?: boolean; markOptional?: boolean; hint?: string; error?: FieldError; children: ComponentChildren }) {
  const { ctx, id, label, required, hint, error, markOptional = true } = props;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={id}>
        {label}
        {!required && markOptional && <span class="og-optional"> （{ctx.t('form.optional')}）</span>}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage ctx={ctx} id={id} error={error} />
      {props.children}
    </div>
  );
}

interface FieldProps extends ControlProps {
  type?: string;
  autocomplete?: string;
  inputMode?: string;
  maxLength?: number;
  min?: string;
  max?: string;
  value?: string;
  multiline?: boolean;
  rows?: number;
  readOnly?: boolean;
  class?: string;
}

/** A text-like input (text, email, search, password, date, ...) or, with `multiline`, a textarea. */
export function Field(props: FieldProps) {
  const { ctx, state, name, label, type = 'text', hint, required, autocomplete, multiline } = props;
  const error = errorFor(state, name);
  const id = fieldId(props);
  const aria = { 'aria-describedby': describedBy(id, hint, error), 'aria-invalid': error ? ('true' as const) : undefined };
  const value = type === 'password' ? '' : (props.value ?? valueText(state, name));
  const extra = props.class ? ` ${props.class}` : '';
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} markOptional={props.markOptional} hint={hint} error={error}>
      {multiline ? (
        <textarea class={`usa-textarea${error ? ' usa-input--error' : ''}${extra}`} id={id} name={name} required={required} maxLength={props.maxLength} rows={props.rows} readOnly={props.readOnly} {...aria}>
          {value}
        </textarea>
      ) : (
        <input
          class={`usa-input${error ? ' usa-input--error' : ''}${extra}`}
          id={id}
          name={name}
          type={type}
          value={value}
          required={required}
          autoComplete={autocomplete}
          inputMode={props.inputMode as 'numeric' | undefined}
          maxLength={props.maxLength}
          min={props.min}
          max={props.max}
          readOnly={props.readOnly}
          {...aria}
        />
      )}
    </FieldFrame>
  );
}

/** A calendar date (YYYY-MM-DD, the browser's date picker where there is one). */
export function DateField(props: Omit<FieldProps, 'type' | 'multiline' | 'inputMode' | 'maxLength'>) {
  return <Field {...props} type="date" />;
}

/** A file input. Its value is never echoed back: a re-shown form asks for the file again. */
export function FileField(props: ControlProps & { accept?: string }) {
  const { ctx, state, name, label, hint, required, accept } = props;
  const error = errorFor(state, name);
  const id = fieldId(props);
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} markOptional={props.markOptional} hint={hint} error={error}>
      <input class={`usa-file-input${error ? ' usa-input--error' : ''}`} id={id} name={name} type="file" accept={accept} required={required} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined} />
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

interface SelectProps extends ControlProps {
  options: readonly Choice[];
  /** A first option with the value '' (the "all" of a filter, or nothing chosen yet). */
  emptyLabel?: string;
  value?: string;
}

export function Select(props: SelectProps) {
  const { ctx, state, name, label, options, required, hint, emptyLabel } = props;
  const error = errorFor(state, name);
  const id = fieldId(props);
  const current = props.value ?? valueText(state, name);
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} markOptional={props.markOptional} hint={hint} error={error}>
      <select class={`usa-select${error ? ' usa-input--error' : ''}`} id={id} name={name} required={required} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
