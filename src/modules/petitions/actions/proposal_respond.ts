// The responsible agency's answer (回應): drafted, then published with one of the four outcomes,
// reasons and follow-up actions with dates. Only the lead agency (主辦) answers.
import { Type, type Static } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { compareDates, taipeiDateOf } from '../../../core/calendar.js';
import { AppError, notFound, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userLine, userText } from '../../../core/text.js';
import { addEvent, findProposal, leadAgencyId, type ProposalRow } from '../queries.js';
import { FollowupInput, ProposalId, RespondFields } from '../schemas.js';
import { notifyAfterCommit, nowIso, requireLeadAgency } from './shared.js';
import { withRole } from '../../../core/access.js';

async function establishedForLead(ctx: ActionContext, proposalId: string): Promise<{ row: ProposalRow; agencyId: string }> {
  const row = await findProposal(ctx.db, proposalId);
  if (!row || row.status === 'draft' || row.status === 'in_review' || row.status === 'hidden') throw notFound('petitions.not_found');
  const agencyId = await leadAgencyId(ctx.db, row.id);
  requireLeadAgency(ctx, agencyId);
  if (row.status === 'answered') throw new AppError('CONFLICT', 'petitions.respond.already');
  if (row.status !== 'established') throw new AppError('CONFLICT', 'petitions.respond.not_established');
  return { row, agencyId: agencyId! };
}

async function replaceFollowups(ctx: ActionContext, proposalId: string, followUps: Static<typeof FollowupInput>[], now: string): Promise<void> {
  await ctx.db.deleteFrom('proposal_followups').where('proposal_id', '=', proposalId).execute();
  const rows = followUps
    .map((f) => ({ description: userLine(f.description, 'followUps'), dueOn: f.dueOn ?? null }))
    .filter((f) => f.description !== '')
    .map((f, i) => ({
      id: newId(),
      proposal_id: proposalId,
      position: i,
      description: f.description,
      due_on: f.dueOn,
      status: 'planned' as const,
      status_note: null,
      updated_at: now,
      updated_by: ctx.actor!.userId,
    }));
  if (rows.length > 0) await ctx.db.insertInto('proposal_followups').values(rows).execute();
}

async function saveDraft(ctx: ActionContext, row: ProposalRow, agencyId: string, input: Static<typeof RespondInput>, now: string): Promise<void> {
  const existing = await ctx.db.selectFrom('proposal_responses').select(['proposal_id']).where('proposal_id', '=', row.id).executeTakeFirst();
  const values = { agency_id: agencyId, outcome: input.outcome ?? null, reasons: input.reasons !== undefined ? userText(input.reasons, 'reasons') : '', status: 'draft' as const, updated_at: now, updated_by: ctx.actor!.userId };
  if (existing) {
    const set: Record<string, unknown> = { agency_id: agencyId, updated_at: now, updated_by: ctx.actor!.userId };
    if (input.outcome !== undefined) set.outcome = input.outcome;
    if (input.reasons !== undefined) set.reasons = values.reasons;
    await ctx.db.updateTable('proposal_responses').set(set).where('proposal_id', '=', row.id).execute();
  } else {
    await ctx.db.insertInto('proposal_responses').values({ proposal_id: row.id, ...values, published_at: null, published_by: null }).execute();
  }
  if (input.followUps !== undefined) await replaceFollowups(ctx, row.id, input.followUps, now);
}

const RespondInput = Type.Object({ proposalId: ProposalId, ...RespondFields }, { additionalProperties: false });

export const proposalResponseSave = defineAction({
  name: 'proposal_response_save',
  description: 'Saves the lead agency’s draft answer (not public).',
  input: RespondInput,
  caller: withRole('agency_staff', 'agency_admin'),
  async run(ctx, input) {
    const { row, agencyId } = await establishedForLead(ctx, input.proposalId);
    await saveDraft(ctx, row, agencyId, input, nowIso(ctx));
    return { id: row.id, status: 'draft' as const };
  },
});

export const proposalRespond = defineAction({
  name: 'proposal_respond',
  description: 'Publishes the lead agency’s answer: outcome, reasons and follow-up actions. The proposal closes.',
  input: RespondInput,
  caller: withRole('agency_staff', 'agency_admin'),
  async run(ctx, input) {
    const { row, agencyId } = await establishedForLead(ctx, input.proposalId);
    const now = nowIso(ctx);
    await saveDraft(ctx, row, agencyId, input, now);
    const draft = await ctx.db.selectFrom('proposal_responses').selectAll().where('proposal_id', '=', row.id).executeTakeFirstOrThrow();
    const missing: FieldError[] = [];
    if (!draft.outcome) missing.push({ field: 'outcome', message: 'petitions.respond.outcome_required' });
    if (!draft.reasons.trim()) missing.push({ field: 'reasons', message: 'petitions.respond.reasons_required' });
    if (missing.length > 0) throw new AppError('INVALID', 'petitions.respond.incomplete', missing);
    await ctx.db.updateTable('proposal_responses').set({ status: 'published', published_at: now, published_by: ctx.actor!.userId }).where('proposal_id', '=', row.id).execute();
    const updated = await ctx.db
      .updateTable('proposals')
      .set({ status: 'answered', responded_at: now, closed_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'established')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'petitions.respond.already');
    const onTime = compareDates(taipeiDateOf(ctx.clock.now()), row.response_due_on!) <= 0;
    const followups = await ctx.db.selectFrom('proposal_followups').select(['description', 'due_on']).where('proposal_id', '=', row.id).orderBy('position').execute();
    await addEvent(ctx.db, { proposalId: row.id, kind: 'responded', at: now, actorId: ctx.actor!.userId, data: { outcome: draft.outcome, onTime, followUps: followups.length } });
    await ctx.audit({
      action: 'proposal_respond',
      subjectType: 'proposal',
      subjectId: row.id,
      data: { agencyId, outcome: draft.outcome, onTime, dueOn: row.response_due_on, followUps: followups.map((f) => ({ description: f.description, dueOn: f.due_on })) },
    });
    notifyAfterCommit(ctx, row.id);
    return { id: row.id, status: 'answered' as const, outcome: draft.outcome!, onTime };
  },
});

export { establishedForLead };

/** The saved (unpublished) answer, for the agency's response form. */
export const proposalResponseDraftShow = defineAction({
  name: 'proposal_response_draft_show',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: withRole('agency_staff', 'agency_admin'),
  async run(ctx, input) {
    const row = await findProposal(ctx.db, input.proposalId);
    if (!row) throw notFound('petitions.not_found');
    requireLeadAgency(ctx, await leadAgencyId(ctx.db, row.id));
    const draft = await ctx.db.selectFrom('proposal_responses').selectAll().where('proposal_id', '=', row.id).executeTakeFirst();
    const followUps = await ctx.db.selectFrom('proposal_followups').select(['id', 'description', 'due_on', 'status', 'status_note']).where('proposal_id', '=', row.id).orderBy('position').execute();
    return {
      outcome: draft?.outcome ?? null,
      reasons: draft?.reasons ?? '',
      status: draft?.status ?? null,
      updatedAt: draft?.updated_at ?? null,
      followUps: followUps.map((f) => ({ id: f.id, description: f.description, dueOn: f.due_on, status: f.status, statusNote: f.status_note })),
    };
  },
});
