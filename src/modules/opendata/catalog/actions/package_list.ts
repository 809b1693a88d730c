import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { opendataDb } from '../../tables.js';

const Paging = { limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) };

export const packageList = defineAction({
  name: 'package_list',
  description: 'Names of all public datasets.',
  input: Type.Object(Paging),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let query = opendataDb(ctx.db).selectFrom('od_datasets').select('name').where('status', '=', 'published').orderBy('name');
    if (input.limit !== undefined) query = query.limit(input.limit);
    if (input.offset) query = query.offset(input.offset).$if(input.limit === undefined, (q) => q.limit(1_000_000));
    return (await query.execute()).map((r) => r.name);
  },
});
