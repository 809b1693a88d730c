// Tables that core owns: audit log, outbox, jobs, rate limits, search index, cache versions.
import { sql } from 'kysely';
import type { ModuleMigration } from './migrate.js';

export const coreMigrations: ModuleMigration[] = [
  {
    name: '0001_core_base',
    async up(db, dialect) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();

      await db.schema
        .createTable('outbox_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('transport', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_pending').on('outbox_messages').columns(['channel', 'status', 'created_at']).execute();

      await db.schema
        .createTable('recurring_jobs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('next_run_at', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_run_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('queued_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('unique_key', 'text', (c) => c.unique())
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
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
