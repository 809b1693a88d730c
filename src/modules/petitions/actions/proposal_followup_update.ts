import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError, notFound } from '../../../core/errors.js';
import { userText } from '../../../core/text.js';
import { mayAnswer } from '../policy.js';
import { addEvent } from '../queries.js';
import { FollowupStatusSchema, LIMITS, ProposalId } from '../schemas.js';
import { loadForAgency, notifyAfterCommit, nowIso } from './shared.js';
import { withRole } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/** After the response the agency keeps its follow-up actions' status current, in public. */
export const proposalFollowupUpdate = defineAction({
  name: 'proposal_followup_update',
  input: Type.Object(
    { proposalId: ProposalId, followupId: Type.String({ maxLength: 64 }), status: FollowupStatusSchema, note: Type.Optional(Type.String({ maxLength: LIMITS.note })) },
    { additionalProperties: false },
  ),
  caller: withRole('agency_staff', 'agency_admin'),
  load: (ctx, input) => loadForAgency(ctx, input.proposalId),
  policy: (ctx, _input, subject) => mayAnswer(ctx.actor, subject),
  async run(ctx, input, { proposal: row }) {
    if (row.status !== 'answered') throw new AppError('CONFLICT', 'petitions.followup.not_answered');
    const followup = await petitionsDb(ctx.db).selectFrom('proposal_followups').select(['id', 'description', 'status']).where('id', '=', input.followupId).where('proposal_id', '=', row.id).executeTakeFirst();
    if (!followup) throw notFound();
    const note = input.note ? userText(input.note, 'note') || null : null;
    const now = nowIso(ctx);
    await petitionsDb(ctx.db).updateTable('proposal_followups').set({ status: input.status, status_note: note, updated_at: now, updated_by: ctx.actor!.userId }).where('id', '=', followup.id).execute();
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'followup_updated', at: now, actorId: ctx.actor!.userId, data: { followupId: followup.id, description: followup.description, from: followup.status, status: input.status, note: note ?? '' } });
    await ctx.audit({ action: 'proposal_followup_update', subjectType: 'proposal', subjectId: row.id, data: { followupId: followup.id, from: followup.status, to: input.status, note } });
    notifyAfterCommit(ctx, row.id);
    return { id: followup.id, status: input.status };
  },
});
