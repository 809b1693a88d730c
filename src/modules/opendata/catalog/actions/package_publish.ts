import { defineAction } from '../../../../core/action.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { publisher } from '../../policy.js';
import { setStatus } from './package-shared.js';

export const packagePublish = defineAction({
  name: 'package_publish',
  description: 'Makes a draft or unpublished dataset public.',
  input: DatasetRef,
  caller: publisher,
  async run(ctx, input) {
    const current = await loadDataset(ctx, input.id);
    if (current.status === 'published') return current;
    return setStatus(ctx, input.id, 'published', 'publish', null);
  },
});
