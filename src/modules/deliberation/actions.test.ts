// Action tests of the deliberation module (registry, no HTTP), permission tests apart at the end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers.js';
import type { AnyAction } from '../../core/action.js';
import type { Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { deliberationShow, deliberationUpdate } from './actions/conversations.js';
import { deliberationStatementModerate } from './actions/moderation.js';
import { deliberationNext, deliberationStatementSubmit, deliberationVote } from './actions/participation.js';
import { deliberationReport } from './actions/report.js';
import { mathRunnerFor } from './math-runner.js';
import { STATEMENT_RATE } from './model.js';
import { createAgencies, createConversation, person, plantedVotes, STATEMENTS, type Agencies } from './test-support.js';
import { allTables } from '../../../test/all-tables.js';
import { deliberationDb } from './tables.js';

const code = (error: unknown) => (error instanceof AppError ? error.code : String(error));
const message = (error: unknown) => (error instanceof AppError ? error.message : String(error));

function noNaN(value: unknown, path = '$'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => noNaN(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) noNaN(v, `${path}.${k}`);
}

describe('deliberation actions', () => {
  let t: TestPlatform;
  let agencies: Agencies;
  const call = <A extends AnyAction>(action: A, input: unknown, actor: Actor | null) => t.deps.registry.call(action, input, { actor });

  before(async () => {
    t = await createTestPlatform();
    agencies = await createAgencies(t.deps);
  });
  after(async () => {
    await mathRunnerFor(t.deps.services).close();
    await t.close();
  });

  it('agency staff create a conversation for their agency, with seed statements accepted', async () => {
    const staff = person('agency_staff', { agencyId: agencies.moda });
    const c = await createConversation(t.deps, staff, { links: [{ title: '資料', url: 'https://data.gov.tw/' }], seedStatements: [...STATEMENTS, STATEMENTS[0]!, '  '] });
    assert.equal(c.agencyCode, 'moda');
    assert.equal(c.status, 'open');
    assert.equal(c.moderation, 'strict');
    const shown = await call(deliberationShow, { conversationId: c.id }, null);
    assert.equal(shown.statements.length, STATEMENTS.length, 'repeated and blank seeds are dropped');
    assert.ok(shown.statements.every((s) => s.status === 'accepted' && s.isSeed));
    assert.deepEqual(shown.conversation.links, [{ title: '資料', url: 'https://data.gov.tw/' }]);
  });

  it('a vote is recorded, a later vote replaces the earlier one, and the count left goes down', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda' });
    const citizen = person('citizen');
    const before = await call(deliberationNext, { conversationId: c.id }, citizen);
    assert.equal(before.remaining, STATEMENTS.length);
    assert.ok(before.statement);
    const first = await call(deliberationVote, { conversationId: c.id, statement: 2, vote: 'agree' }, citizen);
    assert.equal(first.replaced, false);
    const second = await call(deliberationVote, { conversationId: c.id, statement: 2, vote: 'disagree' }, citizen);
    assert.equal(second.replaced, true);
    assert.equal(second.participant, first.participant);
    const rows = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_votes').selectAll().where('conversation_id', '=', c.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.vote, -1);
    const next = await call(deliberationNext, { conversationId: c.id }, citizen);
    assert.equal(next.remaining, STATEMENTS.length - 1);
    assert.equal(next.voted, 1);
    assert.notEqual(next.statement?.number, 2, 'a statement already voted on is not offered again');
    assert.deepEqual(next.myVotes.map((v) => [v.number, v.vote]), [[2, 'disagree']]);
    const asked = await call(deliberationNext, { conversationId: c.id, statement: 2 }, citizen);
    assert.equal(asked.currentVote, 'disagree');
  });

  it('voting on a closed conversation is refused with a clear message', async () => {
    const now = t.clock.now().getTime();
    const c = await createConversation(t.deps, person('platform_moderator'), {
      agencyCode: 'moda',
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
    });
    const citizen = person('citizen');
    await call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, citizen);
    t.clock.advance(2 * 3_600_000);
    await assert.rejects(call(deliberationVote, { conversationId: c.id, statement: 1, vote: 'agree' }, citizen), (e) => code(e) === 'CONFLICT' && message(e) === 'deliberation.closed');
    await assert.rejects(call(deliberationStatementSubmit, { conversationId: c.id, body: '太晚了' }, citizen), (e) => message(e) === 'deliberation.closed');
    const view = await call(deliberationNext, { conversationId: c.id }, citizen);
    assert.equal(view.block, 'closed');
    assert.equal(view.conversation.status, 'closed');
  });

  it('a scheduled conversation takes no votes yet; signed-out people cannot vote', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', opensAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });
    await assert.rejects(call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, person('citizen')), (e) => message(e) === 'deliberation.not_open_yet');
    await assert.rejects(call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, null), (e) => code(e) === 'UNAUTHENTICATED');
  });

  it('verified-only conversations refuse citizens without a verified mobile number', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', participation: 'verified' });
    await assert.rejects(
      call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, person('citizen', { mobileVerified: false })),
      (e) => code(e) === 'FORBIDDEN' && message(e) === 'deliberation.verified_only',
    );
    const verified = await call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, person('citizen', { mobileVerified: true }));
    assert.equal(verified.statement, 0);
  });

  it('strict moderation: a submitted statement waits for approval; the author agrees with it once shown', async () => {
    const staff = person('agency_staff', { agencyId: agencies.moda });
    const c = await createConversation(t.deps, staff, { statementMaxLength: 30 });
    const citizen = person('citizen');
    await assert.rejects(call(deliberationStatementSubmit, { conversationId: c.id, body: '這一則陳述實在是寫得太長太長了，超過了三十個字的上限，所以應該被拒絕才對喔' }, citizen), (e) =>
      e instanceof AppError && e.fields[0]?.field === 'body' && e.fields[0].message === 'deliberation.statement_too_long',
    );
    await assert.rejects(call(deliberationStatementSubmit, { conversationId: c.id, body: STATEMENTS[0]!.replace('。', ' 。') }, citizen), (e) => code(e) === 'CONFLICT');
    const submitted = await call(deliberationStatementSubmit, { conversationId: c.id, body: '公車動態資料要即時' }, citizen);
    assert.equal(submitted.status, 'pending');
    const hidden = await call(deliberationShow, { conversationId: c.id }, null);
    assert.ok(!hidden.statements.some((s) => s.number === submitted.number), 'pending statements are hidden in strict mode');
    await call(deliberationStatementModerate, { conversationId: c.id, number: submitted.number, decision: 'accept' }, staff);
    const shown = await call(deliberationShow, { conversationId: c.id }, null);
    assert.ok(shown.statements.some((s) => s.number === submitted.number));
    await call(deliberationStatementModerate, { conversationId: c.id, number: 1, decision: 'reject' }, staff);
    const after = await call(deliberationNext, { conversationId: c.id }, person('citizen'));
    assert.equal(after.total, STATEMENTS.length, 'one accepted, one rejected');
  });

  it('permissive moderation shows statements at once, and the author’s agree vote is recorded', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', moderation: 'permissive' });
    const citizen = person('citizen');
    const submitted = await call(deliberationStatementSubmit, { conversationId: c.id, body: '公車動態資料要即時' }, citizen);
    const view = await call(deliberationNext, { conversationId: c.id }, citizen);
    assert.deepEqual(view.myVotes.map((v) => [v.number, v.vote]), [[submitted.number, 'agree']]);
    assert.equal(view.total, STATEMENTS.length + 1);
  });

  it('statement spam is rate-limited per account', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', moderation: 'permissive' });
    const citizen = person('citizen');
    for (let i = 0; i < STATEMENT_RATE.max; i++) await call(deliberationStatementSubmit, { conversationId: c.id, body: `第 ${i} 個想法` }, citizen);
    await assert.rejects(call(deliberationStatementSubmit, { conversationId: c.id, body: '再一個想法' }, citizen), (e) => code(e) === 'RATE_LIMITED');
    t.clock.advance(STATEMENT_RATE.windowMs + 1000);
    await call(deliberationStatementSubmit, { conversationId: c.id, body: '再一個想法' }, citizen);
  });

  it('participants may not submit statements when the conversation says so', async () => {
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', participantStatements: false });
    await assert.rejects(call(deliberationStatementSubmit, { conversationId: c.id, body: '我的想法' }, person('citizen')), (e) => message(e) === 'deliberation.statements_not_allowed');
  });

  it('the report of 0, 1 and 2 participants is sensible (no NaN), and groups appear with 30 participants', async () => {
    const runner = mathRunnerFor(t.deps.services);
    const c = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda' });
    const empty = await call(deliberationReport, { conversationId: c.id }, null);
    assert.equal(empty.counts.participants, 0);
    assert.deepEqual(empty.groups, []);
    noNaN(empty);

    const one = person('citizen');
    await call(deliberationVote, { conversationId: c.id, statement: 0, vote: 'agree' }, one);
    await runner.runNow(c.id);
    const single = await call(deliberationReport, { conversationId: c.id }, null);
    assert.equal(single.counts.participants, 1);
    noNaN(single);
    await call(deliberationVote, { conversationId: c.id, statement: 1, vote: 'disagree' }, person('citizen'));
    await runner.runNow(c.id);
    const two = await call(deliberationReport, { conversationId: c.id }, null);
    assert.equal(two.counts.participants, 2);
    noNaN(two);

    const c2 = await createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda' });
    await plantedVotes(t.deps, c2.id, 30);
    const outcome = await runner.runNow(c2.id);
    assert.equal(outcome.ran, true);
    const report = await call(deliberationReport, { conversationId: c2.id }, null);
    noNaN(report);
    assert.equal(report.counts.participants, 30);
    assert.ok(report.groups.length >= 2, `groups: ${report.groups.length}`);
    assert.ok(report.groups.some((g) => g.representative.length > 0));
    assert.ok(report.majority.some((m) => m.statement === 0 && m.direction === 'agree'), 'everyone agrees with statement 0');
    assert.equal(report.participation.series.at(-1)?.totalParticipants, 30);
    // Warm start: one more vote updates from the stored state.
    await call(deliberationVote, { conversationId: c2.id, statement: 3, vote: 'pass' }, person('citizen'));
    const warm = await runner.runNow(c2.id);
    assert.ok(warm.ran && warm.version! > outcome.version!);
    const stored = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_math').select(['votes_seq']).where('conversation_id', '=', c2.id).executeTakeFirstOrThrow();
    const conversation = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_conversations').select(['vote_seq']).where('id', '=', c2.id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.votes_seq), Number(conversation.vote_seq), 'every vote is in the stored math');
  });

  describe('permissions', () => {
    it('a citizen cannot create a conversation', async () => {
      await assert.rejects(createConversation(t.deps, person('citizen'), { agencyCode: 'moda' }), (e) => code(e) === 'FORBIDDEN');
      await assert.rejects(createConversation(t.deps, null as never), (e) => code(e) === 'UNAUTHENTICATED');
    });

    it('agency staff cannot create a conversation for another agency', async () => {
      await assert.rejects(createConversation(t.deps, person('agency_staff', { agencyId: agencies.moda }), { agencyCode: 'moi' }), (e) => code(e) === 'FORBIDDEN');
    });

    it("staff of agency A cannot edit or moderate agency B's conversation; staff of B and moderators can", async () => {
      const c = await createConversation(t.deps, person('agency_staff', { agencyId: agencies.moi }));
      const modaStaff = person('agency_staff', { agencyId: agencies.moda });
      await assert.rejects(call(deliberationUpdate, { conversationId: c.id, changes: { topic: '改掉' } }, modaStaff), (e) => code(e) === 'FORBIDDEN');
      await assert.rejects(call(deliberationStatementModerate, { conversationId: c.id, number: 0, decision: 'reject' }, modaStaff), (e) => code(e) === 'FORBIDDEN');
      await assert.rejects(call(deliberationUpdate, { conversationId: c.id, changes: { topic: '改掉' } }, person('citizen')), (e) => code(e) === 'FORBIDDEN');
      const byOwner = await call(deliberationUpdate, { conversationId: c.id, changes: { topic: '新主題', seedStatements: ['新的一則'] } }, person('agency_admin', { agencyId: agencies.moi }));
      assert.equal(byOwner.topic, '新主題');
      const byModerator = await call(deliberationUpdate, { conversationId: c.id, changes: { moderation: 'permissive' } }, person('platform_moderator'));
      assert.equal(byModerator.moderation, 'permissive');
      const shown = await call(deliberationShow, { conversationId: c.id }, null);
      assert.equal(shown.statements.length, STATEMENTS.length + 1);
    });

    it('closing before opening is refused beside the field', async () => {
      const now = t.clock.now().getTime();
      await assert.rejects(
        createConversation(t.deps, person('platform_moderator'), { agencyCode: 'moda', opensAt: new Date(now).toISOString(), closesAt: new Date(now - 1000).toISOString() }),
        (e) => e instanceof AppError && e.fields[0]?.field === 'closesAt',
      );
    });
  });
});
