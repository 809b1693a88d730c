// The responsible agency's answer (回應): drafted, then published with one of the four outcomes,
// reasons and follow-up actions with dates. Only the lead agency (主辦) answers.
import { Type, type Static } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { compareDates, taipeiDateOf } from '../../../core/calendar.js';
import { AppError, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userLine, userText } from '../../../core/text.js';
import { isLeadAgency, mayAnswer } from '../policy.js';
import { addEvent, type ProposalRow } from '../queries.js';
import { FollowupInput, ProposalId, RespondFields } from '../schemas.js';
import { loadForAgency, notifyAfterCommit, nowIso } from './shared.js';
import { withRole } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/**
 * What the lead agency's answering actions share: the proposal and its lead agency loaded, judged by
 * mayAnswer. Run then checks the proposal is waiting for its answer.
 */
export const answering = {
  caller: withRole('agency_staff', 'agency_admin'),
  load: (ctx: ActionContext, input: { proposalId: string }) => loadForAgency(ctx, input.proposalId),
  policy: (ctx: ActionContext, _input: unknown, subject: AgencySubject) => mayAnswer(ctx.actor, subject),
};

type AgencySubject = Awaited<ReturnType<typeof loadForAgency>>;

/** The proposal, once it is 成案 and not yet answered, with the lead agency's id. */
export function waitingForAnswer({ proposal, leadAgencyId }: AgencySubject): { row: ProposalRow; agencyId: string } {
  if (proposal.status === 'answered') throw new AppError('CONFLICT', 'petitions.respond.already');
  if (proposal.status !== 'established') throw new AppError('CONFLICT', 'petitions.respond.not_established');
  return { row: proposal, agencyId: leadAgencyId! };
}

async function replaceFollowups(ctx: ActionContext, proposalId: string, followUps: Static<typeof FollowupInput>[], now: string): Promise<void> {
  await petitionsDb(ctx.db).deleteFrom('proposal_followups').where('proposal_id', '=', proposalId).execute();
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
  if (rows.length > 0) await petitionsDb(ctx.db).insertInto('proposal_followups').values(rows).execute();
}

async function saveDraft(ctx: ActionContext, row: ProposalRow, agencyId: string, input: Static<typeof RespondInput>, now: string): Promise<void> {
  const existing = await petitionsDb(ctx.db).selectFrom('proposal_responses').select(['proposal_id']).where('proposal_id', '=', row.id).executeTakeFirst();
  const values = { agency_id: agencyId, outcome: input.outcome ?? null, reasons: input.reasons !== undefined ? userText(input.reasons, 'reasons') : '', status: 'draft' as const, updated_at: now, updated_by: ctx.actor!.userId };
  if (existing) {
    const set: Record<string, unknown> = { agency_id: agencyId, updated_at: now, updated_by: ctx.actor!.userId };
    if (input.outcome !== undefined) set.outcome = input.outcome;
    if (input.reasons !== undefined) set.reasons = values.reasons;
    await petitionsDb(ctx.db).updateTable('proposal_responses').set(set).where('proposal_id', '=', row.id).execute();
  } else {
    await petitionsDb(ctx.db).insertInto('proposal_responses').values({ proposal_id: row.id, ...values, published_at: null, published_by: null }).execute();
  }
  if (input.followUps !== undefined) await replaceFollowups(ctx, row.id, input.followUps, now);
}

const RespondInput = Type.Object({ proposalId: ProposalId, ...RespondFields }, { additionalProperties: false });

export const proposalResponseSave = defineAction({
  name: 'proposal_response_save',
  description: 'Saves the lead agency’s draft answer (not public).',
  input: RespondInput,
  ...answering,
  async run(ctx, input, subject) {
    const { row, agencyId } = waitingForAnswer(subject);
    await saveDraft(ctx, row, agencyId, input, nowIso(ctx));
    return { id: row.id, status: 'draft' as const };
  },
});

export const proposalRespond = defineAction({
  name: 'proposal_respond',
  description: 'Publishes the lead agency’s answer: outcome, reasons and follow-up actions. The proposal closes.',
  input: RespondInput,
  ...answering,
  async run(ctx, input, subject) {
    const { row, agencyId } = waitingForAnswer(subject);
    const now = nowIso(ctx);
    await saveDraft(ctx, row, agencyId, input, now);
    const draft = await petitionsDb(ctx.db).selectFrom('proposal_responses').selectAll().where('proposal_id', '=', row.id).executeTakeFirstOrThrow();
    const missing: FieldError[] = [];
    if (!draft.outcome) missing.push({ field: 'outcome', message: 'petitions.respond.outcome_required' });
    if (!draft.reasons.trim()) missing.push({ field: 'reasons', message: 'petitions.respond.reasons_required' });
    if (missing.length > 0) throw new AppError('INVALID', 'petitions.respond.incomplete', missing);
    await petitionsDb(ctx.db).updateTable('proposal_responses').set({ status: 'published', published_at: now, published_by: ctx.actor!.userId }).where('proposal_id', '=', row.id).execute();
    const updated = await petitionsDb(ctx.db)
      .updateTable('proposals')
      .set({ status: 'answered', responded_at: now, closed_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'established')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'petitions.respond.already');
    const onTime = compareDates(taipeiDateOf(ctx.clock.now()), row.response_due_on!) <= 0;
    const followups = await petitionsDb(ctx.db).selectFrom('proposal_followups').select(['description', 'due_on']).where('proposal_id', '=', row.id).orderBy('position').execute();
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'responded', at: now, actorId: ctx.actor!.userId, data: { outcome: draft.outcome, onTime, followUps: followups.length } });
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

/** The saved (unpublished) answer, for the agency's response form. */
export const proposalResponseDraftShow = defineAction({
  name: 'proposal_response_draft_show',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: withRole('agency_staff', 'agency_admin'),
  load: (ctx, input) => loadForAgency(ctx, input.proposalId),
  policy: (ctx, _input, { leadAgencyId }) => isLeadAgency(ctx.actor, leadAgencyId),
  async run(ctx, _input, { proposal: row }) {
    const draft = await petitionsDb(ctx.db).selectFrom('proposal_responses').selectAll().where('proposal_id', '=', row.id).executeTakeFirst();
    const followUps = await petitionsDb(ctx.db).selectFrom('proposal_followups').select(['id', 'description', 'due_on', 'status', 'status_note']).where('proposal_id', '=', row.id).orderBy('position').execute();
    return {
      outcome: draft?.outcome ?? null,
      reasons: draft?.reasons ?? '',
      status: draft?.status ?? null,
      updatedAt: draft?.updated_at ?? null,
      followUps: followUps.map((f) => ({ id: f.id, description: f.description, dueOn: f.due_on, status: f.status, statusNote: f.status_note })),
    };
  },
});
