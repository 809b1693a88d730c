// The agency picker in Chromium with axe, on the data-request form: type-to-find with the keyboard
// in zh-TW and en (parents' names match, the parent path shows, the choice survives a validation
// error and is what the form submits), and the plain select without JavaScript (axe runs on it
// with the island withheld, since axe itself needs scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, desktop, phone, signIn, startJourney } from './browser.js';

const skip = browserSkipReason();

const optionTexts = (page: Page) => page.locator('#field-agency ~ [role="listbox"] [role="option"]').allInnerTexts();

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
}

test('the agency picker finds by typing, picks with the keyboard and submits, in zh-TW and en', { skip, timeout: 180_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);

  const page = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
  await signIn(page, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
  await page.goto(`${base}/data-requests/new`);
  const combobox = page.locator('#field-agency');
  assert.equal(await combobox.getAttribute('role'), 'combobox');
  assert.equal(await page.locator('#field-agency-native').isHidden(), true, 'the native select is hidden once enhanced');

  // A parent's name finds its children: 內政部 sits under 行政院 without that name in its own.
  await combobox.fill('行政院');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'true');
  assert.ok((await optionTexts(page)).some((text) => text.startsWith('內政部')), 'children of 行政院 are found by its name');
  await combobox.fill('警政');
  assert.deepEqual(await optionTexts(page), ['內政部警政署\n行政院 › 內政部']);
  await checker.check(page, 'agency-picker-open-zh');
  await combobox.press('ArrowDown');
  assert.match((await combobox.getAttribute('aria-activedescendant')) ?? '', /-option-0$/);
  await combobox.press('Enter');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
  assert.equal(await combobox.inputValue(), '內政部警政署');
  assert.equal(await page.locator('#field-agency-native').inputValue(), 'moi-npa');
  assert.match(await page.locator('.og-agency-picker__path').innerText(), /行政院 › 內政部/);

  // Escape closes the list and leaves the choice.
  await combobox.fill('交通');
  await combobox.press('Escape');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
  await combobox.press('Escape');
  assert.equal(await combobox.inputValue(), '內政部警政署', 'a second Escape puts the chosen name back');

  // A validation error keeps the chosen agency.
  await page.fill('#field-description', '各分局的交通事故統計');
  await submit(page);
  assert.ok((await page.locator('main .usa-error-message').count()) >= 1, 'the missing title is marked');
  assert.equal(await page.locator('#field-agency').inputValue(), '內政部警政署');
  assert.equal(await page.locator('#field-agency-native').inputValue(), 'moi-npa');
  await checker.check(page, 'agency-picker-errors-zh', { expectedErrors: /400/ });

  // English: English names, matched by any part, the path in English.
  const en = await checker.newPage(await browser.newContext({ ...phone, locale: 'en' }));
  await signIn(en, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
  await en.goto(`${base}/data-requests/new?lang=en`);
  const box = en.locator('#field-agency');
  await box.fill('climate');
  assert.deepEqual(await optionTexts(en), ['Climate Change Administration\nExecutive Yuan › Ministry of Environment']);
  await checker.check(en, 'agency-picker-open-en');
  await box.fill('taipei');
  const taipei = await optionTexts(en);
  assert.ok(taipei.length >= 8 && taipei.every((text) => /Taipei/.test(text)), 'the city and its departments');
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  assert.equal(await box.inputValue(), taipei[0]!.split('\n')[0]);
  await box.fill('climate');
  await box.press('ArrowDown');
  await box.press('Enter');
  assert.equal(await en.locator('#field-agency-native').inputValue(), 'moenv-cca');
  assert.match(await en.locator('.og-agency-picker__path').innerText(), /Part of: Executive Yuan › Ministry of Environment/);
  await en.fill('#field-title', 'Greenhouse gas inventory by county');
  await en.fill('#field-description', 'Yearly emissions per county and sector');
  await submit(en);
  assert.match(en.url(), /\/data-requests\/[^/]+$/);
  assert.match(await en.locator('main').innerText(), /Climate Change Administration/);
  await checker.check(en, 'agency-picker-submitted-en');
  checker.assertClean();
});

test('without JavaScript the agency picker is a plain select that still submits', { skip, timeout: 120_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);
  const page = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW', javaScriptEnabled: false }));
  page.setDefaultTimeout(15_000);
  await signIn(page, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
  await page.goto(`${base}/data-requests/new`);
  const select = page.locator('#field-agency');
  assert.equal(await select.evaluate((el) => el.tagName), 'SELECT');
  assert.deepEqual(await page.locator('#field-agency optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label'))), ['中央政府機關', '地方政府']);
  const texts = await page.locator('#field-agency option').allInnerTexts();
  assert.ok(texts.every((text) => !/\(|[a-z]{2,}/.test(text)), 'no codes among the choices');
  assert.ok(texts.includes('\u3000\u3000內政部警政署'), 'a bureau is indented twice');
  assert.ok(texts[texts.indexOf('\u3000內政部') + 1]!.startsWith('\u3000\u3000內政部'), 'its ministry\'s bureaus follow the ministry');
  await select.selectOption('moda');
  await page.fill('#field-title', '數位服務使用統計');
  await page.fill('#field-description', '各項數位服務每月使用人次');
  await submit(page);
  assert.match(page.url(), /\/data-requests\/[^/]+$/);
  assert.match(await page.locator('main').innerText(), /數位發展部/);

  // axe needs JavaScript, so the plain select is checked in a browser that runs scripts but never gets the island.
  const context = await browser.newContext({ ...desktop, locale: 'en' });
  await context.route('**/assets/js/agency-picker.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  const plain = await checker.newPage(context);
  await signIn(plain, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
  await plain.goto(`${base}/data-requests/new?lang=en`);
  assert.equal(await plain.locator('#field-agency').evaluate((el) => el.tagName), 'SELECT');
  await checker.check(plain, 'agency-picker-plain-en');
  checker.assertClean();
});
