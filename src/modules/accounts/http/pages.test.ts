// Account page journeys through app.inject: sign-up to mobile verification, password reset,
// duplicate sign-ups, API tokens, deletion, and both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { PASSWORD, errorTexts, lastMessage, linkIn, signIn, signUp } from './test-support.js';
import { describeUserAgent } from './pages/security.js';
import { allTables } from '../../../../test/all-tables.js';
import { accountsDb } from '../tables.js';
import { PRIVACY_NOTICE_VERSION } from '../model.js';
import { accountRegister } from '../actions/register.js';
import type { AppError } from '../../../core/errors.js';

async function withApp(run: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

const userByEmail = (t: TestApp, email: string) => allTables(accountsDb(t.deps.services.db)).selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

test('sign-up, verify email, sign out, sign in, profile, mobile verification', () =>
  withApp(async (t) => {
    const email = 'mei@example.tw';
    const browser = await signUp(t, email, PASSWORD, { name: '林美', nickname: '小美' });
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /請到您的電子郵件信箱開啟驗證信/);
    assert.match(account.body, /尚未驗證/);

    const mail = await lastMessage(t, 'email', email);
    assert.match(mail.subject, /驗證/);
    const link = linkIn(mail.body, '/verify-email');

    // Opening the link (or a mail scanner prefetching it) changes nothing until the button is pressed.
    const landing = await browser.get(link);
    assert.equal(landing.statusCode, 200);
    assert.match(landing.body, /確認我的電子郵件/);
    assert.equal((await userByEmail(t, email))!.email_verified_at, null);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const verified = await browser.submit(link, '/verify-email', { token });
    assert.equal(verified.statusCode, 303);
    assert.equal(verified.headers.location, '/account');
    assert.ok((await userByEmail(t, email))!.email_verified_at);
    const afterVerify = await browser.get('/account');
    assert.match(afterVerify.body, /電子郵件驗證完成/);
    assert.doesNotMatch(afterVerify.body, /重新寄送驗證信/);

    const out = await browser.submit('/account', '/signout', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/');
    assert.equal(browser.cookie('og_session'), undefined);
    assert.equal((await browser.get('/account')).statusCode, 303);

    const { browser: again, response } = await signIn(t, 'MEI@example.tw ', PASSWORD, '/account/mobile');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/account/mobile');

    const saved = await again.submit('/account', '/account/profile', {
      name: '林小美',
      nickname: '美美',
      phone: '02-2345-6789',
      mobile: '',
      address: '臺北市中正區重慶南路一段 122 號',
      nationality: 'roc',
      birthYear: '1990',
      preferredLocale: 'en',
    });
    assert.equal(saved.statusCode, 303, errorTexts(saved.body).join());
    let user = (await userByEmail(t, email))!;
    assert.deepEqual(
      [user.name, user.nickname, user.phone, user.address, user.nationality, user.birth_year, user.preferred_locale],
      ['林小美', '美美', '02-2345-6789', '臺北市中正區重慶南路一段 122 號', 'roc', 1990, 'en'],
    );
    const profile = await again.get('/account');
    assert.match(profile.body, /個人資料已儲存/);
    assert.match(profile.body, /<option value="roc" selected>/);
    assert.match(profile.body, /美美/);

    const sent = await again.submit('/account/mobile', '/account/mobile', { mobile: '0912 345 678' });
    assert.equal(sent.statusCode, 303);
    const sms = await lastMessage(t, 'sms', '0912345678');
    const code = /\b(\d{6})\b/.exec(sms.body)![1]!;
    const mobilePage = await again.get('/account/mobile');
    assert.match(mobilePage.body, /驗證碼已寄到 0912345678/);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await again.submit('/account/mobile', '/account/mobile/verify', { code: wrongCode });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /驗證碼不正確/);
    const badShape = await again.submit('/account/mobile', '/account/mobile/verify', { code: '12ab' });
    assert.equal(badShape.statusCode, 400);
    assert.match(badShape.body, /請輸入簡訊中的 6 位數字/);
    const ok = await again.submit('/account/mobile', '/account/mobile/verify', { code });
    assert.equal(ok.statusCode, 303);
    user = (await userByEmail(t, email))!;
    assert.equal(user.mobile, '0912345678');
    assert.ok(user.mobile_verified_at);
    assert.match((await again.get('/account')).body, /手機號碼驗證完成/);
  }));

test('profile form reports bad fields beside them and keeps what was typed', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'form@example.tw');
    const response = await browser.submit('/account', '/account/profile', { name: '測試', mobile: '12345', birthYear: '1800', nationality: 'martian', phone: '', nickname: '', address: '', preferredLocale: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /id="field-mobile-error"[^>]*>格式不正確/);
    assert.match(response.body, /id="field-birthYear-error"[^>]*>不可小於 1900/);
    assert.match(response.body, /id="field-nationality-error"[^>]*>請從選項中選擇/);
    assert.match(response.body, /name="name" type="text" value="測試"/);
    assert.equal((await userByEmail(t, 'form@example.tw'))!.name, null);
  }));

test('sign-up checks the password confirmation and shows the password rule', () =>
  withApp(async (t) => {
    const browser = new Browser(t.app);
    const form = await browser.get('/signup');
    assert.match(form.body, /至少 10 個字元/);
    const response = await browser.submit('/signup', '/signup', { email: 'not-an-email', password: 'short', passwordConfirm: 'other', name: '', nickname: '' });
    assert.equal(response.statusCode, 400);
    const errors = errorTexts(response.body);
    assert.ok(errors.includes('請輸入有效的電子郵件地址'), errors.join());
    assert.ok(errors.includes('至少需要 10 個字元'), errors.join());
    assert.ok(errors.includes('兩次輸入的密碼不一致'), errors.join());
    assert.match(response.body, /value="not-an-email"/);
    assert.doesNotMatch(response.body, /value="short"/);
    const count = await allTables(accountsDb(t.deps.services.db)).selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    assert.equal(Number(count!.n), 0);
  }));

test('password reset: same answer for unknown addresses, old sessions revoked, link single-use', () =>
  withApp(async (t) => {
    const email = 'reset@example.tw';
    const first = await signUp(t, email);
    const { browser: second } = await signIn(t, email);
    assert.equal((await second.get('/account')).statusCode, 200);

    const anonymous = new Browser(t.app);
    const unknown = await anonymous.submit('/password/forgot', '/password/forgot', { email: 'nobody@example.tw' });
    const known = await anonymous.submit('/password/forgot', '/password/forgot', { email });
    assert.equal(unknown.statusCode, 303);
    assert.equal(known.statusCode, 303);
    assert.equal(unknown.headers.location, known.headers.location);
    const mails = await allTables(accountsDb(t.deps.services.db)).selectFrom('outbox_messages').select('recipient').where('channel', '=', 'email').execute();
    assert.ok(!mails.some((m) => m.recipient === 'nobody@example.tw'));

    const link = linkIn((await lastMessage(t, 'email', email)).body, '/password/reset');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const mismatch = await anonymous.submit(link, '/password/reset', { token, password: 'a new long password', passwordConfirm: 'something else' });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /兩次輸入的密碼不一致/);
    const done = await anonymous.submit(link, '/password/reset', { token, password: 'a new long password', passwordConfirm: 'a new long password' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/signin');

    for (const old of [first, second]) {
      const page = await old.get('/account');
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/signin?next=%2Faccount');
    }
    assert.equal((await signIn(t, email, PASSWORD)).response.statusCode, 400);
    assert.equal((await signIn(t, email, 'a new long password')).response.statusCode, 303);

    const reused = await anonymous.submit(link, '/password/reset', { token, password: 'third long password', passwordConfirm: 'third long password' });
    assert.equal(reused.statusCode, 410);
    assert.match(reused.body, /重新申請重設密碼/);
  }));

test('duplicate sign-up: the second, sequential or racing, gets 409 beside the email field', () =>
  withApp(async (t) => {
    await signUp(t, 'twice@example.tw');
    const again = new Browser(t.app);
    const response = await again.submit('/signup', '/signup', { email: 'Twice@Example.tw', password: PASSWORD, passwordConfirm: PASSWORD, name: '', nickname: '', privacyConsent: '1' });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /id="field-email-error"[^>]*>這個電子郵件已經註冊過了/);
    assert.equal(again.cookie('og_session'), undefined);

    const racers = [new Browser(t.app), new Browser(t.app)];
    const results = await Promise.all(racers.map((b) => b.submit('/signup', '/signup', { email: 'race@example.tw', password: PASSWORD, passwordConfirm: PASSWORD, name: '', nickname: '', privacyConsent: '1' })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    assert.match(loser.body, /這個電子郵件已經註冊過了/);
    const rows = await allTables(accountsDb(t.deps.services.db)).selectFrom('users').select('id').where('email', '=', 'race@example.tw').execute();
    assert.equal(rows.length, 1);
  }));

test('an API token made on the page works as a bearer token until revoked', () =>
  withApp(async (t) => {
    const browser = await signUp(t, 'dev@example.tw');
    const empty = await browser.submit('/account/tokens', '/account/tokens', { name: '' });
    assert.equal(empty.statusCode, 400);
    const created = await browser.submit('/account/tokens', '/account/tokens', { name: '資料同步' });
    assert.equal(created.statusCode, 201);
    assert.match(created.body, /離開此頁後就不會再顯示/);
    const token = /<code class="og-token" id="new-token">(ogt_[^<]+)<\/code>/.exec(created.body)![1]!;

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, 'dev@example.tw');

    const list = await browser.get('/account/tokens');
    assert.match(list.body, /資料同步/);
    assert.doesNotMatch(list.body, new RegExp(token));
    const tokenId = /action="\/account\/tokens\/([^/]+)\/revoke"/.exec(list.body)![1]!;
    const revoked = await browser.submit('/account/tokens', `/account/tokens/${tokenId}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);
    assert.equal((await browser.submit('/account/tokens', `/account/tokens/${tokenId}/revoke`, {})).statusCode, 404);
  }));

test('account deletion erases personal data, keeps the row anonymised and ends sign-in', () =>
  withApp(async (t) => {
    const email = 'leaving@example.tw';
    const browser = await signUp(t, email, PASSWORD, { name: '陳離開', nickname: '離開者' });
    await browser.submit('/account', '/account/profile', { name: '陳離開', nickname: '離開者', phone: '02-1234-5678', mobile: '0911222333', address: '高雄市', nationality: 'roc', birthYear: '1970', preferredLocale: '' });
    const { id } = (await userByEmail(t, email))!;

    const page = await browser.get('/account/delete');
    assert.match(page.body, /稽核紀錄/);
    assert.match(page.body, /匿名/);
    const wrong = await browser.submit('/account/delete', '/account/delete', { password: 'not my password' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /密碼不正確/);

    const done = await browser.submit('/account/delete', '/account/delete', { password: PASSWORD });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/');
    assert.equal(browser.cookie('og_session'), undefined);
    assert.match((await browser.get('/')).body, /您的帳號已刪除/);

    const row = (await allTables(accountsDb(t.deps.services.db)).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst())!;
    assert.ok(row.deleted_at);
    assert.doesNotMatch(row.email, /leaving/);
    assert.deepEqual([row.name, row.nickname, row.phone, row.mobile, row.address, row.nationality, row.birth_year, row.password_hash], [null, null, null, null, null, null, null, null]);
    const { response } = await signIn(t, email);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /電子郵件或密碼不正確/);
  }));

test('pages render in zh-TW by default and in English with ?lang=en', () =>
  withApp(async (t) => {
    const anonymous = new Browser(t.app);
    const publicPages: Array<[string, RegExp, RegExp]> = [
      ['/signin', /<h1>登入<\/h1>/, /<h1>Sign in<\/h1>/],
      ['/signup', /<h1>註冊帳號<\/h1>/, /<h1>Create an account<\/h1>/],
      ['/password/forgot', /<h1>忘記密碼<\/h1>/, /<h1>Forgot your password<\/h1>/],
      ['/password/reset?token=abcdefghijkl', /<h1>設定新密碼<\/h1>/, /<h1>Set a new password<\/h1>/],
      ['/verify-email?token=abcdefghijkl', /<h1>驗證電子郵件<\/h1>/, /<h1>Verify your email<\/h1>/],
    ];
    for (const [url, zh, en] of publicPages) {
      const zhPage = await t.app.inject({ method: 'GET', url });
      assert.equal(zhPage.statusCode, 200, url);
      assert.match(zhPage.body, zh, url);
      assert.match(zhPage.body, /<html lang="zh-Hant-TW">/);
      const enPage = await anonymous.get(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
      assert.match(enPage.body, en, url);
      assert.match(enPage.body, /<html lang="en">/);
    }
    const browser = await signUp(t, 'bilingual@example.tw');
    const accountPages: Array<[string, RegExp, RegExp]> = [
      ['/account', /<h1>我的帳號<\/h1>/, /<h1>My account<\/h1>/],
      ['/account/mobile', /<h1>手機號碼驗證<\/h1>/, /<h1>Mobile number verification<\/h1>/],
      ['/account/sessions', /<h1>登入中的裝置<\/h1>/, /<h1>Signed-in devices<\/h1>/],
      ['/account/tokens', /<h1>API 權杖<\/h1>/, /<h1>API tokens<\/h1>/],
      ['/account/delete', /<h1>刪除帳號<\/h1>/, /<h1>Delete account<\/h1>/],
    ];
    for (const [url, zh] of accountPages) assert.match((await browser.get(url)).body, zh, url);
    for (const [url, , en] of accountPages) {
      const page = await browser.get(`${url}?lang=en`);
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, en, url);
      assert.doesNotMatch(page.body, /accounts\.[a-z_]+\.[a-z_]+|accounts\.[a-z_]+(?=[<"])/, `untranslated key on ${url}`);
    }
    assert.match((await browser.get('/account/sessions')).body, /This device/);
  }));

test('sessions are shown as browser and system, not raw user-agent strings', () => {
  assert.equal(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0'), 'Edge · Windows');
  assert.equal(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'), 'Safari · iOS');
  assert.equal(describeUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'), 'Chrome · Android');
  assert.equal(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0'), 'Firefox · macOS');
  assert.equal(describeUserAgent('curl/8.5.0'), 'curl/8.5.0');
  assert.equal(describeUserAgent(null), null);
});

test('sign-up states what is collected, refuses without consent (message beside the box, typed values kept) and records the consent', () =>
  withApp(async (t) => {
    const browser = new Browser(t.app);
    const form = await browser.get('/signup');
    assert.match(form.body, /href="\/privacy"/);
    assert.match(form.body, /id="field-privacyConsent"/);
    assert.match(form.body, /個人資料的蒐集與使用/);
    const refused = await browser.submit('/signup', '/signup', { email: 'consent@example.tw', password: PASSWORD, passwordConfirm: PASSWORD, name: '同意者', nickname: '' });
    assert.equal(refused.statusCode, 400);
    assert.ok(errorTexts(refused.body).some((e) => e.includes('請勾選同意隱私權政策')), errorTexts(refused.body).join());
    assert.match(refused.body, /id="field-privacyConsent"[^>]*aria-invalid="true"/);
    assert.match(refused.body, /value="consent@example.tw"/);
    assert.match(refused.body, /value="同意者"/);
    assert.equal(await userByEmail(t, 'consent@example.tw'), undefined);

    const both = await browser.submit('/signup', '/signup', { email: 'consent@example.tw', password: PASSWORD, passwordConfirm: 'other', name: '', nickname: '', privacyConsent: '1' });
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /id="field-privacyConsent"[^>]*checked/, 'the ticked box stays ticked');

    const made = await browser.submit('/signup', '/signup', { email: 'consent@example.tw', password: PASSWORD, passwordConfirm: PASSWORD, name: '', nickname: '', privacyConsent: '1' });
    assert.equal(made.statusCode, 303);
    const user = (await userByEmail(t, 'consent@example.tw'))!;
    assert.equal(user.privacy_consent_at, t.clock.now().toISOString());
    assert.equal(user.privacy_notice_version, PRIVACY_NOTICE_VERSION);
  }));

test('account_register refuses without consent for every caller (API, CLI) and records it when given', () =>
  withApp(async (t) => {
    const call = (input: Record<string, unknown>) => t.deps.registry.call(accountRegister, input as never, { actor: null });
    await assert.rejects(call({ email: 'api@example.tw', password: PASSWORD }), (e: AppError) => e.code === 'INVALID' && e.fields.some((f) => f.field === 'privacyConsent'));
    await assert.rejects(call({ email: 'api@example.tw', password: PASSWORD, privacyConsent: false }), (e: AppError) => e.code === 'INVALID' && e.fields.some((f) => f.field === 'privacyConsent' && f.message === 'accounts.privacy_consent_required'));
    assert.equal(await userByEmail(t, 'api@example.tw'), undefined);
    await call({ email: 'api@example.tw', password: PASSWORD, privacyConsent: true });
    const user = (await userByEmail(t, 'api@example.tw'))!;
    assert.ok(user.privacy_consent_at);
    assert.equal(user.privacy_notice_version, PRIVACY_NOTICE_VERSION);
  }));
