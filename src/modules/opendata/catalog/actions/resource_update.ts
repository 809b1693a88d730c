import { defineAction } from '../../../../core/action.js';
import { ResourceUpdateInput } from '../../schemas.js';
import { afterChange, resourceRow } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { adoptUpload } from '../../storage.js';
import { resourceWithDataset } from './resource-shared.js';
import { opendataDb } from '../../tables.js';

export const resourceUpdate = defineAction({
  name: 'resource_update',
  input: ResourceUpdateInput,
  caller: publisher,
  load: (ctx, input) => resourceWithDataset(ctx, input.id),
  policy: (ctx, _input, { dataset }) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, { resource, dataset }) {
    const { id, ...changes } = input;
    if (changes.upload) await adoptUpload(ctx, changes.upload.key);
    const current = await opendataDb(ctx.db).selectFrom('od_resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const row = resourceRow(dataset.id, resource.position, changes, ctx.clock.now().toISOString(), current);
    await opendataDb(ctx.db).updateTable('od_resources').set(row).where('id', '=', id).execute();
    const after = await afterChange(ctx, dataset.id, dataset, 'resource_update');
    await ctx.audit({ action: 'resource_update', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: id } });
    return { resource: after.resources.find((r) => r.id === id)!, dataset: after };
  },
});
