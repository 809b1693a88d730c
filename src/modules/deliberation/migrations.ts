import type { ModuleMigration } from '../../core/db/migrate.js';
import { columnTypes } from '../../core/db/adapters.js';

export const deliberationMigrations: ModuleMigration[] = [
  {
    name: '0500_deliberation',
    async up(db, dialect) {
      await db.schema
        .createTable('deliberation_conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('links', 'text', (c) => c.notNull())
        .addColumn('opens_at', 'text')
        .addColumn('closes_at', 'text')
        .addColumn('participation', 'text', (c) => c.notNull())
        .addColumn('moderation', 'text', (c) => c.notNull())
        .addColumn('participant_statements', 'integer', (c) => c.notNull())
        .addColumn('statement_max_length', 'integer', (c) => c.notNull())
        .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('source', 'text')
        .addColumn('next_statement', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_participant', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('vote_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('deliberation_conversations_agency').on('deliberation_conversations').column('agency_id').execute();

      await db.schema
        .createTable('deliberation_statements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('deliberation_conversations.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('is_meta', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_seed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('author_id', 'text')
        .addColumn('author_participant', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('moderated_at', 'text')
        .addColumn('moderated_by', 'text')
        .addUniqueConstraint('deliberation_statements_number', ['conversation_id', 'number'])
        .execute();
      await db.schema.createIndex('deliberation_statements_author').on('deliberation_statements').columns(['author_id', 'created_at']).execute();

      await db.schema
        .createTable('deliberation_participants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('deliberation_conversations.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('source_group', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addUniqueConstraint('deliberation_participants_number', ['conversation_id', 'number'])
        .addUniqueConstraint('deliberation_participants_user', ['conversation_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('deliberation_votes')
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('participant', 'integer', (c) => c.notNull())
        .addColumn('statement', 'integer', (c) => c.notNull())
        .addColumn('vote', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('revisions', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('deliberation_votes_pk', ['conversation_id', 'participant', 'statement'])
        .execute();
      await db.schema.createIndex('deliberation_votes_seq').on('deliberation_votes').columns(['conversation_id', 'seq']).execute();
      await db.schema.createIndex('deliberation_votes_day').on('deliberation_votes').columns(['conversation_id', 'day']).execute();

      await db.schema
        .createTable('deliberation_math')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('deliberation_conversations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('votes_seq', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('priorities', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', columnTypes(dialect).double, (c) => c.notNull())
        .addColumn('participants', 'integer', (c) => c.notNull())
        .addColumn('groups', 'integer', (c) => c.notNull())
        .execute();
    },
  },
];
