import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { loadDataset } from './write.js';
import { anyone } from '../../../../core/access.js';

export const packageTombstone = defineAction({
  name: 'package_tombstone',
  description: 'What the public may know of an unpublished dataset: its title and the reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const d = await loadDataset(ctx, input.id);
    if (d.status !== 'unpublished') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    return { name: d.name, title: d.title, reason: d.unpublish_reason ?? '', agency: d.agency };
  },
});
