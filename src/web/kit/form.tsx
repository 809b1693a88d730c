// A form as a whole: its state (values and field errors), the POST wrapper with the CSRF field and
// the error summary, hidden fields and the submit button.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../core/errors.js';
import type { PageContext } from '../context.js';

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldError[];
}

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: [] });

export function errorFor(state: FormState | undefined, name: string): FieldError | undefined {
  return state?.errors.find((e) => e.field === name);
}

/** The value of one field as the text a control shows ('' when absent). */
export function valueText(state: FormState | undefined, name: string): string {
  const raw = state?.values[name];
  return raw === undefined || raw === null ? '' : String(raw);
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/** Errors that belong to no field ('_', 'unknown') are listed as text; the others link to their field. */
export function ErrorSummary({ ctx, state }: { ctx: PageContext; state?: FormState }) {
  if (!state || state.errors.length === 0) return null;
  return (
    <div class="usa-alert usa-alert--error" role="alert" tabIndex={-1} id="error-summary">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{ctx.t('form.error_summary', { count: state.errors.length })}</h2>
        <ul class="usa-list">
          {state.errors.map((e) => (
            <li>{e.field === '_' || e.field === 'unknown' ? ctx.t(e.message, e.params) : <a href={`#field-${e.field}`}>{ctx.t(e.message, e.params)}</a>}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Hidden inputs; a list value gives one input per item, empty values give none. */
export function HiddenFields({ values }: { values: Record<string, string | readonly string[] | null | undefined> }) {
  return (
    <>
      {Object.entries(values).flatMap(([name, value]) =>
        (typeof value === 'string' ? [value] : (value ?? [])).filter((v) => v !== '').map((v) => <input type="hidden" name={name} value={v} />),
      )}
    </>
  );
}

interface PostFormProps {
  ctx: PageContext;
  action: string;
  /** Shows the error summary at the top of the form. */
  state?: FormState;
  /** Sends multipart/form-data (a form with a file input). */
  files?: boolean;
  /** usa-form--large: the full-width form of a page of its own. */
  large?: boolean;
  class?: string;
  id?: string;
  /** Leaves validation to the server, whose messages name the field in the page's language. */
  noValidate?: boolean;
  children: ComponentChildren;
}

/** A POST form: CSRF field first (multipart parsing reads it before any file), then the error summary. */
export function PostForm({ ctx, action, state, files, large, id, noValidate, children, ...rest }: PostFormProps) {
  const classes = ['usa-form', large ? 'usa-form--large' : '', rest.class ?? ''].filter(Boolean).join(' ');
  return (
    <form class={classes} id={id} method="post" action={action} enctype={files ? 'multipart/form-data' : undefined} novalidate={noValidate}>
      <CsrfField ctx={ctx} />
      <ErrorSummary ctx={ctx} state={state} />
      {children}
    </form>
  );
}

/** A one-button POST form (revoke, approve, delete): no usa-form width limit, fields optional. */
export function ActionForm({ ctx, action, class: className, children }: { ctx: PageContext; action: string; class?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} class={className}>
      <CsrfField ctx={ctx} />
      {children}
    </form>
  );
}

export function SubmitButton({ children, secondary, name, value }: { children: ComponentChildren; secondary?: boolean; name?: string; value?: string }) {
  return (
    <button type="submit" class={`usa-button${secondary ? ' usa-button--outline' : ''}`} name={name} value={value}>
      {children}
    </button>
  );
}
