// The whole life of a proposal in a real browser, for all four roles, on a fake clock: an admin
// lowers the threshold for the demo, a citizen drafts and submits, a moderator approves, citizens
// endorse the next day until 成案, the agency extends, records a meeting, answers and updates a
// follow-up; then the hidden and expired branches. Every page gets a screenshot and an axe check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FakeClock } from '../../src/core/clock.js';
import { runSweep } from '../../src/modules/petitions/sweep.js';
import { browserSkipReason, desktop, pickAgency, signIn, startJourney, stepUpWithSms } from './browser.js';

const skip = browserSkipReason();
const DAY = 86_400_000;

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}


test('proposal journey in Chromium: draft → review → endorsement → 成案 → response → follow-up, hidden and expired', { skip, timeout: 300_000 }, async (t) => {
  // Monday 10:00 in Taipei, so that review and endorsement dates are easy to read.
  const clock = new FakeClock(new Date(Math.floor(Date.now() / (7 * DAY)) * 7 * DAY + 4 * DAY + 2 * 3_600_000));
  const { running, browser, base, checker } = await startJourney(t, { clock });
  const pageFor = async () => checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
  let proposalUrl = '';

  await t.test('an admin sets a small threshold for this demonstration', async () => {
    const admin = await pageFor();
    await signIn(admin, base, 'admin@demo.opengov.tw', 'demo-admin-pass');
    await admin.goto(`${base}/admin/proposals/settings`);
    await checker.check(admin, 'petitions-01-settings');
    await admin.fill('#field-stages', '2,30');
    await submit(admin, 'main form.usa-form button[type="submit"]');
    assert.match((await admin.textContent('.og-flashes')) ?? '', /設定已儲存/);
  });

  const citizen = await pageFor();
  await t.test('a citizen browses, drafts with a mistake, checks similar proposals and submits', async () => {
    await signIn(citizen, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
    await citizen.goto(`${base}/proposals`);
    await checker.check(citizen, 'petitions-02-list');
    // Proposing needs level 2: the form sends a password sign-in through the step-up and back.
    await citizen.goto(`${base}/proposals/new`);
    await stepUpWithSms(citizen, running.deps, '0912345678', 'demo-citizen-pass');
    assert.equal(new URL(citizen.url()).pathname, '/proposals/new');
    await checker.check(citizen, 'petitions-03-new');
    await citizen.fill('#field-title', '政府網站無障礙');
    await submit(citizen, 'button[name="intent"][value="similar"]');
    assert.match((await citizen.textContent('#similar-results')) ?? '', /無障礙規範/);
    await citizen.fill('#field-title', '公共圖書館提供電子書免費借閱');
    await citizen.fill('#field-content', '建議各縣市公共圖書館提供**電子書**免費借閱服務。\n\n- 統一借閱平臺\n- 偏鄉優先');
    await citizen.fill('#field-benefits', '縮小城鄉閱讀落差，節省實體館藏空間。');
    assert.equal(await pickAgency(citizen, '#field-agency1', '數位發展部'), 'moda');
    assert.equal(await pickAgency(citizen, '#field-agency2', '數位發展部'), 'moda');
    await submit(citizen, 'button[name="intent"][value="submit"]');
    assert.match((await citizen.textContent('#error-summary')) ?? '', /同一機關不能重複選擇/);
    await checker.check(citizen, 'petitions-04-new-errors');
    assert.equal(await pickAgency(citizen, '#field-agency2', '教育部'), 'moe');
    await submit(citizen, 'button[name="intent"][value="draft"]');
    assert.match((await citizen.textContent('.og-flashes')) ?? '', /草稿已儲存/);
    await checker.check(citizen, 'petitions-05-draft');
    await submit(citizen, 'button[name="intent"][value="submit"]');
    proposalUrl = citizen.url();
    assert.match((await citizen.textContent('main')) ?? '', /檢核中/);
    await checker.check(citizen, 'petitions-06-submitted');
  });

  await t.test('a moderator approves it from the review queue', async () => {
    const moderator = await pageFor();
    await signIn(moderator, base, 'moderator@demo.opengov.tw', 'demo-moderator-pass');
    await moderator.goto(`${base}/admin/proposals/review`);
    await checker.check(moderator, 'petitions-07-queue');
    await submit(moderator, 'main table a:has-text("公共圖書館提供電子書免費借閱")');
    await checker.check(moderator, 'petitions-08-review');
    await submit(moderator, 'form[action$="/approve"] button');
    assert.match((await moderator.textContent('.og-flashes')) ?? '', /已通過檢核/);
  });

  await t.test('the next day two citizens endorse and it is 成案', async () => {
    clock.advance(DAY);
    for (const [i, email] of ['endorser01@demo.opengov.tw', 'endorser02@demo.opengov.tw'].entries()) {
      const endorser = await pageFor();
      await signIn(endorser, base, email, 'demo-endorser-pass');
      await endorser.goto(proposalUrl);
      if (i === 0) await checker.check(endorser, 'petitions-09-open');
      await endorser.fill('#endorse-comment', i === 0 ? '偏鄉孩子需要' : '');
      await submit(endorser, 'form[action$="/endorse"] button[type="submit"]');
      assert.match((await endorser.textContent('.og-flashes')) ?? '', i === 0 ? /附議成功/ : /成案/);
      if (i === 1) await checker.check(endorser, 'petitions-10-established');
    }
  });

  await t.test('the lead agency extends, records a meeting, answers, and updates a follow-up', async () => {
    const staff = await pageFor();
    await signIn(staff, base, 'moda-staff@demo.opengov.tw', 'demo-agency-staff-pass');
    await staff.goto(`${base}/agency/proposals`);
    await checker.check(staff, 'petitions-11-inbox');
    await submit(staff, 'main table a:has-text("公共圖書館提供電子書免費借閱")');
    await checker.check(staff, 'petitions-12-agency-page');
    await staff.fill('#field-reasons', '研議中');
    await submit(staff, 'button[name="intent"][value="publish"]');
    assert.match((await staff.textContent('#error-summary')) ?? '', /請選擇處理結果/);
    await checker.check(staff, 'petitions-13-response-errors');
    const due = (await staff.getAttribute('#field-newDueOn', 'value')) ?? '';
    assert.equal(due, '');
    const latest = /最晚可延至(\d+)年(\d+)月(\d+)日/.exec((await staff.textContent('main')) ?? '');
    assert.ok(latest);
    const newDue = `${latest[1]}-${latest[2].padStart(2, '0')}-${latest[3].padStart(2, '0')}`;
    await staff.fill('#field-newDueOn', newDue);
    await staff.fill('#field-extendReasons', '需與教育部協調各縣市圖書館。');
    await submit(staff, 'form[action$="/extend"] button');
    assert.match((await staff.textContent('.og-flashes')) ?? '', /延長公告/);
    await staff.fill('#field-heldOn', new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
    await staff.fill('#field-participants', '提議人、數位發展部、教育部');
    await submit(staff, 'form[action$="/meetings"] button');
    await staff.click('label[for="outcome-partial"]');
    await staff.fill('#field-reasons', '部分參採：先於三個縣市試辦電子書平臺。');
    await staff.fill('#field-followup1_description', '三縣市試辦');
    await staff.fill('#field-followup1_due', newDue);
    await submit(staff, 'button[name="intent"][value="publish"]');
    assert.match((await staff.textContent('main')) ?? '', /部分參採/);
    await checker.check(staff, 'petitions-14-answered');
    await staff.goto(`${proposalUrl.replace('/proposals/', '/agency/proposals/')}`);
    await staff.selectOption('#followup-status-0', 'in_progress');
    await staff.fill('#followup-note-0', '已選定試辦縣市。');
    await submit(staff, 'form[action*="/followups/"] button');
    assert.match((await staff.textContent('.og-flashes')) ?? '', /已更新後續辦理情形/);
  });

  await t.test('the public sees the timeline, the response and the statistics, in both languages', async () => {
    const visitor = await pageFor();
    await visitor.goto(proposalUrl);
    const main = (await visitor.textContent('main')) ?? '';
    for (const text of ['機關已回應', '部分參採', '三縣市試辦', '辦理中', '延長回應期限', '與提議人開會', '偏鄉孩子需要']) assert.ok(main.includes(text), text);
    await checker.check(visitor, 'petitions-15-public-answered');
    await visitor.goto(`${proposalUrl}?lang=en`);
    assert.match((await visitor.textContent('main')) ?? '', /Partly adopted/);
    await checker.check(visitor, 'petitions-16-public-en');
    await visitor.goto(`${base}/proposals/stats?lang=zh-TW`);
    await checker.check(visitor, 'petitions-17-stats');
    await visitor.goto(`${base}/proposals/data`);
    await checker.check(visitor, 'petitions-18-open-data');
  });

  await t.test('hidden branch: the moderator hides the demo proposal in review; the proposer sees why', async () => {
    const moderator = await pageFor();
    await signIn(moderator, base, 'moderator@demo.opengov.tw', 'demo-moderator-pass');
    await moderator.goto(`${base}/admin/proposals/review`);
    await submit(moderator, 'main table a:has-text("延長產假")');
    await moderator.click('label[for="reason-outside_remit"]');
    await moderator.fill('#field-note', '請改向勞動部陳情管道反映。');
    await submit(moderator, 'form[action$="/hide"] button[type="submit"]');
    // Days have passed since the citizen signed in: the idle timeout (SESSION_IDLE_MINUTES) ended that session.
    await signIn(citizen, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
    await citizen.goto(`${base}/proposals/mine`);
    await checker.check(citizen, 'petitions-19-mine');
    await submit(citizen, 'main table a:has-text("延長產假")');
    const main = (await citizen.textContent('main')) ?? '';
    assert.match(main, /這件提議未通過檢核/);
    assert.match(main, /非屬平臺機關職掌範圍/);
    await checker.check(citizen, 'petitions-20-hidden');
  });

  await t.test('expired branch: the window of the demo proposal ends without 成案', async () => {
    clock.advance(70 * DAY);
    await runSweep(running.deps);
    const visitor = await pageFor();
    await visitor.goto(`${base}/proposals?status=not_established`);
    await submit(visitor, 'main .usa-card__heading a:has-text("夜市")');
    assert.match((await visitor.textContent('main')) ?? '', /未成案/);
    await checker.check(visitor, 'petitions-21-not-established');
  });

  checker.assertClean();
});
