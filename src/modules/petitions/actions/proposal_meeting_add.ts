import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userText } from '../../../core/text.js';
import { addEvent, findProposal, leadAgencyId } from '../queries.js';
import { LIMITS, LocalDateString, ProposalId, Url } from '../schemas.js';
import { safeHref } from '../text.js';
import { notifyAfterCommit, nowIso, requireLeadAgency } from './shared.js';
import { withRole } from '../../../core/access.js';

/** Records a meeting with the proposer (date, participants, minutes and video links). */
export const proposalMeetingAdd = defineAction({
  name: 'proposal_meeting_add',
  input: Type.Object(
    {
      proposalId: ProposalId,
      heldOn: LocalDateString,
      participants: Type.String({ minLength: 1, maxLength: LIMITS.participants }),
      minutesUrl: Type.Optional(Url),
      videoUrl: Type.Optional(Url),
    },
    { additionalProperties: false },
  ),
  caller: withRole('agency_staff', 'agency_admin'),
  async run(ctx, input) {
    const row = await findProposal(ctx.db, input.proposalId);
    if (!row || !['established', 'answered'].includes(row.status)) {
      if (row && ['endorsing', 'not_established'].includes(row.status)) throw new AppError('CONFLICT', 'petitions.respond.not_established');
      throw notFound('petitions.not_found');
    }
    requireLeadAgency(ctx, await leadAgencyId(ctx.db, row.id));
    const participants = userText(input.participants, 'participants');
    if (!participants) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'participants', message: 'validation.required' }]);
    const now = nowIso(ctx);
    const id = newId();
    await ctx.db
      .insertInto('proposal_meetings')
      .values({
        id,
        proposal_id: row.id,
        held_on: input.heldOn,
        participants,
        minutes_url: input.minutesUrl ? safeHref(input.minutesUrl) : null,
        video_url: input.videoUrl ? safeHref(input.videoUrl) : null,
        created_at: now,
        created_by: ctx.actor!.userId,
      })
      .execute();
    await addEvent(ctx.db, { proposalId: row.id, kind: 'meeting_added', at: now, actorId: ctx.actor!.userId, data: { heldOn: input.heldOn } });
    await ctx.audit({ action: 'proposal_meeting_add', subjectType: 'proposal', subjectId: row.id, data: { meetingId: id, heldOn: input.heldOn } });
    notifyAfterCommit(ctx, row.id);
    return { id };
  },
});
