// A citizen's journey in a real browser: home in both languages, sign-up with a mistake, e-mail
// verification from the outbox, sign-out and sign-in, the account page, the agency directory, a
// missing page, and the home page on a phone. Every page gets a screenshot and an axe check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, desktop, lastEmailTo, phone, startJourney } from './browser.js';
import { allTables } from '../all-tables.js';

const skip = browserSkipReason();

async function submit(page: Page, selector = 'main form.usa-form button[type="submit"]'): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('citizen journey in Chromium passes axe on every page', { skip, timeout: 240_000 }, async (t) => {
  const { running, browser, base, checker } = await startJourney(t);
  const context = await browser.newContext({ ...desktop, locale: 'zh-TW' });
  const page = await checker.newPage(context);
  const email = `e2e-${Date.now()}@example.tw`;
  const password = 'e2e-password-2026';

  await t.test('home page in zh-TW, then in English through the language switch', async () => {
    const response = await page.goto(`${base}/`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
    assert.match(await page.title(), /開放政府平臺/);
    await checker.check(page, '01-home-zh');

    await Promise.all([page.waitForNavigation(), page.click('a.og-lang-switch')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.title(), /Open Government Platform/);
    await checker.check(page, '02-home-en');

    await page.goto(`${base}/?lang=zh-TW`);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
  });

  await t.test('sign up: a mismatched password is reported by the field, then the account is created', async () => {
    await Promise.all([page.waitForNavigation(), page.click('header a[href="/signup"]')]);
    assert.equal(new URL(page.url()).pathname, '/signup');
    await checker.check(page, '03-signup');

    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await page.fill('#field-passwordConfirm', `${password}-typo`);
    await page.fill('#field-name', '測試市民');
    await page.click('label[for="field-privacyConsent"]');
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/signup');
    assert.equal(await page.getAttribute('#field-passwordConfirm', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#field-email'), email, 'what was typed is kept');
    await checker.check(page, '04-signup-error');

    await page.fill('#field-password', password);
    await page.fill('#field-passwordConfirm', password);
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.ok((await page.content()).includes(email));
    await checker.check(page, '05-account-new');
  });

  await t.test('the verification link from the outbox verifies the address', async () => {
    const mail = await lastEmailTo(running.deps, email);
    const link = /https?:\/\/\S+\/verify-email\?token=[^\s]+/.exec(mail.body)?.[0];
    assert.ok(link, `a verification link in the e-mail:\n${mail.body}`);
    assert.ok(link.startsWith(base), 'the link points at this site');
    await page.goto(link);
    await checker.check(page, '06-verify-email');
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/account');
    await checker.check(page, '07-account-verified');
    const verified = await allTables(running.deps.services.db).selectFrom('users').select('email_verified_at').where('email', '=', email).executeTakeFirstOrThrow();
    assert.ok(verified.email_verified_at);
  });

  await t.test('sign out, then sign in again (after one wrong password)', async () => {
    await submit(page, 'header form[action="/signout"] button');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.locator('header a[href="/signin"]').count(), 1, 'the header offers sign-in again');
    await checker.check(page, '08-signed-out');

    await Promise.all([page.waitForNavigation(), page.click('header a[href="/signin"]')]);
    await checker.check(page, '09-signin');
    await page.fill('#field-email', email);
    await page.fill('#field-password', 'not-the-password');
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/signin');
    await checker.check(page, '10-signin-error');

    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.ok((await page.content()).includes(email));
    await checker.check(page, '11-account');
  });

  await t.test('API tokens show when they expire; passkeys paused by a password reset ask for review', async () => {
    await page.goto(`${base}/account/tokens`);
    assert.equal(await page.inputValue('#field-expiresInDays'), '90');
    await page.fill('#field-name', 'e2e script');
    await page.fill('#field-expiresInDays', '30');
    await submit(page);
    assert.ok((await page.textContent('#new-token'))?.trim().startsWith('ogt_'));
    assert.match((await page.textContent('main table')) ?? '', /e2e script/);
    await checker.check(page, '11a-tokens-expiry');

    const db = allTables(running.deps.services.db);
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('passkeys')
      .values({ id: `e2e-${Date.now()}`, user_id: user.id, credential_id: `e2e-cred-${Date.now()}`, public_key: 'AA', counter: 0, transports: null, name: 'e2e phone', created_at: now, last_used_at: null, suspended_at: now })
      .execute();
    await page.goto(`${base}/account/passkeys`);
    assert.equal(await page.locator('#passkey-review-heading').count(), 1);
    await checker.check(page, '11b-passkeys-review');
    await submit(page, 'main form[action$="/confirm"] button');
    assert.equal(await page.locator('#passkey-review-heading').count(), 0);
    await db.deleteFrom('passkeys').where('user_id', '=', user.id).execute();
  });

  await t.test('agency directory and one agency', async () => {
    const response = await page.goto(`${base}/agencies`);
    assert.equal(response?.status(), 200);
    await checker.check(page, '12-agencies');
    const link = page.locator('main a[href^="/agencies/"]').first();
    assert.ok((await link.count()) > 0, 'the directory links to agencies');
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.match(new URL(page.url()).pathname, /^\/agencies\/[^/]+$/);
    await checker.check(page, '13-agency');
  });

  await t.test('a missing page answers 404 with the site layout', async () => {
    const response = await page.goto(`${base}/no-such-page`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('main h1').count(), 1);
    await checker.check(page, '14-not-found');
  });

  await t.test('home page on a phone (390×844) fits the screen', async () => {
    const mobile = await browser.newContext({ ...phone, locale: 'zh-TW' });
    const mobilePage = await checker.newPage(mobile);
    const response = await mobilePage.goto(`${base}/`);
    assert.equal(response?.status(), 200);
    await checker.check(mobilePage, '15-home-phone');
    const overflow = await mobilePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
    await mobile.close();
  });

  await t.test('no serious or critical axe violations, no console errors', () => {
    checker.assertClean();
  });
});
