import { defineAction } from '../../../../core/action.js';
import { idInput, onManagedSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';

export const harvestSourceDelete = defineAction({
  name: 'harvest_source_delete',
  input: idInput,
  ...onManagedSource,
  async run(ctx, input, source) {
    await opendataDb(ctx.db).deleteFrom('od_harvest_sources').where('id', '=', input.id).execute();
    // Harvested datasets stay: they belong to the agency's catalog now.
    await ctx.audit({ action: 'harvest_source_delete', subjectType: 'harvest_source', subjectId: input.id, data: { agencyId: source.agency_id, kind: source.kind, url: source.url } });
    return { id: input.id };
  },
});
