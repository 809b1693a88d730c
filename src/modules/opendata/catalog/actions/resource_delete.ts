import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { afterChange } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { resourceWithDataset } from './resource-shared.js';
import { opendataDb } from '../../tables.js';

export const resourceDelete = defineAction({
  name: 'resource_delete',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: publisher,
  load: (ctx, input) => resourceWithDataset(ctx, input.id),
  policy: (ctx, _input, { dataset }) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, { dataset }) {
    await opendataDb(ctx.db).deleteFrom('od_resources').where('id', '=', input.id).execute();
    const rest = await opendataDb(ctx.db).selectFrom('od_resources').select('id').where('dataset_id', '=', dataset.id).orderBy('position').execute();
    for (const [i, r] of rest.entries()) await opendataDb(ctx.db).updateTable('od_resources').set({ position: i }).where('id', '=', r.id).execute();
    await afterChange(ctx, dataset.id, dataset, 'resource_delete');
    await ctx.audit({ action: 'resource_delete', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: input.id } });
    return { id: input.id };
  },
});
