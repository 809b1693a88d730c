// Filters for a list or table: a GET form that works without JavaScript, keeps the query parameters
// it does not own, starts again at page 1, and offers a link that clears its own parameters.
import type { ComponentChildren } from 'preact';
import { withQuery, type PageContext } from '../context.js';
import { HiddenFields } from './form.js';
import { PaginatedList } from './lists.js';
import { DataTable, type Column } from './tables.js';

export interface FilterFormProps {
  ctx: PageContext;
  /** The query parameters the controls set; everything else in the query string is kept. */
  names: readonly string[];
  /** Accessible name of the search landmark. */
  label: string;
  action?: string;
  id?: string;
  applyLabel?: string;
  class?: string;
  children: ComponentChildren;
}

/** The query parameters of the current URL the filter does not own (the page number is dropped). */
function keptParameters(ctx: PageContext, names: readonly string[]): Record<string, string[]> {
  const kept: Record<string, string[]> = {};
  for (const [key, value] of ctx.query) {
    if (key === 'page' || names.includes(key)) continue;
    (kept[key] ??= []).push(value);
  }
  return kept;
}

export function FilterForm({ ctx, names, label, action, id, applyLabel, children, ...rest }: FilterFormProps) {
  const active = names.some((n) => ctx.query.getAll(n).some((v) => v !== ''));
  const clear = withQuery(ctx, Object.fromEntries([...names, 'page'].map((n) => [n, null])));
  return (
    <form class={`usa-form usa-form--large og-filter${rest.class ? ` ${rest.class}` : ''}`} id={id} method="get" action={action ?? ctx.path} role="search" aria-label={label}>
      <HiddenFields values={keptParameters(ctx, names)} />
      {children}
      <div class="og-filter__actions">
        <button class="usa-button" type="submit">
          {applyLabel ?? ctx.t('filter.apply')}
        </button>
        {active && (
          <a class="usa-link" href={clear}>
            {ctx.t('filter.clear')}
          </a>
        )}
      </div>
    </form>
  );
}

interface FilteredTableProps<Row> {
  ctx: PageContext;
  filter: Omit<FilterFormProps, 'ctx' | 'children'>;
  /** The filter's labelled controls. */
  controls: ComponentChildren;
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  total: number;
  page?: number;
  pageSize?: number;
  emptyMessage?: string;
  countText?: string;
}

/** A filter form above a table of its results, with the result count, page links and empty state. */
export function FilteredTable<Row>({ ctx, filter, controls, caption, columns, rows, total, page, pageSize, emptyMessage, countText }: FilteredTableProps<Row>) {
  return (
    <>
      <FilterForm ctx={ctx} {...filter}>
        {controls}
      </FilterForm>
      <PaginatedList ctx={ctx} total={total} page={page} pageSize={pageSize} emptyMessage={emptyMessage} countText={countText}>
        <DataTable caption={caption} columns={columns} rows={rows} />
      </PaginatedList>
    </>
  );
}
