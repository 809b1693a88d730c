import { defineAction } from '../../../../core/action.js';
import { DatasetInput } from '../../schemas.js';
import { insertDataset, targetAgency } from './write.js';
import { mayPublishIn, publisher } from '../../policy.js';

export const packageCreate = defineAction({
  name: 'package_create',
  description: 'Creates a dataset (published unless private is true, then a draft).',
  input: DatasetInput,
  caller: publisher,
  load: (ctx, input) => targetAgency(ctx, input.owner_org),
  policy: (ctx, _input, agency) => mayPublishIn(ctx.actor, agency),
  async run(ctx, input, agency) {
    const { private: isPrivate, ...rest } = input;
    return insertDataset(ctx, rest, agency, isPrivate ? 'draft' : 'published');
  },
});
