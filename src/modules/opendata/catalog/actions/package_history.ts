import { anyone, defineAction } from '../../../../core/action.js';
import { versionsOf } from '../../queries.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { visibleOrNotFound } from './package-shared.js';
import { opendataDb } from '../../tables.js';

export const packageHistory = defineAction({
  name: 'package_history',
  description: 'Every recorded change of a dataset: who, when, what changed.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const dataset = visibleOrNotFound(ctx.actor, await loadDataset(ctx, input.id));
    return versionsOf(opendataDb(ctx.db), dataset.id);
  },
});
