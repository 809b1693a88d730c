// The report (every figure, JSON and CSV) and the Polis-format export of a conversation.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { isVisible, polisModeration } from '../model.js';
import { canManage } from '../policy.js';
import { analyzeOneShot } from '../math/pipeline.js';
import { toPolisCsv, type PolisComment, type PolisVote } from '../math/polis-csv.js';
import type { VoteValue } from '../math/types.js';
import { activityByDay, exportVotes, listStatements, loadResult, sourceGroups } from '../queries.js';
import { buildReport } from '../report.js';
import { ConversationId } from '../schemas.js';
import { loadConversation } from './shared.js';
import { deliberationDb } from '../tables.js';

export const deliberationReport = defineAction({
  name: 'deliberation_report',
  description: 'Opinion groups, representative statements, consensus, majority opinions and participation over time.',
  input: Type.Object({ conversationId: ConversationId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  async run(ctx, _input, row) {
    const statements = (await listStatements(deliberationDb(ctx.db), row.id)).filter((s) => isVisible(s.status, row.moderation));
    const stored = await loadResult(deliberationDb(ctx.db), row.id);
    const groups = row.read_only ? await sourceGroups(deliberationDb(ctx.db), row.id) : null;
    return buildReport({
      conversation: { id: row.id, topic: row.topic },
      statements: new Map(statements.map((s) => [s.number, s.body])),
      result: stored?.result ?? null,
      computedAt: stored?.computedAt ?? null,
      activity: await activityByDay(deliberationDb(ctx.db), row.id),
      sourceGroups: groups,
    });
  },
});

export const deliberationExport = defineAction({
  name: 'deliberation_export',
  description: 'The conversation in Polis open-data format: comments.csv, votes.csv, participants-votes.csv (our group ids), summary.csv.',
  input: Type.Object({ conversationId: ConversationId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  async run(ctx, _input, row) {
    // The public export leaves out what the public cannot see (rejected statements, and pending
    // ones under strict moderation); the conversation's managers get everything.
    const full = canManage(ctx.actor, row.agency_id);
    const statements = (await listStatements(deliberationDb(ctx.db), row.id)).filter((s) => full || isVisible(s.status, row.moderation));
    const included = new Set(statements.map((s) => s.number));
    const comments: PolisComment[] = statements.map((s) => ({
      id: s.number,
      timestamp: Date.parse(s.created_at),
      authorId: s.author_participant,
      moderated: polisModeration(s.status),
      isMeta: !!s.is_meta,
      body: s.body,
    }));
    const votes: PolisVote[] = (await exportVotes(deliberationDb(ctx.db), row.id))
      .filter((v) => included.has(v.statement))
      .map((v) => ({ participantId: v.participant, commentId: v.statement, vote: v.vote as VoteValue, time: Date.parse(v.updated_at) }));
    const stored = await loadResult(deliberationDb(ctx.db), row.id);
    const result = stored?.result ?? analyzeOneShot(comments, votes);
    return toPolisCsv({
      comments,
      votes,
      result,
      summary: { topic: row.topic, url: `${ctx.config.baseUrl}/deliberation/${row.id}`, views: 0, description: row.description },
    });
  },
});
