// The public agency directory: the whole tree, a name filter, and one page per agency.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { EmptyState, Field, FilterForm, PaginatedList, Select, emptyForm } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { Layout, type Crumb } from '../../../web/layout.js';
import { agencyList, agencyShow } from '../actions/agencies.js';
import type { Agency } from '../schemas.js';
import { buildDirectory, byCreation, type AgencyNode } from './tree.js';

type Kind = Agency['kind'];

export const agencyName = (ctx: PageContext, a: Pick<Agency, 'nameZh' | 'nameEn'>) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);
export const agencyHref = (a: Pick<Agency, 'code'>) => `/agencies/${encodeURIComponent(a.code)}`;

/** Only http(s) addresses become links: a stored "javascript:" URL must never reach an href. */
export function safeWebsite(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function Tree({ ctx, nodes }: { ctx: PageContext; nodes: AgencyNode[] }) {
  return (
    <ul class="usa-list">
      {nodes.map((node) => (
        <li>
          <a href={agencyHref(node.agency)}>{agencyName(ctx, node.agency)}</a>
          {node.children.length > 0 && <Tree ctx={ctx} nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}

function DirectoryFilter({ ctx, q, kind }: { ctx: PageContext; q: string; kind: Kind | undefined }) {
  const state = emptyForm({ q, kind });
  return (
    <FilterForm ctx={ctx} names={['q', 'kind']} label={ctx.t('agencies.filter_label')} applyLabel={ctx.t('agencies.filter_button')} class="margin-bottom-4">
      <Field ctx={ctx} state={state} name="q" id="agency-filter-q" type="search" label={ctx.t('agencies.filter_label')} maxLength={200} markOptional={false} />
      <Select ctx={ctx} state={state} name="kind" id="agency-filter-kind" label={ctx.t('agencies.kind_label')} options={(['central', 'local'] as const).map((k) => ({ value: k, label: ctx.t(`agencies.kind.${k}`) }))} emptyLabel={ctx.t('agencies.kind_all')} markOptional={false} />
    </FilterForm>
  );
}

interface DirectoryProps {
  ctx: PageContext;
  all: Agency[];
  q: string;
  kind: Kind | undefined;
  results: Agency[] | null;
}

function DirectoryPage({ ctx, all, q, kind, results }: DirectoryProps) {
  const byId = new Map(all.map((a) => [a.id, a]));
  const directory = buildDirectory(kind ? all.filter((a) => a.kind === kind) : all);
  return (
    <Layout ctx={ctx} title={ctx.t('agencies.directory')} breadcrumbs={[{ label: ctx.t('agencies.directory') }]}>
      <h1>{ctx.t('agencies.directory')}</h1>
      <p class="usa-intro">{ctx.t('agencies.directory_intro')}</p>
      <DirectoryFilter ctx={ctx} q={q} kind={kind} />
      {results ? (
        <section aria-labelledby="agency-results">
          <h2 id="agency-results">{ctx.t('agencies.results_heading')}</h2>
          <PaginatedList ctx={ctx} total={results.length} countText={ctx.t('agencies.results_count', { count: results.length })} emptyMessage={ctx.t('agencies.no_results')}>
            <ul class="usa-list">
              {results.map((a) => {
                const parent = a.parentId ? byId.get(a.parentId) : undefined;
                return (
                  <li>
                    <a href={agencyHref(a)}>{agencyName(ctx, a)}</a>
                    {parent && <span class="text-base-dark"> — {ctx.t('agencies.under', { parent: agencyName(ctx, parent) })}</span>}
                  </li>
                );
              })}
            </ul>
          </PaginatedList>
          <p>
            <a href="/agencies">{ctx.t('agencies.show_all')}</a>
          </p>
        </section>
      ) : (
        <>
          {directory.central.length > 0 && (
            <section aria-labelledby="agencies-central">
              <h2 id="agencies-central">{ctx.t('agencies.central')}</h2>
              <Tree ctx={ctx} nodes={directory.central} />
            </section>
          )}
          {directory.local.length > 0 && (
            <section aria-labelledby="agencies-local">
              <h2 id="agencies-local">{ctx.t('agencies.local')}</h2>
              {directory.local.map(({ group, nodes }) => (
                <>
                  <h3 id={`agencies-local-${group}`}>{ctx.t(`agencies.group.${group}`)}</h3>
                  <Tree ctx={ctx} nodes={nodes} />
                </>
              ))}
            </section>
          )}
          {all.length === 0 && <EmptyState ctx={ctx} />}
        </>
      )}
    </Layout>
  );
}

interface AgencyPageProps {
  ctx: PageContext;
  agency: Agency;
  ancestors: Agency[];
  subAgencies: Agency[];
  staffCount: number;
}

function AgencyPage({ ctx, agency, ancestors, subAgencies, staffCount }: AgencyPageProps) {
  const crumbs: Crumb[] = [
    { href: '/agencies', label: ctx.t('agencies.directory') },
    ...ancestors.map((a) => ({ href: agencyHref(a), label: agencyName(ctx, a) })),
    { label: agencyName(ctx, agency) },
  ];
  const parent = ancestors[ancestors.length - 1];
  const website = safeWebsite(agency.website);
  const otherName = ctx.locale === 'en' ? agency.nameZh : agency.nameEn;
  return (
    <Layout ctx={ctx} title={agencyName(ctx, agency)} breadcrumbs={crumbs}>
      <h1>{agencyName(ctx, agency)}</h1>
      <p class="usa-intro" lang={ctx.locale === 'en' ? 'zh-Hant-TW' : 'en'}>
        {otherName}
      </p>
      <section aria-labelledby="agency-details">
        <h2 id="agency-details">{ctx.t('agencies.details')}</h2>
        <dl>
          <dt>{ctx.t('agencies.name_zh')}</dt>
          <dd lang="zh-Hant-TW">{agency.nameZh}</dd>
          <dt>{ctx.t('agencies.name_en')}</dt>
          <dd lang="en">{agency.nameEn}</dd>
          <dt>{ctx.t('agencies.code')}</dt>
          <dd>
            <code>{agency.code}</code>
          </dd>
          <dt>{ctx.t('agencies.kind')}</dt>
          <dd>{ctx.t(`agencies.kind.${agency.kind}`)}</dd>
          <dt>{ctx.t('agencies.parent')}</dt>
          <dd>{parent ? <a href={agencyHref(parent)}>{agencyName(ctx, parent)}</a> : ctx.t('agencies.top_level')}</dd>
          <dt>{ctx.t('agencies.staff_count')}</dt>
          <dd>{ctx.t('agencies.staff_count_value', { count: staffCount })}</dd>
          <dt>{ctx.t('agencies.website')}</dt>
          <dd>
            {website ? (
              <a class="usa-link usa-link--external" href={website} rel="noopener noreferrer">
                {website}
              </a>
            ) : (
              (agency.website ?? ctx.t('agencies.no_website'))
            )}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="agency-children">
        <h2 id="agency-children">
          {ctx.t('agencies.sub_agencies')} ({subAgencies.length})
        </h2>
        {subAgencies.length === 0 ? (
          <p>{ctx.t('agencies.no_sub_agencies')}</p>
        ) : (
          <ul class="usa-list">
            {subAgencies.map((c) => (
              <li>
                <a href={agencyHref(c)}>{agencyName(ctx, c)}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ul class="usa-list usa-list--unstyled margin-top-4">
        {ctx.actor?.role === 'platform_admin' && (
          <li>
            <a class="usa-button usa-button--outline" href={`/admin/agencies/${encodeURIComponent(agency.code)}/edit`}>
              {ctx.t('agencies.edit')}
            </a>
          </li>
        )}
        <li>
          <a href={`/api/v1/agencies/${encodeURIComponent(agency.code)}`} type="application/json">
            {ctx.t('agencies.as_json')}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

const queryString = (value: unknown, max: number): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

export async function agencyPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/agencies', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = queryString(query.q, 200);
    const rawKind = queryString(query.kind, 10);
    const kind: Kind | undefined = rawKind === 'central' || rawKind === 'local' ? rawKind : undefined;
    const all = await runAction(deps, request, agencyList, {});
    const results = q ? await runAction(deps, request, agencyList, { q, ...(kind && { kind }) }) : null;
    return sendPage(reply, <DirectoryPage ctx={pageContext(request, reply)} all={all} q={q} kind={kind} results={results} />);
  });

  app.get<{ Params: { code: string } }>('/agencies/:code', async (request, reply) => {
    const { agency, ancestors, children, staffCount } = await runAction(deps, request, agencyShow, { code: request.params.code });
    return sendPage(reply, <AgencyPage ctx={pageContext(request, reply)} agency={agency} ancestors={ancestors} subAgencies={[...children].sort(byCreation)} staffCount={staffCount} />);
  });
}
