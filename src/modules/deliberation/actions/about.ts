// The conversation about another page of the platform: one whose related links point at that page
// (a proposal, a dataset, a consultation), so that page can host it.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { conversationStatus } from '../model.js';
import { parseLinks } from '../queries.js';
import { deliberationDb } from '../tables.js';

/** The path part of a link, whether it was written as an absolute URL or a path. */
function pathOf(url: string): string | null {
  try {
    return new URL(url, 'http://platform.invalid').pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export const deliberationAbout = defineAction({
  name: 'deliberation_about',
  description: "The newest conversation linking to a page of the platform (open ones first), or null.",
  input: Type.Object({ path: Type.String({ minLength: 2, maxLength: 300, pattern: '^/' }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const path = input.path.replace(/\/+$/, '');
    // A coarse filter in SQL (the links are JSON text; LIKE's own wildcards in the path become "any
    // character"), then the exact path match on the parsed links.
    const rows = await deliberationDb(ctx.db)
      .selectFrom('deliberation_conversations')
      .selectAll()
      .where('links', 'like', `%${path.replace(/[%_\\]/g, '_')}%`)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute();
    const now = ctx.clock.now();
    const linked = rows.filter((row) => parseLinks(row.links).some((link) => pathOf(link.url) === path));
    const open = linked.find((row) => !row.read_only && conversationStatus(row, now) === 'open');
    const chosen = open ?? linked[0];
    return chosen ? { id: chosen.id } : null;
  },
});
