// The provider end to end with panva's openid-client as the relying party, over real HTTP: discovery,
// code flow with PKCE for each client authentication method, ID token checked against the JWKS,
// consent, userinfo, refresh, introspection, revocation, logout and key rotation; and the refusals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { exportJWK, generateKeyPair } from 'jose';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { FakeClock } from '../../core/clock.js';
import { createTestPlatform, freePort, admin, type TestPlatform } from '../../../test/helpers.js';
import { oidcClientCreate, oidcClientSetDisabled } from './actions/clients.js';
import { identityKeysRotate } from './actions/keys.js';
import { CookieClient, signedInPerson, type Person } from './test/support.js';

const RP = 'http://127.0.0.1:9/cb';
/** Matches an openid-client error carrying this OAuth error code. */
const oauthError = (code: string) => (error: { error?: string; cause?: { error?: string } }) => (error.cause?.error ?? error.error) === code;
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

const call = <A extends Parameters<TestPlatform['deps']['registry']['call']>[0]>(action: A, input: unknown) => t.deps.registry.call(action, input, { actor: admin });

async function registerClient(overrides: Record<string, unknown> = {}) {
  return call(oidcClientCreate, {
    name: '測試介接系統',
    redirectUris: [RP],
    postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: ['name', 'email', 'email_verified'],
    sector: 'test.sector',
    authMethod: 'client_secret_basic',
    ...overrides,
  }) as Promise<{ client: { clientId: string }; clientSecret: string | null }>;
}

async function discover(clientId: string, auth: oidc.ClientAuth) {
  return oidc.discovery(new URL(base), clientId, { redirect_uris: [RP] }, auth, { execute: [oidc.allowInsecureRequests] });
}

/** Runs the browser part of a code flow for `person`; returns the URL the provider sent back to the RP. */
async function authorize(config: oidc.Configuration, person: Person, params: Record<string, string>, consent: 'allow' | 'deny' | 'none' = 'allow') {
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, ...params });
  let step = await browser.follow(url);
  if (step.response.status === 200 && consent !== 'none') {
    const page = await step.response.text();
    assert.match(page, /name="decision" value="allow"/);
    step = await browser.submit(page, `${step.url.pathname}/consent`, { decision: consent });
  }
  return { browser, step };
}

async function codeFlow(config: oidc.Configuration, person: Person, scope = 'openid profile email offline_access', consent: 'allow' | 'none' = 'allow') {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  // OpenID Connect grants offline_access only when consent is asked for (prompt=consent).
  const prompt: Record<string, string> = consent === 'allow' && scope.includes('offline_access') ? { prompt: 'consent' } : {};
  const { step } = await authorize(config, person, { scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...prompt }, consent);
  assert.equal(step.url.origin + step.url.pathname, RP, `ended at ${step.url} (${step.response.status})`);
  const tokens = await oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: verifier, expectedState: state });
  return { tokens, callback: step.url, verifier, state };
}

test('discovery and JWKS: ES256 by default, RS256 available, PKCE S256 only, both client authentication methods', async () => {
  const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  assert.equal(discovery.issuer, base);
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['client_secret_basic', 'private_key_jwt']);
  assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['ES256', 'RS256']);
  assert.deepEqual(discovery.subject_types_supported, ['public', 'pairwise']);
  assert.ok(discovery.end_session_endpoint && discovery.introspection_endpoint && discovery.revocation_endpoint && discovery.userinfo_endpoint);
  const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Array<{ alg: string; d?: string }> };
  assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
  assert.ok(jwks.keys.every((k) => k.d === undefined), 'no private parts published');
});

test('code flow with client_secret_basic: consent once, ID token, userinfo, refresh, introspection, revocation', async () => {
  const { client, clientSecret } = await registerClient();
  const config = await discover(client.clientId, oidc.ClientSecretBasic(clientSecret!));
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const { tokens } = await codeFlow(config, person);
  const claims = tokens.claims()!;
  assert.equal(claims.acr, 'urn:opengov:loa:1');
  assert.deepEqual(claims.amr, ['pwd']);
  assert.notEqual(claims.sub, person.userId, 'pairwise subject, not the account id');
  assert.ok(tokens.refresh_token, 'offline_access granted: a refresh token');

  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  assert.equal(info.email, person.email);
  assert.equal(info.email_verified, true);
  assert.equal(info.name, '王小明');
  assert.equal(info.phone_number, undefined, 'phone was not allowed');

  // Consent is remembered: the second sign-in asks nothing and gives the same subject.
  const again = await codeFlow(config, person, 'openid profile email offline_access', 'none');
  assert.equal(again.tokens.claims()!.sub, claims.sub);

  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  assert.ok(refreshed.access_token);
  const active = await oidc.tokenIntrospection(config, refreshed.access_token);
  assert.equal(active.active, true);
  await oidc.tokenRevocation(config, refreshed.access_token);
  assert.equal((await oidc.tokenIntrospection(config, refreshed.access_token)).active, false);
  await oidc.tokenRevocation(config, refreshed.refresh_token ?? tokens.refresh_token!);
  await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token ?? tokens.refresh_token!), oauthError('invalid_grant'));
});

test('code flow with private_key_jwt; RS256 ID tokens on request; no refresh token without offline_access', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'rp-key-1', alg: 'ES256', use: 'sig' };
  const { client } = await registerClient({ authMethod: 'private_key_jwt', jwks: { keys: [jwk] }, idTokenAlg: 'RS256', scopes: ['openid', 'email'], claims: ['email'] });
  const config = await discover(client.clientId, oidc.PrivateKeyJwt({ key: privateKey, kid: 'rp-key-1' }));
  const person = await signedInPerson(t.deps.services.db, t.clock.now(), { methods: 'pwd hwk mfa' });
  const { tokens } = await codeFlow(config, person, 'openid email');
  const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { alg: string };
  assert.equal(header.alg, 'RS256');
  assert.equal(tokens.claims()!.acr, 'urn:opengov:loa:2', 'password + passkey: two methods');
  assert.equal(tokens.refresh_token, undefined);
});

test('key rotation: new ID tokens carry the new key; an ID token signed before still verifies against the JWKS', async () => {
  const { client, clientSecret } = await registerClient();
  const config = await discover(client.clientId, oidc.ClientSecretBasic(clientSecret!));
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const before = await codeFlow(config, person);
  const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
  await t.deps.registry.call(identityKeysRotate, {}, { actor: admin });
  await t.deps.services.cache.sync();
  const afterRotation = await codeFlow(await discover(client.clientId, oidc.ClientSecretBasic(clientSecret!)), person, 'openid', 'none');
  assert.notEqual(kidOf(afterRotation.tokens.id_token!), kidOf(before.tokens.id_token!));
  const jwks = (await (await fetch(`${base}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> };
  assert.ok(jwks.keys.some((k) => k.kid === kidOf(before.tokens.id_token!)), 'the retired key is still published');
  assert.equal(jwks.keys.length, 4);
});

test('refusals: wrong redirect URI, PKCE mismatch, replayed code, another client’s code, disabled client, a scope the RP may not have', async () => {
  const { client, clientSecret } = await registerClient();
  const config = await discover(client.clientId, oidc.ClientSecretBasic(clientSecret!));
  const other = await registerClient();
  const otherConfig = await discover(other.client.clientId, oidc.ClientSecretBasic(other.clientSecret!));
  const person = await signedInPerson(t.deps.services.db, t.clock.now());

  // Wrong redirect URI: an error page at the provider, never a redirect to the unregistered address.
  const wrong = await new CookieClient(base).follow(oidc.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1:9/evil', scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' }));
  assert.equal(wrong.response.status, 400);
  assert.match(await wrong.response.text(), /redirect_uri/);

  // No PKCE at all: refused.
  const noPkce = await authorize(config, person, { scope: 'openid' }, 'none');
  assert.equal(noPkce.step.url.searchParams.get('error'), 'invalid_request');

  // PKCE mismatch.
  const flow = await codeFlow(config, person, 'openid');
  assert.ok(flow.tokens.id_token);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const { step } = await authorize(config, person, { scope: 'openid', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }, 'none');
  await assert.rejects(oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state }), oauthError('invalid_grant'));
  // The code is spent by that attempt? No: a failed PKCE check leaves it; the right verifier works once...
  await oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: verifier, expectedState: state }).catch(() => undefined);
  // ... and a replayed code is refused.
  await assert.rejects(oidc.authorizationCodeGrant(config, flow.callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state }), oauthError('invalid_grant'));

  // Another client's code. (The replay above revoked that grant, so consent is asked again.)
  const v2 = oidc.randomPKCECodeVerifier();
  const s2 = oidc.randomState();
  const mine = await authorize(config, person, { scope: 'openid', state: s2, code_challenge: await oidc.calculatePKCECodeChallenge(v2), code_challenge_method: 'S256' }, 'allow');
  assert.ok(mine.step.url.searchParams.get('code'), `${mine.step.url} ${mine.step.response.status}`);
  await assert.rejects(oidc.authorizationCodeGrant(otherConfig, mine.step.url, { pkceCodeVerifier: v2, expectedState: s2 }), oauthError('invalid_grant'));

  // A scope the RP was not registered for.
  const phone = await authorize(config, person, { scope: 'openid phone', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' }, 'none');
  assert.equal(phone.step.url.searchParams.get('error'), 'invalid_scope');

  // A disabled client can neither start a sign-in nor use its tokens.
  await call(oidcClientSetDisabled, { clientId: other.client.clientId, disabled: true });
  const disabled = await new CookieClient(base).follow(oidc.buildAuthorizationUrl(otherConfig, { redirect_uri: RP, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' }));
  assert.equal(disabled.response.status, 400);
  assert.match(await disabled.response.text(), /invalid_client/);
});

test('RP-initiated logout ends the provider session and the platform session', async () => {
  const { client, clientSecret } = await registerClient();
  const config = await discover(client.clientId, oidc.ClientSecretBasic(clientSecret!));
  const person = await signedInPerson(t.deps.services.db, t.clock.now());
  const verifier = oidc.randomPKCECodeVerifier();
  const { browser, step } = await authorize(config, person, { scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  const tokens = await oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: verifier });
  const logout = await browser.follow(oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye' }));
  assert.equal(logout.response.status, 200);
  const page = await logout.response.text();
  const action = /<form id="op\.logoutForm"[^>]*action="([^"]+)"/.exec(page)![1]!;
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
  const done = await browser.follow(action, { method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(done.url.toString(), 'http://127.0.0.1:9/bye');
  await new Promise((r) => setTimeout(r, 50));
  const account = await browser.fetch('/account');
  assert.equal(account.status, 303, 'the platform session ended too');
});
