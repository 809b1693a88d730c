// The statistics, site search, import and harvest pages in Chromium with axe (WCAG 2.1 AA), on
// the demo catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, desktop, pickAgency, signIn, startJourney } from './browser.js';

const skip = browserSkipReason();

test('statistics, search, import and harvest pages pass axe', { skip, timeout: 180_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);
  const page = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));

  for (const [url, name] of [
    ['/datasets/stats', 'opendata-stats'],
    ['/datasets/stats?agency=moda', 'opendata-stats-agency'],
    ['/datasets/stats?lang=en', 'opendata-stats-en'],
  ] as const) {
    const response = await page.goto(`${base}${url}`);
    assert.equal(response?.status(), 200, url);
    assert.equal(await page.locator('main h1').count(), 1);
    assert.ok((await page.locator('main svg[role="img"]').count()) >= 3, `${url} has its charts`);
    await checker.check(page, name);
  }

  // The header's search box finds datasets and proposals on one page.
  await page.goto(`${base}/`);
  await page.fill('#site-search', '公車');
  await Promise.all([page.waitForNavigation(), page.click('.og-header-search button[type="submit"]')]);
  assert.match(page.url(), /\/search\?q=/);
  assert.ok((await page.locator('main h2').count()) >= 2, 'results from more than one module');
  await checker.check(page, 'search-results');

  await signIn(page, base, 'admin@demo.opengov.tw', 'demo-admin-pass');
  const form = await page.goto(`${base}/datasets/import`);
  assert.equal(form?.status(), 200);
  await checker.check(page, 'opendata-import');
  assert.equal(await pickAgency(page, '#field-agency', '數位'), 'moda');
  await page.fill('#field-url', 'http://127.0.0.1:1/');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/datasets/import/remote"] button[type="submit"]')]);
  assert.match(await page.locator('#report').innerText(), /內部或保留位址|internal or reserved address/);
  await checker.check(page, 'opendata-import-report', { expectedErrors: /400/ });

  const harvest = await page.goto(`${base}/datasets/harvest`);
  assert.equal(harvest?.status(), 200);
  await checker.check(page, 'opendata-harvest');
  assert.equal(await pickAgency(page, '#field-agency', '數位發展部'), 'moda');
  await page.fill('#field-url', 'ftp://example.gov.tw/catalog');
  await page.fill('#field-every_hours', '0');
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
  assert.match(await page.locator('main .usa-error-message').allInnerTexts().then((t) => t.join(' ')), /at least 1|至少/, 'an error beside the schedule');
  await checker.check(page, 'opendata-harvest-errors', { expectedErrors: /400/ });
  await page.fill('#field-every_hours', '24');
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
  assert.match(await page.locator('main .usa-error-message').allInnerTexts().then((t) => t.join(' ')), /http and https|http 與 https/, 'an error beside the URL: only http(s) sources');
  await page.fill('#field-url', 'https://data.example.gov.tw');
  await page.fill('#field-every_hours', '24');
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
  assert.match(await page.locator('main table').innerText(), /data\.example\.gov\.tw/);
  await checker.check(page, 'opendata-harvest-added');
  checker.assertClean();
});
