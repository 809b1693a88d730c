// Kysely table types of the deliberation module (declaration merging into core's Database).
import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';
import type { Generated } from 'kysely';

export type ParticipationRule = 'signed_in' | 'verified';
export type ModerationMode = 'strict' | 'permissive';
export type StatementStatus = 'pending' | 'accepted' | 'rejected';

export interface DeliberationConversationsTable {
  id: string;
  agency_id: string;
  topic: string;
  /** Markdown (a small safe subset is rendered). */
  description: string;
  /** Language of the topic and statements: zh-TW or en. */
  language: string;
  /** JSON array of {title, url}. */
  links: string;
  opens_at: string | null;
  closes_at: string | null;
  participation: ParticipationRule;
  moderation: ModerationMode;
  /** 1 when participants may submit statements. */
  participant_statements: number;
  statement_max_length: number;
  /** 1 for imported conversations: nobody votes or writes. */
  read_only: number;
  /** Where an imported conversation came from (the export's url), else null. */
  source: string | null;
  /** Counters: next statement number, next participant number, last vote sequence number. */
  next_statement: number;
  next_participant: number;
  vote_seq: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliberationStatementsTable {
  id: string;
  conversation_id: string;
  /** Per-conversation integer (Polis's comment id / tid). */
  number: number;
  body: string;
  status: StatementStatus;
  is_meta: number;
  is_seed: number;
  author_id: string | null;
  /** Participant number of the author, when the author took part. */
  author_participant: number | null;
  created_at: string;
  moderated_at: string | null;
  moderated_by: string | null;
}

export interface DeliberationParticipantsTable {
  id: string;
  conversation_id: string;
  /** Per-conversation integer (Polis's participant id / voter-id). */
  number: number;
  user_id: string | null;
  /** For imports: the group the source export gave this participant. */
  source_group: number | null;
  created_at: string;
  /** Asia/Taipei calendar day of the first vote (participation over time). */
  day: string;
}

export interface DeliberationVotesTable {
  conversation_id: string;
  participant: number;
  statement: number;
  /** 1 agree, −1 disagree, 0 pass (the export convention). */
  vote: number;
  /** Per-conversation sequence number of the latest change; the math reads votes past its mark. */
  seq: number;
  /** How many times the vote was changed. */
  revisions: Generated<number>;
  created_at: string;
  updated_at: string;
  /** Asia/Taipei calendar day of the first vote on this statement. */
  day: string;
}

export interface DeliberationMathTable {
  conversation_id: string;
  /** Incremented by every stored update; compare-and-set guards concurrent writers. */
  version: number;
  /** Highest vote sequence number included. */
  votes_seq: number;
  /** ConversationMath state (JSON) for warm starts. */
  state: string;
  /** MathResult (JSON). */
  result: string;
  /** JSON object statement number → routing priority. */
  priorities: string;
  computed_at: string;
  duration_ms: number;
  participants: number;
  groups: number;
}

/** The deliberation module's tables; only its own queries see them (tablesOf). */
export interface DeliberationTables {
  deliberation_conversations: DeliberationConversationsTable;
  deliberation_statements: DeliberationStatementsTable;
  deliberation_participants: DeliberationParticipantsTable;
  deliberation_votes: DeliberationVotesTable;
  deliberation_math: DeliberationMathTable;
}

export type DeliberationDb = ModuleDb<DeliberationTables>;
export const deliberationDb = (db: AnyDb): DeliberationDb => tablesOf<DeliberationTables>(db);
