import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { loadDataset } from './write.js';
import { anyone } from '../../../../core/access.js';
import { hasTombstone } from '../../policy.js';

export const packageTombstone = defineAction({
  name: 'package_tombstone',
  description: 'What the public may know of an unpublished dataset: its title and the reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (_ctx, _input, dataset) => hasTombstone(dataset),
  run: async (_ctx, _input, d) => ({ name: d.name, title: d.title, reason: d.unpublish_reason ?? '', agency: d.agency }),
});
