// What citizens write is stored and shown as written: "a<b 且 c>d" keeps its signs, "<script>" is shown as
// text, and control characters are refused by the field instead of dropped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { proposalShow } from '../actions/proposal_show.js';
import { sessionFor, setSettings, setupFixtures, type Fixtures, type TestUser } from '../test-support.js';
import { petitionsDb } from '../tables.js';

let t: TestApp;
let f: Fixtures;

before(async () => {
  t = await createTestApp();
  f = await setupFixtures(t);
  await setSettings(t, { pageCacheSeconds: 0, proposePerAccount: { max: 1000, windowSeconds: 60 }, endorsePerAccount: { max: 1000, windowSeconds: 60 } });
});
after(() => t.close());

async function browserFor(user: TestUser): Promise<Browser> {
  const browser = new Browser(t.app);
  const token = await sessionFor(petitionsDb(t.deps.services.db), user.id, t.clock.now());
  (browser as unknown as { cookies: Map<string, string> }).cookies.set('og_session', token);
  return browser;
}

const FORMULA = '若 a<b 且 c>d 則成立';
const SCRIPT = '<script>alert("x")</script>';
// As Preact writes text: & < and " as entities (a lone > cannot open a tag).
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

test('proposal title, body and comment are stored as written and shown escaped', async () => {
  t.clock.set('2026-03-02T02:00:00.000Z');
  const proposer = await browserFor(f.proposer);
  const created = await proposer.submit('/proposals/new', '/proposals', {
    title: FORMULA,
    content: `${FORMULA}\n\n${SCRIPT}`,
    benefits: `<b>粗體</b> ${FORMULA}`,
    agency1: 'moda',
    topic: 'digital',
    intent: 'submit',
  });
  assert.equal(created.statusCode, 303, created.body);
  const id = /\/proposals\/([\w-]+)/.exec(created.headers.location as string)![1]!;

  const stored = await t.deps.registry.call(proposalShow, { proposalId: id }, { actor: f.proposer.actor });
  assert.equal(stored.title, FORMULA);
  assert.equal(stored.content, `${FORMULA}\n\n${SCRIPT}`);
  assert.equal(stored.benefits, `<b>粗體</b> ${FORMULA}`);

  const moderator = await browserFor(f.moderator);
  assert.equal((await moderator.submit(`/admin/proposals/${id}/review`, `/admin/proposals/${id}/approve`, {})).statusCode, 303);
  t.clock.advanceDays(1);
  const citizen = await browserFor(f.citizen);
  assert.equal((await citizen.submit(`/proposals/${id}`, `/proposals/${id}/comments`, { body: `${FORMULA} ${SCRIPT}` })).statusCode, 303);

  const page = (await citizen.get(`/proposals/${id}`)).body;
  assert.ok(page.includes(`<h1>${escaped(FORMULA)}</h1>`), 'the title keeps its < and >');
  assert.ok(page.includes(escaped(SCRIPT)), 'script in the body and the comment is shown as text');
  assert.ok(page.includes(escaped('<b>粗體</b>')));
  assert.doesNotMatch(page, /<script>alert/);
  assert.doesNotMatch(page, /<b>粗體/);
  assert.ok(page.split(escaped(FORMULA)).length - 1 >= 4, 'title, body, benefits and comment each show the text');

  const csv = (await citizen.get('/proposals/data/proposals.csv')).body;
  assert.ok(csv.includes(FORMULA), 'open-data downloads carry the text as written');
});

test('control characters are refused by the field, not dropped', async () => {
  t.clock.set('2026-03-09T02:00:00.000Z');
  const proposer = await browserFor(f.proposer);
  const refused = await proposer.submit('/proposals/new', '/proposals', { title: '標題\u0000含 NUL', content: '內容', benefits: '效益', agency1: 'moda', intent: 'draft' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /id="field-title-error"/);
  assert.match(refused.body, /含有無法顯示的控制字元/);
});
