// Passkey ceremonies through the routes, with a software authenticator standing in for the
// browser and the device: an ES256 key pair, 'none' attestation, CBOR and signed assertions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { t as translate } from '../../core/i18n/index.js';
import { buildApp } from '../../app.js';
import { Browser, admin, createTestApp, type TestApp } from '../../../test/helpers.js';
import { apiTokenCreate } from './actions/tokens.js';
import { userCreate } from './actions/users.js';
import { allTables } from '../../../test/all-tables.js';
import { accountsDb } from './tables.js';

const ORIGIN = 'http://localhost:3000';
const RP_ID = 'localhost';

type Cbor = Parameters<typeof isoCBOR.encode>[0];
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

interface Overrides {
  origin?: string;
  rpId?: string;
  counter?: number;
}

class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly x: Buffer;
  private readonly y: Buffer;
  counter = 0;
  userHandle: string | undefined;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    this.privateKey = privateKey;
    this.x = Buffer.from(jwk.x!, 'base64url');
    this.y = Buffer.from(jwk.y!, 'base64url');
  }

  get id(): string {
    return b64(this.credentialId);
  }

  private authenticatorData(rpId: string, flags: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, attested]);
  }

  /** navigator.credentials.create(): a new credential with 'none' attestation. */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, overrides: Overrides = {}) {
    const coseKey = isoCBOR.encode(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, this.x],
        [-3, this.y],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(coseKey)]);
    // Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
    const authData = this.authenticatorData(overrides.rpId ?? options.rp.id ?? RP_ID, 0x45, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: overrides.origin ?? ORIGIN, crossOrigin: false }));
    this.userHandle = options.user.id;
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ['internal', 'hybrid'] },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): an assertion over the challenge, counter moved forward. */
  assert(options: { challenge: string; rpId?: string }, overrides: Overrides = {}) {
    this.counter = overrides.counter ?? this.counter + 1;
    const authData = this.authenticatorData(overrides.rpId ?? options.rpId ?? RP_ID, 0x05);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: overrides.origin ?? ORIGIN, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature), ...(this.userHandle && { userHandle: this.userHandle }) },
      clientExtensionResults: {},
    };
  }
}

// ---- helpers -------------------------------------------------------------------------------

async function createUser(t: TestApp, email: string, password = 'correct horse battery') {
  await t.deps.registry.call(userCreate, { email, password, role: 'citizen', nickname: email.split('@')[0] }, { actor: admin });
  const row = await allTables(accountsDb(t.deps.services.db)).selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { id: row.id, email, password };
}

function csrfOf(html: string): string {
  const token = /data-csrf-token="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'page carries a CSRF token');
  return token;
}

async function csrfFrom(browser: Browser, url: string): Promise<string> {
  const page = await browser.get(url);
  assert.equal(page.statusCode, 200, `${url} answers 200`);
  return csrfOf(page.body);
}

function postJson(browser: Browser, url: string, csrf: string, body: unknown = {}) {
  return browser.request({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf } });
}

async function passwordSignIn(browser: Browser, user: { email: string; password: string }) {
  const response = await browser.submit('/signin', '/signin', { email: user.email, password: user.password });
  assert.equal(response.statusCode, 303);
  return response;
}

async function registerPasskey(browser: Browser, authenticator: SoftAuthenticator, name: string, overrides: Overrides = {}) {
  const csrf = await csrfFrom(browser, '/account/passkeys');
  const options = await postJson(browser, '/api/v1/passkeys/registration/options', csrf);
  assert.equal(options.statusCode, 200, options.body);
  return postJson(browser, '/api/v1/passkeys/registration', csrf, { name, response: authenticator.register(options.json(), overrides) });
}

/** A user with one registered passkey, signed out again. */
async function userWithPasskey(t: TestApp, email = 'mei@example.tw') {
  const user = await createUser(t, email);
  const authenticator = new SoftAuthenticator();
  const browser = new Browser(t.app);
  await passwordSignIn(browser, user);
  const registered = await registerPasskey(browser, authenticator, 'Phone');
  assert.equal(registered.statusCode, 201, registered.body);
  return { user, authenticator };
}

async function loginOptions(browser: Browser) {
  const csrf = await csrfFrom(browser, '/signin/passkey');
  const options = await postJson(browser, '/api/v1/passkeys/login/options', csrf);
  assert.equal(options.statusCode, 200, options.body);
  return { csrf, options: options.json() as { challenge: string; rpId: string } };
}

/** A ceremony refused with the given reason (pages default to zh-TW). */
function assertRefused(response: { statusCode: number; json(): { detail: string } }, reason: string) {
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().detail, translate('zh-TW', `accounts.passkey.${reason}`));
}

async function auditActions(t: TestApp): Promise<string[]> {
  const rows = await allTables(accountsDb(t.deps.services.db)).selectFrom('audit_log').select('action').orderBy('seq').execute();
  return rows.map((r) => r.action);
}

async function withApp(run: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

// ---- tests ---------------------------------------------------------------------------------

test('a signed-in user registers a passkey, sees it listed and signs in with it alone', () =>
  withApp(async (t) => {
    const user = await createUser(t, 'mei@example.tw');
    const authenticator = new SoftAuthenticator();
    const browser = new Browser(t.app);
    await passwordSignIn(browser, user);

    const page = await browser.get('/account/passkeys');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<script type="module" src="\/assets\/js\/passkeys.js"><\/script>/);
    assert.ok(page.body.includes('data-passkey-form="true" hidden>'), 'the ceremony form waits for the island');

    const csrf = csrfOf(page.body);
    const options = await postJson(browser, '/api/v1/passkeys/registration/options', csrf);
    assert.equal(options.statusCode, 200);
    const creation = options.json();
    assert.equal(creation.rp.id, RP_ID);
    assert.equal(creation.authenticatorSelection.residentKey, 'required');
    assert.equal(Buffer.from(creation.user.id, 'base64url').toString(), user.id);

    const registered = await postJson(browser, '/api/v1/passkeys/registration', csrf, { name: '  Phone  ', response: authenticator.register(creation) });
    assert.equal(registered.statusCode, 201, registered.body);
    assert.equal(registered.json().passkey.name, 'Phone');
    assert.equal(registered.json().redirect, '/account/passkeys');

    const listed = await browser.get('/account/passkeys');
    assert.match(listed.body, /Phone/);
    assert.match(listed.body, /action="\/account\/passkeys\/[^"]+\/delete"/);
    const stored = await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').selectAll().executeTakeFirstOrThrow();
    assert.equal(stored.credential_id, authenticator.id);
    assert.deepEqual(JSON.parse(stored.transports!), ['internal', 'hybrid']);
    assert.equal(Buffer.from(stored.public_key, 'base64url').length > 60, true);

    // The same authenticator again is refused (and its options say so through excludeCredentials).
    const again = await postJson(browser, '/api/v1/passkeys/registration/options', csrf);
    assert.deepEqual(
      again.json().excludeCredentials.map((c: { id: string }) => c.id),
      [authenticator.id],
    );
    const duplicate = await postJson(browser, '/api/v1/passkeys/registration', csrf, { name: 'Again', response: authenticator.register(again.json()) });
    assertRefused(duplicate, 'already_registered');

    // Passwordless, from a fresh browser.
    const fresh = new Browser(t.app);
    const login = await loginOptions(fresh);
    assert.equal(login.options.rpId, RP_ID);
    assert.equal('allowCredentials' in login.options, false, 'discoverable: no credential list');
    const signedIn = await postJson(fresh, '/api/v1/passkeys/login', login.csrf, { response: authenticator.assert(login.options), next: '/account/passkeys' });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().redirect, '/account/passkeys');
    const me = await fresh.get('/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, user.email);

    const used = await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select(['counter', 'last_used_at']).executeTakeFirstOrThrow();
    assert.equal(used.counter, 1);
    assert.equal(used.last_used_at, t.clock.now().toISOString());
    const audit = await auditActions(t);
    assert.ok(audit.includes('passkey_register'));
    assert.ok(audit.includes('passkey_sign_in'));
  }));

test('a password sign-in owes the passkey: no access until the second factor completes it', () =>
  withApp(async (t) => {
    const { user, authenticator } = await userWithPasskey(t);
    const browser = new Browser(t.app);
    const first = await passwordSignIn(browser, user);
    assert.match(String(first.headers.location), /^\/signin\/2fa/);
    const pendingToken = browser.cookie('og_session');
    assert.ok(pendingToken);

    assert.equal((await browser.get('/api/v1/me')).statusCode, 401);
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 303, 'the account page sends a pending session away');
    const passkeysPage = await browser.get('/account/passkeys');
    assert.equal(passkeysPage.statusCode, 303);
    assert.match(String(passkeysPage.headers.location), /^\/signin\/2fa/);
    // A pending session cannot start a registration either.
    const page = await browser.get('/signin/2fa');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /action="\/signin\/2fa\/cancel"/);
    const csrf = csrfOf(page.body);
    assert.equal((await postJson(browser, '/api/v1/passkeys/registration/options', csrf)).statusCode, 401);

    const options = await postJson(browser, '/api/v1/passkeys/second-factor/options', csrf);
    assert.equal(options.statusCode, 200, options.body);
    const request = options.json();
    assert.deepEqual(
      request.allowCredentials.map((c: { id: string }) => c.id),
      [authenticator.id],
    );
    const done = await postJson(browser, '/api/v1/passkeys/second-factor', csrf, { response: authenticator.assert(request), next: '/account' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().redirect, '/account');

    assert.notEqual(browser.cookie('og_session'), pendingToken, 'the session token is replaced');
    const me = await browser.get('/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, user.email);
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `og_session=${pendingToken}` } });
    assert.equal(stale.statusCode, 401);
    const session = await allTables(accountsDb(t.deps.services.db)).selectFrom('sessions').select('mfa_pending').where('user_id', '=', user.id).where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(session.mfa_pending, 0);
    assert.ok((await auditActions(t)).includes('passkey_second_factor'));
  }));

test('a pending sign-in can be cancelled, which signs out', () =>
  withApp(async (t) => {
    const { user } = await userWithPasskey(t);
    const browser = new Browser(t.app);
    await passwordSignIn(browser, user);
    const cancelled = await browser.submit('/signin/2fa', '/signin/2fa/cancel', {});
    assert.equal(cancelled.statusCode, 303);
    assert.equal(cancelled.headers.location, '/signin');
    assert.equal(browser.cookie('og_session'), undefined);
    const open = await allTables(accountsDb(t.deps.services.db)).selectFrom('sessions').select('id').where('user_id', '=', user.id).where('mfa_pending', '=', 1).where('revoked_at', 'is', null).execute();
    assert.equal(open.length, 0);
  }));

test('a wrong origin or relying party is refused in every ceremony', () =>
  withApp(async (t) => {
    const user = await createUser(t, 'mei@example.tw');
    const browser = new Browser(t.app);
    await passwordSignIn(browser, user);
    const evil = new SoftAuthenticator();
    const badOrigin = await registerPasskey(browser, evil, 'Evil', { origin: 'https://evil.example' });
    assertRefused(badOrigin, 'failed');
    assert.equal(badOrigin.json().code, 'INVALID');
    const badRp = await registerPasskey(browser, evil, 'Evil', { rpId: 'evil.example' });
    assertRefused(badRp, 'failed');
    assert.equal(await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select('id').executeTakeFirst(), undefined);

    const authenticator = new SoftAuthenticator();
    assert.equal((await registerPasskey(browser, authenticator, 'Phone')).statusCode, 201);
    const fresh = new Browser(t.app);
    for (const overrides of [{ origin: 'https://evil.example' }, { origin: 'http://localhost:3001' }, { rpId: 'evil.example' }]) {
      const { csrf, options } = await loginOptions(fresh);
      const refused = await postJson(fresh, '/api/v1/passkeys/login', csrf, { response: authenticator.assert(options, overrides) });
      assertRefused(refused, 'failed');
    }
    assert.equal((await fresh.get('/api/v1/me')).statusCode, 401);

    // The second factor checks the same.
    const pending = new Browser(t.app);
    await passwordSignIn(pending, user);
    const csrf = await csrfFrom(pending, '/signin/2fa');
    const options = await postJson(pending, '/api/v1/passkeys/second-factor/options', csrf);
    const refused = await postJson(pending, '/api/v1/passkeys/second-factor', csrf, { response: authenticator.assert(options.json(), { origin: 'https://evil.example' }) });
    assertRefused(refused, 'failed');
    assert.equal((await pending.get('/api/v1/me')).statusCode, 401);
  }));

test('a challenge works once: replaying a finished ceremony or re-signing its challenge is refused', () =>
  withApp(async (t) => {
    const { authenticator } = await userWithPasskey(t);
    const browser = new Browser(t.app);
    const { csrf, options } = await loginOptions(browser);
    const assertion = authenticator.assert(options);
    assert.equal((await postJson(browser, '/api/v1/passkeys/login', csrf, { response: assertion })).statusCode, 200);

    const attacker = new Browser(t.app);
    const attackerCsrf = await csrfFrom(attacker, '/signin/passkey');
    const replay = await postJson(attacker, '/api/v1/passkeys/login', attackerCsrf, { response: assertion });
    assertRefused(replay, 'challenge');
    const resigned = await postJson(attacker, '/api/v1/passkeys/login', attackerCsrf, { response: authenticator.assert(options) });
    assertRefused(resigned, 'challenge');
    assert.equal((await attacker.get('/api/v1/me')).statusCode, 401);

    // A failed attempt also uses the challenge up.
    const second = await loginOptions(attacker);
    const wrong = await postJson(attacker, '/api/v1/passkeys/login', second.csrf, { response: authenticator.assert(second.options, { origin: 'https://evil.example' }) });
    assertRefused(wrong, 'failed');
    const retry = await postJson(attacker, '/api/v1/passkeys/login', second.csrf, { response: authenticator.assert(second.options) });
    assertRefused(retry, 'challenge');

    // An expired challenge is refused.
    const third = await loginOptions(attacker);
    t.clock.advance(6 * 60_000);
    const late = await postJson(attacker, '/api/v1/passkeys/login', third.csrf, { response: authenticator.assert(third.options) });
    assertRefused(late, 'challenge');
    assert.equal((await attacker.get('/api/v1/me')).statusCode, 401);
  }));

test('a ceremony started on one app instance finishes on another that shares only the database', () =>
  withApp(async (t) => {
    const { user, authenticator } = await userWithPasskey(t);
    const other = await buildApp(t.deps.services);
    try {
      const browser = new Browser(t.app);
      const { csrf, options } = await loginOptions(browser);
      const finished = await other.app.inject({
        method: 'POST',
        url: '/api/v1/passkeys/login',
        payload: JSON.stringify({ response: authenticator.assert(options) }),
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `_csrf=${browser.cookie('_csrf')}` },
      });
      assert.equal(finished.statusCode, 200, finished.body);
      const session = [finished.headers['set-cookie']].flat().find((c) => c?.startsWith('og_session='));
      assert.ok(session);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.split(';')[0]! } });
      assert.equal(me.json().email, user.email);
    } finally {
      await other.app.close();
    }
  }));

test('a signature counter that does not grow is refused and audited', () =>
  withApp(async (t) => {
    const { user, authenticator } = await userWithPasskey(t);
    const browser = new Browser(t.app);
    let { csrf, options } = await loginOptions(browser);
    assert.equal((await postJson(browser, '/api/v1/passkeys/login', csrf, { response: authenticator.assert(options, { counter: 5 }) })).statusCode, 200);

    const clone = new Browser(t.app);
    ({ csrf, options } = await loginOptions(clone));
    const same = await postJson(clone, '/api/v1/passkeys/login', csrf, { response: authenticator.assert(options, { counter: 5 }) });
    assertRefused(same, 'counter');
    ({ csrf, options } = await loginOptions(clone));
    const lower = await postJson(clone, '/api/v1/passkeys/login', csrf, { response: authenticator.assert(options, { counter: 2 }) });
    assertRefused(lower, 'counter');
    assert.equal((await clone.get('/api/v1/me')).statusCode, 401);

    const stored = await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select('counter').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(stored.counter, 5);
    const regressions = (await auditActions(t)).filter((a) => a === 'passkey_counter_regression');
    assert.equal(regressions.length, 2);

    // The second factor applies the same rule.
    const pending = new Browser(t.app);
    await passwordSignIn(pending, user);
    const pendingCsrf = await csrfFrom(pending, '/signin/2fa');
    const second = await postJson(pending, '/api/v1/passkeys/second-factor/options', pendingCsrf);
    const refused = await postJson(pending, '/api/v1/passkeys/second-factor', pendingCsrf, { response: authenticator.assert(second.json(), { counter: 4 }) });
    assertRefused(refused, 'counter');
    assert.equal((await pending.get('/api/v1/me')).statusCode, 401);
  }));

test("a user deletes their own passkey but not another user's", () =>
  withApp(async (t) => {
    const { user: owner, authenticator } = await userWithPasskey(t, 'owner@example.tw');
    const passkey = await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select(['id']).executeTakeFirstOrThrow();

    const other = await createUser(t, 'other@example.tw');
    const intruder = new Browser(t.app);
    await passwordSignIn(intruder, other);
    const form = await intruder.submit('/account/passkeys', `/account/passkeys/${passkey.id}/delete`, {});
    assert.equal(form.statusCode, 404);
    const csrf = await csrfFrom(intruder, '/account/passkeys');
    const api = await intruder.request({ method: 'DELETE', url: `/api/v1/passkeys/${passkey.id}`, headers: { 'x-csrf-token': csrf } });
    assert.equal(api.statusCode, 404);
    assert.ok(await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select('id').where('id', '=', passkey.id).executeTakeFirst());
    assert.equal((await auditActions(t)).includes('passkey_delete'), false);

    // The intruder's own authenticator cannot complete the owner's pending sign-in either.
    const browser = new Browser(t.app);
    await passwordSignIn(browser, owner);
    const mfaCsrf = await csrfFrom(browser, '/signin/2fa');
    const foreign = await postJson(browser, '/api/v1/passkeys/second-factor/options', mfaCsrf);
    assertRefused(await postJson(browser, '/api/v1/passkeys/second-factor', mfaCsrf, { response: new SoftAuthenticator().assert(foreign.json()) }), 'unknown');
    const options = await postJson(browser, '/api/v1/passkeys/second-factor/options', mfaCsrf);
    assert.equal((await postJson(browser, '/api/v1/passkeys/second-factor', mfaCsrf, { response: authenticator.assert(options.json()) })).statusCode, 200);

    const deleted = await browser.submit('/account/passkeys', `/account/passkeys/${passkey.id}/delete`, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/account/passkeys');
    const after = await browser.get('/account/passkeys');
    assert.match(after.body, /已刪除通行金鑰「Phone」/);
    assert.equal(await allTables(accountsDb(t.deps.services.db)).selectFrom('passkeys').select('id').where('id', '=', passkey.id).executeTakeFirst(), undefined);
    assert.ok((await auditActions(t)).includes('passkey_delete'));

    // With no passkey left, a password sign-in is complete at once.
    const later = await passwordSignIn(new Browser(t.app), owner);
    assert.doesNotMatch(String(later.headers.location), /2fa/);
  }));

test('passkeys are managed from a browser session, never with an API token', () =>
  withApp(async (t) => {
    const user = await createUser(t, 'dev@example.tw');
    const actor = { userId: user.id, role: 'citizen' as const, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' as const, level: 1 as const };
    const { token } = await t.deps.registry.call(apiTokenCreate, { name: 'ci' }, { actor });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const options = await t.app.inject({ method: 'POST', url: '/api/v1/passkeys/registration/options', headers, payload: '{}' });
    assert.equal(options.statusCode, 403);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/passkeys', headers: { authorization: `Bearer ${token}` } });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json(), []);
  }));

test('the JSON endpoints need the CSRF token of the page', () =>
  withApp(async (t) => {
    const browser = new Browser(t.app);
    await browser.get('/signin/passkey');
    const missing = await browser.request({ method: 'POST', url: '/api/v1/passkeys/login/options', payload: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(missing.statusCode, 403);
  }));

test('without JavaScript the passkey pages say so and offer the password path', () =>
  withApp(async (t) => {
    const browser = new Browser(t.app);
    const signIn = await browser.get('/signin/passkey?next=/account/sessions&lang=en');
    assert.equal(signIn.statusCode, 200);
    assert.match(signIn.body, /Signing in with a passkey needs JavaScript/);
    assert.match(signIn.body, /href="\/signin\?next=%2Faccount%2Fsessions"/);
    assert.ok(signIn.body.includes('data-passkey-form="true" hidden>'), 'the ceremony form waits for the island');
    assert.match(signIn.body, /data-next="\/account\/sessions"/);
    assert.doesNotMatch(signIn.body, /<script>/, 'no inline script');
    assert.match(signIn.body, /<script type="module" src="\/assets\/js\/passkeys.js"><\/script>/);

    const unsafe = await browser.get('/signin/passkey?next=//evil.example/');
    assert.match(unsafe.body, /data-next="\/account"/);

    // Without a pending sign-in there is nothing to confirm.
    const twofa = await browser.get('/signin/2fa');
    assert.equal(twofa.statusCode, 303);
    assert.match(String(twofa.headers.location), /^\/signin/);

    const script = await browser.get('/assets/js/passkeys.js');
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
  }));

test('finding 2 (probes 221, 611): a password reset revokes API tokens and sessions and suspends passkeys until the owner confirms each', () =>
  withApp(async (t) => {
    const { user, authenticator } = await userWithPasskey(t);
    // The attacker's footholds, made while the old password worked: a session and an API token.
    const attacker = new Browser(t.app);
    await passwordSignIn(attacker, user);
    const actor = { userId: user.id, role: 'citizen' as const, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' as const, level: 1 as const };
    const { token } = await t.deps.registry.call(apiTokenCreate, { name: 'foothold' }, { actor });
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);

    const owner = new Browser(t.app);
    assert.equal((await owner.submit('/password/forgot', '/password/forgot', { email: user.email })).statusCode, 303);
    const mail = await allTables(accountsDb(t.deps.services.db)).selectFrom('outbox_messages').select('body').where('recipient', '=', user.email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const link = /https?:\/\/[^/\s]+(\/password\/reset\?token=\S+)/.exec(mail.body)![1]!;
    const newPassword = 'a brand new passphrase';
    const reset = await owner.submit(link, '/password/reset', { token: new URL(link, ORIGIN).searchParams.get('token')!, password: newPassword, passwordConfirm: newPassword });
    assert.equal(reset.statusCode, 303);

    // Probe 221: the token minted before the reset is dead; so is the attacker's session.
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    assert.equal((await attacker.get('/api/v1/me')).statusCode, 401);

    // Probe 611: the passkey no longer signs in, alone or as the second step.
    const fresh = new Browser(t.app);
    const { csrf, options } = await loginOptions(fresh);
    assertRefused(await postJson(fresh, '/api/v1/passkeys/login', csrf, { response: authenticator.assert(options) }), 'suspended');
    assert.equal((await fresh.get('/api/v1/me')).statusCode, 401);

    // The new password signs in without the suspended passkey, and the passkeys page asks for a review.
    const signedIn = await passwordSignIn(owner, { email: user.email, password: newPassword });
    assert.equal(signedIn.headers.location, '/account');
    const page = await owner.get('/account/passkeys');
    assert.match(page.body, /請確認您的通行金鑰/);
    assert.match(page.body, /已暫停/);
    const passkeyId = /\/account\/passkeys\/([^/"]+)\/confirm/.exec(page.body)![1]!;
    const confirmed = await owner.request({ method: 'POST', url: `/account/passkeys/${passkeyId}/confirm`, payload: `_csrf=${encodeURIComponent(csrfOf(page.body))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(confirmed.statusCode, 303);
    assert.doesNotMatch((await owner.get('/account/passkeys')).body, /請確認您的通行金鑰/);

    // Confirmed, it signs in again.
    const again = new Browser(t.app);
    const next = await loginOptions(again);
    assert.equal((await postJson(again, '/api/v1/passkeys/login', next.csrf, { response: authenticator.assert(next.options) })).statusCode, 200);
    assert.ok((await auditActions(t)).includes('passkey_confirm'));
  }));
