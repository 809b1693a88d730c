// The open data catalog's tables (Kysely types by declaration merging).
import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';
import type { OdRequestTables } from './requests/migrations.js';

export type DatasetStatus = 'draft' | 'published' | 'unpublished' | 'deleted';

export interface OdDatasetsTable {
  id: string;
  /** data.gov.tw-style numeric-looking identifier (資料集識別碼), stable across renames. */
  identifier: string;
  /** CKAN name slug. */
  name: string;
  title: string;
  notes: string;
  language: string;
  /** JSON: [{ name, type, meaning, unit }] (主要欄位說明). */
  fields: string;
  agency_id: string;
  contact_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  category: string;
  /** JSON array of keywords. */
  tags: string;
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
  /** JSON array of URLs. */
  related_urls: string;
  /** JSON object of extra key/values (unknown import columns, CKAN extras). */
  extras: string;
  quality_mark: string;
  /** JSON: the last quality check report. */
  quality_report: string | null;
  status: DatasetStatus;
  unpublish_reason: string | null;
  published_at: string | null;
  /** Upper-case formats of the resources, comma separated (denormalised for facets). */
  formats: string;
  views: number;
  downloads: number;
  /** Revision number, +1 on every recorded change. */
  version: number;
  /** Global change sequence (od_catalog_state.seq) of the last change: drives the search snapshot. */
  change_seq: number;
  /** Where an import took it from (idempotent re-imports); null for datasets made here. */
  source_key: string | null;
  created_by: string | null;
  created_at: string;
  /** 詮釋資料更新時間 */
  modified_at: string;
}

export interface OdResourcesTable {
  id: string;
  dataset_id: string;
  position: number;
  name: string;
  description: string;
  format: string;
  encoding: string;
  url: string;
  url_type: 'link' | 'upload';
  upload_key: string | null;
  size: number | null;
  media_type: string | null;
  checksum: string | null;
  /** SHA-1 of an uploaded file (DCAT-AP's spdx:checksum wants SHA-1). */
  checksum_sha1: string | null;
  api_spec_url: string | null;
  last_modified: string | null;
  created_at: string;
  updated_at: string;
}

export interface OdDatasetVersionsTable {
  id: string;
  dataset_id: string;
  version: number;
  at: string;
  actor_id: string | null;
  action: string;
  /** JSON: { field: [before, after] } */
  changes: string;
  /** Public reason (unpublish) or note. */
  note: string | null;
}

export interface OdDatasetTagsTable {
  dataset_id: string;
  tag: string;
}

export interface OdCategoriesTable {
  code: string;
  name_zh: string;
  name_en: string;
  position: number;
}

export interface OdCatalogStateTable {
  id: number;
  seq: number;
  next_serial: number;
}

export interface OdUsageDailyTable {
  day: string;
  dataset_id: string;
  resource_id: string;
  views: number;
  downloads: number;
}

export interface OdCommentsTable {
  id: string;
  dataset_id: string;
  author_id: string;
  author_name: string;
  body: string;
  /** Set when the publishing agency answers. */
  is_agency_answer: number;
  parent_id: string | null;
  created_at: string;
  hidden_at: string | null;
  /** Public reason a moderator gave for hiding it. */
  hidden_reason: string | null;
}

export interface OdShowcasesTable {
  id: string;
  title: string;
  url: string;
  description: string;
  image_url: string | null;
  author_id: string;
  status: 'pending' | 'approved' | 'rejected';
  moderation_note: string | null;
  created_at: string;
  moderated_at: string | null;
}

export interface OdShowcaseDatasetsTable {
  showcase_id: string;
  dataset_id: string;
}

export interface OdCatalogTables {
  od_datasets: OdDatasetsTable;
  od_resources: OdResourcesTable;
  od_dataset_versions: OdDatasetVersionsTable;
  od_dataset_tags: OdDatasetTagsTable;
  od_categories: OdCategoriesTable;
  od_catalog_state: OdCatalogStateTable;
  od_usage_daily: OdUsageDailyTable;
  od_comments: OdCommentsTable;
  od_showcases: OdShowcasesTable;
  od_showcase_datasets: OdShowcaseDatasetsTable;
}

/** A CKAN site or DCAT feed harvested on a schedule into one agency's catalog. */
export interface OdHarvestSourcesTable {
  id: string;
  agency_id: string;
  kind: 'ckan' | 'dcat';
  url: string;
  every_hours: number;
  /** 1 or 0 */
  enabled: number;
  created_by: string;
  created_at: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  /** Start of the last run whose source was read; CKAN runs ask only for changes since then. */
  last_success_at: string | null;
  /** JSON HarvestReport of the last run. */
  last_report: string | null;
  next_run_at: string;
}

export interface OdHarvestTables {
  od_harvest_sources: OdHarvestSourcesTable;
}

/** The opendata module's tables; only its own queries see them (tablesOf). */
export interface OpendataTables extends OdCatalogTables, OdHarvestTables, OdRequestTables {}

export type OpendataDb = ModuleDb<OpendataTables>;
export const opendataDb = (db: AnyDb): OpendataDb => tablesOf<OpendataTables>(db);
