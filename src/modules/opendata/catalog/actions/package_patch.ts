import { defineAction } from '../../../../core/action.js';
import { DatasetPatchInput, type DatasetInput as DatasetInputT } from '../../schemas.js';
import { datasetAndTarget, toInput, updateDataset } from './write.js';
import { mayEditAndMove, publisher } from '../../policy.js';
import { applyPrivateFlag } from './package_update.js';

export const packagePatch = defineAction({
  name: 'package_patch',
  description: 'Changes only the given fields of a dataset.',
  input: DatasetPatchInput,
  caller: publisher,
  load: (ctx, input) => datasetAndTarget(ctx, input.id as string, (input as { owner_org?: string | null }).owner_org),
  policy: (ctx, _input, subject) => mayEditAndMove(ctx.actor, subject),
  async run(ctx, input, { dataset: before, agency }) {
    const { id: _id, private: isPrivate, ...changes } = input as Record<string, unknown>;
    const merged = { ...toInput(before), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as DatasetInputT;
    const after = await updateDataset(ctx, before, merged, agency, 'patch');
    return applyPrivateFlag(ctx, after, isPrivate as boolean | undefined);
  },
});
