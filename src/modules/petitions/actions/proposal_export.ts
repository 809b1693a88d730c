import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { endorsementState, effectiveStatus, publicStatuses, responseState } from '../model.js';
import { agenciesOf, factsOf } from '../queries.js';
import { literals } from '../schemas.js';
import { settingsOf } from './shared.js';
import { agencyRefsByIds } from '../../agencies/published.js';
import { petitionsDb } from '../tables.js';

export const datasets = ['proposals', 'responses', 'counts'] as const;
export type Dataset = (typeof datasets)[number];

export type ExportRow = Record<string, string | number | boolean | null>;

/** Open data: every published proposal, every published response, and the live counts. */
export const proposalExport = defineAction({
  name: 'proposal_export',
  description: 'Rows of an open-data dataset (proposals, responses or counts).',
  input: Type.Object({ dataset: literals(datasets) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input): Promise<{ dataset: Dataset; generatedAt: string; columns: string[]; rows: ExportRow[] }> {
    const { config } = ctx;
    const now = ctx.clock.now();
    const { cal } = await settingsOf(ctx);
    const proposals = await petitionsDb(ctx.db).selectFrom('proposals').selectAll().where('status', 'in', [...publicStatuses]).orderBy('approved_at').orderBy('id').execute();
    const url = (id: string) => `${config.baseUrl}/proposals/${id}`;
    let rows: ExportRow[];
    if (input.dataset === 'proposals') {
      const agencies = await agenciesOf(petitionsDb(ctx.db), proposals.map((p) => p.id));
      rows = proposals.map((p) => {
        const facts = factsOf(p);
        const list = agencies.get(p.id) ?? [];
        const lead = list.find((a) => a.role === 'lead');
        const state = endorsementState(facts, now, cal);
        return {
          id: p.id,
          title: p.title,
          content: p.content,
          benefits: p.benefits,
          topic: p.topic,
          status: effectiveStatus(facts, now, cal),
          lead_agency_code: lead?.code ?? null,
          lead_agency_name: lead?.nameZh ?? null,
          co_agency_codes: list.filter((a) => a.role === 'co').map((a) => a.code).join(';'),
          submitted_at: p.submitted_at,
          approved_at: p.approved_at,
          endorsement_opens_on: state.startOn,
          endorsement_closes_on: state.endOn,
          endorsement_count: facts.endorsementCount,
          threshold: state.finalTarget,
          established_at: p.established_at,
          response_due_on: p.response_due_on,
          extensions: facts.extensionCount,
          responded_at: p.responded_at,
          url: url(p.id),
        };
      });
    } else if (input.dataset === 'responses') {
      const responses = await petitionsDb(ctx.db)
        .selectFrom('proposal_responses')
        .innerJoin('proposals', 'proposals.id', 'proposal_responses.proposal_id')
        .selectAll('proposals')
        .select(['proposal_responses.outcome', 'proposal_responses.reasons', 'proposal_responses.published_at', 'proposal_responses.agency_id'])
        .where('proposal_responses.status', '=', 'published')
        .orderBy('proposal_responses.published_at')
        .execute();
      const followups = responses.length
        ? await petitionsDb(ctx.db).selectFrom('proposal_followups').selectAll().where('proposal_id', 'in', responses.map((r) => r.id)).orderBy('position').execute()
        : [];
      const agencies = await agencyRefsByIds(ctx.db, responses.map((r) => r.agency_id));
      rows = responses.flatMap((r) => {
        const agency = agencies.get(r.agency_id);
        if (!agency) return [];
        const state = responseState(factsOf(r), now);
        const mine = followups.filter((f) => f.proposal_id === r.id);
        return {
          proposal_id: r.id,
          title: r.title,
          agency_code: agency.code,
          agency_name: agency.nameZh,
          outcome: r.outcome,
          reasons: r.reasons,
          established_at: r.established_at,
          response_due_on: r.response_due_on,
          published_at: r.published_at,
          on_time: state?.onTime ?? null,
          extensions: Number(r.extension_count),
          follow_ups: JSON.stringify(mine.map((f) => ({ description: f.description, due_on: f.due_on, status: f.status, note: f.status_note }))),
          url: url(r.id),
        };
      });
    } else {
      rows = proposals.map((p) => {
        const facts = factsOf(p);
        const state = endorsementState(facts, now, cal);
        return { id: p.id, status: effectiveStatus(facts, now, cal), endorsement_count: facts.endorsementCount, threshold: state.finalTarget, days_left: state.phase === 'open' || state.phase === 'frozen' ? state.daysLeft : 0, as_of: now.toISOString() };
      });
    }
    const columns = rows.length > 0 ? Object.keys(rows[0]) : emptyColumns[input.dataset];
    return { dataset: input.dataset, generatedAt: now.toISOString(), columns, rows };
  },
});

const emptyColumns: Record<Dataset, string[]> = {
  proposals: ['id', 'title', 'content', 'benefits', 'topic', 'status', 'lead_agency_code', 'lead_agency_name', 'co_agency_codes', 'submitted_at', 'approved_at', 'endorsement_opens_on', 'endorsement_closes_on', 'endorsement_count', 'threshold', 'established_at', 'response_due_on', 'extensions', 'responded_at', 'url'],
  responses: ['proposal_id', 'title', 'agency_code', 'agency_name', 'outcome', 'reasons', 'established_at', 'response_due_on', 'published_at', 'on_time', 'extensions', 'follow_ups', 'url'],
  counts: ['id', 'status', 'endorsement_count', 'threshold', 'days_left', 'as_of'],
};
