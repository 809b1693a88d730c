// Catalog statistics, site-wide or for one agency: datasets per agency, per category and per format,
// growth by month (Asia/Taipei), and the most downloaded datasets (from the usage counts the
// catalog records). Only published datasets count. Also written as open data (CSV, JSON).
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { anyone, defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { findAgencyRef, type AgencyRef } from '../queries.js';

export interface LabelledCount {
  code: string;
  nameZh: string;
  nameEn: string;
  count: number;
}

export interface CatalogStats {
  agency: AgencyRef | null;
  totals: { datasets: number; resources: number; views: number; downloads: number };
  byAgency: LabelledCount[];
  byCategory: LabelledCount[];
  byFormat: Array<{ format: string; count: number }>;
  growth: Array<{ month: string; added: number; total: number }>;
  topDownloads: Array<{ name: string; title: string; agencyCode: string; downloads: number; views: number }>;
}

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;
const num = (v: unknown) => Number(v ?? 0);

/** Months from first to last, none skipped, so the growth line has no gaps. */
export function monthlyGrowth(timestamps: string[]): CatalogStats['growth'] {
  const counts = new Map<string, number>();
  for (const ts of timestamps) {
    const t = Date.parse(ts);
    if (Number.isNaN(t)) continue;
    const month = new Date(t + TAIPEI_OFFSET_MS).toISOString().slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  const months = [...counts.keys()].sort();
  if (months.length === 0) return [];
  const out: CatalogStats['growth'] = [];
  let [y, m] = months[0]!.split('-').map(Number) as [number, number];
  const last = months[months.length - 1]!;
  let total = 0;
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const added = counts.get(month) ?? 0;
    total += added;
    out.push({ month, added, total });
    if (month >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export const catalogStatsShow = defineAction({
  name: 'catalog_stats_show',
  description: 'Catalog statistics (published datasets), site-wide or for one agency.',
  input: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input): Promise<CatalogStats> {
    const db = ctx.db;
    const agency = input.agency ? await findAgencyRef(db, input.agency) : null;
    if (input.agency && !agency) throw new AppError('NOT_FOUND', 'opendata.organization_not_found');
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
      .innerJoin('agencies', 'agencies.id', 'od_datasets.agency_id')
      .select((eb) => ['agencies.code', 'agencies.name_zh', 'agencies.name_en', eb.fn.countAll<number>().as('n')])
      .groupBy(['agencies.code', 'agencies.name_zh', 'agencies.name_en'])
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
      .innerJoin('agencies', 'agencies.id', 'od_datasets.agency_id')
      .where('od_datasets.downloads', '>', 0)
      .select(['od_datasets.name', 'od_datasets.title', 'agencies.code', 'od_datasets.downloads', 'od_datasets.views'])
      .orderBy('od_datasets.downloads', 'desc')
      .orderBy('od_datasets.name')
      .limit(input.top ?? 10)
      .execute();

    const byCount = <T extends { count: number }>(a: T & { code?: string; format?: string }, b: T & { code?: string; format?: string }) => b.count - a.count || String(a.code ?? a.format).localeCompare(String(b.code ?? b.format));
    return {
      agency: agency ?? null,
      totals: { datasets: num(totals.datasets), resources: num(resources.n), views: num(totals.views), downloads: num(totals.downloads) },
      byAgency: byAgency.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, count: num(r.n) })).sort(byCount),
      byCategory: byCategory.map((r) => ({ code: r.category, nameZh: r.name_zh ?? r.category, nameEn: r.name_en ?? r.category, count: num(r.n) })).sort(byCount),
      byFormat: byFormat.map((r) => ({ format: r.format, count: num(r.n) })).sort(byCount),
      growth: monthlyGrowth(issued.map((r) => r.published_at ?? r.created_at)),
      topDownloads: top.map((r) => ({ name: r.name, title: r.title, agencyCode: r.code, downloads: num(r.downloads), views: num(r.views) })),
    };
  },
});

/** The statistics as one flat table: section, code, zh label, en label, count, cumulative. */
export function statsCsv(s: CatalogStats): string {
  const rows: Array<Array<string | number>> = [['section', 'code', 'label_zh', 'label_en', 'count', 'cumulative']];
  rows.push(['totals', 'datasets', '資料集', 'Datasets', s.totals.datasets, '']);
  rows.push(['totals', 'resources', '資料資源', 'Resources', s.totals.resources, '']);
  rows.push(['totals', 'views', '瀏覽次數', 'Views', s.totals.views, '']);
  rows.push(['totals', 'downloads', '下載次數', 'Downloads', s.totals.downloads, '']);
  for (const a of s.byAgency) rows.push(['agency', a.code, a.nameZh, a.nameEn, a.count, '']);
  for (const c of s.byCategory) rows.push(['category', c.code, c.nameZh, c.nameEn, c.count, '']);
  for (const f of s.byFormat) rows.push(['format', f.format, f.format, f.format, f.count, '']);
  for (const g of s.growth) rows.push(['month', g.month, g.month, g.month, g.added, g.total]);
  for (const d of s.topDownloads) rows.push(['top_downloads', d.name, d.title, d.title, d.downloads, '']);
  return '\uFEFF' + stringify(rows);
}
