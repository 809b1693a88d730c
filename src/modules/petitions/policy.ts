// Who may do what with a proposal. Each action's `load` finds the proposal (and what the rule needs
// from the database); the rules here judge it, before `run`. A proposal someone may not see reads as
// absent (NOT_FOUND), never as forbidden; a visible one they may not act on is FORBIDDEN.
import { isAgencyMember, isModerator, type Actor } from '../../core/actor.js';
import { requireLevel, type AssuranceLevel } from '../../core/assurance.js';
import { AppError, notFound } from '../../core/errors.js';
import { isPublicStatus } from './model.js';
import type { ParticipantFacts, ProposalRow } from './queries.js';

type Visibility = Pick<ProposalRow, 'status' | 'proposer_id'>;

/** Proposer, moderators and admins see proposals that are not public (in review, hidden). */
export function canSeeUnpublished(actor: Actor | null, row: Pick<ProposalRow, 'proposer_id'>): boolean {
  return !!actor && (actor.userId === row.proposer_id || isModerator(actor));
}

/** Drafts are the proposer's alone; published proposals are everyone's. */
export function canSee(actor: Actor | null, row: Visibility): boolean {
  if (row.status === 'draft') return !!actor && actor.userId === row.proposer_id;
  return isPublicStatus(row.status) || canSeeUnpublished(actor, row);
}

export function mayView(actor: Actor | null, row: Visibility): true {
  if (!canSee(actor, row)) throw notFound('petitions.not_found');
  return true;
}

/** Endorsing, withdrawing and the live count concern published proposals only, whoever asks. */
export function mustBePublished(row: Pick<ProposalRow, 'status'>): true {
  if (!isPublicStatus(row.status)) throw notFound('petitions.not_found');
  return true;
}

/** A file is read by whoever may see its proposal, or by a collaborator holding the draft's share link. */
export function mayReadAttachment(actor: Actor | null, row: Visibility & Pick<ProposalRow, 'share_token'>, shareToken: string | undefined): true {
  const shared = !!shareToken && row.share_token === shareToken && row.status === 'draft';
  if (!shared && !canSee(actor, row)) throw notFound('petitions.not_found');
  return true;
}

/** Only the proposer changes a proposal, and only while it is a draft (others do not know it exists). */
export function mayEditDraft(actor: Actor | null, row: Visibility): true {
  if (!actor || row.proposer_id !== actor.userId) throw notFound('petitions.not_found');
  if (row.status !== 'draft') throw new AppError('CONFLICT', 'petitions.not_a_draft');
  return true;
}

/** Moderators review every submitted proposal; drafts are not theirs to see. */
export function mayReview(row: Pick<ProposalRow, 'status'>): true {
  if (row.status === 'draft') throw notFound('petitions.not_found');
  return true;
}

/** The lead agency's staff answer; other agencies (co-organizers included) may not. */
export function isLeadAgency(actor: Actor | null, leadAgencyId: string | null): true {
  if (!leadAgencyId || !isAgencyMember(actor, leadAgencyId)) throw new AppError('FORBIDDEN', 'petitions.not_your_agency');
  return true;
}

/** Agencies act on published proposals only (the rest reads as absent to them), and only as the lead. */
export function mayAnswer(actor: Actor | null, subject: { proposal: Pick<ProposalRow, 'status'>; leadAgencyId: string | null }): true {
  if (!isPublicStatus(subject.proposal.status)) throw notFound('petitions.not_found');
  return isLeadAgency(actor, subject.leadAgencyId);
}

// ---------------------------------------------------------------------------------------------
// Verification: what a proposer and an endorser must have on file.

/**
 * The assurance level proposing and endorsing need today. A nationality the person declared counts
 * only below level 3; at level 3 it must have been verified (a citizen certificate or the federated
 * provider, which also replace the declared value). The step-up settings will pass the level per action.
 */
export const PETITIONS_REQUIRED_LEVEL = 2;

export const eligibleNationality = (nationality: string | null, verified: boolean, requiredLevel = PETITIONS_REQUIRED_LEVEL) =>
  (nationality === 'roc' || nationality === 'residence_permit') && (verified || requiredLevel < 3);

export type VerificationGap = 'name' | 'nickname' | 'phone' | 'mobile' | 'email' | 'address' | 'email_verified' | 'mobile_verified' | 'nationality';

/** What a proposer still lacks: the profile fields on file, both verifications, eligibility. */
export function proposerGaps(p: ParticipantFacts, requiredLevel = PETITIONS_REQUIRED_LEVEL): VerificationGap[] {
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
  if (!eligibleNationality(p.nationality, p.nationalityVerified, requiredLevel)) gaps.push('nationality');
  return gaps;
}

export function endorserGaps(
  p: { email_verified_at: string | null; mobile_verified_at: string | null; nationality: string | null; nationality_verified_at: string | null },
  needsMobile: boolean,
  requiredLevel = PETITIONS_REQUIRED_LEVEL,
): VerificationGap[] {
  const gaps: VerificationGap[] = [];
  if (!p.email_verified_at) gaps.push('email_verified');
  if (needsMobile && !p.mobile_verified_at) gaps.push('mobile_verified');
  if (!eligibleNationality(p.nationality, !!p.nationality_verified_at, requiredLevel)) gaps.push('nationality');
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

/** Submitting needs a complete, verified, eligible proposer (an account gone reads as signed out). */
export function mayPropose(proposer: ParticipantFacts | undefined): true {
  if (!proposer) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  const gaps = proposerGaps(proposer);
  if (gaps.length > 0) throw verificationError('petitions.verify.proposer', gaps);
  return true;
}

/**
 * The session must reach the operator's level for proposing (settings.proposeLevel); below it the
 * answer is STEP_UP_REQUIRED, which sends a person through the step-up sign-in and back.
 */
export const hasProposeLevel = (actor: Actor | null, settings: { proposeLevel: AssuranceLevel }): true => requireLevel(actor, settings.proposeLevel);

/** Endorsing needs a verified, eligible endorser, on a published proposal. */
export function mayEndorse(
  actor: Actor | null,
  row: Pick<ProposalRow, 'status'> & { user_id: string | null; email_verified_at: string | null; mobile_verified_at: string | null; nationality: string | null; nationality_verified_at: string | null },
  settings: { endorserNeedsMobile: boolean; endorseLevel: AssuranceLevel },
): true {
  mustBePublished(row);
  if (!row.user_id) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  const gaps = endorserGaps(row, settings.endorserNeedsMobile);
  if (gaps.length > 0) throw verificationError('petitions.verify.endorser', gaps);
  return requireLevel(actor, settings.endorseLevel);
}
