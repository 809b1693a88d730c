// The moderator's side: the statement queue, accept/reject, meta statements, full recompute.
import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError, notFound } from '../../../core/errors.js';
import { mathRunnerFor } from '../math-runner.js';
import { listStatements, loadMathStatus, toConversation, toStatement } from '../queries.js';
import { ConversationId } from '../schemas.js';
import { managesConversation } from '../policy.js';
import { loadConversation, loadStatementOf } from './shared.js';
import { signedIn } from '../../../core/access.js';
import { deliberationDb } from '../tables.js';

const StatementRef = { conversationId: ConversationId, number: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }) };

export const deliberationModerationQueue = defineAction({
  name: 'deliberation_moderation_queue',
  description: 'Every statement of a conversation with its moderation status, pending ones first, and the math status.',
  input: Type.Object({ conversationId: ConversationId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: signedIn,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  policy: (ctx, _input, row) => managesConversation(ctx.actor, row),
  async run(ctx, _input, row) {
    const statements = (await listStatements(deliberationDb(ctx.db), row.id)).map((s) => ({ ...toStatement(s), authorParticipant: s.author_participant }));
    return {
      conversation: toConversation(row, ctx.clock.now()),
      pending: statements.filter((s) => s.status === 'pending'),
      statements,
      math: await loadMathStatus(deliberationDb(ctx.db), row.id),
      votesSeq: Number(row.vote_seq),
    };
  },
});

export const deliberationStatementModerate = defineAction({
  name: 'deliberation_statement_moderate',
  description: 'Accepts or rejects a statement (a rejected statement leaves the map and the report).',
  input: Type.Object({ ...StatementRef, decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]) }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadStatementOf(ctx, input.conversationId, input.number),
  policy: (ctx, _input, { conversation }) => managesConversation(ctx.actor, conversation),
  async run(ctx, input, { conversation: row, statement }) {
    if (row.read_only) throw new AppError('CONFLICT', 'deliberation.read_only');
    if (!statement) throw notFound('deliberation.no_statement');
    const status = input.decision === 'accept' ? 'accepted' : 'rejected';
    await deliberationDb(ctx.db)
      .updateTable('deliberation_statements')
      .set({ status, moderated_at: ctx.clock.now().toISOString(), moderated_by: ctx.actor!.userId })
      .where('id', '=', statement.id)
      .execute();
    await ctx.audit({ action: 'deliberation_statement_moderate', subjectType: 'deliberation_conversation', subjectId: row.id, data: { number: statement.number, from: statement.status, to: status } });
    ctx.afterCommit(() => mathRunnerFor(ctx.services).notify(row.id));
    return { number: statement.number, status };
  },
});

export const deliberationStatementMeta = defineAction({
  name: 'deliberation_statement_meta',
  description: 'Marks a statement as meta (about the process): shown first, left out of the opinion map.',
  input: Type.Object({ ...StatementRef, meta: Type.Boolean() }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadStatementOf(ctx, input.conversationId, input.number),
  policy: (ctx, _input, { conversation }) => managesConversation(ctx.actor, conversation),
  async run(ctx, input, { conversation: row, statement }) {
    if (row.read_only) throw new AppError('CONFLICT', 'deliberation.read_only');
    if (!statement) throw notFound('deliberation.no_statement');
    await deliberationDb(ctx.db).updateTable('deliberation_statements').set({ is_meta: input.meta ? 1 : 0 }).where('id', '=', statement.id).execute();
    await ctx.audit({ action: 'deliberation_statement_meta', subjectType: 'deliberation_conversation', subjectId: row.id, data: { number: statement.number, meta: input.meta } });
    ctx.afterCommit(() => mathRunnerFor(ctx.services).notify(row.id));
    return { number: statement.number, isMeta: input.meta };
  },
});

export const deliberationRecompute = defineAction({
  name: 'deliberation_recompute',
  description: 'Recomputes the opinion groups from scratch (one-shot order) instead of warm-starting.',
  input: Type.Object({ conversationId: ConversationId }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  policy: (ctx, _input, row) => managesConversation(ctx.actor, row),
  async run(ctx, _input, row) {
    await ctx.audit({ action: 'deliberation_recompute', subjectType: 'deliberation_conversation', subjectId: row.id });
    // After the commit, so the update reads the database outside this transaction; the caller waits for it.
    ctx.afterCommit(async () => {
      await mathRunnerFor(ctx.services).runNow(row.id, { full: true });
    });
    return { conversationId: row.id };
  },
});
