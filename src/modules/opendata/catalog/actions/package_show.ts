import { anyone, defineAction } from '../../../../core/action.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { visibleOrNotFound } from './package-shared.js';

export const packageShow = defineAction({
  name: 'package_show',
  description: 'One dataset by id, name or identifier, with its resources.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    return visibleOrNotFound(ctx.actor, await loadDataset(ctx, input.id));
  },
});
