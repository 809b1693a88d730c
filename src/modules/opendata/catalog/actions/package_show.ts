import { anyone, defineAction } from '../../../../core/action.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { mayReadDataset } from '../../policy.js';

export const packageShow = defineAction({
  name: 'package_show',
  description: 'One dataset by id, name or identifier, with its resources.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (ctx, _input, dataset) => mayReadDataset(ctx.actor, dataset),
  run: async (_ctx, _input, dataset) => dataset,
});
