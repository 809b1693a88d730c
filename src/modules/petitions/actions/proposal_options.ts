import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { publicStatuses } from '../model.js';
import { allAgencies } from '../../agencies/published.js';
import { petitionsDb } from '../tables.js';

/** Agencies to choose from: all of them (proposing) or those with published proposals (filters). */
export const proposalAgencyOptions = defineAction({
  name: 'proposal_agency_options',
  input: Type.Object({ used: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let agencies = await allAgencies(ctx.db);
    if (input.used) {
      const used = await petitionsDb(ctx.db)
        .selectFrom('proposal_agencies')
        .innerJoin('proposals', 'proposals.id', 'proposal_agencies.proposal_id')
        .select('proposal_agencies.agency_id')
        .distinct()
        .where('proposals.status', 'in', [...publicStatuses])
        .execute();
      const usedIds = new Set(used.map((u) => u.agency_id));
      agencies = agencies.filter((a) => usedIds.has(a.id));
    }
    return agencies.map((a) => ({ id: a.id, code: a.code, nameZh: a.nameZh, nameEn: a.nameEn, parentId: a.parentId, kind: a.kind }));
  },
});
