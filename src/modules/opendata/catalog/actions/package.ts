// Dataset actions, named like CKAN's: create, update, patch, delete, show, list, plus publishing.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { removeDocument } from '../../../../core/db/search-adapter.js';
import { canEditAgencyDatasets, canSeeDataset } from '../../policy.js';
import { DATASET_DOC, hydrate, nextChangeSeq, recordVersion, versionsOf, type Dataset } from '../../queries.js';
import { DatasetInput, DatasetPatchInput, DatasetRef, DatasetUpdateInput, type DatasetInput as DatasetInputT } from '../../schemas.js';
import { afterChange, insertDataset, loadDataset, toInput, updateDataset } from './write.js';
import { publisher } from '../../policy.js';

function visibleOrNotFound(actor: Parameters<typeof canSeeDataset>[0], dataset: Dataset): Dataset {
  if (!canSeeDataset(actor, dataset)) throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return dataset;
}

export const packageShow = defineAction({
  name: 'package_show',
  description: 'One dataset by id, name or identifier, with its resources.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    return visibleOrNotFound(ctx.actor, await loadDataset(ctx, input.id));
  },
});

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

async function applyPrivateFlag(ctx: Parameters<typeof packageCreate.run>[0], dataset: Dataset, isPrivate: boolean | undefined): Promise<Dataset> {
  if (isPrivate === undefined) return dataset;
  if (!isPrivate && dataset.status !== 'published') return ctx.call(packagePublish, { id: dataset.id });
  if (isPrivate && dataset.status === 'published') return ctx.call(packageUnpublish, { id: dataset.id, reason: 'opendata.unpublished_via_api' });
  return dataset;
}

export const packageUpdate = defineAction({
  name: 'package_update',
  description: 'Replaces a dataset\'s metadata; resources are replaced when given.',
  input: DatasetUpdateInput,
  caller: publisher,
  async run(ctx, input) {
    const before = await loadDataset(ctx, input.id);
    const { id: _id, private: isPrivate, ...rest } = input;
    const after = await updateDataset(ctx, before, rest);
    return applyPrivateFlag(ctx, after, isPrivate);
  },
});

export const packagePatch = defineAction({
  name: 'package_patch',
  description: 'Changes only the given fields of a dataset.',
  input: DatasetPatchInput,
  caller: publisher,
  async run(ctx, input) {
    const before = await loadDataset(ctx, input.id as string);
    const { id: _id, private: isPrivate, ...changes } = input as Record<string, unknown>;
    const merged = { ...toInput(before), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as DatasetInputT;
    const after = await updateDataset(ctx, before, merged, 'patch');
    return applyPrivateFlag(ctx, after, isPrivate as boolean | undefined);
  },
});

async function setStatus(ctx: Parameters<typeof packageCreate.run>[0], id: string, status: Dataset['status'], action: string, reason: string | null): Promise<Dataset> {
  const before = await loadDataset(ctx, id);
  if (!canEditAgencyDatasets(ctx.actor, before.agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
  if (before.status === 'deleted') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .updateTable('od_datasets')
    .set({
      status,
      unpublish_reason: status === 'unpublished' ? reason : null,
      ...(status === 'published' && !before.published_at ? { published_at: now } : {}),
    })
    .where('id', '=', before.id)
    .execute();
  const after = await afterChange(ctx, before.id, before, action, reason);
  await ctx.audit({ action: `package_${action}`, subjectType: 'dataset', subjectId: before.id, data: { name: before.name, from: before.status, to: status, reason } });
  return after;
}

export const packagePublish = defineAction({
  name: 'package_publish',
  description: 'Makes a draft or unpublished dataset public.',
  input: DatasetRef,
  caller: publisher,
  async run(ctx, input) {
    const current = await loadDataset(ctx, input.id);
    if (current.status === 'published') return current;
    return setStatus(ctx, input.id, 'published', 'publish', null);
  },
});

export const packageUnpublish = defineAction({
  name: 'package_unpublish',
  description: 'Takes a dataset off the public catalog, with a public reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  caller: publisher,
  async run(ctx, input) {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'reason', message: 'validation.required' }]);
    const current = await loadDataset(ctx, input.id);
    if (current.status !== 'published') throw new AppError('CONFLICT', 'opendata.not_published', [{ field: 'id', message: 'opendata.not_published' }]);
    return setStatus(ctx, input.id, 'unpublished', 'unpublish', reason);
  },
});

export const packageDelete = defineAction({
  name: 'package_delete',
  description: 'Deletes a dataset (kept in the history, gone from the catalog).',
  input: DatasetRef,
  caller: publisher,
  async run(ctx, input) {
    const before = await loadDataset(ctx, input.id);
    if (!canEditAgencyDatasets(ctx.actor, before.agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
    if (before.status === 'deleted') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    const seq = await nextChangeSeq(ctx.db);
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .updateTable('od_datasets')
      .set((eb) => ({ status: 'deleted', change_seq: seq, version: eb('version', '+', 1), modified_at: now }))
      .where('id', '=', before.id)
      .execute();
    await recordVersion(ctx.db, { datasetId: before.id, version: before.version + 1, at: now, actorId: ctx.actor?.userId ?? null, action: 'delete', changes: { status: [before.status, 'deleted'] } });
    await removeDocument(ctx.db, ctx.dialect, DATASET_DOC, before.id);
    await ctx.audit({ action: 'package_delete', subjectType: 'dataset', subjectId: before.id, data: { name: before.name, identifier: before.identifier } });
    return { id: before.id, name: before.name };
  },
});

export const packageHistory = defineAction({
  name: 'package_history',
  description: 'Every recorded change of a dataset: who, when, what changed.',
  input: DatasetRef,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const dataset = visibleOrNotFound(ctx.actor, await loadDataset(ctx, input.id));
    return versionsOf(ctx.db, dataset.id);
  },
});

const Paging = { limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) };

export const packageList = defineAction({
  name: 'package_list',
  description: 'Names of all public datasets.',
  input: Type.Object(Paging),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let query = ctx.db.selectFrom('od_datasets').select('name').where('status', '=', 'published').orderBy('name');
    if (input.limit !== undefined) query = query.limit(input.limit);
    if (input.offset) query = query.offset(input.offset).$if(input.limit === undefined, (q) => q.limit(1_000_000));
    return (await query.execute()).map((r) => r.name);
  },
});

export const currentPackageListWithResources = defineAction({
  name: 'current_package_list_with_resources',
  description: 'Public datasets with resources, most recently modified first.',
  input: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })), page: Type.Optional(Type.Integer({ minimum: 1 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const limit = input.limit ?? 20;
    const offset = input.offset ?? (input.page ? (input.page - 1) * limit : 0);
    const rows = await ctx.db.selectFrom('od_datasets').selectAll().where('status', '=', 'published').orderBy('modified_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
    return hydrate(ctx.db, rows);
  },
});

export const packageAutocomplete = defineAction({
  name: 'package_autocomplete',
  description: 'Datasets whose name or title starts with or contains q.',
  input: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const q = input.q.trim();
    if (!q) return [];
    // LIKE escapes differ between engines; wildcard characters are simply left out of the pattern.
    const like = `%${q.replace(/[\\%_]/g, '')}%`;
    const rows = await ctx.db
      .selectFrom('od_datasets')
      .select(['name', 'title'])
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('name', 'like', like.toLowerCase()), eb('title', 'like', like)]))
      .orderBy('title')
      .limit(input.limit ?? 10)
      .execute();
    return rows.map((r) => {
      const inName = r.name.includes(q.toLowerCase());
      return { name: r.name, title: r.title, match_field: inName ? 'name' : 'title', match_displayed: inName ? r.name : r.title };
    });
  },
});
