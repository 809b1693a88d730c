// Writing datasets: the domain checks shared by create, update, patch and the importers, the
// version record (who, when, what changed) and the search index.
import type { ActionContext } from '../../../../core/action.js';
import { isUniqueViolation } from '../../../../core/db/adapters.js';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { diff, formatFromUrl, isValidName, licenseById, mediaTypeOf, normalizeFormat, slugFor, type FieldDescription } from '../../model.js';
import { isAgencyStaff } from '../../policy.js';
import {
  allocateIdentifier,
  findAgencyRef,
  findDatasetRow,
  hydrate,
  identifierTaken,
  indexDataset,
  listCategories,
  nameTaken,
  nextChangeSeq,
  recordVersion,
  replaceTags,
  standardFields,
  type AgencyRef,
  type Dataset,
} from '../../queries.js';
import type { DatasetInput, ResourceInput } from '../../schemas.js';
import type { DatasetStatus, OdDatasetsTable, OdResourcesTable } from '../../tables.js';
import { refreshQuality } from '../../quality/quality.js';
import { adoptUpload } from '../../storage.js';
import { opendataDb } from '../../tables.js';

/** Metadata fields compared for the history. */
export const versionedFields = [
  'name',
  'identifier',
  'title',
  'notes',
  'language',
  'fields',
  'agency',
  'contact_name',
  'contact_phone',
  'contact_email',
  'category',
  'tags',
  'provision_type',
  'update_frequency',
  'license_id',
  'license_url',
  'charge',
  'fee',
  'fee_basis',
  'issued',
  'temporal_start',
  'temporal_end',
  'spatial',
  'remarks',
  'data_volume',
  'related_urls',
  'extras',
  'resources',
  'status',
] as const;

export function ensureFound<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return value;
}

/** The dataset as the history compares it (resources reduced to what a reader cares about). */
export function comparable(d: Dataset | null): Record<string, unknown> {
  if (!d) return {};
  return {
    ...d,
    agency: d.agency.code,
    category: d.category.code,
    resources: d.resources.map((r) => ({ id: r.id, name: r.name, format: r.format, url: r.url, encoding: r.encoding, checksum: r.checksum })),
  };
}

export async function loadDataset(ctx: Pick<ActionContext, 'db'>, ref: string): Promise<Dataset> {
  const row = ensureFound(await findDatasetRow(opendataDb(ctx.db), ref));
  return (await hydrate(opendataDb(ctx.db), [row]))[0]!;
}

function cleanTags(tags: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tag = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

function cleanFields(fields: DatasetInput['fields']): FieldDescription[] {
  return (fields ?? []).map((f) => ({ name: f.name.trim(), type: (f.type ?? '').trim(), meaning: (f.meaning ?? '').trim(), ...(f.unit?.trim() ? { unit: f.unit.trim() } : {}) }));
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

/**
 * The agency a dataset is written into: the one `owner_org` names (id or code), else the caller's
 * own for agency staff; null when there is none. Actions read it in `load`, so their policy judges
 * it (mayPublishIn) before anything is written.
 */
export async function targetAgency(ctx: Pick<ActionContext, 'db' | 'actor'>, ownerOrg: string | null | undefined): Promise<AgencyRef | null> {
  if (ownerOrg) return (await findAgencyRef(opendataDb(ctx.db), ownerOrg)) ?? null;
  if (isAgencyStaff(ctx.actor)) return (await findAgencyRef(opendataDb(ctx.db), ctx.actor!.agencyId!)) ?? null;
  return null;
}

/** A dataset to change, and the agency it is to belong to (moved by `owner_org`, else its own). */
export async function datasetAndTarget(ctx: Pick<ActionContext, 'db' | 'actor'>, ref: string, ownerOrg: string | null | undefined): Promise<{ dataset: Dataset; agency: AgencyRef | null }> {
  const dataset = await loadDataset(ctx, ref);
  return { dataset, agency: await targetAgency(ctx, ownerOrg ?? dataset.agency.id) };
}

export interface Prepared {
  row: Omit<OdDatasetsTable, 'id' | 'identifier' | 'name' | 'status' | 'version' | 'change_seq' | 'created_at' | 'created_by' | 'views' | 'downloads' | 'published_at' | 'unpublish_reason' | 'quality_mark' | 'quality_report' | 'formats'>;
  name: string | null;
  identifier: string | null;
  agency: AgencyRef;
  tags: string[];
}

/**
 * Checks the metadata rules beyond the schema; collects every problem before failing. `agency` is
 * the action's targetAgency, already allowed by its policy.
 */
export async function prepareDataset(ctx: ActionContext, input: DatasetInput, agency: AgencyRef | null): Promise<Prepared> {
  const errors: FieldError[] = [];
  if (!agency) errors.push({ field: 'owner_org', message: input.owner_org ? 'opendata.unknown_agency' : 'validation.required' });
  const categories = await listCategories(opendataDb(ctx.db));
  if (!categories.some((c) => c.code === input.category)) errors.push({ field: 'category', message: 'opendata.unknown_category' });
  const licenseId = input.license_id ?? 'ogdl-tw-1.0';
  if (!licenseById(licenseId)) errors.push({ field: 'license_id', message: 'opendata.unknown_license' });
  if (licenseId === 'other' && !blank(input.license_url)) errors.push({ field: 'license_url', message: 'opendata.license_url_required' });
  const charge = input.charge ?? 'free';
  if (charge === 'paid' && !blank(input.fee)) errors.push({ field: 'fee', message: 'opendata.fee_required' });
  if (input.temporal_start && input.temporal_end && input.temporal_end < input.temporal_start) errors.push({ field: 'temporal_end', message: 'opendata.temporal_order' });
  if (input.name !== undefined && !isValidName(input.name)) errors.push({ field: 'name', message: 'opendata.bad_name' });
  const fields = cleanFields(input.fields);
  const seenField = new Set<string>();
  fields.forEach((f, i) => {
    if (seenField.has(f.name)) errors.push({ field: `fields.${i}.name`, message: 'opendata.duplicate_field' });
    seenField.add(f.name);
  });
  (input.resources ?? []).forEach((r, i) => {
    if (!r.url && !r.upload) errors.push({ field: `resources.${i}.url`, message: 'opendata.resource_url_required' });
  });
  if (errors.length > 0) throw new AppError('INVALID', 'error.invalid_input', errors);
  const now = ctx.clock.now().toISOString();
  return {
    name: input.name ?? null,
    identifier: input.identifier ?? null,
    agency: agency!,
    tags: cleanTags(input.tags),
    row: {
      title: input.title.trim(),
      notes: input.notes.trim(),
      language: input.language ?? 'zh-TW',
      fields: JSON.stringify(fields),
      agency_id: agency!.id,
      contact_name: input.contact_name.trim(),
      contact_phone: blank(input.contact_phone),
      contact_email: blank(input.contact_email),
      category: input.category,
      tags: JSON.stringify(cleanTags(input.tags)),
      provision_type: input.provision_type ?? 'open',
      update_frequency: input.update_frequency,
      license_id: licenseId,
      license_url: licenseId === 'other' ? blank(input.license_url) : null,
      charge,
      fee: charge === 'paid' ? blank(input.fee) : null,
      fee_basis: charge === 'paid' ? blank(input.fee_basis) : null,
      issued: input.issued ?? null,
      temporal_start: input.temporal_start ?? null,
      temporal_end: input.temporal_end ?? null,
      spatial: blank(input.spatial),
      remarks: blank(input.remarks),
      data_volume: blank(input.data_volume),
      related_urls: JSON.stringify(input.related_urls ?? []),
      extras: JSON.stringify(input.extras ?? {}),
      source_key: input.source_key ?? null,
      modified_at: now,
    },
  };
}

export function resourceRow(datasetId: string, position: number, input: ResourceInput, now: string, existing?: OdResourcesTable): OdResourcesTable {
  const upload = input.upload;
  const url = upload ? '' : (input.url ?? existing?.url ?? '');
  const format = normalizeFormat(input.format) || (upload ? normalizeFormat(upload.filename.split('.').pop()) : formatFromUrl(url)) || existing?.format || '';
  const name = input.name?.trim() || existing?.name || (upload ? upload.filename : url.split('/').pop()?.split('?')[0] || format || 'resource');
  return {
    id: existing?.id ?? newId(),
    dataset_id: datasetId,
    position,
    name: name.slice(0, 300),
    description: input.description?.trim() ?? existing?.description ?? '',
    format,
    encoding: (input.encoding?.trim() || existing?.encoding || 'UTF-8').toUpperCase(),
    url,
    url_type: upload ? 'upload' : input.url ? 'link' : (existing?.url_type ?? 'link'),
    upload_key: upload ? upload.key : input.url ? null : (existing?.upload_key ?? null),
    size: upload ? upload.size : input.size !== undefined ? input.size : (existing?.size ?? null),
    media_type: upload ? upload.mediaType || mediaTypeOf(format) : (input.media_type ?? existing?.media_type ?? mediaTypeOf(format)),
    checksum: upload ? upload.checksum : input.checksum !== undefined ? input.checksum : (existing?.checksum ?? null),
    checksum_sha1: upload ? (upload.sha1 ?? null) : input.url ? null : (existing?.checksum_sha1 ?? null),
    api_spec_url: input.api_spec_url !== undefined ? input.api_spec_url : (existing?.api_spec_url ?? null),
    last_modified: upload ? now : input.last_modified !== undefined ? input.last_modified : (existing?.last_modified ?? null),
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
}

/** Recomputes the denormalised columns, bumps version and change sequence, records history, reindexes. */
export async function afterChange(ctx: ActionContext, datasetId: string, before: Dataset | null, action: string, note?: string | null): Promise<Dataset> {
  const resources = await opendataDb(ctx.db).selectFrom('od_resources').select('format').where('dataset_id', '=', datasetId).orderBy('position').execute();
  const formats = [...new Set(resources.map((r) => r.format).filter(Boolean))].join(',');
  const seq = await nextChangeSeq(opendataDb(ctx.db));
  const now = ctx.clock.now().toISOString();
  await opendataDb(ctx.db)
    .updateTable('od_datasets')
    .set((eb) => ({ formats, change_seq: seq, version: eb('version', '+', 1), modified_at: now }))
    .where('id', '=', datasetId)
    .execute();
  let after = await loadDataset(ctx, datasetId);
  after = await refreshQuality(ctx, after);
  const changes = diff(comparable(before), comparable(after), [...versionedFields]);
  await recordVersion(opendataDb(ctx.db), { datasetId, version: after.version, at: now, actorId: ctx.actor?.userId ?? null, action, changes, note });
  await indexDataset(opendataDb(ctx.db), ctx.dialect, after);
  return after;
}

export async function insertDataset(ctx: ActionContext, input: DatasetInput, agency: AgencyRef | null, status: DatasetStatus): Promise<Dataset> {
  const prepared = await prepareDataset(ctx, input, agency);
  const errors: FieldError[] = [];
  if (prepared.identifier && (await identifierTaken(opendataDb(ctx.db), prepared.identifier))) errors.push({ field: 'identifier', message: 'opendata.identifier_taken' });
  if (prepared.name && (await nameTaken(opendataDb(ctx.db), prepared.name))) errors.push({ field: 'name', message: 'opendata.name_taken' });
  if (errors.length > 0) throw new AppError('CONFLICT', 'error.invalid_input', errors);
  const identifier = prepared.identifier ?? (await allocateIdentifier(opendataDb(ctx.db)));
  let name = prepared.name ?? slugFor(prepared.row.title, identifier);
  if (!prepared.name && (await nameTaken(opendataDb(ctx.db), name))) name = `dataset-${identifier}`;
  const id = newId();
  const now = ctx.clock.now().toISOString();
  try {
    await opendataDb(ctx.db)
      .insertInto('od_datasets')
      .values({
        ...prepared.row,
        id,
        identifier,
        name,
        status,
        unpublish_reason: null,
        published_at: status === 'published' ? now : null,
        quality_mark: 'none',
        quality_report: null,
        formats: '',
        views: 0,
        downloads: 0,
        version: 0,
        change_seq: 0,
        created_by: ctx.actor?.userId ?? null,
        created_at: now,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'name', message: 'opendata.name_taken' }]);
    throw error;
  }
  await replaceTags(opendataDb(ctx.db), id, prepared.tags);
  for (const [i, r] of (input.resources ?? []).entries()) if (r.upload) await adoptUpload(ctx, r.upload.key, `resources.${i}.upload`);
  const resources = (input.resources ?? []).map((r, i) => resourceRow(id, i, r, now));
  if (resources.length > 0) await opendataDb(ctx.db).insertInto('od_resources').values(resources).execute();
  const dataset = await afterChange(ctx, id, null, 'create');
  await ctx.audit({ action: 'package_create', subjectType: 'dataset', subjectId: id, data: { name, identifier, status } });
  return dataset;
}

/**
 * Replaces a dataset's metadata; resources are replaced only when given (kept by id). The calling
 * action's policy has already allowed the caller on `before` and on `agency` (mayEditAndMove).
 */
export async function updateDataset(ctx: ActionContext, before: Dataset, input: DatasetInput, agency: AgencyRef | null, action = 'update'): Promise<Dataset> {
  const prepared = await prepareDataset(ctx, { ...input, owner_org: input.owner_org ?? before.agency.id }, agency);
  const errors: FieldError[] = [];
  const name = prepared.name ?? before.name;
  const identifier = prepared.identifier ?? before.identifier;
  if (name !== before.name && (await nameTaken(opendataDb(ctx.db), name, before.id))) errors.push({ field: 'name', message: 'opendata.name_taken' });
  if (identifier !== before.identifier && (await identifierTaken(opendataDb(ctx.db), identifier, before.id))) errors.push({ field: 'identifier', message: 'opendata.identifier_taken' });
  if (errors.length > 0) throw new AppError('CONFLICT', 'error.invalid_input', errors);
  await opendataDb(ctx.db)
    .updateTable('od_datasets')
    .set({ ...prepared.row, source_key: prepared.row.source_key ?? before.source_key, name, identifier })
    .where('id', '=', before.id)
    .execute();
  await replaceTags(opendataDb(ctx.db), before.id, prepared.tags);
  if (input.resources) {
    const now = ctx.clock.now().toISOString();
    const existing = new Map((await opendataDb(ctx.db).selectFrom('od_resources').selectAll().where('dataset_id', '=', before.id).execute()).map((r) => [r.id, r]));
    const keep = new Set<string>();
    for (const [i, r] of input.resources.entries()) {
      if (r.upload) await adoptUpload(ctx, r.upload.key, `resources.${i}.upload`);
      const current = r.id ? existing.get(r.id) : undefined;
      const row = resourceRow(before.id, i, r, now, current);
      if (current) {
        keep.add(current.id);
        await opendataDb(ctx.db).updateTable('od_resources').set(row).where('id', '=', current.id).execute();
      } else {
        await opendataDb(ctx.db).insertInto('od_resources').values(row).execute();
      }
    }
    const gone = [...existing.keys()].filter((id) => !keep.has(id));
    if (gone.length > 0) await opendataDb(ctx.db).deleteFrom('od_resources').where('id', 'in', gone).execute();
  }
  const after = await afterChange(ctx, before.id, before, action);
  await ctx.audit({ action: `package_${action}`, subjectType: 'dataset', subjectId: before.id, data: { name: after.name, version: after.version } });
  return after;
}

/** The dataset as an input again (what package_patch merges onto and pages prefill). */
export function toInput(d: Dataset): DatasetInput {
  return {
    name: d.name,
    identifier: d.identifier,
    title: d.title,
    notes: d.notes,
    language: d.language === 'en' ? 'en' : 'zh-TW',
    fields: d.fields.map((f) => ({ name: f.name, type: f.type, meaning: f.meaning, ...(f.unit ? { unit: f.unit } : {}) })),
    owner_org: d.agency.id,
    ...standardFields(d),
    category: d.category.code,
    tags: d.tags,
    license_id: d.license_id,
    license_url: d.license_url,
    extras: d.extras,
  };
}
