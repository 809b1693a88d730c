// Kysely queries for the deliberation tables.
import type { MathResult } from './math/types.js';
import { conversationStatus } from './model.js';
import type { Conversation, ConversationSummary, Link, Statement } from './schemas.js';
import type { DeliberationConversationsTable, DeliberationStatementsTable } from './tables.js';
import { type DeliberationDb } from './tables.js';
import { agencyRefById, agencyRefsByIds } from '../agencies/published.js';

type Db = DeliberationDb;

export type ConversationRow = DeliberationConversationsTable & { agency_code: string };

export async function findConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  const row = await db.selectFrom('deliberation_conversations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const agency = await agencyRefById(db, row.agency_id);
  return agency && { ...row, agency_code: agency.code };
}

export function parseLinks(text: string): Link[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as Link[]) : [];
  } catch {
    return [];
  }
}

export function toConversation(row: ConversationRow, now: Date): Conversation {
  return {
    id: row.id,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    topic: row.topic,
    description: row.description,
    language: row.language,
    links: parseLinks(row.links),
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    status: conversationStatus(row, now),
    participation: row.participation,
    moderation: row.moderation,
    participantStatements: !!row.participant_statements,
    statementMaxLength: row.statement_max_length,
    readOnly: !!row.read_only,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listConversations(db: Db, now: Date, agencyId?: string): Promise<ConversationSummary[]> {
  let query = db
    .selectFrom('deliberation_conversations as c')
    .select(['c.id', 'c.topic', 'c.language', 'c.read_only', 'c.opens_at', 'c.closes_at', 'c.created_at', 'c.agency_id'])
    .select((eb) => [
      eb.selectFrom('deliberation_participants as p').select(eb.fn.countAll<number>().as('n')).whereRef('p.conversation_id', '=', 'c.id').as('participants'),
      eb
        .selectFrom('deliberation_statements as s')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('s.conversation_id', '=', 'c.id')
        .where('s.status', '!=', 'rejected')
        .as('statements'),
    ])
    .orderBy('c.created_at', 'desc');
  if (agencyId) query = query.where('c.agency_id', '=', agencyId);
  const found = await query.execute();
  const agencies = await agencyRefsByIds(db, found.map((r) => r.agency_id));
  const rows = found.flatMap((r) => {
    const agency = agencies.get(r.agency_id);
    return agency ? [{ ...r, agency_code: agency.code }] : [];
  });
  return rows.map((r) => ({
    id: r.id,
    agencyCode: r.agency_code,
    topic: r.topic,
    language: r.language,
    status: conversationStatus(r, now),
    readOnly: !!r.read_only,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    participants: Number(r.participants ?? 0),
    statements: Number(r.statements ?? 0),
    createdAt: r.created_at,
  }));
}

export async function listStatements(db: Db, conversationId: string): Promise<DeliberationStatementsTable[]> {
  return db.selectFrom('deliberation_statements').selectAll().where('conversation_id', '=', conversationId).orderBy('number').execute();
}

export function toStatement(row: DeliberationStatementsTable): Statement {
  return { number: row.number, body: row.body, status: row.status, isMeta: !!row.is_meta, isSeed: !!row.is_seed, createdAt: row.created_at };
}

export async function findStatement(db: Db, conversationId: string, number: number): Promise<DeliberationStatementsTable | undefined> {
  return db.selectFrom('deliberation_statements').selectAll().where('conversation_id', '=', conversationId).where('number', '=', number).executeTakeFirst();
}

export async function findParticipantNumber(db: Db, conversationId: string, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('deliberation_participants')
    .select('number')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? row.number : null;
}

export async function participantVotes(db: Db, conversationId: string, participant: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('deliberation_votes')
    .select(['statement', 'vote'])
    .where('conversation_id', '=', conversationId)
    .where('participant', '=', participant)
    .execute();
  return new Map(rows.map((r) => [r.statement, r.vote]));
}

/** Routing priorities of the latest math update, or null before the first one. */
export async function loadPriorities(db: Db, conversationId: string): Promise<Map<number, number> | null> {
  const row = await db.selectFrom('deliberation_math').select('priorities').where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!row) return null;
  const parsed = JSON.parse(row.priorities) as Record<string, number>;
  return new Map(Object.entries(parsed).map(([k, v]) => [Number(k), v]));
}

export interface StoredResult {
  version: number;
  computedAt: string;
  durationMs: number;
  votesSeq: number;
  result: MathResult;
}

// Parsed results by conversation, reused while the stored version is unchanged (a large
// conversation's result is megabytes of JSON; the version check is one small query).
const parsedResults = new Map<string, StoredResult>();
const MAX_PARSED = 8;

export async function loadResult(db: Db, conversationId: string): Promise<StoredResult | null> {
  const head = await db.selectFrom('deliberation_math').select(['version']).where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!head) return null;
  const cached = parsedResults.get(conversationId);
  if (cached && cached.version === head.version) return cached;
  const row = await db
    .selectFrom('deliberation_math')
    .select(['version', 'computed_at', 'duration_ms', 'votes_seq', 'result'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row) return null;
  const stored = { version: row.version, computedAt: row.computed_at, durationMs: Number(row.duration_ms), votesSeq: Number(row.votes_seq), result: JSON.parse(row.result) as MathResult };
  parsedResults.delete(conversationId);
  parsedResults.set(conversationId, stored);
  while (parsedResults.size > MAX_PARSED) parsedResults.delete(parsedResults.keys().next().value as string);
  return stored;
}

export interface MathStatus {
  version: number;
  votesSeq: number;
  computedAt: string;
  durationMs: number;
  participants: number;
  groups: number;
}

export async function loadMathStatus(db: Db, conversationId: string): Promise<MathStatus | null> {
  const row = await db
    .selectFrom('deliberation_math')
    .select(['version', 'votes_seq', 'computed_at', 'duration_ms', 'participants', 'groups'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row
    ? { version: row.version, votesSeq: Number(row.votes_seq), computedAt: row.computed_at, durationMs: Number(row.duration_ms), participants: row.participants, groups: row.groups }
    : null;
}

export interface VoteRows {
  participantId: Int32Array;
  commentId: Int32Array;
  vote: Int8Array;
  time: Float64Array;
  maxSeq: number;
}

function toColumns(rows: { participant: number; statement: number; vote: number; seq: number }[]): VoteRows {
  const n = rows.length;
  const out: VoteRows = { participantId: new Int32Array(n), commentId: new Int32Array(n), vote: new Int8Array(n), time: new Float64Array(n), maxSeq: 0 };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const seq = Number(r.seq);
    out.participantId[i] = r.participant;
    out.commentId[i] = r.statement;
    out.vote[i] = r.vote;
    out.time[i] = seq;
    if (seq > out.maxSeq) out.maxSeq = seq;
  }
  return out;
}

/** Votes changed after sequence number `afterSeq`, in sequence order (for an incremental update). */
export async function votesSince(db: Db, conversationId: string, afterSeq: number): Promise<VoteRows> {
  const rows = await db
    .selectFrom('deliberation_votes')
    .select(['participant', 'statement', 'vote', 'seq'])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
  return toColumns(rows);
}

/** Every current vote, scanned by (statement, participant) as a one-shot recompute reads them (spec §2.2). */
export async function allVotes(db: Db, conversationId: string): Promise<VoteRows> {
  const rows = await db
    .selectFrom('deliberation_votes')
    .select(['participant', 'statement', 'vote', 'seq'])
    .where('conversation_id', '=', conversationId)
    .orderBy('statement')
    .orderBy('participant')
    .execute();
  return toColumns(rows);
}

export async function currentVoteSeq(db: Db, conversationId: string): Promise<number> {
  const row = await db.selectFrom('deliberation_conversations').select('vote_seq').where('id', '=', conversationId).executeTakeFirst();
  return Number(row?.vote_seq ?? 0);
}

export interface ActivityRow {
  day: string;
  votes: number;
  participants: number;
}

/** Votes (first vote per statement) and new participants per Asia/Taipei day. */
export async function activityByDay(db: Db, conversationId: string): Promise<ActivityRow[]> {
  const votes = await db
    .selectFrom('deliberation_votes')
    .select(['day', (eb) => eb.fn.countAll<number>().as('n')])
    .where('conversation_id', '=', conversationId)
    .groupBy('day')
    .execute();
  const people = await db
    .selectFrom('deliberation_participants')
    .select(['day', (eb) => eb.fn.countAll<number>().as('n')])
    .where('conversation_id', '=', conversationId)
    .groupBy('day')
    .execute();
  const byDay = new Map<string, ActivityRow>();
  for (const v of votes) byDay.set(v.day, { day: v.day, votes: Number(v.n), participants: 0 });
  for (const p of people) {
    const row = byDay.get(p.day) ?? { day: p.day, votes: 0, participants: 0 };
    row.participants = Number(p.n);
    byDay.set(p.day, row);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

export async function sourceGroups(db: Db, conversationId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('deliberation_participants')
    .select(['number', 'source_group'])
    .where('conversation_id', '=', conversationId)
    .where('source_group', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.number, r.source_group!]));
}

export async function statementsByAuthorSince(db: Db, userId: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('deliberation_statements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', userId)
    .where('created_at', '>=', sinceIso)
    .where('is_seed', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every current vote with its time, for the Polis export. */
export async function exportVotes(db: Db, conversationId: string) {
  return db
    .selectFrom('deliberation_votes')
    .select(['participant', 'statement', 'vote', 'updated_at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('statement')
    .orderBy('participant')
    .execute();
}

export async function participantCount(db: Db, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('deliberation_participants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
