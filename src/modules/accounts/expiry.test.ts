// Finding 10 of the security review (probes 250, 610): API tokens expire, sessions end when idle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/clock.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { PASSWORD, signIn, signUp } from './http/test-support.js';

async function withApp(config: Record<string, string>, run: (t: TestApp, clock: FakeClock) => Promise<void>) {
  const clock = new FakeClock('2026-03-02T02:00:00.000Z');
  const t = await createTestApp({ clock, config });
  try {
    await run(t, clock);
  } finally {
    await t.close();
  }
}

const DAY = 86_400_000;

test('finding 10 (probe 250): an API token expires, 90 days by default, its expiry shown on the tokens page and in the API', () =>
  withApp({}, async (t, clock) => {
    const browser = await signUp(t, 'mei@example.tw', PASSWORD);
    const page = await browser.get('/account/tokens');
    assert.match(page.body, /name="expiresInDays"[^>]*value="90"|value="90"[^>]*name="expiresInDays"/);
    const made = await browser.submit('/account/tokens', '/account/tokens', { name: 'sync', expiresInDays: '90' });
    assert.equal(made.statusCode, 201);
    assert.match(made.body, /這個權杖的到期時間/);
    const token = /id="new-token">\s*([^<\s]+)/.exec(made.body)![1]!;
    const auth = { authorization: `Bearer ${token}` };

    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: auth });
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.json()[0].expiresAt, new Date(clock.now().getTime() + 90 * DAY).toISOString());
    assert.equal(listed.json()[0].expired, false);
    assert.equal(listed.headers['cache-control'], 'no-store');

    clock.advance(90 * DAY - 60_000);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode, 200);
    clock.advance(2 * 60_000);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode, 401);
    const again = await signIn(t, 'mei@example.tw');
    const shown = await again.browser.get('/account/tokens');
    assert.match(shown.body, /已過期/);
  }));

test('finding 10: a token lifetime is chosen per token within the operator maximum', () =>
  withApp({ API_TOKEN_MAX_DAYS: '30' }, async (t, clock) => {
    const browser = await signUp(t, 'mei@example.tw', PASSWORD);
    const page = await browser.get('/account/tokens?lang=en');
    assert.match(page.body, /From 1 to 30 days/);
    assert.match(page.body, /value="30"/, 'the default is the maximum when that is under 90 days');
    const tooLong = await browser.submit('/account/tokens', '/account/tokens', { name: 'sync', expiresInDays: '31' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /at most 30 days/);
    const short = await browser.submit('/account/tokens', '/account/tokens', { name: 'sync', expiresInDays: '7' });
    assert.equal(short.statusCode, 201);
    const token = /id="new-token">\s*([^<\s]+)/.exec(short.body)![1]!;
    clock.advance(7 * DAY + 1000);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  }));

test('finding 10 (probe 610): a session unused past SESSION_IDLE_MINUTES signs nobody in; use keeps it alive', () =>
  withApp({ SESSION_IDLE_MINUTES: '30' }, async (t, clock) => {
    const browser = await signUp(t, 'mei@example.tw', PASSWORD);
    // Used every 20 minutes for two hours: still signed in (the absolute lifetime is days).
    for (let i = 0; i < 6; i += 1) {
      clock.advance(20 * 60_000);
      assert.equal((await browser.get('/api/v1/me')).statusCode, 200, `after ${(i + 1) * 20} minutes`);
    }
    clock.advance(31 * 60_000);
    assert.equal((await browser.get('/api/v1/me')).statusCode, 401);
    const page = await browser.get('/account');
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/signin/);
  }));
