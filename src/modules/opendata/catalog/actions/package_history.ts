import { anyone, defineAction } from '../../../../core/action.js';
import { versionsOf } from '../../queries.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { mayReadDataset } from '../../policy.js';
import { opendataDb } from '../../tables.js';

export const packageHistory = defineAction({
  name: 'package_history',
  description: 'Every recorded change of a dataset: who, when, what changed.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (ctx, _input, dataset) => mayReadDataset(ctx.actor, dataset),
  run: (ctx, _input, dataset) => versionsOf(opendataDb(ctx.db), dataset.id),
});
