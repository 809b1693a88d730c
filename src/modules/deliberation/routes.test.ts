// Route tests: the vote journey through plain forms (no JavaScript), moderation, the report page,
// JSON and CSV, Polis exports read back by the math module's reader, the embed page and the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type Browser, type TestApp } from '../../../test/helpers.js';
import type { Actor } from '../../core/actor.js';
import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { makeTranslator, type PageContext } from '../../web/context.js';
import { deliberationModule } from './manifest.js';
import { mathRunnerFor } from './math-runner.js';
import { parseCommentsCsv, parseParticipantsVotesCsv, parseVotesCsv, type PolisProblem } from './math/polis-csv.js';
import type { Report } from './schemas.js';
import { apiToken, createAgencies, createConversation, plantedVotes, signedInUser, STATEMENTS } from './test-support.js';
import { allTables } from '../../../test/all-tables.js';
import { deliberationDb } from './tables.js';

const statementOnPage = (html: string) => Number(/name="statement" value="(\d+)"/.exec(html)?.[1]);

describe('deliberation pages and API', () => {
  let t: TestApp;
  let staff: { browser: Browser; actor: Actor };
  let citizen: { browser: Browser; actor: Actor };
  let moderator: { browser: Browser; actor: Actor };

  before(async () => {
    t = await createTestApp();
    await createAgencies(t.deps);
    staff = await signedInUser(t, 'staff@moda.test', 'agency_staff', { agencyCode: 'moda' });
    citizen = await signedInUser(t, 'citizen@example.tw', 'citizen', { mobile: '0912345678' });
    moderator = await signedInUser(t, 'moderator@example.tw', 'platform_moderator');
  });
  after(async () => {
    await t.close();
  });

  it('staff create a conversation through the form; a citizen may not; bad input comes back beside the fields', async () => {
    assert.equal((await citizen.browser.get('/deliberation/new')).statusCode, 403);
    const bad = await staff.browser.submit('/deliberation/new', '/deliberation/new', { topic: '', statementMaxLength: '5', links: 'not a link', language: 'zh-TW' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-topic-error"/);
    assert.match(bad.body, /id="field-statementMaxLength-error"/);
    assert.match(bad.body, /id="field-links-error"/);
    const created = await staff.browser.submit('/deliberation/new', '/deliberation/new', {
      topic: '路口安全',
      description: '請**表態**。\n\n- 第一點\n- 第二點\n\n<script>alert(1)</script> [連結](javascript:alert(1)) https://example.tw/a',
      language: 'zh-TW',
      links: '道路資料 | https://data.gov.tw/\nhttps://example.tw/proposal',
      seedStatements: STATEMENTS.join('\n'),
      opensAt: '',
      closesAt: '2026-12-31T18:00',
      participation: 'signed_in',
      moderation: 'strict',
      participantStatements: 'yes',
      statementMaxLength: '140',
    });
    assert.equal(created.statusCode, 303, created.body);
    const page = await citizen.browser.get(created.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<strong>表態<\/strong>/);
    assert.match(page.body, /<ul class="usa-list"><li>第一點<\/li>/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.doesNotMatch(page.body, /href="javascript:/);
    assert.match(page.body, /href="https:\/\/example.tw\/a" rel="nofollow ugc noopener noreferrer"/);
    assert.match(page.body, /道路資料/);
  });

  it('the vote journey works with plain form posts: vote, see how many are left, change a vote', async () => {
    const c = await createConversation(t.deps, staff.actor);
    const url = `/deliberation/${c.id}`;
    const first = await citizen.browser.get(url);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, new RegExp(`還有 ${STATEMENTS.length} 則`));
    const n = statementOnPage(first.body);
    assert.ok(Number.isInteger(n));
    const voted = await citizen.browser.submit(url, `${url}/vote`, { statement: String(n), vote: 'agree' });
    assert.equal(voted.statusCode, 303);
    assert.equal(voted.headers.location, url);
    const next = await citizen.browser.get(url);
    assert.match(next.body, /已記錄你的表態/);
    assert.match(next.body, new RegExp(`還有 ${STATEMENTS.length - 1} 則`));
    assert.notEqual(statementOnPage(next.body), n);

    const change = await citizen.browser.get(`${url}?statement=${n}`);
    assert.match(change.body, /修改你的表態/);
    assert.match(change.body, /aria-pressed="true"/);
    await citizen.browser.submit(`${url}?statement=${n}`, `${url}/vote`, { statement: String(n), vote: 'disagree' });
    const rows = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_votes').select(['statement', 'vote']).where('conversation_id', '=', c.id).execute();
    assert.deepEqual(rows, [{ statement: n, vote: -1 }]);

    const anonymous = await t.app.inject({ url });
    assert.match(anonymous.body, /登入參與/);
    assert.doesNotMatch(anonymous.body, /name="vote"/);
  });

  it('voting on a closed conversation is refused on the page with a clear message', async () => {
    const c = await createConversation(t.deps, staff.actor, { closesAt: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    const url = `/deliberation/${c.id}`;
    const page = await citizen.browser.get(url);
    t.clock.advance(120_000);
    const refused = await citizen.browser.submit(url, `${url}/vote`, { statement: String(statementOnPage(page.body)), vote: 'agree' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /這場討論已經結束/);
  });

  it('verified-only conversations turn away citizens without a verified mobile number', async () => {
    const c = await createConversation(t.deps, staff.actor, { participation: 'verified' });
    const unverified = await signedInUser(t, 'unverified@example.tw', 'citizen');
    const url = `/deliberation/${c.id}`;
    const page = await unverified.browser.get(url);
    assert.match(page.body, /驗證手機號碼/);
    const refused = await unverified.browser.submit(url, `${url}/vote`, { statement: '0', vote: 'agree' });
    assert.equal(refused.statusCode, 403);
    const ok = await citizen.browser.submit(url, `${url}/vote`, { statement: '0', vote: 'agree' });
    assert.equal(ok.statusCode, 303);
  });

  it('moderation: a submitted statement waits in the queue, a moderator accepts it and marks another meta', async () => {
    const c = await createConversation(t.deps, staff.actor);
    const url = `/deliberation/${c.id}`;
    const submitted = await citizen.browser.submit(url, `${url}/statements`, { body: '行人號誌秒數應該加長' });
    assert.equal(submitted.statusCode, 303);
    const tooLong = await citizen.browser.submit(url, `${url}/statements`, { body: '長'.repeat(141) });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /陳述最多 140 字/);
    assert.equal((await citizen.browser.get(`${url}/moderate`)).statusCode, 403);
    const queue = await moderator.browser.get(`${url}/moderate`);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /待審核（1 則）/);
    assert.match(queue.body, /行人號誌秒數應該加長/);
    const n = STATEMENTS.length;
    const accepted = await moderator.browser.submit(`${url}/moderate`, `${url}/statements/${n}/moderate`, { decision: 'accept' });
    assert.equal(accepted.statusCode, 303);
    await moderator.browser.submit(`${url}/moderate`, `${url}/statements/1/meta`, { meta: 'true' });
    const after = await moderator.browser.get(`${url}/moderate`);
    assert.match(after.body, /待審核（0 則）/);
    assert.match(after.body, /取消程序性意見/);
    const shown = await t.app.inject({ url: `/api/v1/deliberation/${c.id}` });
    const body = shown.json() as { statements: { number: number; isMeta: boolean }[] };
    assert.ok(body.statements.some((s) => s.number === n));
    assert.ok(body.statements.find((s) => s.number === 1)?.isMeta);
    const recompute = await moderator.browser.submit(`${url}/moderate`, `${url}/recompute`, {});
    assert.equal(recompute.statusCode, 303);
  });

  describe('with 30 participants', () => {
    let id: string;
    let report: Report;
    before(async () => {
      const c = await createConversation(t.deps, staff.actor);
      id = c.id;
      await plantedVotes(t.deps, id, 30);
      await mathRunnerFor(t.deps.services).flush();
      const response = await t.app.inject({ url: `/api/v1/deliberation/${id}/report` });
      assert.equal(response.statusCode, 200);
      report = response.json() as Report;
    });

    it('the JSON report has groups, representative statements and majority opinions', () => {
      assert.equal(report.counts.participants, 30);
      assert.ok(report.groups.length >= 2);
      assert.equal(report.participants.length, 30);
      assert.ok(report.groups.every((g) => /^[A-Z]$/.test(g.label) && g.size > 0));
      assert.ok(report.majority.length > 0);
    });

    it('the report page renders the map, its text alternative and every section', async () => {
      const page = await t.app.inject({ url: `/deliberation/${id}/report` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg class="og-chart og-map"[^>]*role="img"/);
      assert.match(page.body, /<desc id="og-map-desc">30 位參與者/);
      for (const g of report.groups) assert.match(page.body, new RegExp(`${g.label} 群（${g.size} 人）`));
      for (const heading of ['意見地圖', '各意見群的代表性陳述', '跨群共識', '考量各群的共識排名', '多數意見', '參與情形']) assert.match(page.body, new RegExp(`<h2[^>]*>${heading}</h2>`));
      assert.doesNotMatch(page.body, /NaN/);
    });

    it('every figure is also a CSV', async () => {
      for (const figure of ['participants', 'groups', 'representative', 'consensus', 'group-aware-consensus', 'majority', 'participation']) {
        const csv = await t.app.inject({ url: `/deliberation/${id}/report/${figure}.csv` });
        assert.equal(csv.statusCode, 200, figure);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        assert.ok(csv.body.split('\n').length >= 2, figure);
      }
      assert.equal((await t.app.inject({ url: `/deliberation/${id}/report/secrets.csv` })).statusCode, 404);
    });

    it('the Polis exports read back through the math module without problems', async () => {
      const get = async (file: string) => {
        const r = await t.app.inject({ url: `/deliberation/${id}/export/${file}` });
        assert.equal(r.statusCode, 200, file);
        return r.body;
      };
      const problems: PolisProblem[] = [];
      const comments = parseCommentsCsv(await get('comments.csv'), problems);
      const votes = parseVotesCsv(await get('votes.csv'), problems, new Set(comments.map((c) => c.id)));
      const participants = parseParticipantsVotesCsv(await get('participants-votes.csv'), problems);
      assert.deepEqual(problems, []);
      assert.equal(comments.length, STATEMENTS.length);
      const stored = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_votes').select(['participant', 'statement', 'vote']).where('conversation_id', '=', id).execute();
      assert.equal(votes.votes.length, stored.length);
      const key = (p: number, c: number) => `${p}:${c}`;
      const byCell = new Map(stored.map((v) => [key(v.participant, v.statement), v.vote]));
      assert.ok(votes.votes.every((v) => byCell.get(key(v.participantId, v.commentId)) === v.vote));
      const groupOf = new Map(report.participants.map((p) => [p.id, p.group]));
      assert.equal(participants.length, 30);
      assert.ok(participants.every((p) => groupOf.get(p.participantId) === p.groupId));
      assert.match(await get('summary.csv'), /^topic,/);
    });
  });

  it('an empty conversation has a sensible report page and JSON', async () => {
    const c = await createConversation(t.deps, staff.actor, { seedStatements: [] });
    const page = await t.app.inject({ url: `/deliberation/${c.id}/report` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /還沒有人表態/);
    const json = (await t.app.inject({ url: `/api/v1/deliberation/${c.id}/report` })).json() as Report;
    assert.equal(json.counts.participants, 0);
    assert.equal((await t.app.inject({ url: `/deliberation/${c.id}/export/participants-votes.csv` })).statusCode, 200);
  });

  it('the embed page may be framed anywhere; every other page only by the site itself', async () => {
    const c = await createConversation(t.deps, staff.actor);
    const embed = await t.app.inject({ url: `/deliberation/${c.id}/embed` });
    assert.equal(embed.statusCode, 200);
    assert.match(String(embed.headers['content-security-policy']), /frame-ancestors \*/);
    assert.equal(embed.headers['x-frame-options'], undefined);
    const page = await t.app.inject({ url: `/deliberation/${c.id}` });
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.match(page.body, /&lt;iframe src=&quot;http:\/\/localhost:3000\/deliberation\//);
    const framedVote = await citizen.browser.submit(`/deliberation/${c.id}/embed`, `/deliberation/${c.id}/vote`, { statement: '0', vote: 'pass', return_to: `/deliberation/${c.id}/embed` });
    assert.equal(framedVote.headers.location, `/deliberation/${c.id}/embed`);
  });

  it('a Polis export uploaded through the import form becomes a read-only conversation; bad rows are listed by line', async () => {
    assert.equal((await citizen.browser.get('/deliberation/import')).statusCode, 403);
    const page = await staff.browser.get('/deliberation/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const upload = async (files: Record<string, string>, topic = '匯入測試') => {
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('topic', topic);
      for (const [name, text] of Object.entries(files)) form.append(name, new Blob([text], { type: 'text/csv' }), `${name}.csv`);
      const request = new Request('http://local/', { method: 'POST', body: form });
      const payload = Buffer.from(await request.arrayBuffer());
      return staff.browser.request({ method: 'POST', url: '/deliberation/import', payload, headers: { 'content-type': request.headers.get('content-type')! } });
    };
    const missing = await upload({ comments: 'comment-id,comment-body\n0,a\n' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /id="field-votes-error"/);
    const comments = 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,0,0,0,1,甲\n2,x,1,0,0,0,1,乙\n';
    const votes = ['timestamp,datetime,comment-id,voter-id,vote', ...Array.from({ length: 20 }, (_, p) => [`${p},x,0,${p},${p % 2 ? 1 : -1}`, `${p},x,1,${p},1`]).flat(), '99,x,0,3,maybe'].join('\n');
    const done = await upload({ comments, votes });
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /2 則陳述、20 位參與者、40 次表態/);
    assert.match(done.body, /<th scope="row" data-label="[^"]+">votes.csv<\/th><td data-label="[^"]+">42<\/td>/);
  });

  it('other modules host the participation widget through the manifest; its votes return to the host page', async () => {
    const c = await createConversation(t.deps, staff.actor);
    const request = { actor: citizen.actor, ip: '127.0.0.1', headers: {}, locale: 'zh-TW' } as unknown as FastifyRequest;
    const ctx: PageContext = { locale: 'zh-TW', t: makeTranslator('zh-TW'), actor: citizen.actor, viewer: null, csrfToken: 'token', path: '/proposals/42', query: new URLSearchParams(), nav: [], flashes: [] };
    const html = renderToString(await deliberationModule.components.participation(t.deps, request, ctx, c.id));
    assert.match(html, new RegExp(`<form method="post" action="/deliberation/${c.id}/vote"`));
    assert.match(html, /name="return_to" value="\/proposals\/42"/);
    assert.match(html, /<h3 id="og-statement-heading"/);
    const voted = await citizen.browser.submit(`/deliberation/${c.id}`, `/deliberation/${c.id}/vote`, { statement: '0', vote: 'agree', return_to: '/proposals/42' });
    assert.equal(voted.headers.location, '/proposals/42');
    const offsite = await citizen.browser.submit(`/deliberation/${c.id}`, `/deliberation/${c.id}/vote`, { statement: '1', vote: 'agree', return_to: '//evil.example/' });
    assert.equal(offsite.headers.location, `/deliberation/${c.id}`);
  });

  it('the JSON API: list, create, show, vote, submit a statement, next; with problem+json errors', async () => {
    const staffToken = await apiToken(t, staff.actor);
    const citizenToken = await apiToken(t, citizen.actor);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deliberation',
      headers: auth(staffToken),
      payload: { topic: 'API 討論', seedStatements: ['甲', '乙'], moderation: 'permissive' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/v1/deliberation', headers: auth(citizenToken), payload: { topic: 'x' } });
    assert.equal(forbidden.statusCode, 403);
    assert.match(String(forbidden.headers['content-type']), /problem\+json/);
    const vote = await t.app.inject({ method: 'POST', url: `/api/v1/deliberation/${id}/votes`, headers: auth(citizenToken), payload: { statement: 1, vote: 'agree' } });
    assert.equal(vote.statusCode, 200, vote.body);
    assert.equal((vote.json() as { replaced: boolean }).replaced, false);
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/deliberation/${id}/votes`, headers: auth(citizenToken), payload: { statement: 1, vote: 'maybe' } });
    assert.equal(bad.statusCode, 400);
    const missing = await t.app.inject({ method: 'POST', url: `/api/v1/deliberation/${id}/votes`, headers: auth(citizenToken), payload: { statement: 99, vote: 'agree' } });
    assert.equal(missing.statusCode, 404);
    const statement = await t.app.inject({ method: 'POST', url: `/api/v1/deliberation/${id}/statements`, headers: auth(citizenToken), payload: { body: '丙' } });
    assert.equal(statement.statusCode, 201, statement.body);
    const next = (await t.app.inject({ url: `/api/v1/deliberation/${id}/next`, headers: auth(citizenToken) })).json() as { remaining: number; total: number };
    assert.deepEqual([next.remaining, next.total], [1, 3]);
    const list = (await t.app.inject({ url: '/api/v1/deliberation' })).json() as { id: string }[];
    assert.ok(list.some((c) => c.id === id));
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/deliberation/${id}`, headers: auth(citizenToken), payload: { topic: 'x' } });
    assert.equal(patched.statusCode, 403);
    assert.equal((await t.app.inject({ url: '/api/v1/deliberation/nope' })).statusCode, 404);
    const openapi = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/api/v1/deliberation/{id}/report']);
  });
});

