// Agencies in the site-wide search.
import type { FastifyRequest } from 'fastify';
import { runAction } from '../../../http/actions.js';
import type { AppDeps, SiteSearchSection } from '../../../manifest.js';
import { agencyList } from '../actions/agencies.js';

export async function searchAgencies(deps: AppDeps, request: FastifyRequest, q: string): Promise<SiteSearchSection> {
  const agencies = await runAction(deps, request, agencyList, { q });
  return {
    heading: 'search.agencies',
    total: agencies.length,
    items: agencies.slice(0, 10).map((a) => ({ title: request.locale === 'en' ? a.nameEn : a.nameZh, href: `/agencies/${encodeURIComponent(a.code)}` })),
    moreHref: agencies.length > 10 ? `/agencies?q=${encodeURIComponent(q)}` : null,
  };
}
