import { sql } from 'kysely';
import { agencyReference, binaryColumn, counterColumn, dateColumn, idColumn, jsonColumn, referenceColumn, timestampColumn, timestamps, userReference } from '../../core/db/columns.js';
import type { ModuleMigration } from '../../core/db/migrate.js';

export const petitionMigrations: ModuleMigration[] = [
  {
    name: '0400_petitions',
    async up(db, dialect) {
      await db.schema
        .createTable('proposals')
        .addColumn(...idColumn())
        .addColumn(...userReference('proposer_id', { notNull: true }))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('benefits', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('links', { notNull: true }))
        .addColumn('topic', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn(...jsonColumn('rules', { notNull: true }))
        .addColumn('share_token', 'text', (c) => c.unique())
        .addColumn(...timestampColumn('submitted_at'))
        .addColumn(...dateColumn('review_due_on'))
        .addColumn(...timestampColumn('reviewed_at'))
        .addColumn('reviewed_by', 'text')
        .addColumn(...jsonColumn('hidden_reasons'))
        .addColumn('hidden_note', 'text')
        .addColumn(...referenceColumn('duplicate_of', 'proposals'))
        .addColumn(...timestampColumn('approved_at'))
        .addColumn(...dateColumn('endorse_start_on'))
        .addColumn(...counterColumn('endorsement_count'))
        .addColumn(...counterColumn('stage'))
        .addColumn(...timestampColumn('established_at'))
        .addColumn(...dateColumn('response_due_on'))
        .addColumn(...counterColumn('extension_count'))
        .addColumn(...timestampColumn('responded_at'))
        .addColumn(...timestampColumn('closed_at'))
        .$call(timestamps)
        .execute();
      await db.schema.createIndex('proposals_status').on('proposals').columns(['status', 'approved_at']).execute();
      await db.schema.createIndex('proposals_review').on('proposals').columns(['status', 'review_due_on']).execute();
      await db.schema.createIndex('proposals_proposer').on('proposals').columns(['proposer_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_agencies')
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('proposal_agencies_pk', ['proposal_id', 'agency_id'])
        .execute();
      await db.schema.createIndex('proposal_agencies_agency').on('proposal_agencies').columns(['agency_id', 'role']).execute();

      // One endorsement per person per proposal: the unique index is the rule, not a check in code.
      await db.schema
        .createTable('proposal_endorsements')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('comment', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
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
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('at', { notNull: true }))
        .addColumn('actor_id', 'text')
        .addColumn(...jsonColumn('data', { notNull: true }))
        .addColumn(...timestampColumn('notified_at'))
        .execute();
      await db.schema.createIndex('proposal_events_proposal').on('proposal_events').columns(['proposal_id', 'at']).execute();
      await db.schema.createIndex('proposal_events_pending').on('proposal_events').columns(['notified_at', 'at']).execute();

      await db.schema
        .createTable('proposal_follows')
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addPrimaryKeyConstraint('proposal_follows_pk', ['proposal_id', 'user_id'])
        .execute();
      await db.schema.createIndex('proposal_follows_user').on('proposal_follows').columns(['user_id']).execute();

      await db.schema
        .createTable('proposal_comments')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('proposal_comments_proposal').on('proposal_comments').columns(['proposal_id', 'kind', 'created_at']).execute();

      await db.schema
        .createTable('proposal_responses')
        .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('proposals.id'))
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('outcome', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('updated_at', { notNull: true }))
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('published_at'))
        .addColumn('published_by', 'text')
        .execute();

      await db.schema
        .createTable('proposal_followups')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn(...dateColumn('due_on'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_note', 'text')
        .addColumn(...timestampColumn('updated_at', { notNull: true }))
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_followups_proposal').on('proposal_followups').columns(['proposal_id', 'position']).execute();

      await db.schema
        .createTable('proposal_extensions')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn(...dateColumn('previous_due_on', { notNull: true }))
        .addColumn(...dateColumn('new_due_on', { notNull: true }))
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_extensions_proposal').on('proposal_extensions').columns(['proposal_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_meetings')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn(...dateColumn('held_on', { notNull: true }))
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('minutes_url', 'text')
        .addColumn('video_url', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('proposal_meetings_proposal').on('proposal_meetings').columns(['proposal_id', 'held_on']).execute();

      await db.schema
        .createTable('proposal_attachments')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('proposal_id', 'proposals', { notNull: true }))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        // In the database rather than on local disk, so every app process serves the same files.
        .addColumn(...binaryColumn('content', dialect, { notNull: true }))
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('proposal_attachments_proposal').on('proposal_attachments').columns(['proposal_id', 'created_at']).execute();

      await db.schema
        .createTable('proposal_notices')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();

      await db.schema
        .createTable('petition_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn(...jsonColumn('value', { notNull: true }))
        .addColumn(...timestampColumn('updated_at', { notNull: true }))
        .addColumn('updated_by', 'text')
        .execute();
    },
  },
];
