import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { hydrate } from '../../queries.js';
import { opendataDb } from '../../tables.js';

export const currentPackageListWithResources = defineAction({
  name: 'current_package_list_with_resources',
  description: 'Public datasets with resources, most recently modified first.',
  input: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })), page: Type.Optional(Type.Integer({ minimum: 1 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const limit = input.limit ?? 20;
    const offset = input.offset ?? (input.page ? (input.page - 1) * limit : 0);
    const rows = await opendataDb(ctx.db).selectFrom('od_datasets').selectAll().where('status', '=', 'published').orderBy('modified_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
    return hydrate(opendataDb(ctx.db), rows);
  },
});
