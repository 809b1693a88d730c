// Who may do what in a conversation: run it (its agency's staff, platform moderators and admins),
// create one for an agency, take part (vote, write statements) while it is open. Pure rules; the
// actions load the conversation and call these as their policy.
import { isAgencyMember, isModerator, type Actor } from '../../core/actor.js';
import { AppError, forbidden, type ErrorCode } from '../../core/errors.js';
import { conversationStatus, isVisible } from './model.js';
import type { ModerationMode, ParticipationRule, StatementStatus } from './tables.js';

/** Agency staff of the owning agency, platform moderators and admins run a conversation. */
export const canManage = (actor: Actor | null, agencyId: string): boolean => isAgencyMember(actor, agencyId) || isModerator(actor);

export const canCreateConversations = (actor: Actor | null): boolean =>
  !!actor && (actor.role === 'agency_staff' || actor.role === 'agency_admin' || isModerator(actor));

/**
 * "Verified citizens" are accounts whose mobile number has been verified (the strongest identity
 * check the platform has today).
 */
export const isVerifiedCitizen = (actor: Actor | null): boolean => !!actor && actor.mobileVerified;

export function mayTakePart(actor: Actor | null, rule: ParticipationRule): boolean {
  if (!actor) return false;
  return rule === 'signed_in' || isVerifiedCitizen(actor);
}

type ParticipationFacts = { participation: ParticipationRule; opens_at: string | null; closes_at: string | null; read_only: number };

export type TakePartBlock = 'sign_in' | 'verify' | 'scheduled' | 'closed' | 'read_only';

/** Why this actor cannot vote or write here now, or null when they can. */
export function takePartBlock(actor: Actor | null, c: ParticipationFacts, now: Date): TakePartBlock | null {
  if (c.read_only) return 'read_only';
  const status = conversationStatus(c, now);
  if (status === 'closed') return 'closed';
  if (status === 'scheduled') return 'scheduled';
  if (!actor) return 'sign_in';
  if (!mayTakePart(actor, c.participation)) return 'verify';
  return null;
}

const blockErrors: Record<TakePartBlock, [ErrorCode, string]> = {
  sign_in: ['UNAUTHENTICATED', 'error.unauthenticated'],
  verify: ['FORBIDDEN', 'deliberation.verified_only'],
  scheduled: ['CONFLICT', 'deliberation.not_open_yet'],
  closed: ['CONFLICT', 'deliberation.closed'],
  read_only: ['CONFLICT', 'deliberation.read_only'],
};

export function ensureCanTakePart(actor: Actor | null, c: ParticipationFacts, now: Date): true {
  const block = takePartBlock(actor, c, now);
  if (block) throw new AppError(...blockErrors[block]);
  return true;
}

/** Policy of the moderation and editing actions: the actor runs this conversation. */
export const managesConversation = (actor: Actor | null, conversation: { agency_id: string }): boolean => canManage(actor, conversation.agency_id);

/** Policy of creating or importing a conversation for an agency: one's own, or any for moderators. */
export function mayCreateFor(actor: Actor | null, agencyId: string): true {
  if (!isModerator(actor) && agencyId !== actor!.agencyId) throw forbidden('deliberation.other_agency');
  return true;
}

/**
 * Policy of voting: the actor may take part now, and the statement is there and shown (a rejected
 * one, or a pending one under strict moderation, reads as absent).
 */
export function mayVote(actor: Actor | null, target: ParticipationFacts & { moderation: ModerationMode; status: StatementStatus | null }, now: Date): true {
  ensureCanTakePart(actor, target, now);
  if (target.status === null || !isVisible(target.status, target.moderation)) throw new AppError('NOT_FOUND', 'deliberation.no_statement');
  return true;
}

/**
 * Policy of writing a statement: participants while it is open and the conversation takes
 * participants' statements; its managers also before it opens and whatever the participation rule.
 */
export function maySubmitStatement(actor: Actor | null, c: ParticipationFacts & { agency_id: string; participant_statements: number }, now: Date): true {
  const manager = canManage(actor, c.agency_id);
  const block = takePartBlock(actor, c, now);
  if (!manager || block === 'closed' || block === 'read_only') ensureCanTakePart(actor, c, now);
  if (!manager && !c.participant_statements) throw new AppError('FORBIDDEN', 'deliberation.statements_not_allowed');
  return true;
}
