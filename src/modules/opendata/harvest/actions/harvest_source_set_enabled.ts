import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { signedIn } from '../../../../core/access.js';
import { mayManageSource, requireSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';

export const harvestSourceSetEnabled = defineAction({
  name: 'harvest_source_set_enabled',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), enabled: Type.Boolean() }, { additionalProperties: false }),
  caller: signedIn,
  policy: (ctx, input) => mayManageSource(ctx, input.id),
  async run(ctx, input) {
    await requireSource(ctx, input.id);
    await opendataDb(ctx.db).updateTable('od_harvest_sources').set({ enabled: input.enabled ? 1 : 0 }).where('id', '=', input.id).execute();
    await ctx.audit({ action: input.enabled ? 'harvest_source_enable' : 'harvest_source_disable', subjectType: 'harvest_source', subjectId: input.id });
    return { id: input.id, enabled: input.enabled };
  },
});
