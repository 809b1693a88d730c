// What the package_* actions share: who may see a dataset, and moving a dataset between statuses.
import { AppError } from '../../../../core/errors.js';
import { canSeeDataset } from '../../policy.js';
import type { Dataset } from '../../queries.js';
import { afterChange } from './write.js';
import { packageCreate } from './package_create.js';
import { opendataDb } from '../../tables.js';

export function visibleOrNotFound(actor: Parameters<typeof canSeeDataset>[0], dataset: Dataset): Dataset {
  if (!canSeeDataset(actor, dataset)) throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return dataset;
}

/** Moves a dataset the caller's policy has already allowed (mayEditDataset) to another status. */
export async function setStatus(ctx: Parameters<typeof packageCreate.run>[0], before: Dataset, status: Dataset['status'], action: string, reason: string | null): Promise<Dataset> {
  const now = ctx.clock.now().toISOString();
  await opendataDb(ctx.db)
    .updateTable('od_datasets')
    .set({
      status,
      unpublish_reason: status === 'unpublished' ? reason : null,
      ...(status === 'published' && !before.published_at ? { published_at: now } : {}),
    })
    .where('id', '=', before.id)
    .execute();
  const after = await afterChange(ctx, before.id, before, action, reason);
  await ctx.audit({ action: `package_${action}`, subjectType: 'dataset', subjectId: before.id, data: { name: before.name, from: before.status, to: status, reason } });
  return after;
}
