// Conversations in the site-wide search, by topic. A platform holds tens of conversations, not
// thousands, so matching every word of the query in the topics in the process is enough.
import type { FastifyRequest } from 'fastify';
import { runAction } from '../../../http/actions.js';
import type { AppDeps, SiteSearchSection } from '../../../manifest.js';
import { deliberationList } from '../actions/conversations.js';

export async function searchConversations(deps: AppDeps, request: FastifyRequest, q: string): Promise<SiteSearchSection> {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const all = await runAction(deps, request, deliberationList, {});
  const matches = all.filter((c) => {
    const text = c.topic.toLowerCase();
    return words.length > 0 && words.every((w) => text.includes(w));
  });
  return {
    heading: 'deliberation.nav',
    total: matches.length,
    items: matches.slice(0, 5).map((c) => ({ title: c.topic, href: `/deliberation/${encodeURIComponent(c.id)}` })),
    moreHref: matches.length > 5 ? '/deliberation' : null,
  };
}
