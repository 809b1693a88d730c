import { defineAction } from '../../../../core/action.js';
import { DatasetPatchInput, type DatasetInput as DatasetInputT } from '../../schemas.js';
import { loadDataset, toInput, updateDataset } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { applyPrivateFlag } from './package_update.js';

export const packagePatch = defineAction({
  name: 'package_patch',
  description: 'Changes only the given fields of a dataset.',
  input: DatasetPatchInput,
  caller: publisher,
  load: (ctx, input) => loadDataset(ctx, input.id as string),
  policy: (ctx, _input, dataset) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, input, before) {
    const { id: _id, private: isPrivate, ...changes } = input as Record<string, unknown>;
    const merged = { ...toInput(before), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as DatasetInputT;
    const after = await updateDataset(ctx, before, merged, 'patch');
    return applyPrivateFlag(ctx, after, isPrivate as boolean | undefined);
  },
});
