import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { isAgencyMember, isModerator } from '../../../../core/actor.js';
import { awaitingAgency, awaitingGroup, byDeadline } from '../requests.js';
import { requirement } from '../../../../core/access.js';
import { type DataRequestSummary, requestRows, summariesOf } from './shared.js';

/** Open requests for the signed-in staff: their agency's decisions due, and group reviews for moderators. */
export const dataRequestInbox = defineAction({
  name: 'data_request_inbox',
  sideEffectFree: true,
  input: Type.Object({}, { additionalProperties: false }),
  caller: requirement('agency member or moderator', (actor) => !!actor && (actor.agencyId !== null || isModerator(actor))),
  async run(ctx) {
    const now = ctx.clock.now();
    const actor = ctx.actor!;
    let agency: DataRequestSummary[] = [];
    if (actor.agencyId && isAgencyMember(actor, actor.agencyId)) {
      const rows = await requestRows(ctx).where('r.agency_id', '=', actor.agencyId).where('r.status', 'in', [...awaitingAgency]).execute();
      agency = (await summariesOf(ctx, rows, now)).sort((a, b) => byDeadline({ ...a, dueOn: a.dueOn! }, { ...b, dueOn: b.dueOn! }));
    }
    let groups: DataRequestSummary[] = [];
    if (isModerator(actor)) {
      const rows = await requestRows(ctx).where('r.status', 'in', [...awaitingGroup]).orderBy('r.updated_at').orderBy('r.id').execute();
      groups = await summariesOf(ctx, rows, now);
    }
    return { agency, groups };
  },
});
