// What the resource_* actions share: loading a resource with its dataset, and the edit check.
import type { ActionContext } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { toResource, type Dataset, type Resource } from '../../queries.js';
import { loadDataset } from './write.js';
import { opendataDb } from '../../tables.js';

export async function resourceWithDataset(ctx: Pick<ActionContext, 'db'>, id: string): Promise<{ resource: Resource; dataset: Dataset }> {
  const row = await opendataDb(ctx.db).selectFrom('od_resources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
  return { resource: toResource(row), dataset: await loadDataset(ctx, row.dataset_id) };
}
