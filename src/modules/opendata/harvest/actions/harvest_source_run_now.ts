import { defineAction } from '../../../../core/action.js';
import { signedIn } from '../../../../core/access.js';
import { mayManageSource, requireSource, idInput } from '../harvest.js';
import { opendataDb } from '../../tables.js';

/** Makes the source due now; the harvest job picks it up on its next tick. */
export const harvestSourceRunNow = defineAction({
  name: 'harvest_source_run_now',
  input: idInput,
  caller: signedIn,
  policy: (ctx, input) => mayManageSource(ctx, input.id),
  async run(ctx, input) {
    await requireSource(ctx, input.id);
    await opendataDb(ctx.db).updateTable('od_harvest_sources').set({ next_run_at: ctx.clock.now().toISOString() }).where('id', '=', input.id).execute();
    return { id: input.id };
  },
});
