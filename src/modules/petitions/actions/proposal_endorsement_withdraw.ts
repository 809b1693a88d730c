import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError, notFound } from '../../../core/errors.js';
import { endorsementState, isPublicStatus } from '../model.js';
import { factsOf, findProposal } from '../queries.js';
import { ProposalId } from '../schemas.js';
import { assertOpen } from './proposal_endorse.js';
import { settingsOf } from './shared.js';

/**
 * Takes an endorsement back while endorsement is open. The count goes down with the row; a
 * proposal already 成案 stays 成案 (that moment has happened).
 */
export const proposalEndorsementWithdraw = defineAction({
  name: 'proposal_endorsement_withdraw',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  caller: signedIn,
  async run(ctx, input) {
    const row = await findProposal(ctx.db, input.proposalId);
    if (!row || !isPublicStatus(row.status)) throw notFound('petitions.not_found');
    const { cal } = await settingsOf(ctx);
    assertOpen(endorsementState(factsOf(row), ctx.clock.now(), cal), ctx.request.locale);
    const deleted = await ctx.db
      .deleteFrom('proposal_endorsements')
      .where('proposal_id', '=', row.id)
      .where('user_id', '=', ctx.actor!.userId)
      .returning('id')
      .execute();
    if (deleted.length === 0) throw new AppError('NOT_FOUND', 'petitions.endorse.not_endorsed');
    const counted = await ctx.db
      .updateTable('proposals')
      .set((eb) => ({ endorsement_count: eb('endorsement_count', '-', 1) }))
      .where('id', '=', row.id)
      .returning('endorsement_count')
      .executeTakeFirstOrThrow();
    await ctx.audit({ action: 'proposal_endorsement_withdraw', subjectType: 'proposal', subjectId: row.id, data: { endorsementId: deleted[0].id } });
    return { count: Number(counted.endorsement_count) };
  },
});
