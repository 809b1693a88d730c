import { defineAction } from '../../../../core/action.js';
import { removeDocument } from '../../../../core/db/search-adapter.js';
import { DATASET_DOC, nextChangeSeq, recordVersion } from '../../queries.js';
import { DatasetRef } from '../../schemas.js';
import { loadDataset } from './write.js';
import { mayEditDataset, publisher } from '../../policy.js';
import { opendataDb } from '../../tables.js';

export const packageDelete = defineAction({
  name: 'package_delete',
  description: 'Deletes a dataset (kept in the history, gone from the catalog).',
  input: DatasetRef,
  caller: publisher,
  load: (ctx, input) => loadDataset(ctx, input.id),
  policy: (ctx, _input, dataset) => mayEditDataset(ctx.actor, dataset),
  async run(ctx, _input, before) {
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
