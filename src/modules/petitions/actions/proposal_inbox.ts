import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { responseDueSoon, responseState } from '../model.js';
import { summaryColumns, toSummary } from '../present.js';
import { agenciesOf, factsOf } from '../queries.js';
import { settingsOf } from './shared.js';
import { agencyMember } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/** The agency's established proposals (as lead or co-organizer), nearest deadline first. */
export const proposalInbox = defineAction({
  name: 'proposal_inbox',
  description: 'Established proposals for the signed-in agency member’s agency.',
  input: Type.Object({ filter: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('all')], { default: 'open' }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: agencyMember,
  async run(ctx, input) {
    const statuses = input.filter === 'open' ? ['established' as const] : input.filter === 'answered' ? ['answered' as const] : ['established' as const, 'answered' as const];
    const rows = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .innerJoin('proposal_agencies', 'proposal_agencies.proposal_id', 'proposals.id')
      .select([...summaryColumns.map((c) => `proposals.${c}` as const), 'proposal_agencies.role as agency_role'])
      .where('proposal_agencies.agency_id', '=', ctx.actor!.agencyId!)
      .where('proposals.status', 'in', statuses)
      .orderBy('proposals.response_due_on')
      .limit(500)
      .execute();
    const drafts = rows.length
      ? await petitionsDb(ctx.db).selectFrom('proposal_responses').select(['proposal_id', 'status']).where('proposal_id', 'in', rows.map((r) => r.id)).execute()
      : [];
    const draftOf = new Map(drafts.map((d) => [d.proposal_id, d.status]));
    const agencies = await agenciesOf(petitionsDb(ctx.db), rows.map((r) => r.id));
    const { settings, cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    return rows.map((r) => {
      const state = responseState(factsOf(r as never), now);
      return {
        ...toSummary(r, agencies.get(r.id) ?? [], now, cal),
        role: r.agency_role,
        response: state,
        dueSoon: responseDueSoon(state, settings.responseWarningDays),
        responseDraft: draftOf.get(r.id) === 'draft',
      };
    });
  },
});
