// Signing in with the mobile citizen certificate, the relying party's side, against a provider that
// misbehaves on request (test/fake-provider.ts): the person binding on first use, a person bound to
// another account, and every refusal (state, replay, cancel, signature, issuer, audience, expiry,
// nonce, acr, refused code, provider down or slow), each with its page and nothing half-written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '../../core/ids.js';
import { Browser, createTestApp, type TestApp } from '../../../test/helpers.js';
import { allTables } from '../../../test/all-tables.js';
import { acrFor } from './model.js';
import { signedInPerson } from './test/support.js';
import { startFakeProvider, type FakeProvider } from './test/fake-provider.js';

let t: TestApp;
let fake: FakeProvider;

before(async () => {
  fake = await startFakeProvider();
  t = await createTestApp({
    config: { FEDERATION_ISSUER: fake.issuer, FEDERATION_CLIENT_ID: fake.clientId, FEDERATION_CLIENT_SECRET: fake.clientSecret, FEDERATION_TIMEOUT_MS: '1500', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' },
  });
});

after(async () => {
  await t?.close();
  await fake?.close();
});

const db = () => allTables(t.deps.services.db);

/** A browser signed in to the platform (by password) as a new person, or signed out. */
async function browserOf(signedIn: boolean) {
  const browser = new Browser(t.app);
  if (!signedIn) return { browser, userId: null, sessionToken: null };
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  browser.setCookie('og_session', person.sessionToken);
  return { browser, userId: person.userId, sessionToken: person.sessionToken };
}

/** Starts a sign-in; returns where the provider would send the browser back. */
async function start(browser: Browser, next = '/petitions', outcome: { error?: string } = {}) {
  t.clock.advance(61_000); // a new rate-limit window: every request here comes from one address
  const started = await browser.get(`/signin/mobile-id/start?next=${encodeURIComponent(next)}`);
  assert.equal(started.statusCode, 303, started.body);
  const to = String(started.headers.location);
  const asked = new URL(to).searchParams;
  assert.equal(asked.get('code_challenge_method'), 'S256');
  assert.ok(asked.get('nonce') && asked.get('state') && asked.get('code_challenge'));
  assert.equal(asked.get('acr_values'), 'urn:opengov:loa:3');
  return fake.callbackFor(to, outcome);
}

async function sessionOf(token: string) {
  return db().selectFrom('sessions').select(['user_id', 'sign_in_methods', 'asserted_acr', 'revoked_at']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
}

const bindingCount = async () => Number((await db().selectFrom('identity_person_bindings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const sessionCount = async () => Number((await db().selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('a federated session is worth the level the provider vouched for, whatever its amr says', () => {
  const facts = { emailVerified: true, mobileVerified: true };
  assert.equal(acrFor({ ...facts, methods: ['fed', 'sc'], assertedAcr: 'urn:opengov:loa:2' }), 'urn:opengov:loa:2');
  assert.equal(acrFor({ ...facts, methods: ['fed', 'pwd', 'otp'], assertedAcr: null }), 'urn:opengov:loa:1');
  assert.equal(acrFor({ ...facts, methods: ['fed', 'hwk'], assertedAcr: 'urn:opengov:loa:3' }), 'urn:opengov:loa:3');
});

test('the sign-in page offers the mobile citizen certificate in both languages', async () => {
  const zh = await t.app.inject({ method: 'GET', url: '/signin?next=/petitions' });
  assert.match(zh.body, /以行動自然人憑證登入/);
  assert.match(zh.body, /href="\/signin\/mobile-id\/start\?next=%2Fpetitions"/);
  const en = await t.app.inject({ method: 'GET', url: '/signin/mobile-id', headers: { 'accept-language': 'en' } });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /Sign in with the mobile citizen certificate/);
});

test('first use: signed out it explains and binds nothing; signed in it binds, opens a level-3 session and returns to next', async () => {
  fake.person = { national_id: 'A123456789', nationality_verified: 'roc' };
  const stranger = await browserOf(false);
  const [bindingsBefore, sessionsBefore] = [await bindingCount(), await sessionCount()];
  const explained = await stranger.browser.get(await start(stranger.browser));
  assert.equal(explained.statusCode, 403);
  assert.match(explained.body, /請先登入帳號再連結憑證/);
  assert.equal(await bindingCount(), bindingsBefore);
  assert.equal(await sessionCount(), sessionsBefore);

  const owner = await browserOf(true);
  const done = await owner.browser.get(await start(owner.browser, '/petitions?tab=mine'));
  assert.equal(done.statusCode, 303, done.body);
  assert.equal(done.headers.location, '/petitions?tab=mine');
  const session = await sessionOf(owner.browser.cookie('og_session')!);
  assert.equal(session?.user_id, owner.userId);
  assert.equal(session?.asserted_acr, 'urn:opengov:loa:3');
  assert.equal(session?.sign_in_methods, 'fed hwk pin');
  assert.ok((await sessionOf(owner.sessionToken!))?.revoked_at, 'the password session gave way to the new one');
  const binding = await db().selectFrom('identity_person_bindings').selectAll().where('user_id', '=', owner.userId!).executeTakeFirstOrThrow();
  assert.equal(binding.source, 'federation');
  assert.equal(binding.nationality, 'roc');

  // Later, signed out: the certificate alone signs the same person in to the same account.
  const later = await browserOf(false);
  const again = await later.browser.get(await start(later.browser, '//evil.example/x'));
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, '/account', 'an off-site next falls back');
  assert.equal((await sessionOf(later.browser.cookie('og_session')!))?.user_id, owner.userId);

  // Another account cannot claim the person.
  const other = await browserOf(true);
  const refused = await other.browser.get(await start(other.browser));
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /這個身分已連結其他帳號/);
  assert.equal((await sessionOf(other.sessionToken!))?.revoked_at, null, 'their session is untouched');
  assert.equal(await db().selectFrom('identity_person_bindings').select('user_id').where('user_id', '=', other.userId!).executeTakeFirst(), undefined);
});

test('a resident certificate number gives the residence-permit nationality when the provider states none', async () => {
  fake.person = { national_id: 'a800000014' };
  const person = await browserOf(true);
  const done = await person.browser.get(await start(person.browser));
  assert.equal(done.statusCode, 303, done.body);
  const binding = await db().selectFrom('identity_person_bindings').selectAll().where('user_id', '=', person.userId!).executeTakeFirstOrThrow();
  assert.equal(binding.nationality, 'residence_permit');
});

const refusals: Array<{ name: string; misbehave?: FakeProvider['misbehave']; person?: Record<string, unknown>; status: number; text: RegExp }> = [
  { name: 'a signature by a key not in the JWKS', misbehave: { signWithUnknownKey: true }, status: 400, text: /無法驗證憑證服務的回應/ },
  { name: 'another issuer', misbehave: { issuer: 'https://impostor.example' }, status: 400, text: /無法驗證憑證服務的回應/ },
  { name: 'another audience', misbehave: { audience: 'someone-else' }, status: 400, text: /無法驗證憑證服務的回應/ },
  { name: 'an expired token', misbehave: { expiresIn: -600 }, status: 400, text: /無法驗證憑證服務的回應/ },
  { name: 'a nonce of another sign-in', misbehave: { nonce: 'not-the-one' }, status: 400, text: /無法驗證憑證服務的回應/ },
  { name: 'an acr below level 3', misbehave: { acr: 'urn:opengov:loa:2' }, status: 403, text: /驗證等級不足/ },
  { name: 'an acr the operator did not list', misbehave: { acr: 'urn:example:unknown' }, status: 403, text: /驗證等級不足/ },
  { name: 'a refused code', misbehave: { refuseCode: true }, status: 400, text: /憑證服務拒絕了這次登入/ },
  { name: 'a provider that does not answer in time', misbehave: { hang: true }, status: 503, text: /憑證服務暫時無法使用/ },
  { name: 'no national id', person: { name: '王小明' }, status: 403, text: /沒有取得身分證號/ },
  { name: 'a national id with a wrong check digit', person: { national_id: 'A123456788' }, status: 403, text: /沒有取得身分證號/ },
];

for (const refusal of refusals) {
  test(`refused with its page, nothing written: ${refusal.name}`, async () => {
    const person = await browserOf(true);
    fake.person = refusal.person ?? { national_id: 'B120000008' };
    const callback = await start(person.browser);
    fake.misbehave = refusal.misbehave ?? {};
    const [bindingsBefore, sessionsBefore] = [await bindingCount(), await sessionCount()];
    const response = await person.browser.get(callback);
    assert.equal(response.statusCode, refusal.status, response.body.slice(0, 300));
    assert.match(response.body, refusal.text);
    assert.equal(await bindingCount(), bindingsBefore);
    assert.equal(await sessionCount(), sessionsBefore);
    assert.equal((await sessionOf(person.sessionToken!))?.revoked_at, null);
  });
}

test('state: a callback without this browser’s sign-in, a replayed callback, a cancelled one', async () => {
  fake.person = { national_id: 'C100000003' };
  const person = await browserOf(true);
  const callback = await start(person.browser);
  // Another browser (the cookie with the state is not there): refused before anything is exchanged.
  const exchangesBefore = fake.exchanges;
  const elsewhere = await new Browser(t.app).get(callback);
  assert.equal(elsewhere.statusCode, 400);
  assert.match(elsewhere.body, /無法確認這次登入/);
  assert.equal(fake.exchanges, exchangesBefore);

  const state = person.browser.cookie('og_mobile_id')!;
  const first = await person.browser.get(callback);
  assert.equal(first.statusCode, 303, first.body);
  // The same callback again, state cookie and all: the started sign-in is spent.
  const replayer = new Browser(t.app);
  replayer.setCookie('og_mobile_id', state);
  const replay = await replayer.get(callback);
  assert.equal(replay.statusCode, 400);
  assert.match(replay.body, /這次登入已經用過或已逾時/);
  assert.equal(fake.exchanges, exchangesBefore + 1, 'a replay never reaches the provider');

  const cancelling = await browserOf(true);
  const cancelled = await cancelling.browser.get(await start(cancelling.browser, '/account', { error: 'access_denied' }));
  assert.equal(cancelled.statusCode, 400);
  assert.match(cancelled.body, /已取消登入/);
  const english = await browserOf(true);
  english.browser.setCookie('lang', 'en');
  const cancelledEn = await english.browser.get(await start(english.browser, '/account', { error: 'access_denied' }));
  assert.match(cancelledEn.body, /<h1>Sign-in cancelled<\/h1>/, `status ${cancelledEn.statusCode}`);
});

test('a provider that is down: the start page says so and stores nothing', async () => {
  const down = await createTestApp({ config: { FEDERATION_ISSUER: 'http://127.0.0.1:9', FEDERATION_CLIENT_ID: 'x', FEDERATION_CLIENT_SECRET: 'y', FEDERATION_TIMEOUT_MS: '1000' } });
  try {
    const response = await down.app.inject({ method: 'GET', url: '/signin/mobile-id/start?next=/account' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /憑證服務暫時無法使用/);
    const started = await allTables(down.deps.services.db).selectFrom('identity_federation_sign_ins').select('state_hash').execute();
    assert.deepEqual(started, []);
  } finally {
    await down.close();
  }
});

test('without FEDERATION_ISSUER there is no choice and no route', async () => {
  const plain = await createTestApp();
  try {
    assert.doesNotMatch((await plain.app.inject({ method: 'GET', url: '/signin' })).body, /mobile-id/);
    assert.equal((await plain.app.inject({ method: 'GET', url: '/signin/mobile-id/start' })).statusCode, 404);
  } finally {
    await plain.close();
  }
});
