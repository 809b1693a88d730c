import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { mayReadDataset } from '../../policy.js';
import { resourceWithDataset } from './resource-shared.js';

export const resourceShow = defineAction({
  name: 'resource_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => resourceWithDataset(ctx, input.id),
  policy: (ctx, _input, { dataset }) => mayReadDataset(ctx.actor, dataset, 'opendata.resource_not_found'),
  run: async (_ctx, _input, subject) => subject,
});
