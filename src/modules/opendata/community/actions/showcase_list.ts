import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { isModerator } from '../../../../core/actor.js';
import { anyone } from '../../../../core/access.js';
import { withDatasets } from './shared.js';
import { opendataDb } from '../../tables.js';

export const showcaseList = defineAction({
  name: 'showcase_list',
  description: 'Approved showcases (optionally of one dataset); the pending queue for moderators.',
  input: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('pending')])), dataset_id: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  policy: (ctx, input) => (input as { status?: string }).status !== 'pending' || isModerator(ctx.actor),
  async run(ctx, input) {
    let query = opendataDb(ctx.db).selectFrom('od_showcases').selectAll().where('status', '=', input.status ?? 'approved');
    if (input.dataset_id) {
      const datasetId = input.dataset_id;
      query = query.where('id', 'in', (eb) => eb.selectFrom('od_showcase_datasets').select('showcase_id').where('dataset_id', '=', datasetId));
    }
    const rows = await query.orderBy(input.status === 'pending' ? 'created_at' : 'moderated_at', input.status === 'pending' ? 'asc' : 'desc').limit(200).execute();
    return withDatasets(ctx, rows);
  },
});
