// Endorsing (附議): the hot path of a viral proposal. One endorsement per person per proposal is the
// unique index's job; the displayed count is a counter column changed in the same transaction as
// the row, so it always equals the rows; the threshold-th endorsement makes the proposal 成案 in its
// own transaction, guarded by a conditional UPDATE … WHERE status = 'endorsing' that only one
// transaction can win (on PostgreSQL the counter UPDATE also holds the row lock until commit).
import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { formatDate } from '../../../core/calendar.js';
import { AppError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userText } from '../../../core/text.js';
import { endorsementState, responseDueOnFor, stagesReached, type EndorsementState } from '../model.js';
import { addEvent, countUp, endorseContext, factsOf, follow, insertEndorsement, type ProposalRow } from '../queries.js';
import { EndorseOut, LIMITS, ProposalId } from '../schemas.js';
import { mayEndorse } from '../policy.js';
import { notifyAfterCommit, settingsOf } from './shared.js';
import type { Static } from '@sinclair/typebox';
import { petitionsDb } from '../tables.js';

/** Refuses with a message that says why endorsing is not possible right now. */
export function assertOpen(state: EndorsementState, locale: 'zh-TW' | 'en'): void {
  switch (state.phase) {
    case 'open':
      return;
    case 'not_started':
      throw new AppError('CONFLICT', 'petitions.endorse.not_open_yet', [], { date: formatDate(state.startOn!, locale) });
    case 'frozen':
      throw new AppError('CONFLICT', 'petitions.endorse.frozen', [], { label: state.freeze!.label, until: formatDate(state.freeze!.end, locale) });
    case 'closed':
      throw new AppError('CONFLICT', state.outcome === 'established' ? 'petitions.endorse.closed_established' : 'petitions.endorse.closed');
    default:
      throw notFound('petitions.not_found');
  }
}

export const proposalEndorse = defineAction({
  name: 'proposal_endorse',
  description: 'Endorses a proposal once, with an optional public comment.',
  input: Type.Object(
    { proposalId: ProposalId, comment: Type.Optional(Type.String({ maxLength: LIMITS.endorseComment })), follow: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  caller: signedIn,
  // One round trip loads the proposal's facts with the endorser's verification; run reuses it.
  async load(ctx, input) {
    const { settings, cal } = await settingsOf(ctx);
    const row = await endorseContext(petitionsDb(ctx.db), ctx.dialect, input.proposalId, ctx.actor!.userId);
    if (!row) throw notFound('petitions.not_found');
    return { row, settings, cal };
  },
  policy: (ctx, _input, { row, settings }) => mayEndorse(ctx.actor, row, settings),
  async run(ctx, input, { row, cal }): Promise<Static<typeof EndorseOut>> {
    const actor = ctx.actor!;
    const facts = factsOf(row as unknown as ProposalRow);
    const nowDate = ctx.clock.now();
    assertOpen(endorsementState(facts, nowDate, cal), ctx.request.locale);

    const now = nowDate.toISOString();
    const comment = input.comment ? userText(input.comment, 'comment') || null : null;
    const inserted = await insertEndorsement(petitionsDb(ctx.db), ctx.dialect, { id: newId(), proposalId: row.id, userId: actor.userId, comment, createdAt: now });
    if (!inserted) throw new AppError('CONFLICT', 'petitions.endorse.already');
    if (input.follow) await follow(petitionsDb(ctx.db), row.id, actor.userId, now);

    const counted = await countUp(petitionsDb(ctx.db), ctx.dialect, row.id);
    const count = Number(counted.endorsement_count);
    const reached = stagesReached(count, facts.rules);
    let status = counted.status;
    let established = false;
    if (reached > Number(counted.stage) && counted.status === 'endorsing') {
      if (reached === facts.rules.stages.length) {
        const won = await petitionsDb(ctx.db)
          .updateTable('proposals')
          .set({ status: 'established', stage: reached, established_at: now, response_due_on: responseDueOnFor(now, facts.rules), updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', 'endorsing')
          .returning('id')
          .execute();
        if (won.length === 1) {
          established = true;
          status = 'established';
          await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'established', at: now, actorId: null, data: { count } });
          await ctx.audit({ action: 'proposal_established', subjectType: 'proposal', subjectId: row.id, data: { count, threshold: facts.rules.stages[reached - 1].threshold } });
          notifyAfterCommit(ctx, row.id);
        }
      } else {
        const won = await petitionsDb(ctx.db)
          .updateTable('proposals')
          .set({ stage: reached })
          .where('id', '=', row.id)
          .where('status', '=', 'endorsing')
          .where('stage', '<', reached)
          .returning('id')
          .execute();
        if (won.length === 1) {
          await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'stage_reached', at: now, actorId: null, data: { stage: reached, count } });
          notifyAfterCommit(ctx, row.id);
        }
      }
    }
    return { count, established, status };
  },
});
