import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { userText } from '../../../core/text.js';
import { discussionState } from '../model.js';
import { factsOf } from '../queries.js';
import { LIMITS, ProposalId } from '../schemas.js';
import { mayView } from '../policy.js';
import { loadProposal, nowIso, settingsOf, sharedDraft } from './shared.js';
import { verifiedEmail } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

const Body = Type.String({ minLength: 1, maxLength: LIMITS.comment });

function cleanBody(body: string): string {
  const text = userText(body, 'body');
  if (!text) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'body', message: 'validation.required' }]);
  return text;
}

/** A comment in the proposal's public discussion, while it is open. */
export const proposalComment = defineAction({
  name: 'proposal_comment',
  input: Type.Object({ proposalId: ProposalId, body: Body }, { additionalProperties: false }),
  caller: verifiedEmail,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayView(ctx.actor, row),
  async run(ctx, input, row) {
    const { cal } = await settingsOf(ctx);
    if (!discussionState(factsOf(row), ctx.clock.now(), cal).open) throw new AppError('CONFLICT', 'petitions.discussion.closed');
    const id = newId();
    await petitionsDb(ctx.db).insertInto('proposal_comments').values({ id, proposal_id: row.id, user_id: ctx.actor!.userId, kind: 'discussion', body: cleanBody(input.body), created_at: nowIso(ctx) }).execute();
    return { id };
  },
});

/** A comment on a shared draft (提議協作), by anyone signed in who has the link. */
export const proposalDraftComment = defineAction({
  name: 'proposal_draft_comment',
  input: Type.Object({ shareToken: Type.String({ minLength: 10, maxLength: 100 }), body: Body }, { additionalProperties: false }),
  caller: verifiedEmail,
  // Holding the link is the permission: a draft not shared under this token reads as absent.
  load: (ctx, input) => sharedDraft(ctx, input.shareToken),
  async run(ctx, input, row) {
    const id = newId();
    await petitionsDb(ctx.db).insertInto('proposal_comments').values({ id, proposal_id: row.id, user_id: ctx.actor!.userId, kind: 'draft', body: cleanBody(input.body), created_at: nowIso(ctx) }).execute();
    return { id };
  },
});
