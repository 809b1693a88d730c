// Kysely queries for the catalog's tables, and the row <-> view mapping.
import { indexDocument, removeDocument } from '../../core/db/search-adapter.js';
import type { Dialect } from '../../core/db/types.js';
import { newId } from '../../core/ids.js';
import { accountNamesByIds } from '../accounts/published.js';
import { agencyRefByCodeOrId, agencyRefsByIds, type AgencyRef } from '../agencies/published.js';
import type { FieldDescription, QualityCheck } from './model.js';
import type { DatasetInput } from './schemas.js';
import type { DatasetStatus, OdDatasetsTable, OdResourcesTable } from './tables.js';
import { type OpendataDb } from './tables.js';

type Q = OpendataDb;

export const DATASET_DOC = 'dataset';

export type { AgencyRef };

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  position: number;
}

/** A resource row as stored. */
export type Resource = OdResourcesTable;

export interface Dataset {
  id: string;
  identifier: string;
  name: string;
  title: string;
  notes: string;
  language: string;
  fields: FieldDescription[];
  agency: AgencyRef;
  contact_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  category: Category;
  tags: string[];
  provision_type: string;
  update_frequency: string;
  license_id: string;
  license_url: string | null;
  charge: string;
  fee: string | null;
  fee_basis: string | null;
  issued: string | null;
  temporal_start: string | null;
  temporal_end: string | null;
  spatial: string | null;
  remarks: string | null;
  data_volume: string | null;
  related_urls: string[];
  extras: Record<string, string>;
  quality_mark: string;
  quality_report: QualityCheck[] | null;
  /** Content facts per resource from the last check (network or upload inspection). */
  quality_facts: Record<string, unknown>;
  status: DatasetStatus;
  unpublish_reason: string | null;
  published_at: string | null;
  formats: string[];
  views: number;
  downloads: number;
  version: number;
  source_key: string | null;
  created_by: string | null;
  created_at: string;
  modified_at: string;
  resources: Resource[];
}

const parse = <T>(text: string | null, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** The fields of Taiwan's dataset metadata standard as stored: the same in an input and in CKAN's package dict. */
export function standardFields(d: Dataset) {
  return {
    contact_name: d.contact_name,
    contact_phone: d.contact_phone,
    contact_email: d.contact_email,
    provision_type: d.provision_type as DatasetInput['provision_type'],
    update_frequency: d.update_frequency as DatasetInput['update_frequency'],
    charge: d.charge as DatasetInput['charge'],
    fee: d.fee,
    fee_basis: d.fee_basis,
    issued: d.issued,
    temporal_start: d.temporal_start,
    temporal_end: d.temporal_end,
    spatial: d.spatial,
    remarks: d.remarks,
    data_volume: d.data_volume,
    related_urls: d.related_urls,
  };
}

export function toResource(row: OdResourcesTable): Resource {
  return { ...row, size: row.size === null ? null : Number(row.size), position: Number(row.position) };
}

export function toDataset(row: OdDatasetsTable, agency: AgencyRef, category: Category, resources: Resource[]): Dataset {
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    title: row.title,
    notes: row.notes,
    language: row.language,
    fields: parse<FieldDescription[]>(row.fields, []),
    agency,
    contact_name: row.contact_name,
    contact_phone: row.contact_phone,
    contact_email: row.contact_email,
    category,
    tags: parse<string[]>(row.tags, []),
    provision_type: row.provision_type,
    update_frequency: row.update_frequency,
    license_id: row.license_id,
    license_url: row.license_url,
    charge: row.charge,
    fee: row.fee,
    fee_basis: row.fee_basis,
    issued: row.issued,
    temporal_start: row.temporal_start,
    temporal_end: row.temporal_end,
    spatial: row.spatial,
    remarks: row.remarks,
    data_volume: row.data_volume,
    related_urls: parse<string[]>(row.related_urls, []),
    extras: parse<Record<string, string>>(row.extras, {}),
    quality_mark: row.quality_mark,
    quality_report: parse<{ checks?: QualityCheck[] } | null>(row.quality_report, null)?.checks ?? null,
    quality_facts: parse<{ facts?: Record<string, unknown> } | null>(row.quality_report, null)?.facts ?? {},
    status: row.status,
    unpublish_reason: row.unpublish_reason,
    published_at: row.published_at,
    formats: row.formats ? row.formats.split(',') : [],
    views: Number(row.views),
    downloads: Number(row.downloads),
    version: Number(row.version),
    source_key: row.source_key,
    created_by: row.created_by,
    created_at: row.created_at,
    modified_at: row.modified_at,
    resources,
  };
}

export async function listCategories(db: Q): Promise<Category[]> {
  const rows = await db.selectFrom('od_categories').selectAll().orderBy('position').execute();
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, position: Number(r.position) }));
}

const unknownCategory = (code: string): Category => ({ code, nameZh: code, nameEn: code, position: 999 });

export async function findAgencyRef(db: Q, codeOrId: string): Promise<AgencyRef | undefined> {
  return agencyRefByCodeOrId(db, codeOrId);
}

/** Datasets by id, name or identifier (CKAN's package_show accepts id or name). */
export async function findDatasetRow(db: Q, ref: string): Promise<OdDatasetsTable | undefined> {
  return db
    .selectFrom('od_datasets')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref), eb('identifier', '=', ref)]))
    .executeTakeFirst();
}

export async function resourcesOf(db: Q, datasetIds: string[]): Promise<Map<string, Resource[]>> {
  const out = new Map<string, Resource[]>();
  if (datasetIds.length === 0) return out;
  const rows = await db.selectFrom('od_resources').selectAll().where('dataset_id', 'in', datasetIds).orderBy('dataset_id').orderBy('position').execute();
  for (const row of rows) {
    const list = out.get(row.dataset_id) ?? [];
    list.push(toResource(row));
    out.set(row.dataset_id, list);
  }
  return out;
}

/** Full views for rows, with agencies, categories and resources loaded in three queries. */
export async function hydrate(db: Q, rows: OdDatasetsTable[]): Promise<Dataset[]> {
  if (rows.length === 0) return [];
  const agencyById = await agencyRefsByIds(db, rows.map((r) => r.agency_id));
  const categories = new Map((await listCategories(db)).map((c) => [c.code, c]));
  const resources = await resourcesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    toDataset(
      row,
      agencyById.get(row.agency_id) ?? { id: row.agency_id, code: '', nameZh: '', nameEn: '' },
      categories.get(row.category) ?? unknownCategory(row.category),
      resources.get(row.id) ?? [],
    ),
  );
}

export async function datasetsByIds(db: Q, ids: string[]): Promise<Dataset[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('od_datasets').selectAll().where('id', 'in', ids).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return hydrate(db, rows);
}

/** Advances the catalog's change sequence; the search snapshot reloads rows changed after it. */
export async function nextChangeSeq(db: Q): Promise<number> {
  const row = await db
    .updateTable('od_catalog_state')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

export async function currentChangeSeq(db: Q): Promise<number> {
  const row = await db.selectFrom('od_catalog_state').select('seq').where('id', '=', 1).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** A fresh numeric identifier (never one already used, imports included). */
export async function allocateIdentifier(db: Q): Promise<string> {
  for (;;) {
    const row = await db
      .updateTable('od_catalog_state')
      .set((eb) => ({ next_serial: eb('next_serial', '+', 1) }))
      .where('id', '=', 1)
      .returning('next_serial')
      .executeTakeFirstOrThrow();
    const candidate = String(Number(row.next_serial) - 1);
    const taken = await db.selectFrom('od_datasets').select('id').where('identifier', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

export async function nameTaken(db: Q, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('od_datasets').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function identifierTaken(db: Q, identifier: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('od_datasets').select('id').where('identifier', '=', identifier);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function replaceTags(db: Q, datasetId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('od_dataset_tags').where('dataset_id', '=', datasetId).execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0) await db.insertInto('od_dataset_tags').values(unique.map((tag) => ({ dataset_id: datasetId, tag }))).execute();
}

export async function recordVersion(
  db: Q,
  entry: { datasetId: string; version: number; at: string; actorId: string | null; action: string; changes: Record<string, unknown>; note?: string | null },
): Promise<void> {
  await db
    .insertInto('od_dataset_versions')
    .values({
      id: newId(),
      dataset_id: entry.datasetId,
      version: entry.version,
      at: entry.at,
      actor_id: entry.actorId,
      action: entry.action,
      changes: JSON.stringify(entry.changes),
      note: entry.note ?? null,
    })
    .execute();
}

export async function versionsOf(db: Q, datasetId: string) {
  const rows = await db
    .selectFrom('od_dataset_versions')
    .select(['version', 'at', 'actor_id', 'action', 'changes', 'note'])
    .where('dataset_id', '=', datasetId)
    .orderBy('version', 'desc')
    .execute();
  const names = await accountNamesByIds(db, rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])));
  return rows.map((r) => {
    const actor = r.actor_id ? names.get(r.actor_id) : undefined;
    return {
      version: Number(r.version),
      at: r.at,
      actorId: r.actor_id,
      actorName: actor?.nickname ?? actor?.name ?? (r.actor_id === 'system' ? 'system' : null),
      action: r.action,
      changes: parse<Record<string, [unknown, unknown]>>(r.changes, {}),
      note: r.note,
    };
  });
}

/** The text the full-text index holds for a dataset: title twice (it matters most), then the rest. */
export function searchText(d: Pick<Dataset, 'title' | 'notes' | 'fields' | 'tags' | 'identifier' | 'name' | 'agency' | 'category'>): string {
  const fields = d.fields.map((f) => `${f.name} ${f.meaning ?? ''} ${f.unit ?? ''}`).join(' ');
  return [d.title, d.title, d.tags.join(' '), d.notes, fields, d.agency.nameZh, d.agency.nameEn, d.category.nameZh, d.identifier, d.name.replace(/[-_]/g, ' ')].join('\n');
}

export async function indexDataset(db: Q, dialect: Dialect, dataset: Dataset): Promise<void> {
  if (dataset.status === 'deleted') await removeDocument(db, dialect, DATASET_DOC, dataset.id);
  else await indexDocument(db, dialect, DATASET_DOC, dataset.id, searchText(dataset));
}
