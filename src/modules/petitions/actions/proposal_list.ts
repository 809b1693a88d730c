import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn } from '../../../core/action.js';
import { addCalendarDays, startOfTaipeiDay } from '../../../core/calendar.js';
import { searchDocuments } from '../../../core/db/search-adapter.js';
import { publicStatuses } from '../model.js';
import { summaryColumns, toSummary } from '../present.js';
import { agenciesOf } from '../queries.js';
import { AgencyCode, literals, LocalDateString, StatusSchema, TopicSchema } from '../schemas.js';
import { SEARCH_DOC_TYPE } from './proposal_similar.js';
import { settingsOf } from './shared.js';
import { agencyRefByCode } from '../../agencies/published.js';
import { petitionsDb } from '../tables.js';

export const listSorts = ['newest', 'popular', 'closing'] as const;

export const ProposalListInput = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    agency: Type.Optional(AgencyCode),
    topic: Type.Optional(TopicSchema),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(LocalDateString),
    to: Type.Optional(LocalDateString),
    sort: Type.Optional(literals(listSorts)),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

/** Published proposals, filtered by status, agency, topic, publication date and words. */
export const proposalList = defineAction({
  name: 'proposal_list',
  description: 'Published proposals with filters and search.',
  input: ProposalListInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const statuses = input.status ? (publicStatuses.includes(input.status) ? [input.status] : []) : [...publicStatuses];
    const empty = { total: 0, page: input.page, pageSize: input.pageSize, items: [] };
    if (statuses.length === 0) return empty;
    let query = petitionsDb(ctx.db).selectFrom('proposals').where('proposals.status', 'in', statuses);
    if (input.q?.trim()) {
      const hits = await searchDocuments(petitionsDb(ctx.db), ctx.dialect, SEARCH_DOC_TYPE, input.q, 1000);
      if (hits.length === 0) return empty;
      query = query.where('proposals.id', 'in', hits.map((h) => h.docId));
    }
    if (input.agency) {
      const agency = await agencyRefByCode(ctx.db, input.agency);
      if (!agency) return empty;
      query = query.where('proposals.id', 'in', (eb) => eb.selectFrom('proposal_agencies').select('proposal_agencies.proposal_id').where('proposal_agencies.agency_id', '=', agency.id));
    }
    if (input.topic) query = query.where('proposals.topic', '=', input.topic);
    if (input.from) query = query.where('proposals.approved_at', '>=', startOfTaipeiDay(input.from).toISOString());
    if (input.to) query = query.where('proposals.approved_at', '<', startOfTaipeiDay(addCalendarDays(input.to, 1)).toISOString());
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    let ordered = query.select(summaryColumns.map((c) => `proposals.${c}` as const));
    if (input.sort === 'popular') ordered = ordered.orderBy('proposals.endorsement_count', 'desc');
    else if (input.sort === 'closing') ordered = ordered.orderBy('proposals.approved_at', 'asc');
    ordered = ordered.orderBy('proposals.approved_at', 'desc').orderBy('proposals.id', 'desc');
    const rows = await ordered.limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
    const agencies = await agenciesOf(petitionsDb(ctx.db), rows.map((r) => r.id));
    const { cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    return { total: Number(total?.n ?? 0), page: input.page, pageSize: input.pageSize, items: rows.map((r) => toSummary(r, agencies.get(r.id) ?? [], now, cal)) };
  },
});

/** The signed-in citizen's own proposals, drafts and hidden ones included. */
export const proposalMine = defineAction({
  name: 'proposal_mine',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx) {
    const rows = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .select([...summaryColumns, 'review_due_on', 'created_at', 'updated_at'])
      .where('proposer_id', '=', ctx.actor!.userId)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    const agencies = await agenciesOf(petitionsDb(ctx.db), rows.map((r) => r.id));
    const { cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    return rows.map((r) => ({ ...toSummary(r, agencies.get(r.id) ?? [], now, cal), reviewDueOn: r.review_due_on, updatedAt: r.updated_at }));
  },
});
