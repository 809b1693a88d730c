// Tables of the citizen-proposals module (提點子). Timestamps are ISO-8601 UTC text; calendar days
// (LocalDate, Asia/Taipei) are 'YYYY-MM-DD' text; lists and rule snapshots are JSON text.
import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';
import type { ColumnType } from 'kysely';

export const proposalStatuses = ['draft', 'in_review', 'hidden', 'endorsing', 'established', 'not_established', 'answered'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

export interface ProposalsTable {
  id: string;
  proposer_id: string;
  title: string;
  content: string;
  benefits: string;
  /** JSON: [{ url, label }] — supporting links (佐證資料). */
  links: string;
  topic: string | null;
  status: ProposalStatus;
  /** JSON snapshot of the rules (PetitionRules) in force when the proposal was submitted. */
  rules: string;
  /** Draft collaboration: a secret link for comments on the draft (提議協作). */
  share_token: string | null;
  submitted_at: string | null;
  review_due_on: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  /** JSON array of hide reason codes. */
  hidden_reasons: string | null;
  hidden_note: string | null;
  duplicate_of: string | null;
  approved_at: string | null;
  endorse_start_on: string | null;
  endorsement_count: ColumnType<number, number | undefined, number>;
  /** How many endorsement stages have reached their threshold (the last one is 成案). */
  stage: ColumnType<number, number | undefined, number>;
  established_at: string | null;
  response_due_on: string | null;
  extension_count: ColumnType<number, number | undefined, number>;
  responded_at: string | null;
  /** When the proposal reached a final state: not established, or answered. */
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AgencyRole = 'lead' | 'co';

export interface ProposalAgenciesTable {
  proposal_id: string;
  agency_id: string;
  role: AgencyRole;
  position: number;
}

export interface ProposalEndorsementsTable {
  id: string;
  proposal_id: string;
  user_id: string;
  comment: string | null;
  created_at: string;
}

export const eventKinds = [
  'created',
  'submitted',
  'approved',
  'hidden',
  'agencies_changed',
  'stage_reached',
  'established',
  'not_established',
  'extended',
  'meeting_added',
  'responded',
  'followup_updated',
] as const;
export type EventKind = (typeof eventKinds)[number];

/** Every step of a proposal, in order: the public timeline and the source of step notices. */
export interface ProposalEventsTable {
  id: string;
  proposal_id: string;
  kind: EventKind;
  at: string;
  actor_id: string | null;
  data: string;
  /** Set once the notices for this step have all been queued (see notify.ts). */
  notified_at: string | null;
}

export interface ProposalFollowsTable {
  proposal_id: string;
  user_id: string;
  created_at: string;
}

export type CommentKind = 'discussion' | 'draft';

export interface ProposalCommentsTable {
  id: string;
  proposal_id: string;
  user_id: string;
  kind: CommentKind;
  body: string;
  created_at: string;
}

export const outcomes = ['study', 'adopt', 'partial', 'reject'] as const;
export type Outcome = (typeof outcomes)[number];

export interface ProposalResponsesTable {
  proposal_id: string;
  agency_id: string;
  outcome: Outcome | null;
  reasons: string;
  status: 'draft' | 'published';
  updated_at: string;
  updated_by: string;
  published_at: string | null;
  published_by: string | null;
}

export const followupStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type FollowupStatus = (typeof followupStatuses)[number];

export interface ProposalFollowupsTable {
  id: string;
  proposal_id: string;
  position: number;
  description: string;
  due_on: string | null;
  status: FollowupStatus;
  status_note: string | null;
  updated_at: string;
  updated_by: string;
}

export interface ProposalExtensionsTable {
  id: string;
  proposal_id: string;
  agency_id: string;
  reasons: string;
  previous_due_on: string;
  new_due_on: string;
  created_at: string;
  created_by: string;
}

export interface ProposalMeetingsTable {
  id: string;
  proposal_id: string;
  held_on: string;
  participants: string;
  minutes_url: string | null;
  video_url: string | null;
  created_at: string;
  created_by: string;
}

export interface ProposalAttachmentsTable {
  id: string;
  proposal_id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_at: string;
}

/** One row per notice already queued: its key makes sending idempotent. */
export interface ProposalNoticesTable {
  key: string;
  proposal_id: string;
  created_at: string;
}

export interface PetitionSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

/** The petitions module's tables; only its own queries see them (tablesOf). */
export interface PetitionsTables {
  proposals: ProposalsTable;
  proposal_agencies: ProposalAgenciesTable;
  proposal_endorsements: ProposalEndorsementsTable;
  proposal_events: ProposalEventsTable;
  proposal_follows: ProposalFollowsTable;
  proposal_comments: ProposalCommentsTable;
  proposal_responses: ProposalResponsesTable;
  proposal_followups: ProposalFollowupsTable;
  proposal_extensions: ProposalExtensionsTable;
  proposal_meetings: ProposalMeetingsTable;
  proposal_attachments: ProposalAttachmentsTable;
  proposal_notices: ProposalNoticesTable;
  petition_settings: PetitionSettingsTable;
}

export type PetitionsDb = ModuleDb<PetitionsTables>;
export const petitionsDb = (db: AnyDb): PetitionsDb => tablesOf<PetitionsTables>(db);
