// Published proposals in the site-wide search.
import type { FastifyRequest } from 'fastify';
import { runAction } from '../../../http/actions.js';
import type { AppDeps, SiteSearchSection } from '../../../manifest.js';
import { proposalList } from '../actions/proposal_list.js';

export async function searchProposals(deps: AppDeps, request: FastifyRequest, q: string): Promise<SiteSearchSection> {
  const result = await runAction(deps, request, proposalList, { q: q.slice(0, 200), page: 1, pageSize: 5 });
  return {
    heading: 'petitions.nav',
    total: result.total,
    items: result.items.map((p) => ({ title: p.title, href: `/proposals/${encodeURIComponent(p.id)}` })),
    moreHref: `/proposals?q=${encodeURIComponent(q)}`,
  };
}
