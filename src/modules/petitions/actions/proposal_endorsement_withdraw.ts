import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { endorsementState } from '../model.js';
import { mustBePublished } from '../policy.js';
import { factsOf } from '../queries.js';
import { ProposalId } from '../schemas.js';
import { assertOpen } from './proposal_endorse.js';
import { loadProposal, settingsOf } from './shared.js';
import { petitionsDb } from '../tables.js';

/**
 * Takes an endorsement back while endorsement is open. The count goes down with the row; a
 * proposal already 成案 stays 成案 (that moment has happened).
 */
export const proposalEndorsementWithdraw = defineAction({
  name: 'proposal_endorsement_withdraw',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (_ctx, _input, row) => mustBePublished(row),
  // Only the actor's own endorsement can be named here: the delete is keyed on who asks.
  async run(ctx, _input, row) {
    const { cal } = await settingsOf(ctx);
    assertOpen(endorsementState(factsOf(row), ctx.clock.now(), cal), ctx.request.locale);
    const deleted = await petitionsDb(ctx.db)
      .deleteFrom('proposal_endorsements')
      .where('proposal_id', '=', row.id)
      .where('user_id', '=', ctx.actor!.userId)
      .returning('id')
      .execute();
    if (deleted.length === 0) throw new AppError('NOT_FOUND', 'petitions.endorse.not_endorsed');
    const counted = await petitionsDb(ctx.db)
      .updateTable('proposals')
      .set((eb) => ({ endorsement_count: eb('endorsement_count', '-', 1) }))
      .where('id', '=', row.id)
      .returning('endorsement_count')
      .executeTakeFirstOrThrow();
    await ctx.audit({ action: 'proposal_endorsement_withdraw', subjectType: 'proposal', subjectId: row.id, data: { endorsementId: deleted[0].id } });
    return { count: Number(counted.endorsement_count) };
  },
});
