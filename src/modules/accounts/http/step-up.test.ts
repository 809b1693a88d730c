// The step-up sign-in (/step-up): password + a code by SMS to the verified mobile raise the session to
// level 2 and return the person to exactly the page they were on; wrong, reused, exhausted or foreign
// codes, expired sessions and open-redirect `next` values are refused without writing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { PASSWORD, errorTexts, lastMessage, signIn, signUp } from './test-support.js';
import { accountsDb } from '../tables.js';
import { allTables } from '../../../../test/all-tables.js';

const MOBILE = '0912000111';
let addressCounter = 1;

async function withApp(run: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

/** A signed-up account with verified e-mail and mobile, signed in with its password (level 1). */
async function citizen(t: TestApp, email: string): Promise<Browser> {
  await signUp(t, email);
  const now = t.clock.now().toISOString();
  // Sign-up opened a session; only the one signed in below is looked at.
  await accountsDb(t.deps.services.db).updateTable('sessions').set({ revoked_at: now }).execute();
  await accountsDb(t.deps.services.db).updateTable('users').set({ mobile: MOBILE, mobile_verified_at: now, email_verified_at: now }).where('email', '=', email).execute();
  const { browser, response } = await signIn(t, email);
  assert.equal(response.statusCode, 303);
  return browser;
}

/** Posts a form with a CSRF token from `page`, each post from its own address (the per-address limits are tested apart). */
async function post(browser: Browser, action: string, fields: Record<string, string>, page = '/account', address = `10.9.0.${addressCounter++}`) {
  const form = await browser.get(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? 'none';
  const body = new URLSearchParams({ _csrf: csrf, ...fields }).toString();
  return browser.request({ method: 'POST', url: action, payload: body, remoteAddress: address, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function sendCode(t: TestApp, browser: Browser, next = '/account'): Promise<string> {
  const sent = await post(browser, `/step-up/code?level=2&next=${encodeURIComponent(next)}`, {});
  assert.equal(sent.statusCode, 303, sent.body);
  assert.match(String(sent.headers.location), /^\/step-up\?level=2&next=%2F/);
  const code = /(\d{6})/.exec((await lastMessage(t, 'sms', MOBILE)).body)?.[1];
  assert.ok(code, 'the SMS carries a 6-digit code');
  return code;
}

const methodsOf = async (t: TestApp, email: string) =>
  (
    await accountsDb(t.deps.services.db)
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.sign_in_methods')
      .where('users.email', '=', email)
      .where('sessions.revoked_at', 'is', null)
      .execute()
  ).map((r) => r.sign_in_methods);

test('password + SMS code raise the session to level 2 and return to the page it came from', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'step@example.tw');
    const next = '/proposals/new?draft=1#form';
    const form = await browser.get('/proposals/new');
    assert.equal(form.statusCode, 303);
    assert.equal(form.headers.location, '/step-up?level=2&next=%2Fproposals%2Fnew');
    const page = await browser.get(`/step-up?level=2&next=${encodeURIComponent(next)}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /0912 \*\*\* 111/, 'the verified mobile, masked');
    assert.doesNotMatch(page.body, /0912000111/);
    const code = await sendCode(t, browser, next);
    const oldToken = browser.cookie('og_session')!;
    const done = await post(browser, `/step-up?level=2&next=${encodeURIComponent(next)}`, { password: PASSWORD, code, level: '2', next });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, next);
    assert.notEqual(browser.cookie('og_session'), oldToken, 'a fresh session token');
    assert.deepEqual(await methodsOf(t, 'step@example.tw'), ['pwd sms mfa']);
    assert.equal((await browser.get('/proposals/new')).statusCode, 200, 'the form opens at level 2');
    // The token from before the step-up is worth nothing.
    const stale = new Browser(t.app);
    stale.setCookie('og_session', oldToken);
    assert.equal((await stale.get('/account')).statusCode, 303);
    // Already at the level: straight on.
    const again = await browser.get(`/step-up?level=2&next=${encodeURIComponent(next)}`);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, next);
    const audit = await allTables(t.deps.services.db).selectFrom('audit_log').select('action').where('action', '=', 'step_up').execute();
    assert.equal(audit.length, 1);
  }));

test('the page and its messages in English', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'english@example.tw');
    const page = await browser.get('/step-up?level=2&next=%2Faccount&lang=en');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Confirm who you are/);
    assert.match(page.body, /Level 2 \(substantial\)/);
  }));

test('a wrong code counts; five wrong codes end the code, and a used code never works again', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'guess@example.tw');
    const code = await sendCode(t, browser);
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await post(browser, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code: wrong });
    assert.equal(first.statusCode, 400);
    assert.deepEqual(errorTexts(first.body).slice(0, 1), ['驗證碼不正確']);
    for (let i = 0; i < 4; i++) await post(browser, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code: wrong });
    const exhausted = await post(browser, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code });
    assert.equal(exhausted.statusCode, 400);
    assert.match(exhausted.body, /錯誤次數過多/);
    assert.deepEqual(await methodsOf(t, 'guess@example.tw'), ['pwd']);

    const fresh = await sendCode(t, browser);
    assert.equal((await post(browser, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code: fresh })).statusCode, 303);
    const replay = await post(browser, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code: fresh });
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /驗證碼已過期/);
  }));

test('a wrong password is refused; a code sent for one session does not complete another', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'two@example.tw');
    const code = await sendCode(t, browser);
    const wrong = await post(browser, '/step-up?level=2&next=%2Faccount', { password: 'not the password', code });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /密碼不正確/);
    const other = (await signIn(t, 'two@example.tw')).browser;
    const foreign = await post(other, '/step-up?level=2&next=%2Faccount', { password: PASSWORD, code });
    assert.equal(foreign.statusCode, 400);
    assert.deepEqual((await methodsOf(t, 'two@example.tw')).sort(), ['pwd', 'pwd']);
  }));

test('an expired or revoked session goes to sign-in with the same next, and nothing is written', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'late@example.tw');
    const code = await sendCode(t, browser, '/proposals/new');
    const page = await browser.get('/step-up?level=2&next=%2Fproposals%2Fnew');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    t.clock.advanceDays(31);
    const get = await browser.get('/step-up?level=2&next=%2Fproposals%2Fnew');
    assert.equal(get.statusCode, 303);
    assert.equal(get.headers.location, '/signin?next=%2Fproposals%2Fnew');
    const body = new URLSearchParams({ _csrf: csrf, password: PASSWORD, code }).toString();
    const posted = await browser.request({ method: 'POST', url: '/step-up?level=2&next=%2Fproposals%2Fnew', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, '/signin?next=%2Fproposals%2Fnew');
    assert.deepEqual(await methodsOf(t, 'late@example.tw'), ['pwd']);
    const used = await accountsDb(t.deps.services.db).selectFrom('user_tokens').select('used_at').where('purpose', '=', 'step_up').execute();
    assert.deepEqual(used.map((u) => u.used_at), [null], 'the code is still unused');
  }));

test('next never leads off the site', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'redirect@example.tw');
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/..//evil.example']) {
      const code = await sendCode(t, browser, evil);
      const done = await post(browser, `/step-up?level=2&next=${encodeURIComponent(evil)}`, { password: PASSWORD, code });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/', evil);
      const reached = await browser.get(`/step-up?level=2&next=${encodeURIComponent(evil)}`);
      assert.equal(reached.headers.location, '/', evil);
    }
  }));

test('code sends are limited per account; an account without a verified mobile is told to verify it', () =>
  withApp(async (t) => {
    const browser = await citizen(t, 'many@example.tw');
    for (let i = 0; i < 5; i++) await sendCode(t, browser);
    const sixth = await post(browser, '/step-up/code?level=2&next=%2Faccount', {});
    assert.equal(sixth.statusCode, 429);
    await signUp(t, 'nomobile@example.tw');
    const { browser: plain } = await signIn(t, 'nomobile@example.tw');
    const page = await plain.get('/step-up?level=2&next=%2Faccount');
    assert.match(page.body, /href="\/account\/mobile"/);
    const refused = await post(plain, '/step-up/code?level=2&next=%2Faccount', {});
    assert.equal(refused.statusCode, 409);
  }));
