// Datasets in the site-wide search. The header's box takes plain words, so they are searched as
// quoted phrases: a stray parenthesis or colon must not become catalog query syntax.
import type { FastifyRequest } from 'fastify';
import { runAction } from '../../../../http/actions.js';
import type { AppDeps, SiteSearchSection } from '../../../../manifest.js';
import { packageSearch } from '../actions/package_search.js';

const asPhrases = (q: string) =>
  q
    .split(/\s+/)
    .map((word) => word.replace(/["\\]/g, ''))
    .filter(Boolean)
    .map((word) => `"${word}"`)
    .join(' ');

export async function searchDatasets(deps: AppDeps, request: FastifyRequest, q: string): Promise<SiteSearchSection> {
  const phrases = asPhrases(q);
  const result = phrases ? await runAction(deps, request, packageSearch, { q: phrases, rows: 5, facet: false }) : { count: 0, results: [] };
  return {
    heading: 'opendata.nav',
    total: result.count,
    items: result.results.map((d) => ({ title: d.title, href: `/datasets/${encodeURIComponent(d.name)}`, detail: request.locale === 'en' ? d.agency.nameEn : d.agency.nameZh })),
    moreHref: `/datasets?q=${encodeURIComponent(q)}`,
  };
}
