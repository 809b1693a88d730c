import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { opendataDb } from '../../tables.js';

export const packageAutocomplete = defineAction({
  name: 'package_autocomplete',
  description: 'Datasets whose name or title starts with or contains q.',
  input: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const q = input.q.trim();
    if (!q) return [];
    // LIKE escapes differ between engines; wildcard characters are simply left out of the pattern.
    const like = `%${q.replace(/[\\%_]/g, '')}%`;
    const rows = await opendataDb(ctx.db)
      .selectFrom('od_datasets')
      .select(['name', 'title'])
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('name', 'like', like.toLowerCase()), eb('title', 'like', like)]))
      .orderBy('title')
      .limit(input.limit ?? 10)
      .execute();
    return rows.map((r) => {
      const inName = r.name.includes(q.toLowerCase());
      return { name: r.name, title: r.title, match_field: inName ? 'name' : 'title', match_displayed: inName ? r.name : r.title };
    });
  },
});
