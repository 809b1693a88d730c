import { defineAction } from '../../../../core/action.js';
import { DatasetInput } from '../../schemas.js';
import { insertDataset } from './write.js';
import { publisher } from '../../policy.js';

export const packageCreate = defineAction({
  name: 'package_create',
  description: 'Creates a dataset (published unless private is true, then a draft).',
  input: DatasetInput,
  caller: publisher,
  async run(ctx, input) {
    const { private: isPrivate, ...rest } = input;
    return insertDataset(ctx, rest, isPrivate ? 'draft' : 'published');
  },
});
