import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { awaitingAgency, dataRequestStatuses, overdueCutoff } from '../requests.js';
import { REQUEST_PAGE_SIZE, requestRows, summariesOf } from './shared.js';

const statusFilter = Type.Optional(Type.Union([...dataRequestStatuses.map((s) => Type.Literal(s)), Type.Literal('overdue')]));

export const dataRequestList = defineAction({
  name: 'data_request_list',
  sideEffectFree: true,
  input: Type.Object({ status: statusFilter, page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }, { additionalProperties: false }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    let query = requestRows(ctx);
    if (input.status === 'overdue') query = query.where('r.status', 'in', [...awaitingAgency]).where('r.decision_clock_from', '<', overdueCutoff(now));
    else if (input.status) query = query.where('r.status', '=', input.status);
    const page = input.page ?? 1;
    const counted = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .orderBy('r.submitted_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(REQUEST_PAGE_SIZE)
      .offset((page - 1) * REQUEST_PAGE_SIZE)
      .execute();
    return { total: Number(counted.n), page, pageSize: REQUEST_PAGE_SIZE, items: await summariesOf(ctx, rows, now) };
  },
});
