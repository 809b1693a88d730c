import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { searchDocuments } from '../../../core/db/search-adapter.js';
import { publicStatuses } from '../model.js';
import { petitionsDb } from '../tables.js';

export const SEARCH_DOC_TYPE = 'proposal';

/** Published proposals most like a title, so a proposer can join one instead of duplicating it. */
export const proposalSimilar = defineAction({
  name: 'proposal_similar',
  description: 'Published proposals similar to a title (same platform search).',
  input: Type.Object({ title: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    if (input.title.trim().length < 2) return [];
    // Every bigram must match for a hit, which is too strict for "similar": search the longest
    // pieces of the title one by one and rank by how many pieces each proposal matched.
    const pieces = input.title
      .split(/[\s,，、。.!！?？:：;；()（）「」『』"'/]+/)
      .map((p) => p.trim())
      .filter((p) => p.length >= 2)
      .slice(0, 8);
    const score = new Map<string, number>();
    for (const piece of pieces.length > 0 ? pieces : [input.title]) {
      const chars = Array.from(piece);
      const han = /\p{Script=Han}/u.test(piece);
      const probes = !han || chars.length <= 2 ? [piece] : Array.from({ length: chars.length - 1 }, (_, i) => chars.slice(i, i + 2).join(''));
      for (const probe of probes) {
        for (const hit of await searchDocuments(petitionsDb(ctx.db), ctx.dialect, SEARCH_DOC_TYPE, probe, 50)) {
          score.set(hit.docId, (score.get(hit.docId) ?? 0) + 1);
        }
      }
    }
    if (score.size === 0) return [];
    const ids = [...score.entries()].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([id]) => id);
    const rows = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .select(['id', 'title', 'status', 'endorsement_count'])
      .where('id', 'in', ids)
      .where('status', 'in', [...publicStatuses])
      .execute();
    return rows
      .sort((a, b) => score.get(b.id)! - score.get(a.id)! || Number(b.endorsement_count) - Number(a.endorsement_count))
      .slice(0, input.limit)
      .map((r) => ({ id: r.id, title: r.title, status: r.status, endorsementCount: Number(r.endorsement_count), url: `/proposals/${r.id}` }));
  },
});
