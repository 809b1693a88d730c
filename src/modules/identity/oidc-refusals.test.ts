// The refusals beyond those in oidc-flow.test.ts, with openid-client as the relying party:
// a replayed code revokes every token of its grant; a PKCE or redirect-URI mismatch at the token
// endpoint spends nothing; a disabled client is refused at the token endpoint and its tokens stop
// at once; claims the RP may not have are never released, even when asked for by name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { FakeClock } from '../../core/clock.js';
import { createTestPlatform, freePort, admin, type TestPlatform } from '../../../test/helpers.js';
import { oidcClientCreate, oidcClientSecretRotate, oidcClientSetDisabled } from './actions/clients.js';
import { identityDb } from './tables.js';
import { CookieClient, signedInPerson, type Person } from './test/support.js';

const RP = 'http://127.0.0.1:9/cb';
/** Matches an openid-client error carrying this OAuth error code (in the body, or in a WWW-Authenticate challenge on a 401). */
const oauthError =
  (code: string) =>
  (error: { error?: string; cause?: { error?: string } | Array<{ parameters?: { error?: string } }> }) =>
    [error.error, ...(Array.isArray(error.cause) ? error.cause.map((c) => c.parameters?.error) : [error.cause?.error])].includes(code);
let t: TestPlatform;
let app: FastifyInstance;
let base: string;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestPlatform({ clock: new FakeClock(new Date()), config: { BASE_URL: base } });
  ({ app } = await buildApp(t.deps.services));
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app?.close();
  await t?.close();
});

async function rp(overrides: Record<string, unknown> = {}) {
  const { client, clientSecret } = (await t.deps.registry.call(
    oidcClientCreate,
    { name: '拒絕測試', redirectUris: [RP], scopes: ['openid', 'email', 'phone', 'offline_access'], claims: ['email'], sector: 'refusals', authMethod: 'client_secret_basic', ...overrides },
    { actor: admin },
  )) as { client: { clientId: string }; clientSecret: string };
  const config = await oidc.discovery(new URL(base), client.clientId, { redirect_uris: [RP] }, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
  return { clientId: client.clientId, config };
}

/** The browser part of a code flow (consent given when asked); the callback URL and the PKCE verifier. */
async function callback(config: oidc.Configuration, person: Person, params: Record<string, string> = {}) {
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid email', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params });
  let step = await browser.follow(url);
  if (step.response.status === 200) step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  assert.ok(step.url.searchParams.get('code'), `no code: ${step.url} (${step.response.status})`);
  return { url: step.url, verifier };
}

async function records(): Promise<Array<{ model: string; id: string; consumed_at: string | null }>> {
  return identityDb(t.deps.services.db).selectFrom('identity_oidc_records').select(['model', 'id', 'consumed_at']).orderBy('model').orderBy('id').execute();
}

test('a replayed code is refused and revokes the access and refresh tokens its grant issued', async () => {
  const { config } = await rp();
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const { url, verifier } = await callback(config, person, { scope: 'openid email offline_access', prompt: 'consent' });
  const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier });
  assert.ok(tokens.refresh_token);
  assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, true);

  await assert.rejects(oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier }), oauthError('invalid_grant'));
  assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false, 'the access token was revoked');
  await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck), (error: { status?: number; cause?: { status?: number } }) => (error.cause?.status ?? error.status) === 401);
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), oauthError('invalid_grant'));
});

test('a PKCE or redirect URI mismatch at the token endpoint is invalid_grant and spends nothing: the code still works once', async () => {
  const { config } = await rp();
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const { url, verifier } = await callback(config, person);
  const before = await records();
  await assert.rejects(oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: oidc.randomPKCECodeVerifier() }), oauthError('invalid_grant'));
  await assert.rejects(oidc.authorizationCodeGrant(config, new URL(url.toString().replace('/cb?', '/cb2?')), { pkceCodeVerifier: verifier }), oauthError('invalid_grant'));
  assert.deepEqual(await records(), before, 'the code is not consumed and nothing else was written');
  const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier });
  assert.ok(tokens.id_token);
});

test('a disabled client is invalid_client at the token endpoint, and its access and refresh tokens stop at once', async () => {
  const { clientId, config } = await rp();
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const { url, verifier } = await callback(config, person, { scope: 'openid email offline_access', prompt: 'consent' });
  const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier });
  const pending = await callback(config, person);

  await t.deps.registry.call(oidcClientSetDisabled, { clientId, disabled: true }, { actor: admin });
  await assert.rejects(oidc.authorizationCodeGrant(config, pending.url, { pkceCodeVerifier: pending.verifier }), oauthError('invalid_client'));
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), oauthError('invalid_client'));
  const info = await fetch(`${base}/oidc/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(info.status, 401);
  assert.match(info.headers.get('www-authenticate') ?? '', /invalid_token/);

  // Enabled again, a rotated secret: the old one is refused at once.
  await t.deps.registry.call(oidcClientSetDisabled, { clientId, disabled: false }, { actor: admin });
  assert.ok((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token, 'enabled again, the grant works');
  await t.deps.registry.call(oidcClientSecretRotate, { clientId }, { actor: admin });
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), oauthError('invalid_client'));
});

test('claims the RP may not have are not released, even when its request names them', async () => {
  const { config } = await rp();
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const claims = JSON.stringify({ id_token: { phone_number: { essential: true }, email: null }, userinfo: { phone_number: { essential: true }, phone_number_verified: null, email: null } });
  const { url, verifier } = await callback(config, person, { scope: 'openid email phone', claims });
  const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier });
  const idClaims = tokens.claims()!;
  assert.equal(idClaims.phone_number, undefined);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  assert.equal(info.email, person.email, 'an allowed claim is released');
  assert.equal(info.phone_number, undefined, 'phone_number is outside what the RP was allowed');
  assert.equal(info.phone_number_verified, undefined);
});
