// Lists of results: the count (announced), the empty state, the page links, and all three around a
// list page's items.
import type { ComponentChildren } from 'preact';
import { withQuery, type PageContext } from '../context.js';

export function EmptyState({ ctx, message }: { ctx: PageContext; message?: string }) {
  return (
    <div class="usa-summary-box og-empty" role="status">
      <div class="usa-summary-box__body">
        <p class="usa-summary-box__text">{message ?? ctx.t('empty.default')}</p>
      </div>
    </div>
  );
}

interface PageWindow {
  page: number;
  pageSize: number;
  total: number;
}

/** "12 in all, showing 1–10" (or "12 in all" for an unpaged list), in a polite live region. */
export function ResultCount({ ctx, total, page, pageSize, text: given }: { ctx: PageContext; total: number; page?: number; pageSize?: number; text?: string }) {
  const text =
    given ??
    (page !== undefined && pageSize !== undefined && total > 0
      ? ctx.t('pagination.summary', { total, from: (page - 1) * pageSize + 1, to: Math.min(total, page * pageSize) })
      : ctx.t('list.count', { count: total }));
  return (
    <p class="og-result-count" role="status">
      {text}
    </p>
  );
}

/** Page links that keep the rest of the query string. `summary` adds the result count above them. */
export function Pagination({ ctx, page, pageSize, total, summary = true }: { ctx: PageContext; summary?: boolean } & PageWindow) {
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <>
      {summary && <ResultCount ctx={ctx} total={total} page={page} pageSize={pageSize} />}
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
                <a href={withQuery(ctx, { page: p })} class={`usa-pagination__button${p === page ? ' usa-current' : ''}`} aria-label={ctx.t('pagination.page', { page: p })} aria-current={p === page ? 'page' : undefined}>
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

interface PaginatedListProps {
  ctx: PageContext;
  total: number;
  /** Without page and pageSize the list is shown whole, with its count. */
  page?: number;
  pageSize?: number;
  emptyMessage?: string;
  /** The page's own wording of the count ("3 agencies found"). */
  countText?: string;
  children: ComponentChildren;
}

/** A list page's results: the count, the items (children), the page links; the empty state when there are none. */
export function PaginatedList({ ctx, total, page, pageSize, emptyMessage, countText, children }: PaginatedListProps) {
  if (total === 0) return <EmptyState ctx={ctx} message={emptyMessage} />;
  return (
    <div class="og-results">
      <ResultCount ctx={ctx} total={total} page={page} pageSize={pageSize} text={countText} />
      {children}
      {page !== undefined && pageSize !== undefined && <Pagination ctx={ctx} page={page} pageSize={pageSize} total={total} summary={false} />}
    </div>
  );
}
