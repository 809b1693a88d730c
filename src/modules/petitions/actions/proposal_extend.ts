import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { formatDate } from '../../../core/calendar.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userText } from '../../../core/text.js';
import { checkExtension } from '../model.js';
import { addEvent, factsOf } from '../queries.js';
import { LIMITS, LocalDateString, ProposalId } from '../schemas.js';
import { answering, waitingForAnswer } from './proposal_respond.js';
import { notifyAfterCommit, nowIso } from './shared.js';
import { petitionsDb } from '../tables.js';

/** Publishes an extension notice: reasons and the new date (each at most 2 months, at most 2). */
export const proposalExtend = defineAction({
  name: 'proposal_extend',
  description: 'The lead agency moves its response deadline with a public notice.',
  input: Type.Object({ proposalId: ProposalId, newDueOn: LocalDateString, reasons: Type.String({ minLength: 1, maxLength: LIMITS.reasons }) }, { additionalProperties: false }),
  ...answering,
  async run(ctx, input, subject) {
    const { row, agencyId } = waitingForAnswer(subject);
    const reasons = userText(input.reasons, 'reasons');
    if (!reasons) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'reasons', message: 'validation.required' }]);
    const facts = factsOf(row);
    const refusal = checkExtension(facts, input.newDueOn, ctx.clock.now());
    if (refusal) {
      const params: Record<string, string | number> = { ...('params' in refusal ? refusal.params : {}) };
      for (const key of ['dueOn', 'latest'] as const) if (typeof params[key] === 'string') params[key] = formatDate(params[key] as string, ctx.request.locale);
      const field = refusal.key === 'petitions.extend.too_far' || refusal.key === 'petitions.extend.not_later' ? 'newDueOn' : '_';
      throw new AppError(field === '_' ? 'CONFLICT' : 'INVALID', refusal.key, [{ field, message: refusal.key, params }], params);
    }
    const now = nowIso(ctx);
    const updated = await petitionsDb(ctx.db)
      .updateTable('proposals')
      .set({ response_due_on: input.newDueOn, extension_count: facts.extensionCount + 1, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'established')
      .where('extension_count', '=', facts.extensionCount)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'error.conflict');
    await petitionsDb(ctx.db)
      .insertInto('proposal_extensions')
      .values({ id: newId(), proposal_id: row.id, agency_id: agencyId, reasons, previous_due_on: row.response_due_on!, new_due_on: input.newDueOn, created_at: now, created_by: ctx.actor!.userId })
      .execute();
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'extended', at: now, actorId: ctx.actor!.userId, data: { previousDueOn: row.response_due_on, newDueOn: input.newDueOn, note: reasons } });
    await ctx.audit({ action: 'proposal_extend', subjectType: 'proposal', subjectId: row.id, data: { agencyId, previousDueOn: row.response_due_on, newDueOn: input.newDueOn, reasons } });
    notifyAfterCommit(ctx, row.id);
    return { id: row.id, responseDueOn: input.newDueOn, extensionCount: facts.extensionCount + 1 };
  },
});
