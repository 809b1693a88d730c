// Importing a Polis open-data export as a read-only conversation.
import { defineAction } from '../../../core/action.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { indexDocument } from '../../../core/db/search-adapter.js';
import { newId } from '../../../core/ids.js';
import { mathRunnerFor } from '../math-runner.js';
import { statusFromPolis, timestampMs } from '../model.js';
import { canCreateConversations, mayCreateFor } from '../policy.js';
import { ImportInput, STATEMENT_LENGTH_MAX } from '../schemas.js';
import { loadAgencyFor, normalizeText, SEARCH_DOC } from './shared.js';
import { requirement } from '../../../core/access.js';
import { deliberationDb } from '../tables.js';

const CHUNK = 500;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export const deliberationImport = defineAction({
  name: 'deliberation_import',
  description: 'Imports a parsed Polis export (comments, votes, optional source groups) as a read-only conversation.',
  input: ImportInput,
  caller: requirement('may create conversations', canCreateConversations),
  load: (ctx, input) => loadAgencyFor(ctx, input.agencyCode),
  policy: (ctx, _input, { agencyId }) => mayCreateFor(ctx.actor, agencyId),
  async run(ctx, input, { agencyId }) {
    const actor = ctx.actor!;

    const nowDate = ctx.clock.now();
    const now = nowDate.toISOString();
    const id = newId();
    const topic = normalizeText(input.topic) || 'Polis';
    const commentIds = new Set(input.comments.map((c) => c.id));
    // Latest vote per (participant, comment); votes on unknown comments are skipped and counted.
    const latest = new Map<string, [number, number, number, number]>();
    let skipped = 0;
    for (const [p, c, v, t] of input.votes) {
      if (!commentIds.has(c)) {
        skipped++;
        continue;
      }
      const key = `${p}:${c}`;
      const time = timestampMs(t);
      const old = latest.get(key);
      if (!old || time >= old[3]) latest.set(key, [p, c, v, time]);
    }
    const votes = [...latest.values()].sort((a, b) => a[3] - b[3] || a[1] - b[1] || a[0] - b[0]);
    const firstVote = new Map<number, number>();
    for (const [p, , , t] of votes) if (!firstVote.has(p) || t < firstVote.get(p)!) firstVote.set(p, t);
    const groups = new Map(input.sourceGroups ?? []);
    const participantIds = [...new Set([...firstVote.keys(), ...groups.keys()])].sort((a, b) => a - b);
    const maxComment = input.comments.reduce((m, c) => Math.max(m, c.id), -1);
    const maxParticipant = participantIds.length > 0 ? participantIds[participantIds.length - 1]! : -1;
    const dateOf = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms) : nowDate);

    await deliberationDb(ctx.db)
      .insertInto('deliberation_conversations')
      .values({
        id,
        agency_id: agencyId,
        topic,
        description: normalizeText(input.description ?? ''),
        language: input.language ?? 'zh-TW',
        links: JSON.stringify(input.source && /^https?:\/\//.test(input.source) ? [{ title: input.source, url: input.source }] : []),
        opens_at: null,
        closes_at: null,
        participation: 'signed_in',
        moderation: 'permissive',
        participant_statements: 0,
        statement_max_length: STATEMENT_LENGTH_MAX,
        read_only: 1,
        source: input.source ?? null,
        next_statement: maxComment + 1,
        next_participant: maxParticipant + 1,
        vote_seq: votes.length,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();

    await insertChunks(input.comments, (chunk) =>
      deliberationDb(ctx.db)
        .insertInto('deliberation_statements')
        .values(
          chunk.map((c) => ({
            id: newId(),
            conversation_id: id,
            number: c.id,
            body: c.body,
            status: statusFromPolis(c.moderated),
            is_meta: c.isMeta ? 1 : 0,
            is_seed: 0,
            author_id: null,
            author_participant: c.authorId,
            created_at: c.timestamp === null ? now : dateOf(timestampMs(c.timestamp)).toISOString(),
            moderated_at: null,
            moderated_by: null,
          })),
        )
        .execute(),
    );
    await insertChunks(participantIds, (chunk) =>
      deliberationDb(ctx.db)
        .insertInto('deliberation_participants')
        .values(
          chunk.map((p) => {
            const first = dateOf(firstVote.get(p) ?? NaN);
            return { id: newId(), conversation_id: id, number: p, user_id: null, source_group: groups.get(p) ?? null, created_at: first.toISOString(), day: taipeiDateOf(first) };
          }),
        )
        .execute(),
    );
    await insertChunks(
      votes.map((v, i) => ({ v, seq: i + 1 })),
      (chunk) =>
        deliberationDb(ctx.db)
          .insertInto('deliberation_votes')
          .values(
            chunk.map(({ v: [p, c, value, t], seq }) => {
              const at = dateOf(t);
              return { conversation_id: id, participant: p, statement: c, vote: value, seq, created_at: at.toISOString(), updated_at: at.toISOString(), day: taipeiDateOf(at) };
            }),
          )
          .execute(),
    );
    await indexDocument(deliberationDb(ctx.db), ctx.dialect, SEARCH_DOC, id, `${topic} ${input.description ?? ''}`);
    await ctx.audit({
      action: 'deliberation_import',
      subjectType: 'deliberation_conversation',
      subjectId: id,
      data: { topic, source: input.source ?? null, statements: input.comments.length, participants: participantIds.length, votes: votes.length, skipped },
    });
    ctx.afterCommit(() => mathRunnerFor(ctx.services).notify(id, { full: true }));
    return { conversationId: id, statements: input.comments.length, participants: participantIds.length, votes: votes.length, skipped };
  },
});
