import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { responseState } from '../model.js';
import { factsOf } from '../queries.js';
import { hideReasons, type HideReason } from '../schemas.js';
import { outcomes, type Outcome } from '../tables.js';
import { agencyRefsByIds } from '../../agencies/published.js';
import { petitionsDb } from '../tables.js';

export interface AgencyStats {
  code: string;
  nameZh: string;
  nameEn: string;
  established: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  waiting: number;
  overdue: number;
  extended: number;
  outcomes: Record<Outcome, number>;
}

/**
 * Accountability per responsible (lead) agency: 成案 proposals, answered on time or late, waiting,
 * overdue now, extended, and the mix of outcomes; plus platform totals including hidden proposals
 * by reason (they are not public, but counting them is).
 */
export const proposalStats = defineAction({
  name: 'proposal_stats',
  description: 'Per-agency accountability statistics and platform totals.',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx) {
    const now = ctx.clock.now();
    const rows = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .innerJoin('proposal_agencies', (join) => join.onRef('proposal_agencies.proposal_id', '=', 'proposals.id').on('proposal_agencies.role', '=', 'lead'))
      .leftJoin('proposal_responses', (join) => join.onRef('proposal_responses.proposal_id', '=', 'proposals.id').on('proposal_responses.status', '=', 'published'))
      .selectAll('proposals')
      .select(['proposal_agencies.agency_id', 'proposal_responses.outcome'])
      .where('proposals.established_at', 'is not', null)
      .execute();
    const agencies = await agencyRefsByIds(ctx.db, rows.map((r) => r.agency_id));
    const byAgency = new Map<string, AgencyStats>();
    for (const r of rows) {
      const agency = agencies.get(r.agency_id);
      if (!agency) continue;
      let s = byAgency.get(agency.code);
      if (!s) {
        s = { code: agency.code, nameZh: agency.nameZh, nameEn: agency.nameEn, established: 0, answered: 0, answeredOnTime: 0, answeredLate: 0, waiting: 0, overdue: 0, extended: 0, outcomes: { study: 0, adopt: 0, partial: 0, reject: 0 } };
        byAgency.set(agency.code, s);
      }
      const state = responseState(factsOf(r), now);
      s.established += 1;
      if (Number(r.extension_count) > 0) s.extended += 1;
      if (state?.answered) {
        s.answered += 1;
        if (state.onTime) s.answeredOnTime += 1;
        else s.answeredLate += 1;
        if (r.outcome && (outcomes as readonly string[]).includes(r.outcome)) s.outcomes[r.outcome] += 1;
      } else if (state?.overdue) s.overdue += 1;
      else s.waiting += 1;
    }
    const counts = await petitionsDb(ctx.db).selectFrom('proposals').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '!=', 'draft').groupBy('status').execute();
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Record<string, number>;
    const hiddenRows = await petitionsDb(ctx.db).selectFrom('proposals').select('hidden_reasons').where('status', '=', 'hidden').execute();
    const hiddenByReason = Object.fromEntries(hideReasons.map((r) => [r, 0])) as Record<HideReason, number>;
    for (const h of hiddenRows) for (const reason of JSON.parse(h.hidden_reasons ?? '[]') as HideReason[]) if (reason in hiddenByReason) hiddenByReason[reason] += 1;
    const submitted = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return {
      asOf: now.toISOString(),
      totals: {
        submitted,
        inReview: byStatus.in_review ?? 0,
        hidden: byStatus.hidden ?? 0,
        endorsing: byStatus.endorsing ?? 0,
        established: rows.length,
        notEstablished: byStatus.not_established ?? 0,
        answered: byStatus.answered ?? 0,
      },
      hiddenByReason,
      agencies: [...byAgency.values()].sort((a, b) => b.established - a.established || a.code.localeCompare(b.code)),
    };
  },
});
