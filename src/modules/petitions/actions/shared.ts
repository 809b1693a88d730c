// What the proposal actions share: settings and calendar, loading a proposal the actor may see,
// the verification rules, and notices after commit.
import type { ActionContext } from '../../../core/action.js';
import { isAgencyMember, isModerator, type Actor } from '../../../core/actor.js';
import { AppError, notFound } from '../../../core/errors.js';
import type { CalendarConfig } from '../../../core/calendar.js';
import { isPublicStatus } from '../model.js';
import { deliverStepNotices } from '../notify.js';
import { findProposal, participantFacts, type ParticipantFacts, type ProposalRow } from '../queries.js';
import { calendarFor, loadSettings, type PetitionSettings } from '../settings.js';

export async function settingsOf(ctx: ActionContext): Promise<{ settings: PetitionSettings; cal: CalendarConfig }> {
  const settings = await loadSettings(ctx.db, ctx.services.cache);
  return { settings, cal: calendarFor(settings, ctx.services.calendar?.config) };
}

export const nowIso = (ctx: ActionContext) => ctx.clock.now().toISOString();

/** Proposer, moderators and admins see proposals that are not public (drafts, in review, hidden). */
export function canSeeUnpublished(actor: Actor | null, row: Pick<ProposalRow, 'proposer_id'>): boolean {
  return !!actor && (actor.userId === row.proposer_id || isModerator(actor));
}

export function canSee(actor: Actor | null, row: ProposalRow): boolean {
  if (row.status === 'draft') return !!actor && actor.userId === row.proposer_id;
  return isPublicStatus(row.status) || canSeeUnpublished(actor, row);
}

/** The proposal, or NOT_FOUND when it does not exist or this actor may not see it. */
export async function visibleProposal(ctx: ActionContext, id: string): Promise<ProposalRow> {
  const row = await findProposal(ctx.db, id);
  if (!row || !canSee(ctx.actor, row)) throw notFound('petitions.not_found');
  return row;
}

export async function ownDraft(ctx: ActionContext, id: string): Promise<ProposalRow> {
  const row = await findProposal(ctx.db, id);
  if (!row || row.proposer_id !== ctx.actor?.userId) throw notFound('petitions.not_found');
  if (row.status !== 'draft') throw new AppError('CONFLICT', 'petitions.not_a_draft');
  return row;
}

export const eligibleNationality = (n: string | null) => n === 'roc' || n === 'residence_permit';

export type VerificationGap = 'name' | 'nickname' | 'phone' | 'mobile' | 'email' | 'address' | 'email_verified' | 'mobile_verified' | 'nationality';

/** What a proposer still lacks: the profile fields on file, both verifications, eligibility. */
export function proposerGaps(p: ParticipantFacts): VerificationGap[] {
  const gaps: VerificationGap[] = [];
  const blank = (v: string | null) => !v || v.trim() === '';
  if (blank(p.name)) gaps.push('name');
  if (blank(p.nickname)) gaps.push('nickname');
  if (blank(p.phone)) gaps.push('phone');
  if (blank(p.mobile)) gaps.push('mobile');
  if (blank(p.email)) gaps.push('email');
  if (blank(p.address)) gaps.push('address');
  if (!p.emailVerified) gaps.push('email_verified');
  if (!p.mobileVerified) gaps.push('mobile_verified');
  if (!eligibleNationality(p.nationality)) gaps.push('nationality');
  return gaps;
}

export function endorserGaps(p: { email_verified_at: string | null; mobile_verified_at: string | null; nationality: string | null }, needsMobile: boolean): VerificationGap[] {
  const gaps: VerificationGap[] = [];
  if (!p.email_verified_at) gaps.push('email_verified');
  if (needsMobile && !p.mobile_verified_at) gaps.push('mobile_verified');
  if (!eligibleNationality(p.nationality)) gaps.push('nationality');
  return gaps;
}

/** FORBIDDEN with the first missing step named, and every gap listed as a field error. */
export function verificationError(message: string, gaps: VerificationGap[]): AppError {
  return new AppError(
    'FORBIDDEN',
    message,
    gaps.map((g) => ({ field: `verification.${g}`, message: `petitions.gap.${g}` })),
    { missing: gaps.length },
  );
}

export async function requireVerifiedProposer(ctx: ActionContext): Promise<ParticipantFacts> {
  const p = await participantFacts(ctx.db, ctx.actor!.userId);
  if (!p) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  const gaps = proposerGaps(p);
  if (gaps.length > 0) throw verificationError('petitions.verify.proposer', gaps);
  return p;
}

/** The lead agency's staff answer; other agencies (co-organizers included) may not. */
export function requireLeadAgency(ctx: ActionContext, leadAgencyId: string | null): void {
  if (!leadAgencyId || !isAgencyMember(ctx.actor, leadAgencyId)) throw new AppError('FORBIDDEN', 'petitions.not_your_agency');
}

export const isAgencyRole = (a: Actor | null) => a?.role === 'agency_staff' || a?.role === 'agency_admin';

/** Step notices go out right after commit; the sweep catches up if this process dies first. */
export function notifyAfterCommit(ctx: ActionContext, proposalId: string): void {
  ctx.afterCommit(async () => {
    await deliverStepNotices(ctx.services, { proposalId });
  });
}
