// Bad input on the provider's protocol endpoints: malformed, mis-signed, mis-addressed and ill-timed
// JWTs (client assertions, id_token_hint at logout, request objects), oversized request objects and
// parameters, huge and nested bodies at the token endpoint. Each is refused with its OAuth error
// code, and a refused request leaves the provider's records as they were.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { FakeClock } from '../../core/clock.js';
import { createTestPlatform, freePort, admin, type TestPlatform } from '../../../test/helpers.js';
import { oidcClientCreate } from './actions/clients.js';
import { CLIENT_ASSERTION_MAX_LIFETIME_S, CLOCK_TOLERANCE_S, REQUEST_OBJECT_MAX_CHARS, REQUEST_OBJECT_MAX_LIFETIME_S } from './jwt-limits.js';
import { identityDb } from './tables.js';
import { CookieClient, signedInPerson } from './test/support.js';

const RP = 'http://127.0.0.1:9/cb';
const BYE = 'http://127.0.0.1:9/bye';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let t: TestPlatform;
let app: FastifyInstance;
let base: string;
let clientId: string;
let rpKey: CryptoKey;
let strangerKey: CryptoKey;
const verifier = 'v'.repeat(43);

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestPlatform({ clock: new FakeClock(new Date()), config: { BASE_URL: base } });
  ({ app } = await buildApp(t.deps.services));
  await app.listen({ port, host: '127.0.0.1' });
  const pair = await generateKeyPair('ES256', { extractable: true });
  rpKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'rp-key', alg: 'ES256', use: 'sig' };
  const { client } = (await t.deps.registry.call(
    oidcClientCreate,
    { name: '壞輸入測試', redirectUris: [RP], postLogoutRedirectUris: [BYE], scopes: ['openid', 'email'], claims: ['email'], sector: 'bad.input', authMethod: 'private_key_jwt', jwks: { keys: [jwk] } },
    { actor: admin },
  )) as { client: { clientId: string } };
  clientId = client.clientId;
});

after(async () => {
  await app?.close();
  await t?.close();
});

const now = () => Math.floor(Date.now() / 1000);

async function records(): Promise<number> {
  const row = await identityDb(t.deps.services.db).selectFrom('identity_oidc_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Asserts `attempt` leaves the provider's records as they were. */
async function writesNothing<T>(attempt: () => Promise<T>): Promise<T> {
  const before = await records();
  const result = await attempt();
  assert.equal(await records(), before, 'a refused request wrote provider records');
  return result;
}

async function signed(payload: JWTPayload, key: CryptoKey = rpKey, header: { alg: string; kid?: string } = { alg: 'ES256', kid: 'rp-key' }): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

const unsigned = (payload: JWTPayload) => `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

/** A token request with a client assertion and a code that does not exist: invalid_grant means the client authenticated. */
async function tokenWithAssertion(assertion: string): Promise<{ status: number; error: string }> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: RP, code_verifier: verifier, client_id: clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
  const response = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

const assertionClaims = (overrides: JWTPayload = {}): JWTPayload => ({ iss: clientId, sub: clientId, aud: `${base}/oidc/token`, jti: randomUUID(), iat: now(), exp: now() + 60, ...overrides });

test(`client assertions (private_key_jwt): malformed, unsigned, wrong algorithm or key, wrong audience, replayed, or outside the ${CLOCK_TOLERANCE_S} s clock tolerance are invalid_client`, async () => {
  const good = await signed(assertionClaims());
  assert.deepEqual(await tokenWithAssertion(good), { status: 400, error: 'invalid_grant' }, 'a good assertion authenticates (the code is what is wrong)');

  const hmacKey = new TextEncoder().encode('a shared secret the RP never had!');
  const refused: Record<string, string> = {
    truncated: (await signed(assertionClaims())).slice(0, -12),
    'alg none': unsigned(assertionClaims()),
    'HS256 instead of the registered key': await new SignJWT(assertionClaims()).setProtectedHeader({ alg: 'HS256' }).sign(hmacKey),
    'signed by another key': await signed(assertionClaims(), strangerKey),
    'payload altered after signing': `${good.split('.')[0]}.${Buffer.from(JSON.stringify(assertionClaims({ jti: 'another-jti' }))).toString('base64url')}.${good.split('.')[2]}`,
    'another audience': await signed(assertionClaims({ aud: 'https://other.example/token' })),
    'another issuer': await signed(assertionClaims({ iss: 'other-client' })),
    'no expiry': await signed(assertionClaims({ exp: undefined })),
    'expired beyond the tolerance': await signed(assertionClaims({ iat: now() - 120, exp: now() - CLOCK_TOLERANCE_S - 5 })),
    'not valid yet beyond the tolerance': await signed(assertionClaims({ nbf: now() + CLOCK_TOLERANCE_S + 10 })),
    'issued in the future beyond the tolerance': await signed(assertionClaims({ iat: now() + CLOCK_TOLERANCE_S + 10 })),
    'valid for too long': await signed(assertionClaims({ exp: now() + CLIENT_ASSERTION_MAX_LIFETIME_S + CLOCK_TOLERANCE_S + 60 })),
    replayed: good,
  };
  for (const [name, assertion] of Object.entries(refused)) {
    assert.deepEqual(await writesNothing(() => tokenWithAssertion(assertion)), { status: 401, error: 'invalid_client' }, name);
  }
  // Not a JWT at all: the request itself is malformed.
  assert.deepEqual(await writesNothing(() => tokenWithAssertion('not-a-jwt')), { status: 400, error: 'invalid_request' });

  // Within the tolerance a skewed clock is accepted.
  for (const [name, claims] of Object.entries({
    'expired within the tolerance': assertionClaims({ iat: now() - 60, exp: now() - CLOCK_TOLERANCE_S + 10 }),
    'not valid yet within the tolerance': assertionClaims({ nbf: now() + CLOCK_TOLERANCE_S - 10 }),
    'issued ahead within the tolerance': assertionClaims({ iat: now() + CLOCK_TOLERANCE_S - 10 }),
  })) {
    assert.equal((await tokenWithAssertion(await signed(claims))).error, 'invalid_grant', name);
  }
});

test('id_token_hint at logout: truncated, unsigned, re-signed or altered, or for another client is invalid_request; the sessions stay', async () => {
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const config = await oidc.discovery(new URL(base), clientId, { redirect_uris: [RP] }, oidc.PrivateKeyJwt({ key: rpKey, kid: 'rp-key' }), { execute: [oidc.allowInsecureRequests] });
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const pkce = oidc.randomPKCECodeVerifier();
  let step = await browser.follow(oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(pkce), code_challenge_method: 'S256' }));
  if (step.response.status === 200) step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  const idToken = (await oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: pkce })).id_token!;
  const [header, payload, signature] = idToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload;
  const kid = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string }).kid;

  const hints: Record<string, { hint: string; client?: string }> = {
    truncated: { hint: idToken.slice(0, -10) },
    'alg none': { hint: unsigned(claims) },
    're-signed with a key that is not the provider’s': { hint: await signed(claims, strangerKey, { alg: 'ES256', kid }) },
    'payload altered': { hint: `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}` },
    'for another client': { hint: idToken, client: 'another-client' },
  };
  for (const [name, { hint, client }] of Object.entries(hints)) {
    const query = new URLSearchParams({ id_token_hint: hint, post_logout_redirect_uri: BYE, ...(client && { client_id: client }) });
    const { response } = await writesNothing(() => browser.follow(`/oidc/session/end?${query}`));
    assert.equal(response.status, 400, name);
    assert.match(await response.text(), /invalid_request|invalid_client/, name);
  }
  assert.equal((await browser.fetch('/account')).status, 200, 'the platform session was not ended');
  const good = await browser.follow(`/oidc/session/end?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: BYE })}`);
  assert.equal(good.response.status, 200, 'the genuine hint still leads to the logout page');
});

const requestClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: clientId,
  aud: base,
  client_id: clientId,
  response_type: 'code',
  redirect_uri: RP,
  scope: 'openid',
  code_challenge: 'c'.repeat(43),
  code_challenge_method: 'S256',
  iat: now(),
  exp: now() + 300,
  ...overrides,
});

/** An authorization request carrying `request` (the endpoint takes GET only). */
async function authorizeWithRequest(request: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${base}/oidc/auth?${new URLSearchParams({ client_id: clientId, request })}`, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

test('request objects: malformed, unsigned, wrong algorithm or key, wrong audience, ill-timed or oversized are invalid_request_object; beyond 16 KB Node refuses the request line', async () => {
  const accepted = await authorizeWithRequest(await signed(requestClaims()));
  assert.equal(accepted.status, 303);
  assert.match(accepted.location!, /\/oidc\/interaction\//, 'a good request object starts the sign-in');

  const hmacKey = new TextEncoder().encode('a shared secret the RP never had!');
  const refused: Record<string, string> = {
    truncated: (await signed(requestClaims())).slice(0, -12),
    'not a JWT': 'definitely-not-a-jwt',
    'alg none': unsigned(requestClaims()),
    HS256: await new SignJWT(requestClaims()).setProtectedHeader({ alg: 'HS256' }).sign(hmacKey),
    'signed by another key': await signed(requestClaims(), strangerKey),
    'another audience': await signed(requestClaims({ aud: 'https://other.example' })),
    'another issuer': await signed(requestClaims({ iss: 'other-client' })),
    'no expiry': await signed(requestClaims({ exp: undefined })),
    'expired beyond the tolerance': await signed(requestClaims({ iat: now() - 600, exp: now() - CLOCK_TOLERANCE_S - 5 })),
    'not valid yet beyond the tolerance': await signed(requestClaims({ nbf: now() + CLOCK_TOLERANCE_S + 10 })),
    'issued in the future beyond the tolerance': await signed(requestClaims({ iat: now() + CLOCK_TOLERANCE_S + 10 })),
    'valid for too long': await signed(requestClaims({ exp: now() + REQUEST_OBJECT_MAX_LIFETIME_S + CLOCK_TOLERANCE_S + 60 })),
    oversized: await signed(requestClaims({ state: 's'.repeat(REQUEST_OBJECT_MAX_CHARS) })),
  };
  // The client has one redirect URI, so the error goes back to it (RFC 9101, section 6.3).
  for (const [name, request] of Object.entries(refused)) {
    const answer = await writesNothing(() => authorizeWithRequest(request));
    assert.equal(answer.status, 303, name);
    const location = new URL(answer.location!);
    assert.equal(location.origin + location.pathname, RP, name);
    assert.equal(location.searchParams.get('error'), 'invalid_request_object', name);
  }
  const beyondNode = await signed(requestClaims({ state: 's'.repeat(17 * 1024) }));
  const tooLong = await writesNothing(() => authorizeWithRequest(beyondNode));
  assert.equal(tooLong.status, 431);
});

test('over-long parameters: a request line beyond 16 KB, a body beyond 56 KB, a PKCE challenge or verifier out of bounds are refused', async () => {
  const query = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: RP, scope: 'openid', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' });
  const longLine = await writesNothing(() => fetch(`${base}/oidc/auth?${query}&state=${'s'.repeat(17 * 1024)}`, { redirect: 'manual' }));
  assert.equal(longLine.status, 431, 'Node refuses the request line before the provider sees it');

  const longChallenge = await writesNothing(() => fetch(`${base}/oidc/auth?${query}`.replace('c'.repeat(43), 'c'.repeat(129)), { redirect: 'manual' }));
  assert.equal(new URL(longChallenge.headers.get('location')!).searchParams.get('error'), 'invalid_request');

  const huge = new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: RP, code_verifier: verifier, padding: 'p'.repeat(60 * 1024) });
  const tooBig = await writesNothing(() => fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: huge }));
  assert.equal(tooBig.status, 400);
  assert.equal(((await tooBig.json()) as { error: string }).error, 'invalid_request');

  const assertion = await signed(assertionClaims());
  const longVerifier = new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: RP, code_verifier: 'v'.repeat(129), client_id: clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
  const refusedVerifier = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: longVerifier });
  assert.equal(((await refusedVerifier.json()) as { error: string }).error, 'invalid_grant');
});

test('token endpoint: a JSON body (however deeply nested) and repeated parameters are invalid_request; bracketed names nest nothing', async () => {
  const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  const json = await writesNothing(() => fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"grant_type":"authorization_code","nested":${nested}}` }));
  assert.equal(json.status, 400);
  assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');

  // Bracketed names build nothing nested (they are names like any other, and unknown ones are ignored).
  const auth = new URLSearchParams({ grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: RP, code_verifier: verifier, client_id: clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: await signed(assertionClaims()) });
  const bracketed = `${auth}&${Array.from({ length: 1000 }, (_, i) => `a${'[b]'.repeat(10)}=${i}`).join('&')}`;
  const brackets = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: bracketed });
  const bracketsAnswer = (await brackets.json()) as { error: string };
  assert.equal(bracketsAnswer.error, 'invalid_grant', JSON.stringify(bracketsAnswer));

  const twice = await writesNothing(() => fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&grant_type=refresh_token&code=x' }));
  assert.equal(((await twice.json()) as { error: string }).error, 'invalid_request');
});
