import { defineAction } from '../../../../core/action.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { setStatus } from './package-shared.js';

export const packagePublish = defineAction({
  name: 'package_publish',
  description: 'Makes a draft or unpublished dataset public.',
  input: DatasetRef,
  caller: publisher,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (ctx, _input, dataset) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, _input, current) {
    if (current.status === 'published') return current;
    return setStatus(ctx, current, 'published', 'publish', null);
  },
});
