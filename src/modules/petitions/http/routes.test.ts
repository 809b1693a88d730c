// Route tests: pages in zh-TW and en through a cookie-keeping Browser, form journeys for the four
// roles, the JSON API with bearer tokens, uploads and open-data downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { proposalEndorse } from '../actions/proposal_endorse.js';
import { proposalHide } from '../actions/proposal_review.js';
import { apiTokenFor, endorseBy, insertUser, openProposal, outbox, sessionFor, setSettings, setupFixtures, submittedProposal, type Fixtures, type TestUser } from '../test-support.js';
import { allTables } from '../../../../test/all-tables.js';
import { petitionsDb } from '../tables.js';
import { runSweep } from '../sweep.js';

let t: TestApp;
let f: Fixtures;

before(async () => {
  t = await createTestApp();
  f = await setupFixtures(t);
  await setSettings(t, { pageCacheSeconds: 0, proposePerAccount: { max: 1000, windowSeconds: 60 }, endorsePerAccount: { max: 1000, windowSeconds: 60 } });
});
after(() => t.close());

async function browserFor(user: TestUser | null): Promise<Browser> {
  const browser = new Browser(t.app);
  if (user) {
    const token = await sessionFor(petitionsDb(t.deps.services.db), user.id, t.clock.now());
    (browser as unknown as { cookies: Map<string, string> }).cookies.set('og_session', token);
  }
  return browser;
}

const flashOf = async (browser: Browser, location: string) => (await browser.get(location)).body;

test('public pages render in zh-TW and en; hidden proposals are not found', async () => {
  t.clock.set('2026-03-02T02:00:00.000Z');
  const id = await openProposal(t, f, { title: '路口行人號誌應延長綠燈秒數' });
  await endorseBy(t, id, [f.citizen]);
  const hidden = await submittedProposal(t, f, { title: '隱藏的提議' });
  await t.deps.registry.call(proposalHide, { proposalId: hidden, reasons: ['commercial'] }, { actor: f.moderator.actor });
  const anon = await browserFor(null);

  const list = await anon.get('/proposals');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /<h1>提點子<\/h1>/);
  assert.match(list.body, /路口行人號誌應延長綠燈秒數/);
  assert.doesNotMatch(list.body, /隱藏的提議/);
  assert.match(list.body, /1 \/ 5,000 人附議/);
  const anonEn = await browserFor(null);
  const en = await anonEn.get('/proposals?lang=en');
  assert.match(en.body, /Citizen proposals/);
  assert.match(en.body, /1 of 5,000 endorsements/);
  const filtered = await anon.get('/proposals?q=%E8%A1%8C%E4%BA%BA&status=endorsing&agency=moda&topic=digital&sort=popular');
  assert.equal(filtered.statusCode, 200);
  assert.match(filtered.body, /路口行人號誌/);
  const none = await anon.get('/proposals?q=%E7%81%AB%E6%98%9F');
  assert.match(none.body, /沒有符合條件的提議/);

  const page = await anon.get(`/proposals/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /附議中/);
  assert.match(page.body, /剩 60 天/);
  assert.match(page.body, /登入後附議/);
  assert.match(page.body, /2026年3月3日（民國115年）/, 'dates carry the ROC year on zh-TW pages');
  assert.match(page.body, /<progress value="1" max="5000"/);
  const pageEn = await anonEn.get(`/proposals/${id}`);
  assert.match(pageEn.body, /Open for endorsement/);
  assert.match(pageEn.body, /60 days left/);
  assert.match(pageEn.body, /3 Mar 2026/);
  assert.equal((await anon.get(`/proposals/${hidden}`)).statusCode, 404);
  assert.equal((await anon.get('/proposals/no-such-id')).statusCode, 404);

  const stats = await anon.get('/proposals/stats');
  assert.equal(stats.statusCode, 200);
  assert.match(stats.body, /屬商業或廣告內容/);
  assert.match((await anonEn.get('/proposals/stats')).body, /Agency response statistics/);
  const data = await anon.get('/proposals/data');
  assert.match(data.body, /proposals\.csv/);
  const csv = await anon.get('/proposals/data/proposals.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.ok(csv.body.startsWith('\ufeffid,title,'));
  assert.match(csv.body, /路口行人號誌應延長綠燈秒數/);
  assert.doesNotMatch(csv.body, /隱藏的提議/);
  const formula = await openProposal(t, f, { title: '=HYPERLINK("http://evil.example","看這裡")' });
  const csvAgain = await anon.get('/proposals/data/proposals.csv');
  assert.match(csvAgain.body, /"'=HYPERLINK\(""http:\/\/evil\.example""/, 'formula-like cells are defused in CSV');
  const jsonRows = (await anon.get('/proposals/data/proposals.json')).json().rows;
  assert.equal(jsonRows.find((r: { id: string }) => r.id === formula).title, '=HYPERLINK("http://evil.example","看這裡")');
  const json = await anon.get('/proposals/data/counts.json');
  assert.equal(json.json().rows.find((r: { id: string }) => r.id === id).endorsement_count, 1);
  assert.equal((await anon.get('/proposals/data/secrets.json')).statusCode, 404);
});

test('citizen journey: propose with errors, draft, upload, share, submit; endorse and duplicate endorse', async () => {
  t.clock.set('2026-03-09T02:00:00.000Z');
  const proposer = await browserFor(f.proposer);
  const form = await proposer.get('/proposals/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /我要提議/);

  // Missing fields: the form comes back with messages beside the fields.
  const incomplete = await proposer.submit('/proposals/new', '/proposals', { title: '公園增設共融遊具', intent: 'submit' });
  assert.equal(incomplete.statusCode, 400);
  assert.match(incomplete.body, /id="field-content-error"/);
  assert.match(incomplete.body, /請選擇至少 1 個權責機關/);
  assert.match(incomplete.body, /value="公園增設共融遊具"/);
  const tooMany = await proposer.submit('/proposals/new', '/proposals', { title: 'x', content: 'y', benefits: 'z', agency1: 'moda', agency2: 'moda', intent: 'submit' });
  assert.equal(tooMany.statusCode, 400);
  assert.match(tooMany.body, /同一機關不能重複選擇/);

  const similar = await proposer.submit('/proposals/new', '/proposals', { title: '行人號誌', intent: 'similar' });
  assert.equal(similar.statusCode, 200);
  assert.match(similar.body, /路口行人號誌應延長綠燈秒數/);

  const draft = await proposer.submit('/proposals/new', '/proposals', {
    title: '公園增設共融遊具',
    content: '建議各縣市公園增設**共融遊具**。<script>alert("x")</script>',
    benefits: '讓不同能力的孩子一起玩。',
    agency1: 'moe',
    agency2: 'moda',
    topic: 'welfare',
    link1_url: 'https://example.tw/report',
    link1_label: '研究報告',
    intent: 'draft',
  });
  assert.equal(draft.statusCode, 303);
  const editUrl = draft.headers.location as string;
  assert.match(editUrl, /^\/proposals\/[\w-]+\/edit$/);
  const id = editUrl.split('/')[2];
  const edit = await proposer.get(editUrl);
  assert.match(edit.body, /草稿已儲存/);
  assert.match(edit.body, /公園增設共融遊具/);

  // Uploads: the type comes from the content, the size is limited.
  const upload = async (filename: string, content: Buffer) => {
    const page = await proposer.get(editUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const boundary = '----ogtest';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return proposer.request({ method: 'POST', url: `/proposals/${id}/files`, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20)]);
  const ok = await upload('研究.pdf', pdf);
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
  const fake = await upload('virus.pdf', Buffer.from('MZ\x90\x00 this is an exe'));
  assert.equal(fake.statusCode, 415);
  assert.match(fake.body, /副檔名須與檔案內容相符/);
  await setSettings(t, { uploadMaxBytes: 1024 });
  const big = await upload('big.pdf', pdf);
  assert.equal(big.statusCode, 413);
  await setSettings(t, { uploadMaxBytes: 5 * 1024 * 1024 });
  const withFile = await proposer.get(editUrl);
  const fileLink = /href="(\/proposals\/[\w-]+\/files\/[\w-]+)"/.exec(withFile.body)![1];
  const download = await proposer.get(fileLink);
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.equal((await (await browserFor(null)).get(fileLink)).statusCode, 404, 'a draft’s files are private');

  // Share the draft; a collaborator comments.
  const shared = await proposer.submit(editUrl, `/proposals/${id}/share`, {});
  assert.equal(shared.statusCode, 303);
  const shareUrl = /href="(\/proposals\/drafts\/[\w-]+)"/.exec((await proposer.get(editUrl)).body)![1];
  const friend = await browserFor(f.citizen);
  const comment = await friend.submit(shareUrl, `${shareUrl}/comments`, { body: '建議加上預算估算' });
  assert.equal(comment.statusCode, 303);
  assert.match((await proposer.get(editUrl)).body, /建議加上預算估算/);

  const submitted = await proposer.submit(editUrl, editUrl, {
    title: '公園增設共融遊具',
    content: '建議各縣市公園增設**共融遊具**。',
    benefits: '讓不同能力的孩子一起玩。',
    agency1: 'moe',
    agency2: 'moda',
    intent: 'submit',
  });
  assert.equal(submitted.statusCode, 303);
  const inReview = await proposer.get(`/proposals/${id}`);
  assert.match(inReview.body, /提議已送出/);
  assert.match(inReview.body, /檢核中/);
  assert.doesNotMatch(inReview.body, /<script>alert/);
  assert.match(inReview.body, /<strong>共融遊具<\/strong>/);
  assert.equal((await (await browserFor(f.citizen)).get(`/proposals/${id}`)).statusCode, 404, 'not public while in review');
  assert.match((await proposer.get('/proposals/mine')).body, /公園增設共融遊具/);

  // Moderator: the queue and approval.
  const moderator = await browserFor(f.moderator);
  const queue = await moderator.get('/admin/proposals/review');
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, /公園增設共融遊具/);
  assert.equal((await (await browserFor(f.citizen)).get('/admin/proposals/review')).statusCode, 403);
  const approved = await moderator.submit(`/admin/proposals/${id}/review`, `/admin/proposals/${id}/approve`, {});
  assert.equal(approved.statusCode, 303);
  t.clock.advanceDays(1);

  // Endorsing through the page, twice.
  const citizen = await browserFor(f.citizen);
  const endorsed = await citizen.submit(`/proposals/${id}`, `/proposals/${id}/endorse`, { comment: '支持共融', follow: '1' });
  assert.equal(endorsed.statusCode, 303);
  const after = await citizen.get(`/proposals/${id}`);
  assert.match(after.body, /附議成功！目前共 1 人附議/);
  assert.match(after.body, /您已於2026年3月10日（民國115年）附議/);
  assert.match(after.body, /支持共融/);
  const token = /name="_csrf" value="([^"]+)"/.exec(after.body)![1];
  const again = await citizen.request({ method: 'POST', url: `/proposals/${id}/endorse`, payload: `_csrf=${encodeURIComponent(token)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /您已附議過這件提議/);
  const withdrawn = await citizen.submit(`/proposals/${id}`, `/proposals/${id}/endorse/withdraw`, {});
  assert.equal(withdrawn.statusCode, 303);
  assert.match(await flashOf(citizen, `/proposals/${id}`), /已撤回附議/);

  // An unverified endorser sees what is missing instead of a form.
  const unverified = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false, emailVerified: false });
  const page = await (await browserFor(unverified)).get(`/proposals/${id}`);
  assert.match(page.body, /附議前須完成身分驗證/);
  assert.match(page.body, /電子郵件驗證/);

  // Discussion.
  const commented = await citizen.submit(`/proposals/${id}`, `/proposals/${id}/comments`, { body: '希望也考慮視障兒童' });
  assert.equal(commented.statusCode, 303);
  assert.match((await citizen.get(`/proposals/${id}?lang=en`)).body, /希望也考慮視障兒童/);
  const empty = await citizen.submit(`/proposals/${id}`, `/proposals/${id}/comments`, { body: '   ' });
  assert.equal(empty.statusCode, 400);
});

test('moderator hides with reasons and the proposer sees them; settings page', async () => {
  t.clock.set('2026-03-16T02:00:00.000Z');
  const id = await submittedProposal(t, f, { title: '請買我的新手機' });
  const moderator = await browserFor(f.moderator);
  const noReason = await moderator.submit(`/admin/proposals/${id}/review`, `/admin/proposals/${id}/hide`, { note: '廣告' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /請至少選擇一項原因/);
  const hidden = await moderator.submit(`/admin/proposals/${id}/review`, `/admin/proposals/${id}/hide`, { reasons: ['commercial', 'unclear_or_personal'], note: '內容為廣告' });
  assert.equal(hidden.statusCode, 303);
  const proposer = await browserFor(f.proposer);
  const page = await proposer.get(`/proposals/${id}`);
  assert.match(page.body, /這件提議未通過檢核/);
  assert.match(page.body, /屬商業或廣告內容/);
  assert.match(page.body, /內容為廣告/);
  assert.ok((await outbox(petitionsDb(t.deps.services.db), f.proposer.email)).some((m) => m.subject.includes('未通過檢核') && m.body.includes('內容為廣告')));

  const admin = await browserFor(f.admin);
  const settings = await admin.get('/admin/proposals/settings');
  assert.equal(settings.statusCode, 200);
  assert.match(settings.body, /5000,60/);
  assert.equal((await moderator.get('/admin/proposals/settings')).statusCode, 403);
  const values = Object.fromEntries(
    [...settings.body.matchAll(/<input([^>]*)name="([\w]+)"[^>]*value="([^"]*)"/g)].filter((m) => !m[1].includes('checkbox') && m[2] !== '_csrf').map((m) => [m[2], m[3]]),
  );
  const textareas = Object.fromEntries([...settings.body.matchAll(/<textarea[^>]*name="(\w+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1], m[2]]));
  const bad = await admin.submit('/admin/proposals/settings', '/admin/proposals/settings', { ...values, ...textareas, stages: '5000', reviewWorkingDays: 'three' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /每行一個階段/);
  assert.match(bad.body, /請輸入整數/);
  const good = await admin.submit('/admin/proposals/settings', '/admin/proposals/settings', { ...values, ...textareas, keepOpenAfterThreshold: '1', stages: '250,15\n5000,30', reviewWorkingDays: '5', elections: '2028-01-15 總統副總統選舉' });
  assert.equal(good.statusCode, 303, good.body.slice(0, 400));
  const saved = await admin.get('/admin/proposals/settings');
  assert.match(saved.body, /250,15\n5000,30/);
  assert.match(saved.body, /2028-01-15 總統副總統選舉/);
  const stored = await allTables(petitionsDb(t.deps.services.db)).selectFrom('petition_settings').select(['key', 'value']).where('key', '=', 'endorserNeedsMobile').executeTakeFirstOrThrow();
  assert.equal(stored.value, 'false', 'an unticked box is false');
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }], reviewWorkingDays: 3 }, elections: [] });
});

test('agency journey: inbox, co-organizer read-only, response errors, extension, meeting, publish, follow-up', async () => {
  t.clock.set('2026-04-06T02:00:00.000Z');
  await setSettings(t, { rules: { stages: [{ threshold: 1, days: 30 }] } });
  const id = await openProposal(t, f, { title: '政府網站全面支援無障礙', agencyCodes: ['moda', 'moe'] });
  await t.deps.registry.call(proposalEndorse, { proposalId: id }, { actor: f.citizen.actor });
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }] } });

  const staff = await browserFor(f.modaStaff);
  const inbox = await staff.get('/agency/proposals');
  assert.equal(inbox.statusCode, 200);
  assert.match(inbox.body, /政府網站全面支援無障礙/);
  assert.match((await (await browserFor(f.modaStaff)).get('/agency/proposals?lang=en')).body, /Proposals to answer/);
  const co = await browserFor(f.moeStaff);
  const coPage = await co.get(`/agency/proposals/${id}`);
  assert.equal(coPage.statusCode, 200);
  assert.match(coPage.body, /本機關為協辦機關/);
  assert.doesNotMatch(coPage.body, /name="intent" value="publish"/);
  const coToken = /name="_csrf" value="([^"]+)"/.exec(coPage.body)![1];
  const coPost = await co.request({ method: 'POST', url: `/agency/proposals/${id}/response`, payload: `_csrf=${encodeURIComponent(coToken)}&outcome=adopt&reasons=x&intent=publish`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(coPost.statusCode, 403);
  assert.equal((await (await browserFor(f.citizen)).get('/agency/proposals')).statusCode, 403);

  const page = `/agency/proposals/${id}`;
  const noOutcome = await staff.submit(page, `${page}/response`, { reasons: '研議中', followup1_description: '召開專家會議', followup1_due: '2026-06-30', intent: 'publish' });
  assert.equal(noOutcome.statusCode, 400);
  assert.match(noOutcome.body, /請選擇處理結果/);
  assert.match(noOutcome.body, /召開專家會議/, 'what was typed is kept');
  const saved = await staff.submit(page, `${page}/response`, { outcome: 'study', reasons: '研議中', followup1_description: '召開專家會議', followup1_due: '2026-06-30', intent: 'draft' });
  assert.equal(saved.statusCode, 303);
  assert.match((await staff.get(page)).body, /已儲存回應草稿/);
  assert.doesNotMatch((await (await browserFor(null)).get(`/proposals/${id}`)).body, /召開專家會議/, 'a draft answer is not public');

  const tooFar = await staff.submit(page, `${page}/extend`, { newDueOn: '2026-12-31', extendReasons: '需跨部會協調' });
  assert.equal(tooFar.statusCode, 400);
  assert.match(tooFar.body, /每次延長最多 2 個月/);
  const extended = await staff.submit(page, `${page}/extend`, { newDueOn: '2026-07-01', extendReasons: '需跨部會協調' });
  assert.equal(extended.statusCode, 303);
  const meeting = await staff.submit(page, `${page}/meetings`, { heldOn: '2026-05-01', participants: '提議人、數位發展部', minutesUrl: 'https://example.tw/m.pdf' });
  assert.equal(meeting.statusCode, 303);
  const published = await staff.submit(page, `${page}/response`, { outcome: 'adopt', reasons: '同意參採，將於年底前完成。', followup1_description: '完成無障礙檢測', followup1_due: '2026-12-31', intent: 'publish' });
  assert.equal(published.statusCode, 303);
  const publicPage = await (await browserFor(null)).get(`/proposals/${id}`);
  assert.match(publicPage.body, /同意參採/);
  assert.match(publicPage.body, /完成無障礙檢測/);
  assert.match(publicPage.body, /回應期限由2026年6月6日（民國115年）延長至2026年7月1日（民國115年）/);
  assert.match(publicPage.body, /會議紀錄/);
  const answered = await staff.get(page);
  const followupAction = /action="(\/agency\/proposals\/[\w-]+\/followups\/[\w-]+)"/.exec(answered.body)![1];
  const updated = await staff.submit(page, followupAction, { status: 'done', note: '已完成檢測' });
  assert.equal(updated.statusCode, 303);
  assert.match((await (await browserFor(null)).get(`/proposals/${id}?lang=en`)).body, /Done/);
});

test('JSON API: list, show, count, similar, create, endorse (409 twice), withdraw, respond, extend', async () => {
  t.clock.set('2026-05-04T02:00:00.000Z');
  const db = petitionsDb(t.deps.services.db);
  const now = t.clock.now();
  const proposerToken = await apiTokenFor(db, f.proposer.id, now);
  const citizenToken = await apiTokenFor(db, f.citizen.id, now);
  const staffToken = await apiTokenFor(db, f.modaStaff.id, now);
  const otherToken = await apiTokenFor(db, f.moeStaff.id, now);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/proposals',
    headers: bearer(proposerToken),
    payload: { title: '開放公車即時動態資料', content: '請開放全國公車即時動態 API。', benefits: '便利通勤。', agencyCodes: ['moda'], topic: 'transport' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().status, 'in_review');
  const bad = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: bearer(proposerToken), payload: { title: '缺內容', agencyCodes: ['moda', 'moe', 'motc', 'moenv'] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /problem\+json/);
  const unverified = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: bearer(citizenToken), payload: { title: 't', content: 'c', benefits: 'b', agencyCodes: ['moda'] } });
  assert.equal(unverified.statusCode, 403);
  assert.ok(unverified.json().errors.some((e: { field: string }) => e.field === 'verification.mobile_verified'));

  const id = await openProposal(t, f, { title: '公車動態資料開放', agencyCodes: ['moda'] });
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/proposals?status=endorsing&pageSize=5&lang=en' });
  assert.equal(list.statusCode, 200, list.body);
  assert.ok(list.json().items.some((p: { id: string }) => p.id === id));
  const show = await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}` });
  assert.equal(show.statusCode, 200);
  const detail = show.json();
  assert.equal(detail.threshold, 5000);
  assert.equal(detail.endorsementPhase, 'open');
  assert.equal(detail.viewer, undefined, 'only allow-listed fields leave the server');
  assert.equal(detail.proposerId, undefined);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/proposals/similar?title=%E5%85%AC%E8%BB%8A%E5%8B%95%E6%85%8B' })).json()[0].id, id);

  const unauth = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: { 'content-type': 'application/json' }, payload: {} });
  assert.equal(unauth.statusCode, 401, 'no token and no session: refused before the body (and its CSRF token) is read');
  const session = await sessionFor(petitionsDb(t.deps.services.db), f.citizen.id, t.clock.now());
  const noCsrf = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: { 'content-type': 'application/json', cookie: `og_session=${session}` }, payload: {} });
  assert.equal(noCsrf.statusCode, 403, 'a session without the CSRF token');
  const endorse = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: bearer(citizenToken), payload: { comment: '讚' } });
  assert.equal(endorse.statusCode, 201, endorse.body);
  assert.deepEqual(endorse.json(), { count: 1, established: false, status: 'endorsing' });
  const twice = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: bearer(citizenToken) });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().detail, '您已附議過這件提議，每人每件提議只能附議一次。');
  const twiceEn = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements?lang=en`, headers: bearer(citizenToken), payload: {} });
  assert.equal(twiceEn.statusCode, 409);
  assert.match(twiceEn.json().detail, /already endorsed/);
  const count = await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}/count` });
  assert.deepEqual(count.json(), { id, status: 'endorsing', count: 1, threshold: 5000, daysLeft: 60, phase: 'open' });
  const withdraw = await t.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${id}/endorsements/me`, headers: bearer(citizenToken) });
  assert.deepEqual(withdraw.json(), { count: 0 });
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${id}/endorsements/me`, headers: bearer(citizenToken) })).statusCode, 404);

  // Respond and extend need 成案, the lead agency, and the rules.
  const early = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/response`, headers: bearer(staffToken), payload: { outcome: 'adopt', reasons: '同意' } });
  assert.equal(early.statusCode, 409);
  await setSettings(t, { rules: { stages: [{ threshold: 1, days: 30 }] } });
  const small = await openProposal(t, f, { title: '公車站牌加裝遮雨棚', agencyCodes: ['moda', 'moe'] });
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }] } });
  const est = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/endorsements`, headers: bearer(citizenToken), payload: {} });
  assert.equal(est.json().established, true);
  const notLead = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/response`, headers: bearer(otherToken), payload: { outcome: 'adopt', reasons: '同意' } });
  assert.equal(notLead.statusCode, 403);
  const citizenResponds = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/response`, headers: bearer(citizenToken), payload: { outcome: 'adopt', reasons: '同意' } });
  assert.equal(citizenResponds.statusCode, 403);
  const noOutcome = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/response`, headers: bearer(staffToken), payload: { reasons: '同意' } });
  assert.equal(noOutcome.statusCode, 400);
  const ext = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/extensions`, headers: bearer(staffToken), payload: { newDueOn: '2026-08-01', reasons: '協調中' } });
  assert.equal(ext.statusCode, 201, ext.body);
  await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/extensions`, headers: bearer(staffToken), payload: { newDueOn: '2026-09-01', reasons: '協調中' } });
  const third = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${small}/extensions`, headers: bearer(staffToken), payload: { newDueOn: '2026-09-10', reasons: '再延' } });
  assert.equal(third.statusCode, 409);
  assert.match(third.json().detail, /最多只能延長 2 次/);
  const answered = await t.app.inject({
    method: 'POST',
    url: `/api/v1/proposals/${small}/response`,
    headers: bearer(staffToken),
    payload: { outcome: 'partial', reasons: '部分參採', followUps: [{ description: '試辦 10 站', dueOn: '2026-12-31' }] },
  });
  assert.equal(answered.statusCode, 200, answered.body);
  assert.deepEqual(answered.json(), { id: small, status: 'answered', outcome: 'partial', onTime: true });
  const final = (await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${small}` })).json();
  assert.equal(final.response.followUps[0].description, '試辦 10 站');
  assert.equal(final.extensions.length, 2);
  const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.ok(openapi.paths['/api/v1/proposals/{id}/endorsements']);
});

test('rate limits per account and per address on proposing and endorsing', async () => {
  t.clock.set('2026-06-01T02:00:00.000Z');
  await setSettings(t, { proposePerAccount: { max: 2, windowSeconds: 60 } });
  const proposer = await browserFor(f.proposer);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await proposer.submit('/proposals/new', '/proposals', { title: `限流測試 ${i}`, intent: 'draft' })).statusCode);
  assert.deepEqual(statuses, [303, 303, 429]);
  await setSettings(t, { proposePerAccount: { max: 1000, windowSeconds: 60 }, endorsePerAddress: { max: 2, windowSeconds: 60 } });
  const id = await openProposal(t, f, { title: '限流附議' });
  const people = await Promise.all([0, 1, 2].map(() => insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false })));
  const codes = [];
  for (const p of people) {
    const token = await apiTokenFor(petitionsDb(t.deps.services.db), p.id, t.clock.now());
    codes.push((await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: { authorization: `Bearer ${token}` }, remoteAddress: '203.0.113.9' })).statusCode);
  }
  assert.deepEqual(codes, [201, 201, 429], 'three people behind one address');
  t.clock.advance(61_000);
  await setSettings(t, { endorsePerAddress: { max: 600, windowSeconds: 60 } });
});

test('the live count is shared by readers for the page cache seconds, and a status change shows at once', async () => {
  t.clock.set('2026-07-01T02:00:00.000Z');
  await setSettings(t, { rules: { stages: [{ threshold: 2, days: 30 }] } });
  const id = await openProposal(t, f, { title: '計數快取測試' });
  await setSettings(t, { pageCacheSeconds: 60 });
  try {
    const count = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}/count` })).json() as { count: number; status: string };
    assert.deepEqual(await count(), { id, status: 'endorsing', count: 0, threshold: 2, daysLeft: 30, phase: 'open' });
    await endorseBy(t, id, [f.citizen]);
    assert.equal((await count()).count, 0, 'a count-only change waits for the cached answer to expire');
    const people = await Promise.all([0].map(() => insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false })));
    const token = await apiTokenFor(petitionsDb(t.deps.services.db), people[0]!.id, t.clock.now());
    const established = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/endorsements`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(established.json().established, true);
    const after = await count();
    assert.equal(after.status, 'established', 'establishment drops the cached answer');
    assert.equal(after.count, 2);
  } finally {
    await setSettings(t, { pageCacheSeconds: 0, rules: { stages: [{ threshold: 5000, days: 60 }] } });
  }
});

test('the deadline sweep drops cached pages of the proposals it closes', async () => {
  t.clock.set('2026-08-01T02:00:00.000Z');
  await setSettings(t, { rules: { stages: [{ threshold: 2, days: 30 }] } });
  const id = await openProposal(t, f, { title: '截止快取測試' });
  await setSettings(t, { pageCacheSeconds: 60 });
  try {
    const page = async () => (await t.app.inject({ method: 'GET', url: `/proposals/${id}?lang=en` })).body;
    const count = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}/count` })).json() as { status: string };
    const open = await page();
    assert.equal((await count()).status, 'endorsing');
    assert.ok(!open.includes('Not established'));
    t.clock.set('2026-09-15T02:00:00.000Z');
    assert.equal(await page(), open, 'until something changes, readers get the cached page');
    const swept = await runSweep(t.deps);
    assert.ok(swept.transitions >= 1);
    assert.ok((await page()).includes('Not established'), 'the closed proposal is shown closed at once');
    assert.equal((await count()).status, 'not_established');
  } finally {
    await setSettings(t, { pageCacheSeconds: 0, rules: { stages: [{ threshold: 5000, days: 60 }] } });
  }
});
