import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { groups } from './organization-shared.js';

export const groupShow = defineAction({
  name: 'group_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), include_datasets: Type.Optional(Type.Boolean()) }),
  sideEffectFree: true,
  caller: anyone,
  async load(ctx, input) {
    const found = (await groups(ctx)).find((g) => g.code === input.id);
    if (!found) throw new AppError('NOT_FOUND', 'opendata.group_not_found');
    return found;
  },
  run: async (_ctx, _input, group) => group,
});
