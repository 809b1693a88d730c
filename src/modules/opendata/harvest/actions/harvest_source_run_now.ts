import { defineAction } from '../../../../core/action.js';
import { idInput, onManagedSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';

/** Makes the source due now; the harvest job picks it up on its next tick. */
export const harvestSourceRunNow = defineAction({
  name: 'harvest_source_run_now',
  input: idInput,
  ...onManagedSource,
  async run(ctx, _input, source) {
    await opendataDb(ctx.db).updateTable('od_harvest_sources').set({ next_run_at: ctx.clock.now().toISOString() }).where('id', '=', source.id).execute();
    return { id: source.id };
  },
});
