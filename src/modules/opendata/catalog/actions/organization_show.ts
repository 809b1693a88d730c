import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { organizations } from './organization-shared.js';

export const organizationShow = defineAction({
  name: 'organization_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), include_datasets: Type.Optional(Type.Boolean()) }),
  sideEffectFree: true,
  caller: anyone,
  async load(ctx, input) {
    const found = (await organizations(ctx)).find((o) => o.code === input.id || o.id === input.id);
    if (!found) throw new AppError('NOT_FOUND', 'opendata.organization_not_found');
    return found;
  },
  run: async (_ctx, _input, organization) => organization,
});
