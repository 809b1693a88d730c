import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { removeDocument } from '../../../../core/db/search-adapter.js';
import { canEditAgencyDatasets } from '../../policy.js';
import { DATASET_DOC, nextChangeSeq, recordVersion } from '../../queries.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { publisher } from '../../policy.js';
import { opendataDb } from '../../tables.js';

export const packageDelete = defineAction({
  name: 'package_delete',
  description: 'Deletes a dataset (kept in the history, gone from the catalog).',
  input: DatasetRef,
  caller: publisher,
  async run(ctx, input) {
    const before = await loadDataset(ctx, input.id);
    if (!canEditAgencyDatasets(ctx.actor, before.agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
    if (before.status === 'deleted') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    const seq = await nextChangeSeq(opendataDb(ctx.db));
    const now = ctx.clock.now().toISOString();
    await opendataDb(ctx.db)
      .updateTable('od_datasets')
      .set((eb) => ({ status: 'deleted', change_seq: seq, version: eb('version', '+', 1), modified_at: now }))
      .where('id', '=', before.id)
      .execute();
    await recordVersion(opendataDb(ctx.db), { datasetId: before.id, version: before.version + 1, at: now, actorId: ctx.actor?.userId ?? null, action: 'delete', changes: { status: [before.status, 'deleted'] } });
    await removeDocument(opendataDb(ctx.db), ctx.dialect, DATASET_DOC, before.id);
    await ctx.audit({ action: 'package_delete', subjectType: 'dataset', subjectId: before.id, data: { name: before.name, identifier: before.identifier } });
    return { id: before.id, name: before.name };
  },
});
