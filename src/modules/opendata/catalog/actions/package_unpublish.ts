import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { loadDataset } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { setStatus } from './package-shared.js';

export const packageUnpublish = defineAction({
  name: 'package_unpublish',
  description: 'Takes a dataset off the public catalog, with a public reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  caller: publisher,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (ctx, _input, dataset) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, current) {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'reason', message: 'validation.required' }]);
    if (current.status !== 'published') throw new AppError('CONFLICT', 'opendata.not_published', [{ field: 'id', message: 'opendata.not_published' }]);
    return setStatus(ctx, current, 'unpublished', 'unpublish', reason);
  },
});
