// Statistics pages: /datasets/stats (site-wide) and /datasets/stats?agency=CODE, with server-rendered
// SVG bar charts, each followed by a table of the same figures (the text alternative), and the
// figures as open data at /datasets/stats.csv and /datasets/stats.json (same ?agency=).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { EmptyState, FilterForm } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { agencyList } from '../../../agencies/manifest.js';
import { catalogStatsShow } from '../actions/catalog_stats_show.js';
import { statsCsv, type CatalogStats } from '../stats.js';
import { datasetHref } from '../../http/shared.js';

interface Bar {
  label: string;
  value: number;
}

const BAR_H = 24;
const GAP = 6;
const LABEL_W = 220;
const CHART_W = 720;

const clip = (s: string, max = 16) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A horizontal bar chart; the table after it carries the same figures for assistive technology. */
function BarChart({ ctx, id, title, bars }: { ctx: PageContext; id: string; title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = CHART_W - LABEL_W - 70;
  const height = bars.length * (BAR_H + GAP) + GAP;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${CHART_W} ${height}`} width="100%" role="img" aria-labelledby={`${id}-svg-title`} class="og-chart">
      <title id={`${id}-svg-title`}>{ctx.t('opendata.stats.chart_label', { title })}</title>
      {bars.map((b, i) => {
        const y = GAP + i * (BAR_H + GAP);
        const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plot));
        return (
          <g>
            <text x={LABEL_W - 8} y={y + BAR_H / 2} dominant-baseline="middle" text-anchor="end" font-size="14" fill="#1b1b1b">
              {clip(b.label)}
            </text>
            <rect x={LABEL_W} y={y} width={w} height={BAR_H} fill="#005ea2" />
            <text x={LABEL_W + w + 6} y={y + BAR_H / 2} dominant-baseline="middle" font-size="14" fill="#1b1b1b">
              {b.value.toLocaleString('en')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function CountTable({ ctx, caption, rows, labelHeader }: { ctx: PageContext; caption: string; rows: Array<{ label: preact.ComponentChildren; cells: Array<string | number> }>; labelHeader: string; }) {
  return (
    <table class="usa-table usa-table--borderless usa-table--compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col" class="text-right">
            {ctx.t('opendata.stats.col.count')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            {r.cells.map((c) => (
              <td class="text-right">{typeof c === 'number' ? c.toLocaleString('en') : c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartSection({ ctx, id, title, bars, children }: { ctx: PageContext; id: string; title: string; bars: Bar[]; children: preact.ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-heading`} class="margin-top-5">
      <h2 id={`${id}-heading`}>{title}</h2>
      {bars.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('opendata.stats.none')} />
      ) : (
        <>
          <div class="maxw-tablet-lg">
            <BarChart ctx={ctx} id={id} title={title} bars={bars} />
          </div>
          {children}
        </>
      )}
    </section>
  );
}

function StatsPage({ ctx, s, agencies }: { ctx: PageContext; s: CatalogStats; agencies: PickerAgency[] }) {
  const zh = ctx.locale !== 'en';
  const name = (x: { nameZh: string; nameEn: string }) => (zh ? x.nameZh : x.nameEn);
  const title = s.agency ? ctx.t('opendata.stats.title_agency', { agency: name(s.agency) }) : ctx.t('opendata.stats.title');
  const query = s.agency ? `?agency=${encodeURIComponent(s.agency.code)}` : '';
  const recent = s.growth.slice(-24);
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav'), href: '/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.stats.intro')}</p>
      <FilterForm ctx={ctx} names={['agency']} label={ctx.t('opendata.stats.agency_filter')} applyLabel={ctx.t('opendata.stats.show')}>
        <AgencyPicker ctx={ctx} name="agency" id="stats-agency" label={ctx.t('opendata.stats.agency_filter')} agencies={agencies} value={s.agency?.code ?? ''} emptyLabel={ctx.t('opendata.stats.all_agencies')} filter />
      </FilterForm>
      <ul class="usa-list margin-top-2">
        <li>
          <a href={`/datasets/stats.csv${query}`}>{ctx.t('opendata.stats.download_csv')}</a>
        </li>
        <li>
          <a href={`/datasets/stats.json${query}`}>{ctx.t('opendata.stats.download_json')}</a>
        </li>
      </ul>

      <section aria-labelledby="totals-heading" class="margin-top-4">
        <h2 id="totals-heading">{ctx.t('opendata.stats.totals')}</h2>
        <dl class="og-stats-totals">
          {(['datasets', 'resources', 'views', 'downloads'] as const).map((k) => (
            <div>
              <dt>{ctx.t(`opendata.stats.${k}`)}</dt>
              <dd class="font-heading-xl margin-left-0" data-stat={k}>
                {s.totals[k].toLocaleString('en')}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {!s.agency && (
        <ChartSection ctx={ctx} id="by-agency" title={ctx.t('opendata.stats.by_agency')} bars={s.byAgency.map((a) => ({ label: name(a), value: a.count }))}>
          <CountTable
            ctx={ctx}
            caption={ctx.t('opendata.stats.by_agency')}
            labelHeader={ctx.t('opendata.stats.agency_filter')}
            rows={s.byAgency.map((a) => ({ label: <a href={`/datasets/stats?agency=${encodeURIComponent(a.code)}`}>{name(a)}</a>, cells: [a.count] }))}
          />
        </ChartSection>
      )}
      <ChartSection ctx={ctx} id="by-category" title={ctx.t('opendata.stats.by_category')} bars={s.byCategory.map((c) => ({ label: name(c), value: c.count }))}>
        <CountTable ctx={ctx} caption={ctx.t('opendata.stats.by_category')} labelHeader={ctx.t('opendata.stats.col.label')} rows={s.byCategory.map((c) => ({ label: name(c), cells: [c.count] }))} />
      </ChartSection>
      <ChartSection ctx={ctx} id="by-format" title={ctx.t('opendata.stats.by_format')} bars={s.byFormat.map((f) => ({ label: f.format, value: f.count }))}>
        <CountTable ctx={ctx} caption={ctx.t('opendata.stats.by_format')} labelHeader={ctx.t('opendata.stats.col.label')} rows={s.byFormat.map((f) => ({ label: f.format, cells: [f.count] }))} />
      </ChartSection>
      <ChartSection ctx={ctx} id="growth" title={ctx.t('opendata.stats.growth')} bars={recent.map((g) => ({ label: g.month, value: g.total }))}>
        <table class="usa-table usa-table--borderless usa-table--compact">
          <caption>{ctx.t('opendata.stats.growth')}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('opendata.stats.col.month')}</th>
              <th scope="col" class="text-right">
                {ctx.t('opendata.stats.col.added')}
              </th>
              <th scope="col" class="text-right">
                {ctx.t('opendata.stats.col.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.growth.map((g) => (
              <tr>
                <th scope="row">{g.month}</th>
                <td class="text-right">{g.added.toLocaleString('en')}</td>
                <td class="text-right">{g.total.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartSection>
      <ChartSection ctx={ctx} id="top-downloads" title={ctx.t('opendata.stats.top_downloads')} bars={s.topDownloads.map((d) => ({ label: d.title, value: d.downloads }))}>
        <CountTable
          ctx={ctx}
          caption={ctx.t('opendata.stats.top_downloads')}
          labelHeader={ctx.t('opendata.stats.col.dataset')}
          rows={s.topDownloads.map((d) => ({ label: <a href={datasetHref(d)}>{d.title}</a>, cells: [d.downloads] }))}
        />
      </ChartSection>
    </Layout>
  );
}

const StatsQuery = Type.Object({ agency: Type.Optional(Type.String({ maxLength: 100 })) });
type StatsQuery = { agency?: string };

const statsFor = (deps: AppDeps, request: FastifyRequest<{ Querystring: StatsQuery }>) => runAction(deps, request, catalogStatsShow, request.query.agency ? { agency: request.query.agency } : {});

export async function statsPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: StatsQuery }>('/datasets/stats', { schema: { querystring: StatsQuery } }, async (request, reply) => {
    const s = await statsFor(deps, request);
    const ctx = pageContext(request, reply);
    const agencies = await runAction(deps, request, agencyList, {});
    return sendPage(reply, <StatsPage ctx={ctx} s={s} agencies={agencies} />);
  });
  app.get<{ Querystring: StatsQuery }>('/datasets/stats.json', { schema: { querystring: StatsQuery } }, async (request, reply) => {
    const s = await statsFor(deps, request);
    return reply.header('access-control-allow-origin', '*').type('application/json; charset=utf-8').send(JSON.stringify(s));
  });
  app.get<{ Querystring: StatsQuery }>('/datasets/stats.csv', { schema: { querystring: StatsQuery } }, async (request, reply) => {
    const s = await statsFor(deps, request);
    const file = s.agency ? `opendata-stats-${s.agency.code}.csv` : 'opendata-stats.csv';
    return reply.header('access-control-allow-origin', '*').header('content-disposition', `attachment; filename="${file}"`).type('text/csv; charset=utf-8').send(statsCsv(s));
  });
}
