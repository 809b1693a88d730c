import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { onManagedSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';

export const harvestSourceSetEnabled = defineAction({
  name: 'harvest_source_set_enabled',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), enabled: Type.Boolean() }, { additionalProperties: false }),
  ...onManagedSource,
  async run(ctx, input, source) {
    await opendataDb(ctx.db).updateTable('od_harvest_sources').set({ enabled: input.enabled ? 1 : 0 }).where('id', '=', source.id).execute();
    await ctx.audit({ action: input.enabled ? 'harvest_source_enable' : 'harvest_source_disable', subjectType: 'harvest_source', subjectId: source.id });
    return { id: source.id, enabled: input.enabled };
  },
});
