// Catalog statistics, site-wide or for one agency: datasets per agency, per category and per format,
// growth by month (Asia/Taipei), and the most downloaded datasets (from the usage counts the
// catalog records). Only published datasets count. Also written as open data (CSV, JSON).
import { csvText } from '../../../core/csv.js';
import type { AgencyRef } from '../queries.js';

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
  return csvText(rows, { bom: true });
}
