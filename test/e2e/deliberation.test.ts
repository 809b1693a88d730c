// Deliberation in a real browser: a citizen votes on the demo conversation (the script swaps in the
// next statement without a page load), writes a statement, reads the report and the embed page; a
// moderator creates a conversation and works the queue. Every page gets a screenshot and an axe check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, desktop, pickAgency, signIn, startJourney } from './browser.js';

const skip = browserSkipReason();


test('deliberation journey in Chromium passes axe on every page', { skip, timeout: 240_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);
  const citizen = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
  let conversationUrl = '';

  await t.test('the list and the demo conversation', async () => {
    await signIn(citizen, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
    await citizen.goto(`${base}/deliberation`);
    await checker.check(citizen, 'deliberation-01-list');
    await Promise.all([citizen.waitForNavigation(), citizen.click('main .usa-card__heading a')]);
    conversationUrl = citizen.url();
    assert.match(await citizen.textContent('.og-progress') ?? '', /還有 12 則/);
    await checker.check(citizen, 'deliberation-02-conversation');
  });

  await t.test('voting swaps in the next statement without a page load', async () => {
    const first = await citizen.inputValue('input[name="statement"]');
    await citizen.click('button[name="vote"][value="agree"]');
    await citizen.waitForFunction((n) => document.querySelector<HTMLInputElement>('input[name="statement"]')?.value !== n, first);
    assert.match(await citizen.textContent('.og-progress') ?? '', /還有 11 則/);
    assert.equal(await citizen.evaluate(() => document.activeElement?.id), 'og-statement-heading', 'focus moves to the new statement');
    await citizen.click('button[name="vote"][value="pass"]');
    await citizen.waitForFunction(() => /還有 10 則/.test(document.querySelector('.og-progress')?.textContent ?? ''));
    await checker.check(citizen, 'deliberation-03-voted');
  });

  await t.test('a statement is submitted for review', async () => {
    await citizen.fill('#field-body', '政府網站應該通過無障礙檢測');
    await Promise.all([citizen.waitForNavigation(), citizen.click('form[action$="/statements"] button[type="submit"]')]);
    assert.match(await citizen.textContent('.og-flashes') ?? '', /審核通過後/);
    await checker.check(citizen, 'deliberation-04-statement-sent');
  });

  await t.test('the report and the embed page', async () => {
    const report = await citizen.goto(`${conversationUrl}/report`);
    assert.equal(report?.status(), 200);
    assert.ok((await citizen.locator('svg.og-map use').count()) >= 50, 'participants are drawn');
    await checker.check(citizen, 'deliberation-05-report');
    const embed = await citizen.goto(`${conversationUrl}/embed`);
    assert.equal(embed?.status(), 200);
    await checker.check(citizen, 'deliberation-06-embed');
  });

  await t.test('a moderator creates a conversation and reviews the queue', async () => {
    const moderator = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
    await signIn(moderator, base, 'moderator@demo.opengov.tw', 'demo-moderator-pass');
    await moderator.goto(`${base}/deliberation/new`);
    await checker.check(moderator, 'deliberation-07-new');
    assert.equal(await pickAgency(moderator, '#field-agencyCode', '數位發展部'), 'moda');
    await moderator.fill('#field-topic', '無障礙網站');
    await moderator.fill('#field-seedStatements', '網站應提供字幕\n網站應支援鍵盤操作');
    await Promise.all([moderator.waitForNavigation(), moderator.click('main form.usa-form button[type="submit"]')]);
    assert.match(await moderator.textContent('h1') ?? '', /無障礙網站/);
    await moderator.goto(`${conversationUrl}/moderate`);
    assert.match(await moderator.textContent('main') ?? '', /政府網站應該通過無障礙檢測/);
    await checker.check(moderator, 'deliberation-08-moderate');
    await Promise.all([moderator.waitForNavigation(), moderator.click('form[action$="/moderate"] button:has-text("通過")')]);
    assert.match(await moderator.textContent('.og-flashes') ?? '', /已通過/);
  });

  checker.assertClean();
});
