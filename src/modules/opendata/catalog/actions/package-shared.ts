// What the package_* actions share: moving a dataset between statuses.
import type { Dataset } from '../../queries.js';
import { afterChange } from './write.js';
import { packageCreate } from './package_create.js';
import { opendataDb } from '../../tables.js';

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
