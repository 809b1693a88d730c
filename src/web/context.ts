import type { Actor } from '../core/actor.js';
import { t as translate, type Locale } from '../core/i18n/index.js';
import type { Flash, Viewer } from '../http/types.js';
import type { NavItem } from './nav.js';

/** Everything a page component needs about the request, without Fastify types. */
export interface PageContext {
  locale: Locale;
  t: (key: string, params?: Record<string, string | number>) => string;
  actor: Actor | null;
  viewer: Viewer | null;
  csrfToken: string;
  path: string;
  /** The current URL's query string without the leading "?" (for language links, pagination). */
  query: URLSearchParams;
  nav: NavItem[];
  flashes: Flash[];
}

export function makeTranslator(locale: Locale) {
  return (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
}

/** Same URL with some query parameters replaced; null removes one. */
export function withQuery(ctx: Pick<PageContext, 'path' | 'query'>, changes: Record<string, string | number | null>): string {
  const q = new URLSearchParams(ctx.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${ctx.path}?${s}` : ctx.path;
}
