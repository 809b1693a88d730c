// Helpers the deliberation actions share: loading a conversation (or the agency one is created for)
// with the right error, participant numbers and statement numbers.
import { prepare } from '../../../core/db/prepared.js';
import type { ActionContext } from '../../../core/action.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { AppError, fieldError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { normalizeUserText } from '../../../core/text.js';
import { findConversation, findParticipantNumber, findStatement, type ConversationRow } from '../queries.js';
import type { DeliberationStatementsTable } from '../tables.js';
import { deliberationDb } from '../tables.js';
import { agencyRefByCode } from '../../agencies/published.js';

export const SEARCH_DOC = 'deliberation';

export async function loadConversation(ctx: Pick<ActionContext, 'db'>, id: string): Promise<ConversationRow> {
  const row = await findConversation(deliberationDb(ctx.db), id);
  if (!row) throw notFound('deliberation.not_found');
  return row;
}

/** Loads what a conversation-creating action acts for: the agency named, else the actor's own. */
export async function loadAgencyFor(ctx: Pick<ActionContext, 'db' | 'actor'>, code: string | undefined): Promise<{ agencyId: string }> {
  if (code) {
    const agency = await agencyRefByCode(ctx.db, code);
    if (!agency) throw fieldError('agencyCode', 'deliberation.unknown_agency');
    return { agencyId: agency.id };
  }
  if (ctx.actor?.agencyId) return { agencyId: ctx.actor.agencyId };
  throw fieldError('agencyCode', 'validation.required');
}

/** Loads a conversation and, when it has one, the statement numbered `number` (undefined when absent). */
export async function loadStatementOf(ctx: Pick<ActionContext, 'db'>, conversationId: string, number: number): Promise<{ conversation: ConversationRow; statement: DeliberationStatementsTable | undefined }> {
  const conversation = await loadConversation(ctx, conversationId);
  return { conversation, statement: await findStatement(deliberationDb(ctx.db), conversation.id, number) };
}

/** The actor's participant number in this conversation, created on first use. */
export async function participantNumberFor(ctx: ActionContext, conversationId: string, userId: string): Promise<number> {
  const existing = await findParticipantNumber(deliberationDb(ctx.db), conversationId, userId);
  if (existing !== null) return existing;
  const counter = await deliberationDb(ctx.db)
    .updateTable('deliberation_conversations')
    .set((eb) => ({ next_participant: eb('next_participant', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('next_participant')
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const inserted = await deliberationDb(ctx.db)
    .insertInto('deliberation_participants')
    .values({ id: newId(), conversation_id: conversationId, number: Number(counter.next_participant) - 1, user_id: userId, source_group: null, created_at: now.toISOString(), day: taipeiDateOf(now) })
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
    .returning('number')
    .executeTakeFirst();
  if (inserted) return Number(counter.next_participant) - 1;
  // Another request of the same person created it first.
  const again = await findParticipantNumber(deliberationDb(ctx.db), conversationId, userId);
  if (again === null) throw new AppError('CONFLICT', 'error.conflict');
  return again;
}

/** Reserves `count` consecutive statement numbers and returns the first. */
export async function reserveStatementNumbers(ctx: ActionContext, conversationId: string, count: number): Promise<number> {
  const row = await deliberationDb(ctx.db)
    .updateTable('deliberation_conversations')
    .set((eb) => ({ next_statement: eb('next_statement', '+', count) }))
    .where('id', '=', conversationId)
    .returning('next_statement')
    .executeTakeFirstOrThrow();
  return Number(row.next_statement) - count;
}

/** Next vote sequence number of a conversation (taken last in a transaction: it locks the row on PostgreSQL). */
export async function nextVoteSeq(ctx: ActionContext, conversationId: string): Promise<number> {
  const [row] = await takeVoteSeq.execute(deliberationDb(ctx.db), ctx.dialect, conversationId);
  if (!row) throw new Error(`conversation ${conversationId} vanished while voting`);
  return Number(row.vote_seq);
}

const takeVoteSeq = prepare(1, (db, conversationId: string) =>
  db
    .updateTable('deliberation_conversations')
    .set((eb) => ({ vote_seq: eb('vote_seq', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('vote_seq'),
);

export const normalizeText = normalizeUserText;

/** Key for spotting a statement that is already there (case, width, spacing and final stop ignored). */
export const duplicateKey = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[.!?。！？]+$/u, '');
