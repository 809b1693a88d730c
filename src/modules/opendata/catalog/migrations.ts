import { agencyReference, booleanColumn, counterColumn, dateColumn, idColumn, jsonColumn, referenceColumn, timestampColumn, timestamps } from '../../../core/db/columns.js';
import type { ModuleMigration } from '../../../core/db/migrate.js';
import { defaultCategories } from '../model.js';

export const opendataMigrations: ModuleMigration[] = [
  {
    name: '0300_opendata_catalog',
    async up(db) {
      await db.schema
        .createTable('od_categories')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      if (defaultCategories.length > 0) {
        await db
          .insertInto('od_categories')
          .values(defaultCategories.map((c, i) => ({ code: c.code, name_zh: c.nameZh, name_en: c.nameEn, position: i + 1 })))
          .execute();
      }

      await db.schema
        .createTable('od_catalog_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('next_serial', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('od_catalog_state').values({ id: 1, seq: 0, next_serial: 100001 }).execute();

      await db.schema
        .createTable('od_datasets')
        .addColumn(...idColumn())
        .addColumn('identifier', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('fields', { notNull: true }))
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('contact_name', 'text', (c) => c.notNull())
        .addColumn('contact_phone', 'text')
        .addColumn('contact_email', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('tags', { notNull: true }))
        .addColumn('provision_type', 'text', (c) => c.notNull())
        .addColumn('update_frequency', 'text', (c) => c.notNull())
        .addColumn('license_id', 'text', (c) => c.notNull())
        .addColumn('license_url', 'text')
        .addColumn('charge', 'text', (c) => c.notNull())
        .addColumn('fee', 'text')
        .addColumn('fee_basis', 'text')
        .addColumn('issued', 'text')
        .addColumn('temporal_start', 'text')
        .addColumn('temporal_end', 'text')
        .addColumn('spatial', 'text')
        .addColumn('remarks', 'text')
        .addColumn('data_volume', 'text')
        .addColumn(...jsonColumn('related_urls', { notNull: true }))
        .addColumn(...jsonColumn('extras', { notNull: true }))
        .addColumn('quality_mark', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('quality_report'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('unpublish_reason', 'text')
        .addColumn(...timestampColumn('published_at'))
        .addColumn('formats', 'text', (c) => c.notNull())
        .addColumn(...counterColumn('views', { big: true }))
        .addColumn(...counterColumn('downloads', { big: true }))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .addColumn('source_key', 'text', (c) => c.unique())
        .addColumn('created_by', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('modified_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('od_datasets_change_seq').on('od_datasets').column('change_seq').execute();
      await db.schema.createIndex('od_datasets_agency').on('od_datasets').columns(['agency_id', 'status']).execute();
      await db.schema.createIndex('od_datasets_modified').on('od_datasets').column('modified_at').execute();

      await db.schema
        .createTable('od_resources')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('dataset_id', 'od_datasets', { notNull: true, onDelete: 'cascade' }))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('url_type', 'text', (c) => c.notNull())
        .addColumn('upload_key', 'text')
        .addColumn('size', 'bigint')
        .addColumn('media_type', 'text')
        .addColumn('checksum', 'text')
        .addColumn('checksum_sha1', 'text')
        .addColumn('api_spec_url', 'text')
        .addColumn('last_modified', 'text')
        .$call(timestamps)
        .execute();
      await db.schema.createIndex('od_resources_dataset').on('od_resources').columns(['dataset_id', 'position']).execute();

      await db.schema
        .createTable('od_dataset_versions')
        .addColumn(...idColumn())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn(...timestampColumn('at', { notNull: true }))
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('changes', { notNull: true }))
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('od_dataset_versions_dataset').on('od_dataset_versions').columns(['dataset_id', 'version']).execute();

      await db.schema
        .createTable('od_dataset_tags')
        .addColumn(...referenceColumn('dataset_id', 'od_datasets', { notNull: true, onDelete: 'cascade' }))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('od_dataset_tags_pk', ['dataset_id', 'tag'])
        .execute();
      await db.schema.createIndex('od_dataset_tags_tag').on('od_dataset_tags').column('tag').execute();

      await db.schema
        .createTable('od_usage_daily')
        .addColumn(...dateColumn('day', { notNull: true }))
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('views', 'bigint', (c) => c.notNull())
        .addColumn('downloads', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('od_usage_daily_pk', ['day', 'dataset_id', 'resource_id'])
        .execute();
      await db.schema.createIndex('od_usage_daily_dataset').on('od_usage_daily').columns(['dataset_id', 'day']).execute();

      await db.schema
        .createTable('od_comments')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('dataset_id', 'od_datasets', { notNull: true, onDelete: 'cascade' }))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn(...booleanColumn('is_agency_answer'))
        .addColumn('parent_id', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('hidden_at'))
        .execute();
      await db.schema.createIndex('od_comments_dataset').on('od_comments').columns(['dataset_id', 'created_at']).execute();

      await db.schema
        .createTable('od_showcases')
        .addColumn(...idColumn())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('image_url', 'text')
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('moderation_note', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('moderated_at'))
        .execute();
      await db.schema
        .createTable('od_showcase_datasets')
        .addColumn(...referenceColumn('showcase_id', 'od_showcases', { notNull: true, onDelete: 'cascade' }))
        .addColumn(...referenceColumn('dataset_id', 'od_datasets', { notNull: true, onDelete: 'cascade' }))
        .addPrimaryKeyConstraint('od_showcase_datasets_pk', ['showcase_id', 'dataset_id'])
        .execute();
    },
  },
  {
    name: '0301_opendata_comment_hiding',
    async up(db) {
      await db.schema.alterTable('od_comments').addColumn('hidden_reason', 'text').execute();
    },
  },
  {
    name: '0302_opendata_harvest_sources',
    async up(db) {
      await db.schema
        .createTable('od_harvest_sources')
        .addColumn(...idColumn())
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('every_hours', 'integer', (c) => c.notNull())
        .addColumn(...booleanColumn('enabled'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('last_started_at'))
        .addColumn(...timestampColumn('last_finished_at'))
        .addColumn(...timestampColumn('last_success_at'))
        .addColumn(...jsonColumn('last_report'))
        .addColumn(...timestampColumn('next_run_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('od_harvest_sources_due').on('od_harvest_sources').columns(['enabled', 'next_run_at']).execute();
      await db.schema.createIndex('od_harvest_sources_agency').on('od_harvest_sources').column('agency_id').execute();
    },
  },
];
