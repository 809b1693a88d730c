import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { findAgencyRef, type AgencyRef } from '../../queries.js';
import { agencyRefsByIds } from '../../../agencies/published.js';
import { type CatalogStats, monthlyGrowth } from '../stats.js';
import { opendataDb } from '../../tables.js';

const num = (v: unknown) => Number(v ?? 0);
const agencyNames = ({ code, nameZh, nameEn }: AgencyRef) => ({ code, nameZh, nameEn });

export const catalogStatsShow = defineAction({
  name: 'catalog_stats_show',
  description: 'Catalog statistics (published datasets), site-wide or for one agency.',
  input: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  /** The agency asked for (null: site-wide). */
  async load(ctx, input) {
    if (!input.agency) return null;
    const agency = await findAgencyRef(opendataDb(ctx.db), input.agency);
    if (!agency) throw new AppError('NOT_FOUND', 'opendata.organization_not_found');
    return agency;
  },
  async run(ctx, input, agency): Promise<CatalogStats> {
    const db = opendataDb(ctx.db);
    const published = db.selectFrom('od_datasets').where('od_datasets.status', '=', 'published');
    const scoped = agency ? published.where('od_datasets.agency_id', '=', agency.id) : published;

    const totals = await scoped
      .select((eb) => [eb.fn.countAll<number>().as('datasets'), eb.fn.sum<number>('od_datasets.views').as('views'), eb.fn.sum<number>('od_datasets.downloads').as('downloads')])
      .executeTakeFirstOrThrow();
    const resources = await scoped
      .innerJoin('od_resources', 'od_resources.dataset_id', 'od_datasets.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const byAgency = await scoped
      .select((eb) => ['od_datasets.agency_id', eb.fn.countAll<number>().as('n')])
      .groupBy('od_datasets.agency_id')
      .execute();

    const byCategory = await scoped
      .leftJoin('od_categories', 'od_categories.code', 'od_datasets.category')
      .select((eb) => ['od_datasets.category', 'od_categories.name_zh', 'od_categories.name_en', eb.fn.countAll<number>().as('n')])
      .groupBy(['od_datasets.category', 'od_categories.name_zh', 'od_categories.name_en'])
      .execute();

    const byFormat = await scoped
      .innerJoin('od_resources', 'od_resources.dataset_id', 'od_datasets.id')
      .where('od_resources.format', '!=', '')
      .select((eb) => ['od_resources.format', eb.fn.count<number>('od_resources.dataset_id').distinct().as('n')])
      .groupBy('od_resources.format')
      .execute();

    const issued = await scoped.select(['od_datasets.published_at', 'od_datasets.created_at']).execute();

    const top = await scoped
      .where('od_datasets.downloads', '>', 0)
      .select(['od_datasets.name', 'od_datasets.title', 'od_datasets.agency_id', 'od_datasets.downloads', 'od_datasets.views'])
      .orderBy('od_datasets.downloads', 'desc')
      .orderBy('od_datasets.name')
      .limit(input.top ?? 10)
      .execute();

    // Every dataset names an existing agency (a foreign key): one query for the names of both lists.
    const agencies = await agencyRefsByIds(ctx.db, [...byAgency, ...top].map((r) => r.agency_id));
    const byCount = <T extends { count: number }>(a: T & { code?: string; format?: string }, b: T & { code?: string; format?: string }) => b.count - a.count || String(a.code ?? a.format).localeCompare(String(b.code ?? b.format));
    return {
      agency: agency ?? null,
      totals: { datasets: num(totals.datasets), resources: num(resources.n), views: num(totals.views), downloads: num(totals.downloads) },
      byAgency: byAgency.map((r) => ({ ...agencyNames(agencies.get(r.agency_id)!), count: num(r.n) })).sort(byCount),
      byCategory: byCategory.map((r) => ({ code: r.category, nameZh: r.name_zh ?? r.category, nameEn: r.name_en ?? r.category, count: num(r.n) })).sort(byCount),
      byFormat: byFormat.map((r) => ({ format: r.format, count: num(r.n) })).sort(byCount),
      growth: monthlyGrowth(issued.map((r) => r.published_at ?? r.created_at)),
      topDownloads: top.map((r) => ({ name: r.name, title: r.title, agencyCode: agencies.get(r.agency_id)!.code, downloads: num(r.downloads), views: num(r.views) })),
    };
  },
});
