import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../../core/action.js';
import { isAgencyMember, isModerator, type Actor } from '../../../../core/actor.js';
import { notFound } from '../../../../core/errors.js';
import type { OdDataRequestsTable } from '../migrations.js';
import { allowedDecisions, awaitingGroup, escalationTarget } from '../requests.js';
import { idInput, factsOf, type DataRequestStep, type DataRequestView, requestRows, summariesOf } from './shared.js';
import { opendataDb } from '../../tables.js';

async function stepsOf(ctx: ActionContext, requestId: string): Promise<DataRequestStep[]> {
  const rows = await opendataDb(ctx.db)
    .selectFrom('od_data_request_steps as s')
    .leftJoin('od_datasets as d', 'd.id', 's.dataset_id')
    .selectAll('s')
    .select(['d.name as dataset_name', 'd.title as dataset_title', 'd.identifier as dataset_identifier'])
    .where('s.request_id', '=', requestId)
    .orderBy('s.seq')
    .execute();
  return rows.map((s) => ({
    seq: Number(s.seq),
    kind: s.kind,
    by: s.by_side,
    legalReason: s.legal_reason,
    reason: s.reason,
    dataset: s.dataset_name ? { name: s.dataset_name, title: s.dataset_title ?? s.dataset_name, identifier: s.dataset_identifier ?? '' } : null,
    plannedOn: s.planned_on,
    terms: s.terms,
    createdAt: s.created_at,
  }));
}

function viewerRights(actor: Actor | null, row: OdDataRequestsTable, now: Date): DataRequestView['viewer'] {
  const isRequester = !!actor && actor.userId === row.requester_id;
  return {
    isRequester,
    decisions: isAgencyMember(actor, row.agency_id) ? allowedDecisions(row.status) : [],
    canEscalate: isRequester && escalationTarget(factsOf(row), now) !== null,
    canRule: isModerator(actor) && awaitingGroup.includes(row.status),
  };
}

export const dataRequestShow = defineAction({
  name: 'data_request_show',
  sideEffectFree: true,
  input: Type.Object({ id: idInput }, { additionalProperties: false }),
  caller: anyone,
  async load(ctx, input) {
    const row = await requestRows(ctx).where('r.id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('opendata.requests.not_found');
    return row;
  },
  async run(ctx, _input, row): Promise<DataRequestView> {
    const now = ctx.clock.now();
    const [summary] = await summariesOf(ctx, [row], now);
    return {
      ...summary!,
      description: row.description,
      purpose: row.purpose,
      steps: await stepsOf(ctx, row.id),
      viewer: viewerRights(ctx.actor, row, now),
    };
  },
});
