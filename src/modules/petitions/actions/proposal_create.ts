import { defineAction } from '../../../core/action.js';
import { newId } from '../../../core/ids.js';
import { addEvent, setProposalAgencies } from '../queries.js';
import { ProposalCreateInput } from '../schemas.js';
import { cleanDraft } from './fields.js';
import { proposalSubmit } from './proposal_submit.js';
import { nowIso, settingsOf } from './shared.js';
import { withRole } from '../../../core/access.js';
import { hasProposeLevel } from '../policy.js';
import { petitionsDb } from '../tables.js';

/**
 * Starts a proposal as a private draft. With `submit: true` (what the JSON API does) it is
 * submitted for review in the same transaction, so a refused submission leaves no draft behind.
 */
export const proposalCreate = defineAction({
  name: 'proposal_create',
  description: 'Creates a draft proposal, and submits it when asked.',
  input: ProposalCreateInput,
  caller: withRole('citizen'),
  // Submitting in the same call needs the proposing level, judged before the draft is written.
  load: async (ctx) => (await settingsOf(ctx)).settings,
  policy: (ctx, input, settings) => !input.submit || hasProposeLevel(ctx.actor, settings),
  async run(ctx, input, settings) {
    const clean = await cleanDraft(ctx, input);
    const id = newId();
    const now = nowIso(ctx);
    await petitionsDb(ctx.db)
      .insertInto('proposals')
      .values({
        id,
        proposer_id: ctx.actor!.userId,
        title: clean.title ?? '',
        content: clean.content ?? '',
        benefits: clean.benefits ?? '',
        links: clean.links ?? '[]',
        topic: clean.topic ?? null,
        status: 'draft',
        rules: JSON.stringify(settings.rules),
        share_token: null,
        submitted_at: null,
        review_due_on: null,
        reviewed_at: null,
        reviewed_by: null,
        hidden_reasons: null,
        hidden_note: null,
        duplicate_of: null,
        approved_at: null,
        endorse_start_on: null,
        established_at: null,
        response_due_on: null,
        responded_at: null,
        closed_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (clean.agencies) await setProposalAgencies(petitionsDb(ctx.db), id, clean.agencies);
    await addEvent(petitionsDb(ctx.db), { proposalId: id, kind: 'created', at: now, actorId: ctx.actor!.userId, notify: false });
    if (input.submit) {
      const submitted = await ctx.call(proposalSubmit, { proposalId: id });
      return { id, status: submitted.status as 'draft' | 'in_review', reviewDueOn: submitted.reviewDueOn as string | null };
    }
    return { id, status: 'draft' as 'draft' | 'in_review', reviewDueOn: null as string | null };
  },
});
