import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userText } from '../../../core/text.js';
import { mayAnswer } from '../policy.js';
import { addEvent } from '../queries.js';
import { LIMITS, LocalDateString, ProposalId, Url } from '../schemas.js';
import { safeHref } from '../text.js';
import { loadForAgency, notifyAfterCommit, nowIso } from './shared.js';
import { withRole } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

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
  load: (ctx, input) => loadForAgency(ctx, input.proposalId),
  policy: (ctx, _input, subject) => mayAnswer(ctx.actor, subject),
  async run(ctx, input, { proposal: row }) {
    if (!['established', 'answered'].includes(row.status)) throw new AppError('CONFLICT', 'petitions.respond.not_established');
    const participants = userText(input.participants, 'participants');
    if (!participants) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'participants', message: 'validation.required' }]);
    const now = nowIso(ctx);
    const id = newId();
    await petitionsDb(ctx.db)
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
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'meeting_added', at: now, actorId: ctx.actor!.userId, data: { heldOn: input.heldOn } });
    await ctx.audit({ action: 'proposal_meeting_add', subjectType: 'proposal', subjectId: row.id, data: { meetingId: id, heldOn: input.heldOn } });
    notifyAfterCommit(ctx, row.id);
    return { id };
  },
});
