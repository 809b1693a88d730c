import { sql } from 'kysely';
import { columnTypes } from '../../core/db/adapters.js';
import type { ModuleMigration } from '../../core/db/migrate.js';

export const petitionMigrations: ModuleMigration[] = [
  {
    name: '0400_petitions',
    async up(db, dialect) {
      await db.schema
        .createTable('proposals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposer_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('benefits', 'text', (c) => c.notNull())
        .addColumn('links', 'text', (c) => c.notNull())
        .addColumn('topic', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('share_token', 'text', (c) => c.unique())
        .addColumn('submitted_at', 'text')
        .addColumn('review_due_on', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('hidden_reasons', 'text')
        .addColumn('hidden_note', 'text')
        .addColumn('duplicate_of', 'text', (c) => c.references('proposals.id'))
        .addColumn('approved_at', 'text')
        .addColumn('endorse_start_on', 'text')
        .addColumn('endorsement_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('stage', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('established_at', 'text')
        .addColumn('response_due_on', 'text')
        .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('responded_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposals_status').on('proposals').columns(['status', 'approved_at']).execute();
      await db.schema.createIndex('proposals_review').on('proposals').columns(['status', 'review_due_on']).execute();
      await db.schema.createIndex('proposals_proposer').on('proposals').columns(['proposer_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_agencies')
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('proposal_agencies_pk', ['proposal_id', 'agency_id'])
        .execute();
      await db.schema.createIndex('proposal_agencies_agency').on('proposal_agencies').columns(['agency_id', 'role']).execute();

      // One endorsement per person per proposal: the unique index is the rule, not a check in code.
      await db.schema
        .createTable('proposal_endorsements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_endorsements_once').on('proposal_endorsements').columns(['proposal_id', 'user_id']).unique().execute();
      // Only endorsements with a public comment are listed on the page; most have none.
      await db.schema
        .createIndex('proposal_endorsements_comments')
        .on('proposal_endorsements')
        .columns(['proposal_id', 'created_at'])
        .where(sql.ref('comment'), 'is not', null)
        .execute();

      await db.schema
        .createTable('proposal_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('notified_at', 'text')
        .execute();
      await db.schema.createIndex('proposal_events_proposal').on('proposal_events').columns(['proposal_id', 'at']).execute();
      await db.schema.createIndex('proposal_events_pending').on('proposal_events').columns(['notified_at', 'at']).execute();

      await db.schema
        .createTable('proposal_follows')
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('proposal_follows_pk', ['proposal_id', 'user_id'])
        .execute();
      await db.schema.createIndex('proposal_follows_user').on('proposal_follows').columns(['user_id']).execute();

      await db.schema
        .createTable('proposal_comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_comments_proposal').on('proposal_comments').columns(['proposal_id', 'kind', 'created_at']).execute();

      await db.schema
        .createTable('proposal_responses')
        .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('proposals.id'))
        .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('outcome', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('published_by', 'text')
        .execute();

      await db.schema
        .createTable('proposal_followups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_followups_proposal').on('proposal_followups').columns(['proposal_id', 'position']).execute();

      await db.schema
        .createTable('proposal_extensions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('previous_due_on', 'text', (c) => c.notNull())
        .addColumn('new_due_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_extensions_proposal').on('proposal_extensions').columns(['proposal_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('held_on', 'text', (c) => c.notNull())
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('minutes_url', 'text')
        .addColumn('video_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_meetings_proposal').on('proposal_meetings').columns(['proposal_id', 'held_on']).execute();

      await db.schema
        .createTable('proposal_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        // In the database rather than on local disk, so every app process serves the same files.
        .addColumn('content', columnTypes(dialect).blob, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_attachments_proposal').on('proposal_attachments').columns(['proposal_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_notices')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('petition_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
    },
  },
];
