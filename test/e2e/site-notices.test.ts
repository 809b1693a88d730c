// The site's notices and the sign-up consent on a phone (390 px): privacy, terms, contact and the
// accessibility statement in both languages, then sign-up refused without consent (the message by
// the box, what was typed kept) and accepted with it. Every page gets a screenshot and an axe check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, phone, startJourney } from './browser.js';
import { allTables } from '../all-tables.js';

const skip = browserSkipReason();

async function assertNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${page.url()} is ${width} px wide at 390 px`);
}

test('notices and sign-up consent on a phone pass axe in both languages', { skip, timeout: 180_000 }, async (t) => {
  const { running, browser, base, checker } = await startJourney(t);
  const context = await browser.newContext({ ...phone, locale: 'zh-TW' });
  const page = await checker.newPage(context);

  await t.test('privacy, terms, contact and accessibility pages, reached from the footer', async () => {
    for (const lang of ['zh-TW', 'en']) {
      await page.goto(`${base}/?lang=${lang}`);
      for (const path of ['/privacy', '/terms', '/contact', '/accessibility']) {
        await Promise.all([page.waitForNavigation(), page.click(`footer a[href="${path}"]`)]);
        assert.equal(new URL(page.url()).pathname, path);
        assert.equal(await page.locator('main h1').count(), 1);
        await assertNoSidewaysScroll(page);
        await checker.check(page, `notice-${path.slice(1)}-${lang}`);
      }
    }
  });

  await t.test('sign-up without consent is refused beside the box, keeping what was typed; with it the account records the consent', async () => {
    const email = `consent-${Date.now()}@example.tw`;
    await page.goto(`${base}/signup?lang=zh-TW`);
    await assertNoSidewaysScroll(page);
    await checker.check(page, 'signup-consent-form');
    await page.fill('#field-email', email);
    await page.fill('#field-password', 'e2e-password-2026');
    await page.fill('#field-passwordConfirm', 'e2e-password-2026');
    await page.fill('#field-name', '同意測試');
    // The box is `required`; skip the browser's own check to reach the server's answer.
    await page.$eval('main form.usa-form', (form) => ((form as HTMLFormElement).noValidate = true));
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, '/signup');
    assert.equal(await page.getAttribute('#field-privacyConsent', 'aria-invalid'), 'true');
    assert.match((await page.textContent('.usa-form-group--error')) ?? '', /請勾選同意隱私權政策/);
    assert.equal(await page.inputValue('#field-email'), email);
    assert.equal(await page.inputValue('#field-name'), '同意測試');
    await assertNoSidewaysScroll(page);
    await checker.check(page, 'signup-consent-missing');

    await page.fill('#field-password', 'e2e-password-2026');
    await page.fill('#field-passwordConfirm', 'e2e-password-2026');
    // The USWDS checkbox hides the native input behind its label; a person taps the label.
    await page.click('label[for="field-privacyConsent"]');
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, '/account');
    const user = await allTables(running.deps.services.db).selectFrom('users').select(['privacy_consent_at', 'privacy_notice_version']).where('email', '=', email).executeTakeFirstOrThrow();
    assert.ok(user.privacy_consent_at);
    assert.ok(user.privacy_notice_version);
  });

  await context.close();
  checker.assertClean();
});
