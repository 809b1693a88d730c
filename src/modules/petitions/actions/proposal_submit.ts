import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { formatDate, taipeiDateOf } from '../../../core/calendar.js';
import { freezeOn, reviewDueOn } from '../model.js';
import { hasProposeLevel, mayEditDraft, mayPropose } from '../policy.js';
import { addEvent, follow, participantFacts } from '../queries.js';
import { ProposalId } from '../schemas.js';
import { missingForSubmission } from './fields.js';
import { loadProposal, notifyAfterCommit, nowIso, settingsOf } from './shared.js';
import { petitionsDb } from '../tables.js';

/** Sends a draft to review. The rules in force now are copied into the proposal. */
export const proposalSubmit = defineAction({
  name: 'proposal_submit',
  description: 'Submits a draft proposal for review (檢核).',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  load: async (ctx, input) => ({
    proposer: await participantFacts(ctx.db, ctx.actor!.userId),
    row: await loadProposal(ctx, input.proposalId),
    settings: (await settingsOf(ctx)).settings,
  }),
  policy: (ctx, _input, { proposer, row, settings }) => mayPropose(proposer) && mayEditDraft(ctx.actor, row) && hasProposeLevel(ctx.actor, settings),
  async run(ctx, _input, { row }) {
    const { settings, cal } = await settingsOf(ctx);
    const now = nowIso(ctx);
    const freeze = freezeOn(taipeiDateOf(ctx.clock.now()), cal);
    if (freeze) {
      throw new AppError('CONFLICT', 'petitions.frozen', [], { label: freeze.label, until: formatDate(freeze.end, ctx.request.locale) });
    }
    const agencies = await petitionsDb(ctx.db).selectFrom('proposal_agencies').select('agency_id').where('proposal_id', '=', row.id).execute();
    const missing = missingForSubmission({ title: row.title, content: row.content, benefits: row.benefits, agencyCount: agencies.length });
    if (missing.length > 0) throw new AppError('INVALID', 'petitions.submit.incomplete', missing);
    const dueOn = reviewDueOn(now, settings.rules, cal);
    const updated = await petitionsDb(ctx.db)
      .updateTable('proposals')
      .set({ status: 'in_review', submitted_at: now, review_due_on: dueOn, rules: JSON.stringify(settings.rules), share_token: null, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'petitions.not_a_draft');
    await follow(petitionsDb(ctx.db), row.id, row.proposer_id, now);
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'submitted', at: now, actorId: ctx.actor!.userId, data: { dueOn } });
    await ctx.audit({ action: 'proposal_submit', subjectType: 'proposal', subjectId: row.id, data: { reviewDueOn: dueOn } });
    notifyAfterCommit(ctx, row.id);
    return { id: row.id, status: 'in_review' as const, reviewDueOn: dueOn };
  },
});
