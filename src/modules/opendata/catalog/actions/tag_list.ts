import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { opendataDb } from '../../tables.js';

export const tagList = defineAction({
  name: 'tag_list',
  description: 'Keywords used by public datasets.',
  input: Type.Object({ query: Type.Optional(Type.String({ maxLength: 100 })), q: Type.Optional(Type.String({ maxLength: 100 })), all_fields: Type.Optional(Type.Boolean()), vocabulary_id: Type.Optional(Type.String({ maxLength: 100 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    if (input.vocabulary_id) return [];
    const q = (input.query ?? input.q ?? '').replace(/[\\%_]/g, '');
    let query = opendataDb(ctx.db)
      .selectFrom('od_dataset_tags')
      .innerJoin('od_datasets', 'od_datasets.id', 'od_dataset_tags.dataset_id')
      .select(['od_dataset_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
      .where('od_datasets.status', '=', 'published')
      .groupBy('od_dataset_tags.tag')
      .orderBy('od_dataset_tags.tag');
    if (q) query = query.where('od_dataset_tags.tag', 'like', `%${q}%`);
    return (await query.limit(5000).execute()).map((r) => ({ name: r.tag, count: Number(r.n) }));
  },
});
