import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { follow } from '../queries.js';
import { ProposalId } from '../schemas.js';
import { nowIso, visibleProposal } from './shared.js';

/** Following a proposal brings an e-mail at every step of it. */
export const proposalFollow = defineAction({
  name: 'proposal_follow',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  async run(ctx, input) {
    const row = await visibleProposal(ctx, input.proposalId);
    await follow(ctx.db, row.id, ctx.actor!.userId, nowIso(ctx));
    return { following: true };
  },
});

export const proposalUnfollow = defineAction({
  name: 'proposal_unfollow',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  async run(ctx, input) {
    await ctx.db.deleteFrom('proposal_follows').where('proposal_id', '=', input.proposalId).where('user_id', '=', ctx.actor!.userId).execute();
    return { following: false };
  },
});
