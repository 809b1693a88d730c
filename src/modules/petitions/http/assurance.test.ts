// The level each petitions action needs (operator settings, trust.md section 1): a session or token
// below it is refused before anything is written, with STEP_UP_REQUIRED on the API and the step-up
// sign-in on pages, which returns to the form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { allTables } from '../../../../test/all-tables.js';
import { apiTokenFor, openProposal, proposalInput, sessionFor, setSettings, setupFixtures, type Fixtures } from '../test-support.js';
import { SESSION_COOKIE } from '../../accounts/test-support.js';

let t: TestApp;
let f: Fixtures;
let proposalId: string;

before(async () => {
  t = await createTestApp();
  f = await setupFixtures(t);
  proposalId = await openProposal(t, f, { title: '身分確認等級的測試提案' });
});
after(() => t.close());

const proposalCount = async () => (await allTables(t.deps.services.db).selectFrom('proposals').select('id').execute()).length;

async function browserAt(methods: string): Promise<Browser> {
  const browser = new Browser(t.app);
  browser.setCookie(SESSION_COOKIE, await sessionFor(t.deps.services.db, f.proposer.id, t.clock.now(), methods));
  return browser;
}

test('API: a level-1 token proposing gets problem+json 403 STEP_UP_REQUIRED naming level 2, and nothing is written', async () => {
  const before = await proposalCount();
  const token = await apiTokenFor(t.deps.services.db, f.proposer.id, t.clock.now(), 1);
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { authorization: `Bearer ${token}` }, payload: proposalInput });
  assert.equal(response.statusCode, 403, response.body);
  assert.match(String(response.headers['content-type']), /application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, 'STEP_UP_REQUIRED');
  assert.equal(body.requiredLevel, 2);
  assert.equal(body.requiredAcr, 'urn:opengov:loa:2');
  assert.equal(await proposalCount(), before);
});

test('API: a level-1 session cookie gets the same answer; a level-2 token proposes', async () => {
  const browser = await browserAt('pwd');
  const page = await browser.get('/proposals/mine');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const refused = await browser.request({ method: 'POST', url: '/api/v1/proposals', headers: { 'x-csrf-token': csrf }, payload: proposalInput });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(refused.json().code, 'STEP_UP_REQUIRED');
  const token = await apiTokenFor(t.deps.services.db, f.proposer.id, t.clock.now(), 2);
  const ok = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { authorization: `Bearer ${token}` }, payload: proposalInput });
  assert.equal(ok.statusCode, 201, ok.body);
});

test('pages: the proposal form at level 1 leads to the step-up sign-in and back to the form', async () => {
  const browser = await browserAt('pwd');
  const form = await browser.get('/proposals/new');
  assert.equal(form.statusCode, 303);
  assert.equal(form.headers.location, '/step-up?level=2&next=%2Fproposals%2Fnew');
  const stepped = await browserAt('pwd sms mfa');
  assert.equal((await stepped.get('/proposals/new')).statusCode, 200);
});

test('pages: a submit refused for level returns to the form through the step-up, nothing written', async () => {
  const stepped = await browserAt('pwd sms mfa');
  const formPage = await stepped.get('/proposals/new');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(formPage.body)![1]!;
  // The level is raised after the form was opened.
  await setSettings(t, { proposeLevel: 3 });
  try {
    const before = await proposalCount();
    const body = new URLSearchParams({ _csrf: csrf, intent: 'submit', title: proposalInput.title, content: proposalInput.content, benefits: proposalInput.benefits, agencies: 'moda' });
    const response = await stepped.request({ method: 'POST', url: '/proposals', payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, '/step-up?level=3&next=%2Fproposals%2Fnew');
    assert.equal(await proposalCount(), before);
  } finally {
    await setSettings(t, { proposeLevel: 2 });
  }
});

test('endorsing needs level 1 by default; an operator may raise it', async () => {
  const token = await apiTokenFor(t.deps.services.db, f.citizen.id, t.clock.now(), 1);
  await setSettings(t, { endorseLevel: 2 });
  try {
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/endorsements`, headers: { authorization: `Bearer ${token}` }, payload: {} });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().requiredLevel, 2);
  } finally {
    await setSettings(t, { endorseLevel: 1 });
  }
  const ok = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/endorsements`, headers: { authorization: `Bearer ${token}` }, payload: {} });
  assert.equal(ok.statusCode, 201, ok.body);
});

test('the settings page shows and saves both levels', async () => {
  const browser = new Browser(t.app);
  browser.setCookie(SESSION_COOKIE, await sessionFor(t.deps.services.db, f.admin.id, t.clock.now()));
  const page = await browser.get('/admin/proposals/settings');
  assert.match(page.body, /name="proposeLevel"/);
  assert.match(page.body, /<option value="2" selected="">|<option value="2" selected>/);
});
