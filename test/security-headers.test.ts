// Regression tests of the security review's header, cookie and bearer findings (issue 9, findings
// 13 and 14; probes 547, 550, 249, 571, 572, 567).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, admin, type TestApp } from './helpers.js';
import { userCreate } from '../src/modules/accounts/actions/users.js';
import { apiTokenCreate } from '../src/modules/accounts/actions/tokens.js';
import { PASSWORD, signIn } from '../src/modules/accounts/http/test-support.js';

async function withApp(config: Record<string, string>, run: (t: TestApp) => Promise<void>) {
  const t = await createTestApp({ config });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

async function tokenFor(t: TestApp): Promise<string> {
  const { userId } = await t.deps.registry.call(userCreate, { email: 'api@example.tw', password: PASSWORD, role: 'citizen' }, { actor: admin });
  const actor = { userId, role: 'citizen' as const, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' as const, level: 1 as const };
  return (await t.deps.registry.call(apiTokenCreate, { name: 'probe' }, { actor })).token;
}

test('finding 13 (probes 547, 550): authenticated JSON answers Cache-Control: no-store', () =>
  withApp({}, async (t) => {
    const token = await tokenFor(t);
    const headers = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    assert.equal(me.statusCode, 200);
    assert.equal(me.headers['cache-control'], 'no-store');
    const ckan = await t.app.inject({ method: 'GET', url: '/api/3/action/package_search', headers });
    assert.equal(ckan.statusCode, 200);
    assert.equal(ckan.headers['cache-control'], 'no-store');
    const { browser } = await signIn(t, 'api@example.tw');
    const bySession = await browser.request({ method: 'GET', url: '/api/v1/me' });
    assert.equal(bySession.statusCode, 200);
    assert.equal(bySession.headers['cache-control'], 'no-store');
  }));

test('finding 14 (probe 249): a bad bearer token on an HTML page is one 401, not a redirect loop', () =>
  withApp({}, async (t) => {
    const headers = { authorization: 'Bearer ogt_not-a-real-token' };
    for (const url of ['/', '/signin', '/signin?next=%2F']) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 401, `${url} -> ${res.statusCode} ${res.headers.location ?? ''}`);
      assert.equal(res.headers.location, undefined);
      assert.match(String(res.headers['content-type']), /text\/html/);
    }
    // Without a token, a page that needs a session still sends the browser to sign in.
    const anonymous = await t.app.inject({ method: 'GET', url: '/account' });
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/signin?next=%2Faccount');
  }));

test('finding 14 (probes 571, 572): flash and language cookies are Secure under an https BASE_URL', () =>
  withApp({ BASE_URL: 'https://opengov.example.tw' }, async (t) => {
    await t.deps.registry.call(userCreate, { email: 'mei@example.tw', password: PASSWORD, role: 'citizen' }, { actor: admin });
    const lang = await t.app.inject({ method: 'GET', url: '/?lang=en' });
    const langCookie = [lang.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('lang='));
    assert.ok(langCookie);
    assert.match(langCookie, /;\s*Secure/i);
    const { response } = await signIn(t, 'mei@example.tw');
    assert.equal(response.statusCode, 303);
    const cookies = [response.headers['set-cookie'] ?? []].flat();
    const flash = cookies.find((c) => c.startsWith('og_flash='));
    assert.ok(flash, cookies.join('\n'));
    assert.match(flash, /;\s*Secure/i);
    for (const cookie of cookies) assert.match(cookie, /;\s*Secure/i, cookie);
  }));

test('finding 14 (probe 567): /metrics needs METRICS_TOKEN when one is set', () =>
  withApp({ METRICS_TOKEN: 'metrics-token-0123456789' }, async (t) => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(anonymous.statusCode, 401);
    assert.doesNotMatch(anonymous.body, /opengov_/);
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-wrong-0000' } });
    assert.equal(wrong.statusCode, 401);
    const scraper = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } });
    assert.equal(scraper.statusCode, 200);
    assert.match(scraper.body, /opengov_http_request_duration_seconds/);
  }));

test('finding 14 (probe 567): production without METRICS_TOKEN does not serve /metrics', () =>
  withApp({ NODE_ENV: 'production' }, async (t) => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /opengov_/);
  }));
