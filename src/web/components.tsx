// Form and page building blocks on USWDS classes. Field errors sit beside their field and are
// announced through aria-describedby; an error summary at the top links to each field.
import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime } from '../core/calendar.js';
import type { FieldError } from '../core/errors.js';
import { withQuery, type PageContext } from './context.js';

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldError[];
}

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: [] });

function errorFor(state: FormState | undefined, name: string): FieldError | undefined {
  return state?.errors.find((e) => e.field === name);
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

export function ErrorSummary({ ctx, state }: { ctx: PageContext; state?: FormState }) {
  if (!state || state.errors.length === 0) return null;
  return (
    <div class="usa-alert usa-alert--error" role="alert" tabIndex={-1} id="error-summary">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{ctx.t('form.error_summary', { count: state.errors.length })}</h2>
        <ul class="usa-list">
          {state.errors.map((e) => (
            <li>
              {e.field === '_' || e.field === 'unknown' ? (
                ctx.t(e.message, e.params)
              ) : (
                <a href={`#field-${e.field}`}>{ctx.t(e.message, e.params)}</a>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Label, optional hint and error message around one form control, wired with aria-describedby. */
function FieldFrame(props: { ctx: PageContext; id: string; label: string; required?: boolean; hint?: string; error?: FieldError; children: ComponentChildren }) {
  const { ctx, id, label, required, hint, error } = props;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={id}>
        {label}
        {!required && <span class="og-optional"> （{ctx.t('form.optional')}）</span>}
      </label>
      {hint && (
        <div class="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span class="usa-error-message" id={`${id}-error`} role="alert">
          {ctx.t(error.message, error.params)}
        </span>
      )}
      {props.children}
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: FieldError | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

interface FieldProps {
  ctx: PageContext;
  state?: FormState;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputMode?: string;
  maxLength?: number;
  value?: string;
  multiline?: boolean;
}

export function Field(props: FieldProps) {
  const { ctx, state, name, label, type = 'text', hint, required, autocomplete, multiline } = props;
  const error = errorFor(state, name);
  const id = `field-${name}`;
  const described = describedBy(id, hint, error);
  const raw = props.value ?? state?.values[name];
  const value = type === 'password' ? '' : raw === undefined || raw === null ? '' : String(raw);
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} hint={hint} error={error}>
      {multiline ? (
        <textarea class={`usa-textarea${error ? ' usa-input--error' : ''}`} id={id} name={name} required={required} aria-describedby={described} aria-invalid={error ? 'true' : undefined} maxLength={props.maxLength}>
          {value}
        </textarea>
      ) : (
        <input
          class={`usa-input${error ? ' usa-input--error' : ''}`}
          id={id}
          name={name}
          type={type}
          value={value}
          required={required}
          autoComplete={autocomplete}
          inputMode={props.inputMode as 'numeric' | undefined}
          maxLength={props.maxLength}
          aria-describedby={described}
          aria-invalid={error ? 'true' : undefined}
        />
      )}
    </FieldFrame>
  );
}

interface SelectProps {
  ctx: PageContext;
  state?: FormState;
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  emptyLabel?: string;
}

export function Select({ ctx, state, name, label, options, required, hint, emptyLabel }: SelectProps) {
  const error = errorFor(state, name);
  const id = `field-${name}`;
  const current = state?.values[name] === undefined || state?.values[name] === null ? '' : String(state.values[name]);
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} hint={hint} error={error}>
      <select class={`usa-select${error ? ' usa-input--error' : ''}`} id={id} name={name} required={required} aria-describedby={describedBy(id, hint, error)}>
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

export function SubmitButton({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={`usa-button${secondary ? ' usa-button--outline' : ''}`}>
      {children}
    </button>
  );
}

export function EmptyState({ ctx, message }: { ctx: PageContext; message?: string }) {
  return (
    <div class="usa-summary-box og-empty" role="status">
      <div class="usa-summary-box__body">
        <p class="usa-summary-box__text">{message ?? ctx.t('empty.default')}</p>
      </div>
    </div>
  );
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ComponentChildren;
}

export function DataTable<Row>({ caption, columns, rows }: { caption: string; columns: Column<Row>[]; rows: Row[] }) {
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={caption}>
      <table class="usa-table usa-table--striped usa-table--stacked-header">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th scope="row" data-label={c.header}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td data-label={c.header}>{c.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pagination({ ctx, page, pageSize, total }: { ctx: PageContext; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <>
      <p class="og-pagination-summary">{ctx.t('pagination.summary', { total, from, to })}</p>
      {pages > 1 && (
        <nav aria-label={ctx.t('pagination.label')} class="usa-pagination">
          <ul class="usa-pagination__list">
            {page > 1 && (
              <li class="usa-pagination__item usa-pagination__arrow">
                <a href={withQuery(ctx, { page: page - 1 })} class="usa-pagination__link usa-pagination__previous-page" rel="prev">
                  <span class="usa-pagination__link-text">{ctx.t('pagination.previous')}</span>
                </a>
              </li>
            )}
            {shown.map((p) => (
              <li class="usa-pagination__item usa-pagination__page-no">
                <a
                  href={withQuery(ctx, { page: p })}
                  class={`usa-pagination__button${p === page ? ' usa-current' : ''}`}
                  aria-label={ctx.t('pagination.page', { page: p })}
                  aria-current={p === page ? 'page' : undefined}
                >
                  {p}
                </a>
              </li>
            ))}
            {page < pages && (
              <li class="usa-pagination__item usa-pagination__arrow">
                <a href={withQuery(ctx, { page: page + 1 })} class="usa-pagination__link usa-pagination__next-page" rel="next">
                  <span class="usa-pagination__link-text">{ctx.t('pagination.next')}</span>
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}

/** A date with the ROC year beside the Gregorian one on zh-TW pages. */
export function DateText({ ctx, value, withTime }: { ctx: PageContext; value: string | Date | null | undefined; withTime?: boolean }) {
  if (!value) return <span>—</span>;
  const date = typeof value === 'string' && value.length > 10 ? new Date(value) : value;
  const iso = date instanceof Date ? date.toISOString() : date;
  const text = withTime && date instanceof Date ? formatDateTime(date, ctx.locale) : formatDate(date, ctx.locale);
  return <time dateTime={iso}>{text}</time>;
}
