import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { follow } from '../queries.js';
import { ProposalId } from '../schemas.js';
import { mayView } from '../policy.js';
import { loadProposal, nowIso } from './shared.js';
import { petitionsDb } from '../tables.js';

/** Following a proposal brings an e-mail at every step of it. */
export const proposalFollow = defineAction({
  name: 'proposal_follow',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayView(ctx.actor, row),
  async run(ctx, _input, row) {
    await follow(petitionsDb(ctx.db), row.id, ctx.actor!.userId, nowIso(ctx));
    return { following: true };
  },
});

export const proposalUnfollow = defineAction({
  name: 'proposal_unfollow',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  async run(ctx, input) {
    await petitionsDb(ctx.db).deleteFrom('proposal_follows').where('proposal_id', '=', input.proposalId).where('user_id', '=', ctx.actor!.userId).execute();
    return { following: false };
  },
});
