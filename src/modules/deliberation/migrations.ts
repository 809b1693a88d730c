import { agencyReference, booleanColumn, counterColumn, dateColumn, doubleColumn, idColumn, jsonColumn, referenceColumn, timestampColumn, timestamps } from '../../core/db/columns.js';
import type { ModuleMigration } from '../../core/db/migrate.js';

export const deliberationMigrations: ModuleMigration[] = [
  {
    name: '0500_deliberation',
    async up(db, dialect) {
      await db.schema
        .createTable('deliberation_conversations')
        .addColumn(...idColumn())
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('links', { notNull: true }))
        .addColumn(...timestampColumn('opens_at'))
        .addColumn(...timestampColumn('closes_at'))
        .addColumn('participation', 'text', (c) => c.notNull())
        .addColumn('moderation', 'text', (c) => c.notNull())
        .addColumn('participant_statements', 'integer', (c) => c.notNull())
        .addColumn('statement_max_length', 'integer', (c) => c.notNull())
        .addColumn(...booleanColumn('read_only', { default: false }))
        .addColumn('source', 'text')
        .addColumn(...counterColumn('next_statement'))
        .addColumn(...counterColumn('next_participant'))
        .addColumn(...counterColumn('vote_seq', { big: true }))
        .addColumn('created_by', 'text')
        .$call(timestamps)
        .execute();
      await db.schema.createIndex('deliberation_conversations_agency').on('deliberation_conversations').column('agency_id').execute();

      await db.schema
        .createTable('deliberation_statements')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('conversation_id', 'deliberation_conversations', { notNull: true }))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn(...booleanColumn('is_meta', { default: false }))
        .addColumn(...booleanColumn('is_seed', { default: false }))
        .addColumn('author_id', 'text')
        .addColumn('author_participant', 'integer')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('moderated_at'))
        .addColumn('moderated_by', 'text')
        .addUniqueConstraint('deliberation_statements_number', ['conversation_id', 'number'])
        .execute();
      await db.schema.createIndex('deliberation_statements_author').on('deliberation_statements').columns(['author_id', 'created_at']).execute();

      await db.schema
        .createTable('deliberation_participants')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('conversation_id', 'deliberation_conversations', { notNull: true }))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('source_group', 'integer')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...dateColumn('day', { notNull: true }))
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
        .addColumn(...counterColumn('revisions'))
        .$call(timestamps)
        .addColumn(...dateColumn('day', { notNull: true }))
        .addPrimaryKeyConstraint('deliberation_votes_pk', ['conversation_id', 'participant', 'statement'])
        .execute();
      await db.schema.createIndex('deliberation_votes_seq').on('deliberation_votes').columns(['conversation_id', 'seq']).execute();
      await db.schema.createIndex('deliberation_votes_day').on('deliberation_votes').columns(['conversation_id', 'day']).execute();

      await db.schema
        .createTable('deliberation_math')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('deliberation_conversations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('votes_seq', 'bigint', (c) => c.notNull())
        .addColumn(...jsonColumn('state', { notNull: true }))
        .addColumn(...jsonColumn('result', { notNull: true }))
        .addColumn(...jsonColumn('priorities', { notNull: true }))
        .addColumn(...timestampColumn('computed_at', { notNull: true }))
        .addColumn(...doubleColumn('duration_ms', dialect, { notNull: true }))
        .addColumn('participants', 'integer', (c) => c.notNull())
        .addColumn('groups', 'integer', (c) => c.notNull())
        .execute();
    },
  },
];
