// Helpers the deliberation actions share: loading a conversation with the right error, the
// participation checks, participant numbers and statement numbers.
import { prepare } from '../../../core/db/prepared.js';
import type { ActionContext } from '../../../core/action.js';
import type { Actor } from '../../../core/actor.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { AppError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { normalizeUserText } from '../../../core/text.js';
import { canManage, conversationStatus, mayTakePart } from '../model.js';
import { findConversation, findParticipantNumber, type ConversationRow } from '../queries.js';

export const SEARCH_DOC = 'deliberation';

export async function loadConversation(ctx: Pick<ActionContext, 'db'>, id: string): Promise<ConversationRow> {
  const row = await findConversation(ctx.db, id);
  if (!row) throw notFound('deliberation.not_found');
  return row;
}

/** Policy helper: the actor runs this conversation (NOT_FOUND when it does not exist). */
export async function managesConversation(ctx: ActionContext, id: string): Promise<boolean> {
  const row = await loadConversation(ctx, id);
  return canManage(ctx.actor, row.agency_id);
}

export type TakePartBlock = 'sign_in' | 'verify' | 'scheduled' | 'closed' | 'read_only';

/** Why this actor cannot vote or write here now, or null when they can. */
export function takePartBlock(actor: Actor | null, c: Pick<ConversationRow, 'participation' | 'opens_at' | 'closes_at' | 'read_only'>, now: Date): TakePartBlock | null {
  if (c.read_only) return 'read_only';
  const status = conversationStatus(c, now);
  if (status === 'closed') return 'closed';
  if (status === 'scheduled') return 'scheduled';
  if (!actor) return 'sign_in';
  if (!mayTakePart(actor, c.participation)) return 'verify';
  return null;
}

const blockErrors: Record<TakePartBlock, AppError> = {
  sign_in: new AppError('UNAUTHENTICATED', 'error.unauthenticated'),
  verify: new AppError('FORBIDDEN', 'deliberation.verified_only'),
  scheduled: new AppError('CONFLICT', 'deliberation.not_open_yet'),
  closed: new AppError('CONFLICT', 'deliberation.closed'),
  read_only: new AppError('CONFLICT', 'deliberation.read_only'),
};

export function ensureCanTakePart(actor: Actor | null, c: Pick<ConversationRow, 'participation' | 'opens_at' | 'closes_at' | 'read_only'>, now: Date): void {
  const block = takePartBlock(actor, c, now);
  if (block) {
    const e = blockErrors[block];
    throw new AppError(e.code, e.message);
  }
}

/** The actor's participant number in this conversation, created on first use. */
export async function participantNumberFor(ctx: ActionContext, conversationId: string, userId: string): Promise<number> {
  const existing = await findParticipantNumber(ctx.db, conversationId, userId);
  if (existing !== null) return existing;
  const counter = await ctx.db
    .updateTable('deliberation_conversations')
    .set((eb) => ({ next_participant: eb('next_participant', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('next_participant')
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insertInto('deliberation_participants')
    .values({ id: newId(), conversation_id: conversationId, number: Number(counter.next_participant) - 1, user_id: userId, source_group: null, created_at: now.toISOString(), day: taipeiDateOf(now) })
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
    .returning('number')
    .executeTakeFirst();
  if (inserted) return Number(counter.next_participant) - 1;
  // Another request of the same person created it first.
  const again = await findParticipantNumber(ctx.db, conversationId, userId);
  if (again === null) throw new AppError('CONFLICT', 'error.conflict');
  return again;
}

/** Reserves `count` consecutive statement numbers and returns the first. */
export async function reserveStatementNumbers(ctx: ActionContext, conversationId: string, count: number): Promise<number> {
  const row = await ctx.db
    .updateTable('deliberation_conversations')
    .set((eb) => ({ next_statement: eb('next_statement', '+', count) }))
    .where('id', '=', conversationId)
    .returning('next_statement')
    .executeTakeFirstOrThrow();
  return Number(row.next_statement) - count;
}

/** Next vote sequence number of a conversation (taken last in a transaction: it locks the row on PostgreSQL). */
export async function nextVoteSeq(ctx: ActionContext, conversationId: string): Promise<number> {
  const [row] = await takeVoteSeq.execute(ctx.db, ctx.dialect, conversationId);
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
