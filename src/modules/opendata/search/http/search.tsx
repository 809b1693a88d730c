// The dataset search page: full-text query, facets, sorting and paging, all in the URL so every
// search state can be shared. Works without JavaScript.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { HiddenFields, PaginatedList, Select } from '../../../../web/components.js';
import { withQuery, type PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { packageSearch, type FacetItem } from '../actions/package_search.js';
import type { Dataset } from '../../queries.js';
import { facetFieldNames, type FacetField } from '../search.js';
import { agencyLabel, datasetHref, QualityBadge } from '../../http/shared.js';
import { AppError } from '../../../../core/errors.js';

const PAGE_SIZE = 20;
const sorts = {
  relevance: 'score desc, metadata_modified desc',
  modified: 'metadata_modified desc',
  downloads: 'downloads desc',
  name: 'title_string asc',
} as const;
type SortName = keyof typeof sorts;

export interface SearchState {
  q: string;
  filters: Partial<Record<FacetField, string[]>>;
  sort: SortName;
  page: number;
}

const one = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim().slice(0, max) : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200).slice(0, 20);

export function readSearchState(query: Record<string, unknown>): SearchState {
  const filters: SearchState['filters'] = {};
  for (const f of facetFieldNames) {
    const values = many(query[f]);
    if (values.length > 0) filters[f] = values;
  }
  const sort = one(query.sort) as SortName;
  const page = Number(one(query.page));
  return { q: one(query.q, 500), filters, sort: sort in sorts ? sort : 'relevance', page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1 };
}

const quote = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** Filters as an fq string: values of one facet are ORed, facets are ANDed. */
export function filtersToFq(filters: SearchState['filters']): string {
  return Object.entries(filters)
    .map(([field, values]) => `${field}:(${values!.map(quote).join(' OR ')})`)
    .join(' AND ');
}

function toggleHref(ctx: PageContext, field: string, value: string, active: boolean): string {
  const q = new URLSearchParams(ctx.query);
  const values = q.getAll(field).filter((v) => v !== value);
  q.delete(field);
  for (const v of values) q.append(field, v);
  if (!active) q.append(field, value);
  q.delete('page');
  const s = q.toString();
  return s ? `${ctx.path}?${s}` : ctx.path;
}

function Facet({ ctx, field, items, state }: { ctx: PageContext; field: FacetField; items: FacetItem[]; state: SearchState }) {
  if (items.length === 0) return null;
  const selected = state.filters[field] ?? [];
  return (
    <section class="margin-bottom-3" aria-labelledby={`facet-${field}`}>
      <h3 id={`facet-${field}`} class="margin-bottom-1 font-sans-sm">
        {ctx.t(`opendata.facet.${field}`)}
      </h3>
      <ul class="usa-list usa-list--unstyled">
        {items.slice(0, 12).map((item) => {
          const active = selected.includes(item.name);
          return (
            <li>
              <a href={toggleHref(ctx, field, item.name, active)} aria-current={active ? 'true' : undefined} class={active ? 'text-bold' : undefined}>
                {active ? `✓ ${item.display_name}` : item.display_name}
              </a>{' '}
              <span class="text-base-dark">({item.count})</span>
              {active && <span class="usa-sr-only"> {ctx.t('opendata.search.selected')}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Result({ ctx, d }: { ctx: PageContext; d: Dataset }) {
  return (
    <li class="usa-collection__item">
      <div class="usa-collection__body">
        <h3 class="usa-collection__heading">
          <a class="usa-link" href={datasetHref(d)} lang={d.language === 'en' ? 'en' : undefined}>
            {d.title}
          </a>
        </h3>
        <p class="usa-collection__description" lang={d.language === 'en' ? 'en' : undefined}>
          {d.notes.length > 160 ? `${d.notes.slice(0, 160)}…` : d.notes}
        </p>
        <ul class="usa-collection__meta" aria-label={ctx.t('opendata.search.result_meta')}>
          <li class="usa-collection__meta-item">{agencyLabel(ctx, d.agency)}</li>
          <li class="usa-collection__meta-item">{ctx.t('opendata.search.modified_on', { date: d.modified_at.slice(0, 10) })}</li>
          {d.formats.map((f) => (
            <li class="usa-collection__meta-item usa-tag">{f}</li>
          ))}
          <li class="usa-collection__meta-item">
            <QualityBadge ctx={ctx} mark={d.quality_mark} />
          </li>
        </ul>
      </div>
    </li>
  );
}

interface PageProps {
  ctx: PageContext;
  state: SearchState;
  count: number;
  results: Dataset[];
  facets: Record<string, FacetItem[]>;
  error: string | null;
}

function SearchPage({ ctx, state, count, results, facets, error }: PageProps) {
  const title = ctx.t('opendata.search.title');
  const active = Object.entries(state.filters).flatMap(([field, values]) => values!.map((v) => ({ field, value: v, label: facets[field]?.find((i) => i.name === v)?.display_name ?? v })));
  return (
    <Layout ctx={ctx} title={state.q ? ctx.t('opendata.search.results_for', { q: state.q }) : title} breadcrumbs={[{ label: title }]} wide>
      <h1>{title}</h1>
      <form class="usa-search usa-search--big margin-bottom-2" role="search" method="get" action="/datasets">
        <label class="usa-sr-only" for="dataset-q">
          {ctx.t('opendata.search.label')}
        </label>
        <input class="usa-input" id="dataset-q" type="search" name="q" value={state.q} maxLength={500} />
        <HiddenFields values={{ ...state.filters, sort: state.sort !== 'relevance' ? state.sort : undefined }} />
        <button class="usa-button" type="submit">
          <span class="usa-search__submit-text">{ctx.t('layout.search_button')}</span>
        </button>
      </form>
      <nav aria-label={ctx.t('opendata.search.more_label')} class="margin-bottom-2">
        <ul class="og-inline-links">
          <li>
            <a href="/datasets/stats">{ctx.t('opendata.search.link_stats')}</a>
          </li>
          <li>
            <a href="/developers/ckan">{ctx.t('opendata.search.link_api')}</a>
          </li>
          <li>
            <a href="/catalog/export.csv">{ctx.t('opendata.search.link_export_csv')}</a>
          </li>
          <li>
            <a href="/catalog/export.json">{ctx.t('opendata.search.link_export_json')}</a>
          </li>
          <li>
            <a href="/data-requests">{ctx.t('opendata.search.link_requests')}</a>
          </li>
          <li>
            <a href="/catalog.ttl">{ctx.t('opendata.search.link_dcat')}</a>
          </li>
        </ul>
      </nav>
      {error && (
        <div class="usa-alert usa-alert--error usa-alert--slim" role="alert">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{error}</p>
          </div>
        </div>
      )}
      <div class="grid-row grid-gap">
        <aside class="tablet:grid-col-4 desktop:grid-col-3" aria-labelledby="facets-heading">
          <h2 id="facets-heading" class="font-sans-md">
            {ctx.t('opendata.search.refine')}
          </h2>
          {facetFieldNames.map((f) => (
            <Facet ctx={ctx} field={f} items={facets[f] ?? []} state={state} />
          ))}
        </aside>
        <section class="tablet:grid-col-8 desktop:grid-col-9" aria-labelledby="results-heading">
          <h2 id="results-heading" class="font-sans-md">
            {ctx.t('opendata.search.count', { count })}
          </h2>
          {active.length > 0 && (
            <p>
              {ctx.t('opendata.search.filters')}：{' '}
              {active.map((a) => (
                <a class="usa-tag margin-right-1" href={toggleHref(ctx, a.field, a.value, true)} aria-label={ctx.t('opendata.search.remove_filter', { filter: a.label })}>
                  {a.label} ✕
                </a>
              ))}
              <a href={state.q ? `/datasets?q=${encodeURIComponent(state.q)}` : '/datasets'}>{ctx.t('opendata.search.clear')}</a>
            </p>
          )}
          <form method="get" action="/datasets" class="usa-form margin-bottom-2">
            <HiddenFields values={{ q: state.q, ...state.filters }} />
            <Select ctx={ctx} name="sort" id="dataset-sort" value={state.sort} label={ctx.t('opendata.search.sort')} options={(Object.keys(sorts) as SortName[]).map((s) => ({ value: s, label: ctx.t(`opendata.search.sort.${s}`) }))} markOptional={false} />
            <button class="usa-button usa-button--outline margin-top-1" type="submit">
              {ctx.t('opendata.search.apply_sort')}
            </button>
          </form>
          <PaginatedList ctx={ctx} page={state.page} pageSize={PAGE_SIZE} total={Math.min(count, PAGE_SIZE * 10_000)} emptyMessage={ctx.t('opendata.search.no_results')}>
            <ul class="usa-collection">
              {results.map((d) => (
                <Result ctx={ctx} d={d} />
              ))}
            </ul>
          </PaginatedList>
          <p class="margin-top-3">
            <a href={`/api/3/action/package_search?${new URLSearchParams({ q: state.q, fq: filtersToFq(state.filters), rows: String(PAGE_SIZE), start: String((state.page - 1) * PAGE_SIZE) }).toString()}`}>{ctx.t('opendata.search.as_api')}</a>
            {' · '}
            <a href={withQuery(ctx, { page: null })}>{ctx.t('opendata.search.share')}</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

export async function searchPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/datasets', async (request, reply) => {
    const state = readSearchState(request.query as Record<string, unknown>);
    const ctx = pageContext(request, reply);
    const input = {
      q: state.q || undefined,
      fq: filtersToFq(state.filters) || undefined,
      sort: state.q || state.sort !== 'relevance' ? sorts[state.sort] : 'metadata_modified desc',
      rows: PAGE_SIZE,
      start: (state.page - 1) * PAGE_SIZE,
      'facet.field': [...facetFieldNames],
      'facet.limit': 30,
    };
    try {
      const result = await runAction(deps, request, packageSearch, input);
      return sendPage(reply, <SearchPage ctx={ctx} state={state} count={result.count} results={result.results} facets={result.facets} error={null} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'INVALID') throw error;
      const message = error.fields.map((f) => ctx.t(f.message, f.params)).join(' ') || ctx.t(error.message);
      return sendPage(reply, <SearchPage ctx={ctx} state={state} count={0} results={[]} facets={{}} error={message} />, 400);
    }
  });
}
