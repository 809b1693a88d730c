// Resource (distribution) actions, named like CKAN's.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { canSeeDataset } from '../../policy.js';
import { toResource, type Dataset, type Resource } from '../../queries.js';
import { ResourceCreateInput, ResourceUpdateInput } from '../../schemas.js';
import { afterChange, loadDataset, resourceRow } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { adoptUpload } from '../../storage.js';

async function resourceWithDataset(ctx: Pick<ActionContext, 'db'>, id: string): Promise<{ resource: Resource; dataset: Dataset }> {
  const row = await ctx.db.selectFrom('od_resources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
  return { resource: toResource(row), dataset: await loadDataset(ctx, row.dataset_id) };
}

export const resourceShow = defineAction({
  name: 'resource_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const { resource, dataset } = await resourceWithDataset(ctx, input.id);
    if (!canSeeDataset(ctx.actor, dataset)) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
    return { resource, dataset };
  },
});

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
    await ctx.db.insertInto('od_resources').values(row).execute();
    const after = await afterChange(ctx, dataset.id, dataset, 'resource_create');
    await ctx.audit({ action: 'resource_create', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: row.id, name: row.name } });
    return { resource: after.resources.find((r) => r.id === row.id)!, dataset: after };
  },
});

export const resourceUpdate = defineAction({
  name: 'resource_update',
  input: ResourceUpdateInput,
  caller: publisher,
  load: (ctx, input) => resourceWithDataset(ctx, input.id),
  policy: (ctx, _input, { dataset }) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, { resource, dataset }) {
    const { id, ...changes } = input;
    if (changes.upload) await adoptUpload(ctx, changes.upload.key);
    const current = await ctx.db.selectFrom('od_resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const row = resourceRow(dataset.id, resource.position, changes, ctx.clock.now().toISOString(), current);
    await ctx.db.updateTable('od_resources').set(row).where('id', '=', id).execute();
    const after = await afterChange(ctx, dataset.id, dataset, 'resource_update');
    await ctx.audit({ action: 'resource_update', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: id } });
    return { resource: after.resources.find((r) => r.id === id)!, dataset: after };
  },
});

export const resourceDelete = defineAction({
  name: 'resource_delete',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: publisher,
  load: (ctx, input) => resourceWithDataset(ctx, input.id),
  policy: (ctx, _input, { dataset }) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, { dataset }) {
    await ctx.db.deleteFrom('od_resources').where('id', '=', input.id).execute();
    const rest = await ctx.db.selectFrom('od_resources').select('id').where('dataset_id', '=', dataset.id).orderBy('position').execute();
    for (const [i, r] of rest.entries()) await ctx.db.updateTable('od_resources').set({ position: i }).where('id', '=', r.id).execute();
    await afterChange(ctx, dataset.id, dataset, 'resource_delete');
    await ctx.audit({ action: 'resource_delete', subjectType: 'dataset', subjectId: dataset.id, data: { resourceId: input.id } });
    return { id: input.id };
  },
});
