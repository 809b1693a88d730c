// Tables that core owns: audit log, outbox, jobs, rate limits, search index, cache versions.
import { sql } from 'kysely';
import { counterColumn, idColumn, jsonColumn, timestampColumn } from './columns.js';
import type { ModuleMigration } from './migrate.js';

export const coreMigrations: ModuleMigration[] = [
  {
    name: '0001_core_base',
    async up(db, dialect) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn(...timestampColumn('at', { notNull: true }))
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn(...jsonColumn('data', { notNull: true }))
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();

      await db.schema
        .createTable('outbox_messages')
        .addColumn(...idColumn())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('transport', 'text')
        .addColumn(...counterColumn('attempts'))
        .addColumn('last_error', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('sent_at'))
        .execute();
      await db.schema.createIndex('outbox_pending').on('outbox_messages').columns(['channel', 'status', 'created_at']).execute();

      await db.schema
        .createTable('recurring_jobs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn(...timestampColumn('next_run_at', { notNull: true }))
        .addColumn('locked_by', 'text')
        .addColumn(...timestampColumn('locked_until'))
        .addColumn(...timestampColumn('last_run_at'))
        .addColumn('last_error', 'text')
        .addColumn(...counterColumn('runs'))
        .execute();

      await db.schema
        .createTable('queued_tasks')
        .addColumn(...idColumn())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('payload', { notNull: true }))
        .addColumn('unique_key', 'text', (c) => c.unique())
        .addColumn(...timestampColumn('run_at', { notNull: true }))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn(...counterColumn('attempts'))
        .addColumn('locked_by', 'text')
        .addColumn(...timestampColumn('locked_until'))
        .addColumn('last_error', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('queued_tasks_due').on('queued_tasks').columns(['status', 'run_at']).execute();

      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_ends_ms', 'bigint', (c) => c.notNull())
        .execute();

      // Full-text index: one row per searchable document, text pre-tokenised by core/search.
      if (dialect === 'postgres') {
        await db.schema
          .createTable('search_documents')
          .addColumn('doc_type', 'text', (c) => c.notNull())
          .addColumn('doc_id', 'text', (c) => c.notNull())
          .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
          .addPrimaryKeyConstraint('search_documents_pk', ['doc_type', 'doc_id'])
          .execute();
        await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
      } else {
        await sql`create virtual table search_fts using fts5(doc_type unindexed, doc_id unindexed, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
      }
    },
  },
  {
    name: '0002_core_cache_versions',
    async up(db) {
      // One row per named cache (core/cache.ts): bumped on invalidation, read by every process.
      await db.schema
        .createTable('cache_versions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },
  },
];
