// The account pages under attack or misuse: credential guessing, lockout, CSRF, open redirects,
// stale links and sessions, other people's sessions, rate limits, signed-out access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { AUTH_RATE_LIMITS, safeNext } from './pages/shared.js';
import { PASSWORD, errorTexts, lastMessage, linkIn, signIn, signUp } from './test-support.js';
import { allTables } from '../../../../test/all-tables.js';
import { accountsDb } from '../tables.js';

async function withApp(run: (t: TestApp) => Promise<void>, config: Record<string, string> = {}) {
  const t = await createTestApp({ config });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

/** An idle timeout of a year, for tests of what days of waiting do to links and the absolute lifetime. */
const NO_IDLE_TIMEOUT = { SESSION_IDLE_MINUTES: '525600' };

test('bad credentials get one generic answer whether or not the address exists', () =>
  withApp(async (t) => {
    await signUp(t, 'known@example.tw');
    const unknown = await signIn(t, 'unknown@example.tw', PASSWORD);
    const wrong = await signIn(t, 'known@example.tw', 'wrong password!');
    assert.equal(unknown.response.statusCode, 400);
    assert.equal(wrong.response.statusCode, 400);
    assert.deepEqual(errorTexts(unknown.response.body), ['電子郵件或密碼不正確']);
    assert.deepEqual(errorTexts(wrong.response.body), errorTexts(unknown.response.body));
    assert.equal(wrong.browser.cookie('og_session'), undefined);
    assert.match(wrong.response.body, /value="known@example.tw"/);
    const empty = await signIn(t, '', '');
    assert.equal(empty.response.statusCode, 400);
    assert.ok(errorTexts(empty.response.body).includes('此欄位為必填'));
  }));

/** Signs in from a given network address (inject's remoteAddress). */
async function signInFrom(t: TestApp, ip: string, email: string, password: string) {
  const browser = new Browser(t.app, ip);
  const response = await browser.submit('/signin', '/signin', { email, password, next: '' });
  return { browser, response };
}

test('finding 9 (probe 228): five failures throttle that address from that network, alike for unknown addresses; the owner elsewhere still signs in', () =>
  withApp(async (t) => {
    await signUp(t, 'target@example.tw');
    const attacker = '203.0.113.7';
    for (const email of ['target@example.tw', 'nobody@example.tw']) {
      for (let i = 0; i < 5; i++) assert.equal((await signInFrom(t, attacker, email, `guess number ${i}`)).response.statusCode, 400);
      t.clock.advance(61_000); // past the route's per-address minute, not the 15-minute throttle
    }
    const existing = await signInFrom(t, attacker, 'target@example.tw', PASSWORD);
    const unknown = await signInFrom(t, attacker, 'nobody@example.tw', PASSWORD);
    assert.equal(existing.response.statusCode, 429);
    assert.equal(unknown.response.statusCode, 429);
    assert.deepEqual(errorTexts(existing.response.body), errorTexts(unknown.response.body));
    assert.match(existing.response.body, /請 15 分鐘後再試/);
    assert.equal(existing.browser.cookie('og_session'), undefined);
    // The stranger's failures do not lock the owner out.
    assert.equal((await signInFrom(t, '198.51.100.20', 'target@example.tw', PASSWORD)).response.statusCode, 303);
    t.clock.advance(16 * 60_000);
    assert.equal((await signInFrom(t, attacker, 'target@example.tw', PASSWORD)).response.statusCode, 303);
  }));

test('a POST without the CSRF token is refused', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'csrf@example.tw');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const signin = await t.app.inject({ method: 'POST', url: '/signin', payload: `email=csrf%40example.tw&password=${encodeURIComponent(PASSWORD)}`, headers: form });
    assert.equal(signin.statusCode, 403);
    const profile = await browser.request({ method: 'POST', url: '/account/profile', payload: 'name=evil', headers: form });
    assert.equal(profile.statusCode, 403);
    const forged = await browser.request({ method: 'POST', url: '/account/delete', payload: `_csrf=forged&password=${encodeURIComponent(PASSWORD)}`, headers: form });
    assert.equal(forged.statusCode, 403);
    assert.equal((await browser.get('/account')).statusCode, 200);
  }));

test('next= only ever leads to a path on this site', () =>
  withApp(async (t) => {
    await signUp(t, 'next@example.tw');
    for (const evil of ['//evil.example', 'https://evil.example/', '/\\evil.example', '/..//evil.example', '/%2e%2e//evil.example', 'javascript:alert(1)']) {
      const { response } = await signIn(t, 'next@example.tw', PASSWORD, evil);
      assert.equal(response.statusCode, 303, evil);
      assert.equal(response.headers.location, '/account', evil);
    }
    const { response } = await signIn(t, 'next@example.tw', PASSWORD, '/account/tokens?x=1');
    assert.equal(response.headers.location, '/account/tokens?x=1');
    const page = await t.app.inject({ method: 'GET', url: '/signin?next=%2F%2Fevil.example' });
    assert.match(page.body, /name="next" value="\/account"/);
    assert.equal(safeNext('/ok/path#x'), '/ok/path#x');
    assert.equal(safeNext('/a\nb'), '/account');
    assert.equal(safeNext(['/array']), '/account');
  }));

test('verification links: expired or used ones answer 410, and a GET never uses one', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'links@example.tw');
    const link = linkIn((await lastMessage(t, 'email', 'links@example.tw')).body, '/verify-email');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    await browser.get(link);
    await browser.get(link);
    const used = await browser.submit(link, '/verify-email', { token });
    assert.equal(used.statusCode, 303);
    const again = await browser.submit(link, '/verify-email', { token });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /這個連結已失效或已使用過/);

    const other = await signUp(t, 'late@example.tw');
    const lateLink = linkIn((await lastMessage(t, 'email', 'late@example.tw')).body, '/verify-email');
    t.clock.advance(25 * 3_600_000);
    const expired = await other.submit(lateLink, '/verify-email', { token: new URL(lateLink, 'http://x').searchParams.get('token')! });
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /重新寄送驗證信/);
    const resent = await other.submit('/account', '/account/verify-email/resend', {});
    assert.equal(resent.statusCode, 303);
    const fresh = linkIn((await lastMessage(t, 'email', 'late@example.tw')).body, '/verify-email');
    assert.notEqual(fresh, lateLink);
    assert.equal((await other.submit(fresh, '/verify-email', { token: new URL(fresh, 'http://x').searchParams.get('token')! })).statusCode, 303);

    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get('/verify-email')).statusCode, 410);
    assert.equal((await anonymous.submit('/signin', '/verify-email', { token: 'x' })).statusCode, 410);
    // A day passes above: no idle timeout here.
  }, NO_IDLE_TIMEOUT));

test('a session cookie past its expiry counts as signed out', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'expiry@example.tw');
    t.clock.advanceDays(t.config.sessionDays - 1);
    assert.equal((await browser.get('/account')).statusCode, 200);
    t.clock.advanceDays(2);
    const page = await browser.get('/account/tokens');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/signin?next=%2Faccount%2Ftokens');
    assert.equal(browser.cookie('og_session'), undefined);
  }, NO_IDLE_TIMEOUT));

test('sessions page: revoke your other session; someone else’s session id is 404', () =>
  withApp(async (t) => {
    const mine = await signUp(t, 'owner@example.tw');
    const { browser: myPhone } = await signIn(t, 'owner@example.tw');
    const stranger = await signUp(t, 'stranger@example.tw');

    const list = await mine.get('/account/sessions');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /目前這個裝置/);
    const ids = [...list.body.matchAll(/action="\/account\/sessions\/([^/]+)\/revoke"/g)].map((m) => m[1]!);
    assert.equal(ids.length, 2);

    const strangerList = await stranger.get('/account/sessions');
    const strangerId = /action="\/account\/sessions\/([^/]+)\/revoke"/.exec(strangerList.body)![1]!;
    const foreign = await mine.submit('/account/sessions', `/account/sessions/${strangerId}/revoke`, {});
    assert.equal(foreign.statusCode, 404);
    assert.equal((await stranger.get('/account')).statusCode, 200);

    // The row marked current is this browser's; the other one is the phone.
    const currentId = /<th scope="row"[^>]*>[^]*?目前這個裝置[^]*?action="\/account\/sessions\/([^/]+)\/revoke"/.exec(list.body)![1]!;
    const phoneId = ids.find((id) => id !== currentId)!;
    const revoked = await mine.submit('/account/sessions', `/account/sessions/${phoneId}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/account/sessions');
    assert.equal((await myPhone.get('/account')).statusCode, 303);
    assert.equal((await mine.get('/account')).statusCode, 200);

    const self = await mine.submit('/account/sessions', `/account/sessions/${currentId}/revoke`, {});
    assert.equal(self.statusCode, 303);
    assert.equal(self.headers.location, '/');
    assert.equal((await mine.get('/account')).statusCode, 303);
  }));

test('sign-in answers 429 once the per-IP limit is used up', () =>
  withApp(async (t) => {
    const browser = new Browser(t.app);
    const { max } = AUTH_RATE_LIMITS.signIn;
    for (let i = 0; i < max; i++) {
      const r = await browser.submit('/signin', '/signin', { email: `x${i}@example.tw`, password: 'whatever it is' });
      assert.equal(r.statusCode, 400);
    }
    const limited = await browser.submit('/signin', '/signin', { email: 'y@example.tw', password: 'whatever it is' });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /操作太頻繁/);
    assert.equal(limited.headers['retry-after'], '60');
    t.clock.advance(61_000);
    assert.equal((await browser.submit('/signin', '/signin', { email: 'y@example.tw', password: 'whatever it is' })).statusCode, 400);
  }));

test('mobile code sends are limited per IP', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'sms@example.tw');
    for (let i = 0; i < AUTH_RATE_LIMITS.mobileSend.max; i++) {
      assert.equal((await browser.submit('/account/mobile', '/account/mobile', { mobile: '0987654321' })).statusCode, 303);
    }
    assert.equal((await browser.submit('/account/mobile', '/account/mobile', { mobile: '0987654321' })).statusCode, 429);
  }));

test('account pages send signed-out visitors to sign in and back', () =>
  withApp(async (t) => {
    for (const path of ['/account', '/account/mobile', '/account/sessions', '/account/tokens', '/account/delete']) {
      const response = await t.app.inject({ method: 'GET', url: path });
      assert.equal(response.statusCode, 303, path);
      assert.equal(response.headers.location, `/signin?next=${encodeURIComponent(path)}`);
    }
    const browser = new Browser(t.app);
    const post = await browser.submit('/signin', '/account/profile', { name: 'x' });
    assert.equal(post.statusCode, 401);
    const signedIn = await signUp(t, 'already@example.tw');
    assert.equal((await signedIn.get('/signin')).headers.location, '/account');
    assert.equal((await signedIn.get('/signup')).headers.location, '/account');
  }));

test('a session still owing its passkey goes to the second step', () =>
  withApp(async (t) => {
    await signUp(t, 'passkey@example.tw');
    const user = (await allTables(accountsDb(t.deps.services.db)).selectFrom('users').select('id').where('email', '=', 'passkey@example.tw').executeTakeFirst())!;
    await allTables(accountsDb(t.deps.services.db))
      .insertInto('passkeys')
      .values({ id: 'pk-test', user_id: user.id, credential_id: 'cred', public_key: 'key', counter: 0, transports: null, name: 'test', created_at: t.clock.now().toISOString(), last_used_at: null, suspended_at: null })
      .execute();
    const { browser, response } = await signIn(t, 'passkey@example.tw', PASSWORD, '/account/tokens');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/signin/2fa?next=%2Faccount%2Ftokens');
    assert.ok(browser.cookie('og_session'));
    // Half signed in is not signed in.
    assert.equal((await browser.get('/account')).statusCode, 303);
    const out = await browser.submit('/signin', '/signout', {});
    assert.equal(out.statusCode, 303);
    assert.equal(browser.cookie('og_session'), undefined);
  }));
