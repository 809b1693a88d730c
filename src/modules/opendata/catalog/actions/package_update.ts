import { defineAction } from '../../../../core/action.js';
import type { Dataset } from '../../queries.js';
import { DatasetUpdateInput } from '../../schemas.js';
import { datasetAndTarget, updateDataset } from './write.js';
import { mayEditAndMove, publisher } from '../../policy.js';
import { packageCreate } from './package_create.js';
import { packagePublish } from './package_publish.js';
import { packageUnpublish } from './package_unpublish.js';

export async function applyPrivateFlag(ctx: Parameters<typeof packageCreate.run>[0], dataset: Dataset, isPrivate: boolean | undefined): Promise<Dataset> {
  if (isPrivate === undefined) return dataset;
  if (!isPrivate && dataset.status !== 'published') return ctx.call(packagePublish, { id: dataset.id });
  if (isPrivate && dataset.status === 'published') return ctx.call(packageUnpublish, { id: dataset.id, reason: 'opendata.unpublished_via_api' });
  return dataset;
}

export const packageUpdate = defineAction({
  name: 'package_update',
  description: 'Replaces a dataset\'s metadata; resources are replaced when given.',
  input: DatasetUpdateInput,
  caller: publisher,
  load: (ctx, input) => datasetAndTarget(ctx, input.id, input.owner_org),
  policy: (ctx, _input, subject) => mayEditAndMove(ctx.actor, subject),
  async run(ctx, input, { dataset: before, agency }) {
    const { id: _id, private: isPrivate, ...rest } = input;
    const after = await updateDataset(ctx, before, rest, agency);
    return applyPrivateFlag(ctx, after, isPrivate);
  },
});
