import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { ResourceCreateInput } from '../../schemas.js';
import { afterChange, loadDataset, resourceRow } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { adoptUpload } from '../../storage.js';
import { opendataDb } from '../../tables.js';

export const resourceCreate = defineAction({
  name: 'resource_create',
  description: 'Adds a resource by URL or uploaded file.',
  input: ResourceCreateInput,
  caller: publisher,
  load: (ctx, input) => loadDataset(ctx, input.package_id),
  policy: (ctx, _input, dataset) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, dataset) {
    const { package_id: _packageId, ...resourceInput } = input;
    if (!resourceInput.url && !resourceInput.upload) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'url', message: 'opendata.resource_url_required' }]);
    if (resourceInput.upload) await adoptUpload(ctx, resourceInput.upload.key);
    const now = ctx.clock.now().toISOString();
    const row = resourceRow(dataset.id, dataset.resources.length, resourceInput, now);
    await opendataDb(ctx.db).insertInto('od_resources').values(row).execute();
    const after = await afterChange(ctx, dataset.id, dataset, 'resource_create');
    await ctx.audit({ action: 'resource_create', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: row.id, name: row.name } });
    return { resource: after.resources.find((r) => r.id === row.id)!, dataset: after };
  },
});
