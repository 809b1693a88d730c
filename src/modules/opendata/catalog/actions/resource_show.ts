import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { canSeeDataset } from '../../policy.js';
import { resourceWithDataset } from './resource-shared.js';

export const resourceShow = defineAction({
  name: 'resource_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const { resource, dataset } = await resourceWithDataset(ctx, input.id);
    if (!canSeeDataset(ctx.actor, dataset)) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
    return { resource, dataset };
  },
});
