// A platform admin in a real browser: signs in and opens every admin page; each gets a screenshot
// and an axe check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, desktop, startJourney } from './browser.js';

const skip = browserSkipReason();
const adminPages = [
  ['/admin', '21-admin'],
  ['/admin/users', '22-admin-users'],
  ['/admin/agencies', '23-admin-agencies'],
  ['/admin/outbox', '24-admin-outbox'],
  ['/admin/audit', '25-admin-audit'],
] as const;

test('admin pages in Chromium pass axe', { skip, timeout: 180_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);
  const context = await browser.newContext({ ...desktop, locale: 'zh-TW' });
  const page = await checker.newPage(context);

  await t.test('sign in as the demo admin', async () => {
    await page.goto(`${base}/signin`);
    await page.fill('#field-email', 'admin@demo.opengov.tw');
    await page.fill('#field-password', 'demo-admin-pass');
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await page.locator('header a[href="/admin"]').count(), 1, 'the header links to the admin area');
  });

  for (const [url, name] of adminPages) {
    await t.test(`${url} renders`, async () => {
      const response = await page.goto(`${base}${url}`);
      assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
      assert.equal(new URL(page.url()).pathname, url);
      assert.equal(await page.locator('main h1').count(), 1, `${url} has one h1`);
      await checker.check(page, name);
    });
  }

  await t.test('an anonymous visitor is sent to sign in', async () => {
    const anonymous = await browser.newContext(desktop);
    const other = await anonymous.newPage();
    await other.goto(`${base}/admin/users`);
    assert.equal(new URL(other.url()).pathname, '/signin');
    await anonymous.close();
  });

  await t.test('no serious or critical axe violations, no console errors', () => {
    checker.assertClean();
  });
});
