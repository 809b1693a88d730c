import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { publicStatuses } from '../model.js';

/** Agencies to choose from: all of them (proposing) or those with published proposals (filters). */
export const proposalAgencyOptions = defineAction({
  name: 'proposal_agency_options',
  input: Type.Object({ used: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let query = ctx.db.selectFrom('agencies').select(['agencies.id', 'agencies.code', 'agencies.name_zh', 'agencies.name_en', 'agencies.level']);
    if (input.used) {
      query = query.where('agencies.id', 'in', (eb) =>
        eb.selectFrom('proposal_agencies').innerJoin('proposals', 'proposals.id', 'proposal_agencies.proposal_id').select('proposal_agencies.agency_id').where('proposals.status', 'in', [...publicStatuses]),
      );
    }
    const rows = await query.orderBy('agencies.level').orderBy('agencies.code').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
  },
});
