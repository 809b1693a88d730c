// Small pieces the open data pages share.
import type { PageContext } from '../../../web/context.js';
import { licenseById } from '../model.js';
import type { AgencyRef, Category } from '../queries.js';

export const agencyLabel = (ctx: PageContext, a: Pick<AgencyRef, 'nameZh' | 'nameEn'>) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);
export const categoryLabel = (ctx: PageContext, c: Pick<Category, 'nameZh' | 'nameEn'>) => (ctx.locale === 'en' ? c.nameEn : c.nameZh);
export function licenseLabel(ctx: PageContext, id: string): string {
  const license = licenseById(id);
  return license ? (ctx.locale === 'en' ? license.titleEn : license.titleZh) : id;
}
export const datasetHref = (d: { name: string }) => `/datasets/${encodeURIComponent(d.name)}`;

/** Only http(s) links become hrefs. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function QualityBadge({ ctx, mark }: { ctx: PageContext; mark: string }) {
  const colour: Record<string, string> = { platinum: 'bg-base-darker', gold: 'bg-gold', silver: 'bg-base', bronze: 'bg-orange', none: 'bg-base-lighter text-ink' };
  return <span class={`usa-tag ${colour[mark] ?? ''}`}>{ctx.t(`opendata.quality_mark.${mark}`)}</span>;
}

export function formatBytes(size: number | null): string {
  if (size === null) return '—';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
