// What the proposal actions share: settings and calendar, loading the proposal an action is about
// (its rules are in ../policy.ts), and notices after commit.
import type { ActionContext } from '../../../core/action.js';
import { notFound } from '../../../core/errors.js';
import type { CalendarConfig } from '../../../core/calendar.js';
import { deliverStepNotices } from '../notify.js';
import { findProposal, leadAgencyId, type ProposalRow } from '../queries.js';
import { calendarFor, loadSettings, type PetitionSettings } from '../settings.js';
import { petitionsDb } from '../tables.js';

export async function settingsOf(ctx: ActionContext): Promise<{ settings: PetitionSettings; cal: CalendarConfig }> {
  const settings = await loadSettings(ctx.db, ctx.services.cache);
  return { settings, cal: calendarFor(settings, ctx.services.calendar?.config) };
}

export const nowIso = (ctx: ActionContext) => ctx.clock.now().toISOString();

/** The proposal, or NOT_FOUND; whether this actor may see or act on it is the policy's to judge. */
export async function loadProposal(ctx: ActionContext, id: string): Promise<ProposalRow> {
  const row = await findProposal(petitionsDb(ctx.db), id);
  if (!row) throw notFound('petitions.not_found');
  return row;
}

/** The draft shared under this link (提議協作), or NOT_FOUND: holding the link is the permission. */
export async function sharedDraft(ctx: ActionContext, shareToken: string): Promise<ProposalRow> {
  const row = await petitionsDb(ctx.db).selectFrom('proposals').selectAll().where('share_token', '=', shareToken).where('status', '=', 'draft').executeTakeFirst();
  if (!row) throw notFound('petitions.share_link_invalid');
  return row;
}

/** The proposal and its lead agency, for the agency's actions (policy: mayAnswer or isLeadAgency). */
export async function loadForAgency(ctx: ActionContext, id: string): Promise<{ proposal: ProposalRow; leadAgencyId: string | null }> {
  const proposal = await loadProposal(ctx, id);
  return { proposal, leadAgencyId: await leadAgencyId(petitionsDb(ctx.db), proposal.id) };
}

/** Step notices go out right after commit; the sweep catches up if this process dies first. */
export function notifyAfterCommit(ctx: ActionContext, proposalId: string): void {
  ctx.afterCommit(async () => {
    await deliverStepNotices(ctx.services, { proposalId });
  });
}

export type { VerificationGap } from '../policy.js';
