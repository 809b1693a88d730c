// Taking part: the next statement to vote on, voting (a later vote replaces the earlier one) and
// submitting statements.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn, type ActionContext } from '../../../core/action.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { AppError, fieldError } from '../../../core/errors.js';
import { prepare } from '../../../core/db/prepared.js';
import { newId } from '../../../core/ids.js';
import { mathRunnerFor } from '../math-runner.js';
import { chooseNext, initialStatus, isVisible, STATEMENT_RATE, textLength, voteChoice, voteNumber, VOTE_RATE } from '../model.js';
import { canManage, mayVote, maySubmitStatement, takePartBlock, type TakePartBlock } from '../policy.js';
import { findParticipantNumber, listStatements, loadPriorities, participantVotes, statementsByAuthorSince, toConversation } from '../queries.js';
import { ConversationId, StatementSubmitBody, VoteInput, type VoteChoice } from '../schemas.js';
import { duplicateKey, loadConversation, nextVoteSeq, normalizeText, participantNumberFor, reserveStatementNumbers } from './shared.js';
import { deliberationDb } from '../tables.js';

// The voting hot path's queries, compiled once (core/db/prepared.ts).
const voteContext = prepare(3, (db, conversationId: string, statement: number, userId: string) =>
  db
    .selectFrom('deliberation_conversations as c')
    .leftJoin('deliberation_statements as s', (join) => join.onRef('s.conversation_id', '=', 'c.id').on('s.number', '=', statement))
    .leftJoin('deliberation_participants as p', (join) => join.onRef('p.conversation_id', '=', 'c.id').on('p.user_id', '=', userId))
    .select(['c.id', 'c.participation', 'c.opens_at', 'c.closes_at', 'c.read_only', 'c.moderation', 's.number', 's.status', 'p.number as participant'])
    .where('c.id', '=', conversationId),
);

const upsertVote = prepare(7, (db, conversationId: string, participant: number, statement: number, vote: number, seq: number, at: string, day: string) =>
  db
    .insertInto('deliberation_votes')
    .values({ conversation_id: conversationId, participant, statement, vote, seq, revisions: 0, created_at: at, updated_at: at, day })
    .onConflict((oc) =>
      oc.columns(['conversation_id', 'participant', 'statement']).doUpdateSet((eb) => ({
        vote: eb.ref('excluded.vote'),
        seq: eb.ref('excluded.seq'),
        updated_at: eb.ref('excluded.updated_at'),
        revisions: eb('deliberation_votes.revisions', '+', 1),
      })),
    )
    .returning('revisions'),
);

/** Records a vote (a later one replaces the earlier) and says whether it replaced one. */
async function recordVote(ctx: ActionContext, conversationId: string, participant: number, statement: number, value: number): Promise<boolean> {
  const seq = await nextVoteSeq(ctx, conversationId);
  const now = ctx.clock.now();
  const [row] = await upsertVote.execute(deliberationDb(ctx.db), ctx.dialect, conversationId, participant, statement, value, seq, now.toISOString(), taipeiDateOf(now));
  return Number(row!.revisions) > 0;
}

export const deliberationVote = defineAction({
  name: 'deliberation_vote',
  description: 'Agree, disagree or pass on a statement; a later vote replaces the earlier one.',
  input: VoteInput,
  caller: signedIn,
  // The hot path: the conversation, the statement and the participant in one query.
  async load(ctx, input) {
    const [target] = await voteContext.execute(deliberationDb(ctx.db), ctx.dialect, input.conversationId, input.statement, ctx.actor!.userId);
    if (!target) throw new AppError('NOT_FOUND', 'deliberation.not_found');
    return target;
  },
  policy: (ctx, _input, target) => mayVote(ctx.actor, target, ctx.clock.now()),
  async run(ctx, input, target) {
    const statement = target.number!;
    // Security review probe 489: 300 flips in 0.8 s each scheduled a recompute. Counted in the
    // platform's rate-limit counters, shared by every process on PostgreSQL.
    const [hit] = await ctx.services.rateLimits.hit([{ key: `deliberation:vote:user:${ctx.actor!.userId}`, windowMs: VOTE_RATE.windowMs }]);
    if (hit!.current > VOTE_RATE.max) throw new AppError('RATE_LIMITED', 'deliberation.vote_rate_limited', [], { max: VOTE_RATE.max });
    const participant = target.participant ?? (await participantNumberFor(ctx, target.id, ctx.actor!.userId));
    const replaced = await recordVote(ctx, target.id, participant, statement, voteNumber(input.vote));
    ctx.afterCommit(() => mathRunnerFor(ctx.services).notify(target.id));
    return { conversationId: target.id, statement, vote: input.vote, participant, replaced };
  },
});

export const deliberationStatementSubmit = defineAction({
  name: 'deliberation_statement_submit',
  description: 'Adds a statement; in strict moderation it is shown after approval. The author agrees with it.',
  input: Type.Object({ conversationId: ConversationId, body: StatementSubmitBody.properties.body }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  policy: (ctx, _input, conversation) => maySubmitStatement(ctx.actor, conversation, ctx.clock.now()),
  async run(ctx, input, conversation) {
    const now = ctx.clock.now();
    const manager = canManage(ctx.actor, conversation.agency_id);
    const block = takePartBlock(ctx.actor, conversation, now);
    const body = normalizeText(input.body);
    if (!body) throw fieldError('body', 'validation.required');
    if (textLength(body) > conversation.statement_max_length) throw fieldError('body', 'deliberation.statement_too_long', { max: conversation.statement_max_length });
    const since = new Date(now.getTime() - STATEMENT_RATE.windowMs).toISOString();
    if ((await statementsByAuthorSince(deliberationDb(ctx.db), ctx.actor!.userId, since)) >= STATEMENT_RATE.max) {
      throw new AppError('RATE_LIMITED', 'deliberation.statement_rate_limited', [], { max: STATEMENT_RATE.max, minutes: STATEMENT_RATE.windowMs / 60_000 });
    }
    const key = duplicateKey(body);
    const existing = await listStatements(deliberationDb(ctx.db), conversation.id);
    if (existing.some((s) => s.status !== 'rejected' && duplicateKey(s.body) === key)) {
      throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'body', message: 'deliberation.statement_duplicate' }]);
    }
    const takesPart = block === null;
    const participant = takesPart ? await participantNumberFor(ctx, conversation.id, ctx.actor!.userId) : null;
    const number = await reserveStatementNumbers(ctx, conversation.id, 1);
    const status = initialStatus(manager);
    const at = now.toISOString();
    await deliberationDb(ctx.db)
      .insertInto('deliberation_statements')
      .values({
        id: newId(),
        conversation_id: conversation.id,
        number,
        body,
        status,
        is_meta: 0,
        is_seed: 0,
        author_id: ctx.actor!.userId,
        author_participant: participant,
        created_at: at,
        moderated_at: manager ? at : null,
        moderated_by: manager ? ctx.actor!.userId : null,
      })
      .execute();
    // As in Polis, writing a statement counts as agreeing with it.
    if (participant !== null && isVisible(status, conversation.moderation)) {
      await recordVote(ctx, conversation.id, participant, number, 1);
      ctx.afterCommit(() => mathRunnerFor(ctx.services).notify(conversation.id));
    }
    await ctx.audit({ action: 'deliberation_statement_submit', subjectType: 'deliberation_conversation', subjectId: conversation.id, data: { number, status } });
    return { number, status };
  },
});

export interface MyVote {
  number: number;
  body: string;
  vote: VoteChoice;
}

export interface NextView {
  conversation: ReturnType<typeof toConversation>;
  statement: { number: number; body: string; isMeta: boolean } | null;
  /** The vote already given on `statement` (when a statement was asked for to change a vote). */
  currentVote: VoteChoice | null;
  remaining: number;
  voted: number;
  total: number;
  myVotes: MyVote[];
  block: TakePartBlock | null;
  participant: number | null;
  canManage: boolean;
  hasMath: boolean;
}

export const deliberationNext = defineAction({
  name: 'deliberation_next',
  description: 'What to show a participant: the next statement by routing priority, how many are left, their votes.',
  input: Type.Object(
    { conversationId: ConversationId, statement: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })) },
    { additionalProperties: false },
  ),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  async run(ctx, input, row): Promise<NextView> {
    const now = ctx.clock.now();
    const visible = (await listStatements(deliberationDb(ctx.db), row.id)).filter((s) => isVisible(s.status, row.moderation));
    const participant = ctx.actor ? await findParticipantNumber(deliberationDb(ctx.db), row.id, ctx.actor.userId) : null;
    const votes = participant === null ? new Map<number, number>() : await participantVotes(deliberationDb(ctx.db), row.id, participant);
    const unseen = visible.filter((s) => !votes.has(s.number)).map((s) => ({ number: s.number, body: s.body, isMeta: !!s.is_meta }));
    const priorities = await loadPriorities(deliberationDb(ctx.db), row.id);
    let statement = chooseNext(unseen, priorities);
    let currentVote: VoteChoice | null = null;
    if (input.statement !== undefined) {
      const asked = visible.find((s) => s.number === input.statement);
      if (asked) {
        statement = { number: asked.number, body: asked.body, isMeta: !!asked.is_meta };
        const v = votes.get(asked.number);
        currentVote = v === undefined ? null : voteChoice(v);
      }
    }
    const myVotes = visible.filter((s) => votes.has(s.number)).map((s) => ({ number: s.number, body: s.body, vote: voteChoice(votes.get(s.number)!) }));
    return {
      conversation: toConversation(row, now),
      statement,
      currentVote,
      remaining: unseen.length,
      voted: myVotes.length,
      total: visible.length,
      myVotes,
      block: takePartBlock(ctx.actor, row, now),
      participant,
      canManage: canManage(ctx.actor, row.agency_id),
      hasMath: priorities !== null,
    };
  },
});
