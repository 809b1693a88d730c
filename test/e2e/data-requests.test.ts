// Data requests (索取資料) and the data inventory in Chromium with axe: a citizen asks, the agency
// refuses without a legal reason (error beside the field), then decides on terms; the public sees
// every step; the inventory pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, desktop, pickAgency, signIn, startJourney } from './browser.js';

const skip = browserSkipReason();


test('data requests and the inventory pass axe through a whole request', { skip, timeout: 180_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);

  const citizen = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
  await signIn(citizen, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
  await citizen.goto(`${base}/data-requests/new`);
  await checker.check(citizen, 'data-requests-new');
  assert.equal(await pickAgency(citizen, '#field-agency', '數位發展部'), 'moda');
  await citizen.fill('#field-description', '各縣市公車站牌的無障礙設施資料');
  await Promise.all([citizen.waitForNavigation(), citizen.click('main form.usa-form button[type="submit"]')]);
  assert.ok((await citizen.locator('main .usa-error-message').count()) >= 1, 'the missing title is marked beside its field');
  await checker.check(citizen, 'data-requests-new-errors', { expectedErrors: /400/ });
  await citizen.fill('#field-title', '公車站牌無障礙設施資料');
  await Promise.all([citizen.waitForNavigation(), citizen.click('main form.usa-form button[type="submit"]')]);
  assert.match(citizen.url(), /\/data-requests\/[^/]+$/);
  const requestUrl = citizen.url();
  await checker.check(citizen, 'data-requests-show');

  const staff = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
  await signIn(staff, base, 'moda-staff@demo.opengov.tw', 'demo-agency-staff-pass');
  await staff.goto(`${base}/admin/data-requests`);
  assert.match(await staff.locator('main').innerText(), /公車站牌無障礙設施資料/);
  await checker.check(staff, 'data-requests-inbox');
  await staff.goto(requestUrl);
  await staff.selectOption('#field-decision', 'refuse');
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/decide"] button[type="submit"]')]);
  assert.ok((await staff.locator('main .usa-error-message').count()) >= 1, 'a refusal needs a legal reason');
  await checker.check(staff, 'data-requests-decide-errors', { expectedErrors: /400/ });
  await staff.selectOption('#field-decision', 'terms');
  await staff.fill('#field-terms', '簽署資料使用同意書後提供');
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/decide"] button[type="submit"]')]);
  assert.match(await staff.locator('main').innerText(), /簽署資料使用同意書後提供/);

  const anonymous = await checker.newPage(await browser.newContext({ ...desktop, locale: 'en' }));
  await anonymous.goto(`${requestUrl}?lang=en`);
  assert.match(await anonymous.locator('main').innerText(), /簽署資料使用同意書後提供/);
  await checker.check(anonymous, 'data-requests-public-en');
  await anonymous.goto(`${base}/data-requests?lang=en`);
  await checker.check(anonymous, 'data-requests-list-en');
  await staff.goto(`${base}/datasets/inventory`);
  await checker.check(staff, 'inventory-edit');
  await anonymous.goto(`${base}/datasets/inventory/moda?lang=en`);
  await checker.check(anonymous, 'inventory-public-en');
  checker.assertClean();
});
