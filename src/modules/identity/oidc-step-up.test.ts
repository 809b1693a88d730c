// Assurance in the code flow, with panva's openid-client as the relying party: a session below the
// level an RP needs (its registered minimum, acr_values, an essential acr claim) steps up inside the
// authorization (password + SMS code) and the ID token then states the new acr and amr; an acr value
// the platform does not know is refused with invalid_request, back at the RP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { FakeClock } from '../../core/clock.js';
import { createTestPlatform, freePort, admin, type TestPlatform } from '../../../test/helpers.js';
import { allTables } from '../../../test/all-tables.js';
import { hashPassword } from '../accounts/test-support.js';
import { oidcClientCreate } from './actions/clients.js';
import { CookieClient, signedInPerson, type Person } from './test/support.js';

const RP = 'http://127.0.0.1:9/cb';
const PASSWORD = 'step-up-password-1';
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

async function rp(minAcr: string) {
  const { client, clientSecret } = (await t.deps.registry.call(
    oidcClientCreate,
    { name: '長照服務', redirectUris: [RP], postLogoutRedirectUris: [], scopes: ['openid', 'email'], claims: ['email'], sector: 'care', authMethod: 'client_secret_basic', minAcr },
    { actor: admin },
  )) as { client: { clientId: string }; clientSecret: string };
  return oidc.discovery(new URL(base), client.clientId, { redirect_uris: [RP] }, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
}

/** A person signed in with a password only (level 1), whose verified mobile can receive a code. */
async function personWithPassword(mobile: string): Promise<Person> {
  const person = await signedInPerson(t.deps.services.db, t.clock.now(), { mobile });
  await allTables(t.deps.services.db).updateTable('users').set({ password_hash: await hashPassword(PASSWORD) }).where('id', '=', person.userId).execute();
  return person;
}

async function lastCode(mobile: string): Promise<string> {
  const row = await allTables(t.deps.services.db).selectFrom('outbox_messages').select('body').where('recipient', '=', mobile).where('channel', '=', 'sms').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return /(\d{6})/.exec(row.body)![1]!;
}

async function start(config: oidc.Configuration, browser: CookieClient, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope: 'openid email', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params });
  return { step: await browser.follow(url), verifier, state };
}

/** On the step-up page: send the code, enter password and code; returns where the browser ends. */
async function stepUp(browser: CookieClient, page: { response: Response; url: URL }, mobile: string) {
  assert.equal(page.url.pathname, '/step-up', `at ${page.url}`);
  const html = await page.response.text();
  const codeForm = /action="(\/step-up\/code\?[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const sent = await browser.submit(html, codeForm, {});
  const form = await sent.response.text();
  const confirm = /action="(\/step-up\?[^"]+)"/.exec(form)![1]!.replace(/&amp;/g, '&');
  return browser.submit(form, confirm, { password: PASSWORD, code: await lastCode(mobile) });
}

async function consentAndToken(config: oidc.Configuration, browser: CookieClient, at: { response: Response; url: URL }, flow: { verifier: string; state: string }) {
  let step = at;
  if (step.response.status === 200 && step.url.pathname.startsWith('/oidc/interaction/')) {
    step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  }
  assert.equal(step.url.origin + step.url.pathname, RP, `ended at ${step.url} (${step.response.status})`);
  return oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
}

test('an RP requiring level 2: the level-1 session steps up inside the authorization, and the ID token says so', async () => {
  const config = await rp('urn:opengov:loa:2');
  const person = await personWithPassword('0933000001');
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const flow = await start(config, browser);
  assert.equal(flow.step.url.pathname, '/step-up', 'sent to the step-up sign-in, not to an error page');
  assert.equal(flow.step.url.searchParams.get('level'), '2');
  assert.match(flow.step.url.searchParams.get('next')!, /^\/oidc\/interaction\/[\w-]+$/);
  const back = await stepUp(browser, flow.step, '0933000001');
  const tokens = await consentAndToken(config, browser, back, flow);
  const claims = tokens.claims()!;
  assert.equal(claims.acr, 'urn:opengov:loa:2');
  assert.deepEqual([...(claims.amr as string[])].sort(), ['mfa', 'pwd', 'sms']);
  // The session is at level 2 now: the next authorization asks nothing more.
  const again = await start(config, browser);
  const second = await consentAndToken(config, browser, again.step, again);
  assert.equal(second.claims()!.acr, 'urn:opengov:loa:2');
});

test('acr_values and an essential acr claim raise the level an RP gets; level 3 cannot be reached by step-up', async () => {
  const config = await rp('urn:opengov:loa:1');
  const person = await personWithPassword('0933000002');
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const low = await start(config, browser);
  const lowTokens = await consentAndToken(config, browser, low.step, low);
  assert.equal(lowTokens.claims()!.acr, 'urn:opengov:loa:1');

  const asked = await start(config, browser, { acr_values: 'urn:opengov:loa:2 urn:opengov:loa:3' });
  assert.equal(asked.step.url.pathname, '/step-up');
  const back = await stepUp(browser, asked.step, '0933000002');
  assert.equal((await consentAndToken(config, browser, back, asked)).claims()!.acr, 'urn:opengov:loa:2');

  // Essential acr with the values the RP accepts: the provider states one of them exactly.
  const essential = await start(config, browser, { claims: JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:opengov:loa:1', 'urn:opengov:loa:2'] } } }) });
  assert.equal((await consentAndToken(config, browser, essential.step, essential)).claims()!.acr, 'urn:opengov:loa:2');

  // Level 3 needs the citizen certificate: the person is told, and may go back to the RP refused.
  const high = await start(config, browser, { acr_values: 'urn:opengov:loa:3' });
  assert.equal(high.step.response.status, 403);
  const page = await high.step.response.text();
  const refused = await browser.submit(page, `${high.step.url.pathname}/consent`, { decision: 'deny' });
  assert.equal(refused.url.searchParams.get('error'), 'access_denied');
});

test('an unknown acr value is an invalid_request at the RP, and nothing is asked of the person', async () => {
  const config = await rp('urn:opengov:loa:1');
  const person = await personWithPassword('0933000003');
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  const cases: Array<Record<string, string>> = [{ acr_values: 'urn:opengov:loa:9' }, { acr_values: 'urn:opengov:loa:2 http://example.com/loa/high' }, { claims: JSON.stringify({ id_token: { acr: { essential: true, value: 'gold' } } }) }];
  for (const params of cases) {
    const { step } = await start(config, browser, params);
    assert.equal(step.url.origin + step.url.pathname, RP, `${JSON.stringify(params)} ended at ${step.url}`);
    assert.equal(step.url.searchParams.get('error'), 'invalid_request');
    assert.match(step.url.searchParams.get('error_description') ?? '', /acr value not supported/);
  }
  const sent = await allTables(t.deps.services.db).selectFrom('outbox_messages').select('id').where('recipient', '=', '0933000003').execute();
  assert.equal(sent.length, 0);
});
