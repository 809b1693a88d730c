// Creating, changing, listing and showing conversations.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../core/action.js';
import { indexDocument } from '../../../core/db/search-adapter.js';
import { AppError, fieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { isVisible, textLength } from '../model.js';
import { canCreateConversations, canManage, managesConversation, mayCreateFor } from '../policy.js';
import { listConversations, listStatements, participantCount, toConversation, toStatement } from '../queries.js';
import { ConversationChanges, ConversationCreateInput, ConversationId, STATEMENT_LENGTH_DEFAULT, type Link } from '../schemas.js';
import { duplicateKey, loadAgencyFor, loadConversation, normalizeText, reserveStatementNumbers, SEARCH_DOC } from './shared.js';
import { requirement, signedIn } from '../../../core/access.js';
import { agencyRefByCode } from '../../agencies/published.js';
import { deliberationDb } from '../tables.js';

function checkDates(opensAt: string | null | undefined, closesAt: string | null | undefined): void {
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) throw fieldError('closesAt', 'deliberation.closes_before_opens');
}

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

function cleanLinks(links: Link[] | undefined): Link[] {
  return (links ?? []).map((l) => ({ title: l.title.trim(), url: l.url.trim() }));
}

/** Adds seed statements (accepted, flagged as seeds); refuses over-long and repeated ones. */
async function addSeeds(ctx: ActionContext, conversationId: string, seeds: string[], maxLength: number): Promise<number> {
  const texts = seeds.map(normalizeText).filter((s) => s !== '');
  if (texts.length === 0) return 0;
  const tooLong = texts.findIndex((s) => textLength(s) > maxLength);
  if (tooLong >= 0) throw fieldError('seedStatements', 'deliberation.seed_too_long', { line: tooLong + 1, max: maxLength });
  const existing = new Set((await listStatements(deliberationDb(ctx.db), conversationId)).map((s) => duplicateKey(s.body)));
  const fresh: string[] = [];
  for (const text of texts) {
    const key = duplicateKey(text);
    if (existing.has(key)) continue;
    existing.add(key);
    fresh.push(text);
  }
  if (fresh.length === 0) return 0;
  const first = await reserveStatementNumbers(ctx, conversationId, fresh.length);
  const now = ctx.clock.now().toISOString();
  await deliberationDb(ctx.db)
    .insertInto('deliberation_statements')
    .values(
      fresh.map((body, i) => ({
        id: newId(),
        conversation_id: conversationId,
        number: first + i,
        body,
        status: 'accepted' as const,
        is_meta: 0,
        is_seed: 1,
        author_id: ctx.actor!.userId,
        author_participant: null,
        created_at: now,
        moderated_at: now,
        moderated_by: ctx.actor!.userId,
      })),
    )
    .execute();
  return fresh.length;
}

async function index(ctx: ActionContext, id: string, topic: string, description: string): Promise<void> {
  await indexDocument(deliberationDb(ctx.db), ctx.dialect, SEARCH_DOC, id, `${topic} ${description}`);
}

export const deliberationCreate = defineAction({
  name: 'deliberation_create',
  description: 'Creates a conversation (agency staff for their agency, moderators for any agency).',
  input: ConversationCreateInput,
  caller: requirement('may create conversations', canCreateConversations),
  load: (ctx, input) => loadAgencyFor(ctx, input.agencyCode),
  policy: (ctx, _input, { agencyId }) => mayCreateFor(ctx.actor, agencyId),
  async run(ctx, input, { agencyId }) {
    checkDates(input.opensAt, input.closesAt);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    const topic = normalizeText(input.topic);
    if (!topic) throw fieldError('topic', 'validation.required');
    const description = normalizeText(input.description ?? '');
    const maxLength = input.statementMaxLength ?? STATEMENT_LENGTH_DEFAULT;
    await deliberationDb(ctx.db)
      .insertInto('deliberation_conversations')
      .values({
        id,
        agency_id: agencyId,
        topic,
        description,
        language: input.language ?? 'zh-TW',
        links: JSON.stringify(cleanLinks(input.links)),
        opens_at: iso(input.opensAt),
        closes_at: iso(input.closesAt),
        participation: input.participation ?? 'signed_in',
        moderation: input.moderation ?? 'strict',
        participant_statements: input.participantStatements === false ? 0 : 1,
        statement_max_length: maxLength,
        read_only: 0,
        source: null,
        next_statement: 0,
        next_participant: 0,
        vote_seq: 0,
        created_by: ctx.actor!.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const seeds = await addSeeds(ctx, id, input.seedStatements ?? [], maxLength);
    await index(ctx, id, topic, description);
    await ctx.audit({ action: 'deliberation_create', subjectType: 'deliberation_conversation', subjectId: id, data: { topic, agencyId, seeds } });
    return toConversation(await loadConversation(ctx, id), ctx.clock.now());
  },
});

export const deliberationUpdate = defineAction({
  name: 'deliberation_update',
  description: 'Changes a conversation and adds seed statements.',
  input: Type.Object({ conversationId: ConversationId, changes: ConversationChanges }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  policy: (ctx, _input, before) => managesConversation(ctx.actor, before),
  async run(ctx, input, before) {
    if (before.read_only) throw new AppError('CONFLICT', 'deliberation.read_only');
    const c = input.changes;
    const opensAt = c.opensAt === undefined ? before.opens_at : iso(c.opensAt);
    const closesAt = c.closesAt === undefined ? before.closes_at : iso(c.closesAt);
    checkDates(opensAt, closesAt);
    const topic = c.topic === undefined ? before.topic : normalizeText(c.topic);
    if (!topic) throw fieldError('topic', 'validation.required');
    const description = c.description === undefined ? before.description : normalizeText(c.description);
    const maxLength = c.statementMaxLength ?? before.statement_max_length;
    await deliberationDb(ctx.db)
      .updateTable('deliberation_conversations')
      .set({
        topic,
        description,
        language: c.language ?? before.language,
        links: c.links === undefined ? before.links : JSON.stringify(cleanLinks(c.links)),
        opens_at: opensAt,
        closes_at: closesAt,
        participation: c.participation ?? before.participation,
        moderation: c.moderation ?? before.moderation,
        participant_statements: c.participantStatements === undefined ? before.participant_statements : c.participantStatements ? 1 : 0,
        statement_max_length: maxLength,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', before.id)
      .execute();
    const seeds = await addSeeds(ctx, before.id, c.seedStatements ?? [], maxLength);
    await index(ctx, before.id, topic, description);
    const after = await loadConversation(ctx, before.id);
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof typeof after)[]).filter((k) => k !== 'updated_at' && k !== 'next_statement' && after[k] !== before[k]).map((k) => [k, { before: before[k], after: after[k] }]),
    );
    await ctx.audit({ action: 'deliberation_update', subjectType: 'deliberation_conversation', subjectId: before.id, data: { changed, seeds } });
    return toConversation(after, ctx.clock.now());
  },
});

export const deliberationList = defineAction({
  name: 'deliberation_list',
  description: 'All conversations, newest first.',
  // A filter: other query parameters are ignored, as they always were on GET /api/v1/deliberation.
  input: Type.Object({ agency: Type.Optional(Type.String({ maxLength: 40, description: "An agency's code: only its conversations" })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let agencyId: string | undefined;
    if (input.agency) {
      const agency = await agencyRefByCode(ctx.db, input.agency);
      if (!agency) return [];
      agencyId = agency.id;
    }
    return listConversations(deliberationDb(ctx.db), ctx.clock.now(), agencyId);
  },
});

export const deliberationShow = defineAction({
  name: 'deliberation_show',
  description: 'A conversation with its statements (managers also see pending and rejected ones).',
  input: Type.Object({ conversationId: ConversationId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadConversation(ctx, input.conversationId),
  async run(ctx, _input, row) {
    const manager = canManage(ctx.actor, row.agency_id);
    const statements = (await listStatements(deliberationDb(ctx.db), row.id)).filter((s) => manager || isVisible(s.status, row.moderation)).map(toStatement);
    return {
      conversation: toConversation(row, ctx.clock.now()),
      statements,
      participants: await participantCount(deliberationDb(ctx.db), row.id),
      canManage: manager,
    };
  },
});
