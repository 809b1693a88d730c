// Data requests (索取資料) with their public steps, and each agency's data inventory (盤點).
import { agencyReference, booleanColumn, dateColumn, idColumn, referenceColumn, timestampColumn, timestamps } from '../../../core/db/columns.js';
import type { ModuleMigration } from '../../../core/db/migrate.js';

/** Where a data request stands; see requests.ts for the transitions. */
export type DataRequestStatus =
  | 'pending'
  | 'released'
  | 'terms'
  | 'refused'
  | 'review_agency_group'
  | 'upheld_agency_group'
  | 'review_top_group'
  | 'upheld_top_group'
  | 'release_ordered';

export type DataRequestStepKind =
  | 'submitted'
  | 'released'
  | 'terms'
  | 'refused'
  | 'escalated_agency_group'
  | 'escalated_top_group'
  | 'upheld'
  | 'release_ordered';

/** Who took a step, publicly: never a person, only a side. */
export type DataRequestStepBy = 'requester' | 'agency' | 'agency_group' | 'top_group';

export interface OdDataRequestsTable {
  id: string;
  agency_id: string;
  requester_id: string;
  /** The requester's nickname when they asked: the only thing shown about them. */
  requester_nickname: string;
  title: string;
  description: string;
  purpose: string | null;
  status: DataRequestStatus;
  /** When the agency's current decision period started: submission, or a group's release order. */
  decision_clock_from: string;
  submitted_at: string;
  updated_at: string;
}

export interface OdDataRequestStepsTable {
  id: string;
  request_id: string;
  seq: number;
  kind: DataRequestStepKind;
  by_side: DataRequestStepBy;
  legal_reason: string | null;
  reason: string | null;
  dataset_id: string | null;
  planned_on: string | null;
  terms: string | null;
  created_at: string;
}

export interface OdInventoryItemsTable {
  id: string;
  agency_id: string;
  name: string;
  description: string;
  /** 1 open, 0 not open */
  is_open: number;
  legal_reason: string | null;
  legal_note: string | null;
  dataset_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OdRequestTables {
  od_data_requests: OdDataRequestsTable;
  od_data_request_steps: OdDataRequestStepsTable;
  od_inventory_items: OdInventoryItemsTable;
}

export const requestMigrations: ModuleMigration[] = [
  {
    name: '0320_opendata_data_requests',
    async up(db) {
      await db.schema
        .createTable('od_data_requests')
        .addColumn(...idColumn())
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('requester_nickname', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('decision_clock_from', { notNull: true }))
        .addColumn(...timestampColumn('submitted_at', { notNull: true }))
        .addColumn(...timestampColumn('updated_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('od_data_requests_agency_status').on('od_data_requests').columns(['agency_id', 'status']).execute();
      await db.schema.createIndex('od_data_requests_submitted').on('od_data_requests').column('submitted_at').execute();
      await db.schema
        .createTable('od_data_request_steps')
        .addColumn(...idColumn())
        .addColumn(...referenceColumn('request_id', 'od_data_requests', { notNull: true }))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('by_side', 'text', (c) => c.notNull())
        .addColumn('legal_reason', 'text')
        .addColumn('reason', 'text')
        .addColumn('dataset_id', 'text')
        .addColumn(...dateColumn('planned_on'))
        .addColumn('terms', 'text')
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      // The unique (request, seq) pair makes two concurrent steps on one request collide instead of interleaving.
      await db.schema.createIndex('od_data_request_steps_seq').unique().on('od_data_request_steps').columns(['request_id', 'seq']).execute();
      await db.schema
        .createTable('od_inventory_items')
        .addColumn(...idColumn())
        .addColumn(...agencyReference('agency_id', { notNull: true }))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn(...booleanColumn('is_open'))
        .addColumn('legal_reason', 'text')
        .addColumn('legal_note', 'text')
        .addColumn('dataset_id', 'text')
        .$call(timestamps)
        .execute();
      await db.schema.createIndex('od_inventory_items_agency').on('od_inventory_items').columns(['agency_id', 'name']).execute();
    },
  },
];
