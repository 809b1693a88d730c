import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actorFor } from '../../../../test/helpers.js';
import { AppError } from '../../../core/errors.js';
import { packageCreate } from '../catalog/actions/package_create.js';
import { dataRequestCreate } from './actions/data_request_create.js';
import { dataRequestDecide } from './actions/data_request_decide.js';
import { dataRequestEscalate } from './actions/data_request_escalate.js';
import { dataRequestInbox } from './actions/data_request_inbox.js';
import { dataRequestList } from './actions/data_request_list.js';
import { dataRequestRule } from './actions/data_request_rule.js';
import { dataRequestShow } from './actions/data_request_show.js';
import { inventoryList } from './actions/inventory_list.js';
import { inventorySave } from './actions/inventory_save.js';
import { decisionDueOn, isOverdue, overdueCutoff, DATA_REQUEST_DECISION_DAYS } from './requests.js';
import { citizen, datasetInput, opendataApp, opendataPlatform } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

const DAY = 86_400_000;
const moderator = actorFor({ id: 'u-mod', role: 'platform_moderator' });
const otherCitizen = actorFor({ id: 'u-other', role: 'citizen' });

function codeOf(error: unknown): string {
  assert.ok(error instanceof AppError, String(error));
  return error.code;
}

function fieldsOf(error: unknown): string[] {
  assert.ok(error instanceof AppError, String(error));
  return error.fields.map((f) => `${f.field}:${f.message}`);
}

async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return assert.fail('the call was accepted');
}

const request = { agency: 'moda', title: '公共自行車每日借還紀錄', description: '各站每日借出與歸還次數，2025 年起。', purpose: '研究通勤' };

test('data request deadlines: 15 calendar days in Asia/Taipei, across month ends, weekends and midnight', () => {
  assert.equal(DATA_REQUEST_DECISION_DAYS, 15);
  assert.equal(decisionDueOn('2026-01-20T02:00:00.000Z'), '2026-02-04');
  // 23:00 on 31 Jan in Taipei is still 31 Jan; 00:30 on 1 Feb is the next day.
  assert.equal(decisionDueOn('2026-01-31T15:00:00.000Z'), '2026-02-15');
  assert.equal(decisionDueOn('2026-01-31T16:30:00.000Z'), '2026-02-16');
  assert.equal(decisionDueOn('2026-02-20T04:00:00.000Z'), '2026-03-07', 'February has 28 days in 2026');
  assert.equal(decisionDueOn('2028-02-20T04:00:00.000Z'), '2028-03-06', 'and 29 in 2028');
  assert.equal(decisionDueOn('2026-12-25T04:00:00.000Z'), '2027-01-09', 'across the year end');
  // Friday 6 March: calendar days, so the deadline falls on Saturday 21 March and is not moved.
  const friday = { status: 'pending' as const, decisionClockFrom: '2026-03-06T03:00:00.000Z' };
  assert.equal(decisionDueOn(friday.decisionClockFrom), '2026-03-21');
  assert.equal(isOverdue(friday, new Date('2026-03-21T15:59:59.999Z')), false, 'the whole due day counts (23:59 Taipei)');
  assert.equal(isOverdue(friday, new Date('2026-03-21T16:00:00.000Z')), true, 'overdue from 00:00 Taipei the next day');
  assert.equal(isOverdue({ ...friday, status: 'refused' }, new Date('2026-04-30T00:00:00.000Z')), false, 'a decided request is never overdue');
  assert.equal(isOverdue({ ...friday, status: 'release_ordered' }, new Date('2026-04-30T00:00:00.000Z')), true);
  // The query cutoff agrees with the pure rule for every hour around the boundary.
  const now = new Date('2026-03-22T01:00:00.000Z');
  for (let h = -72; h <= 72; h += 1) {
    const from = new Date(Date.parse('2026-03-06T16:00:00.000Z') + h * 3_600_000).toISOString();
    assert.equal(isOverdue({ status: 'pending', decisionClockFrom: from }, now), from < overdueCutoff(now), from);
  }
});

test('data request: request → refuse → escalate → groups → release ordered → agency releases with a dataset link', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const moda = { ...t.moda, role: 'agency_staff' as const };
    const dataset = await call(packageCreate, datasetInput({ name: 'bike-trips', title: '公共自行車借還紀錄' }), { actor: moda });
    const { id, dueOn } = await call(dataRequestCreate, request, { actor: citizen });
    assert.equal(dueOn, '2026-03-17');

    assert.equal(codeOf(await refusal(call(dataRequestDecide, { id, decision: 'refuse', legal_reason: 'personal_data', reason: 'x' }, { actor: t.moenv }))), 'FORBIDDEN', "another agency's staff cannot decide");
    assert.equal(codeOf(await refusal(call(dataRequestDecide, { id, decision: 'refuse', legal_reason: 'personal_data', reason: 'x' }, { actor: citizen }))), 'FORBIDDEN', 'a citizen cannot decide');
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'refuse', reason: '含個人資料' }, { actor: moda }))), ['legal_reason:opendata.requests.legal_reason_required']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'refuse', legal_reason: '隨便', reason: '' }, { actor: moda }))), ['legal_reason:opendata.requests.legal_reason_required', 'reason:validation.required']);
    assert.equal(codeOf(await refusal(call(dataRequestEscalate, { id }, { actor: citizen }))), 'CONFLICT', 'no escalation while the agency is within its deadline');

    await call(dataRequestDecide, { id, decision: 'refuse', legal_reason: 'personal_data', reason: '借還紀錄可識別個人' }, { actor: moda });
    assert.equal(codeOf(await refusal(call(dataRequestDecide, { id, decision: 'release', dataset: 'bike-trips' }, { actor: moda }))), 'CONFLICT', 'deciding twice');

    assert.equal(codeOf(await refusal(call(dataRequestEscalate, { id }, { actor: otherCitizen }))), 'FORBIDDEN', 'only the requester escalates');
    assert.equal(codeOf(await refusal(call(dataRequestEscalate, { id }, { actor: moda }))), 'FORBIDDEN');
    await call(dataRequestEscalate, { id, reason: '可去識別化後提供' }, { actor: citizen });

    for (const actor of [citizen, moda, { ...t.moda, role: 'agency_admin' as const }]) {
      assert.equal(codeOf(await refusal(call(dataRequestRule, { id, ruling: 'order_release', reason: 'x' }, { actor }))), 'FORBIDDEN', `${actor.role} cannot rule`);
    }
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestRule, { id, ruling: 'uphold', reason: ' ' }, { actor: moderator }))), ['reason:validation.required']);
    await call(dataRequestRule, { id, ruling: 'uphold', reason: '去識別化成本過高' }, { actor: moderator });
    assert.equal(codeOf(await refusal(call(dataRequestRule, { id, ruling: 'uphold', reason: 'again' }, { actor: moderator }))), 'CONFLICT');
    await call(dataRequestEscalate, { id, reason: '請行政院小組審議' }, { actor: citizen });

    t.clock.advance(20 * DAY);
    await call(dataRequestRule, { id, ruling: 'order_release', reason: '去識別化後可開放' }, { actor: moderator });
    let view = await call(dataRequestShow, { id }, { actor: null });
    assert.equal(view.status, 'release_ordered');
    assert.equal(view.dueOn, '2026-04-06', 'the order gives the agency a fresh 15 days');
    assert.equal(view.overdue, false);
    assert.equal(codeOf(await refusal(call(dataRequestDecide, { id, decision: 'refuse', legal_reason: 'personal_data', reason: 'x' }, { actor: moda }))), 'CONFLICT', 'a refusal is no longer open after an order');
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'release' }, { actor: moda }))), ['dataset:opendata.requests.release_needs_link']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'release', dataset: 'no-such' }, { actor: moda }))), ['dataset:opendata.requests.unknown_dataset']);
    await call(dataRequestDecide, { id, decision: 'release', dataset: dataset.name }, { actor: moda });

    view = await call(dataRequestShow, { id }, { actor: null });
    assert.equal(view.status, 'released');
    assert.equal(view.dueOn, null);
    assert.deepEqual(
      view.steps.map((s) => `${s.kind}/${s.by}`),
      ['submitted/requester', 'refused/agency', 'escalated_agency_group/requester', 'upheld/agency_group', 'escalated_top_group/requester', 'release_ordered/top_group', 'released/agency'],
    );
    assert.equal(view.steps[1]!.legalReason, 'personal_data');
    assert.equal(view.steps.at(-1)!.dataset!.name, 'bike-trips');
    assert.ok(!JSON.stringify(view).includes(citizen.userId), "the requester's account never leaves the server");
    const audit = await allTables(opendataDb(t.deps.services.db)).selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['data_request_submitted', 'data_request_refused', 'data_request_escalated_agency_group', 'data_request_upheld', 'data_request_escalated_top_group', 'data_request_release_ordered', 'data_request_released'],
    );
    assert.equal(audit[3]!.actor_id, moderator.userId);
  } finally {
    await t.close();
  }
});

test('data request: silence past the deadline is overdue publicly, then the requester may escalate', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const { id } = await call(dataRequestCreate, request, { actor: citizen }); // Mon 2 Mar 10:00 Taipei; due 17 Mar
    await call(dataRequestCreate, { ...request, agency: 'moenv', title: '河川水質' }, { actor: citizen });
    t.clock.set('2026-03-17T15:59:00.000Z'); // 23:59 on the due day
    assert.equal((await call(dataRequestShow, { id }, { actor: null })).overdue, false);
    assert.equal((await call(dataRequestList, { status: 'overdue' }, { actor: null })).total, 0);
    t.clock.set('2026-03-17T16:00:00.000Z');
    const view = await call(dataRequestShow, { id }, { actor: citizen });
    assert.equal(view.overdue, true);
    assert.equal(view.viewer.canEscalate, true);
    const overdue = await call(dataRequestList, { status: 'overdue' }, { actor: null });
    assert.equal(overdue.total, 2);
    assert.ok(overdue.items.every((i) => i.overdue));

    const inbox = await call(dataRequestInbox, {}, { actor: t.moda });
    assert.deepEqual(inbox.agency.map((r) => r.title), [request.title], 'the agency sees only its own requests');
    assert.equal(codeOf(await refusal(call(dataRequestInbox, {}, { actor: citizen }))), 'FORBIDDEN');

    await call(dataRequestEscalate, { id }, { actor: citizen });
    assert.equal((await call(dataRequestShow, { id }, { actor: null })).status, 'review_agency_group');
    assert.equal((await call(dataRequestInbox, {}, { actor: moderator })).groups.length, 1);
    assert.equal(codeOf(await refusal(call(dataRequestDecide, { id, decision: 'release', planned_on: '2026-06-01' }, { actor: t.moda }))), 'CONFLICT');
  } finally {
    await t.close();
  }
});

test('data request: bad input is refused with field errors and nothing is written', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestCreate, { agency: '', title: ' ', description: '' }, { actor: citizen }))), ['title:validation.required', 'description:validation.required', 'agency:validation.required']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestCreate, { ...request, agency: 'nowhere' }, { actor: citizen }))), ['agency:opendata.unknown_agency']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestCreate, { ...request, title: '長'.repeat(201) }, { actor: citizen }))), ['title:validation.max_length']);
    assert.equal(codeOf(await refusal(call(dataRequestCreate, request, { actor: { ...citizen, emailVerified: false } }))), 'FORBIDDEN');
    assert.equal(codeOf(await refusal(call(dataRequestCreate, request, { actor: null }))), 'UNAUTHENTICATED');
    assert.equal((await call(dataRequestList, {}, { actor: null })).total, 0);

    const { id } = await call(dataRequestCreate, request, { actor: citizen });
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'terms' }, { actor: t.moda }))), ['terms:validation.required']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'release', planned_on: '2026-02-30' }, { actor: t.moda }))), ['planned_on:opendata.requests.bad_planned_on']);
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'release', planned_on: '2026-03-01' }, { actor: t.moda }))), ['planned_on:opendata.requests.bad_planned_on'], 'not in the past');
    assert.equal(codeOf(await refusal(call(dataRequestShow, { id: 'nope' }, { actor: null }))), 'NOT_FOUND');
    await call(packageCreate, datasetInput({ name: 'secret-draft', title: '草稿資料集', private: true }), { actor: t.moda });
    assert.deepEqual(fieldsOf(await refusal(call(dataRequestDecide, { id, decision: 'release', dataset: 'secret-draft' }, { actor: t.moda }))), ['dataset:opendata.requests.unknown_dataset'], 'a draft cannot be linked publicly');
    await call(dataRequestDecide, { id, decision: 'terms', terms: '申請後以光碟提供，限學術使用' }, { actor: t.moda });
    const steps = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_data_request_steps').select('kind').where('request_id', '=', id).execute();
    assert.equal(steps.length, 2, 'refused attempts left no steps');
  } finally {
    await t.close();
  }
});

test('data request pages: the form with errors beside the fields, the public timeline and the decision form, in zh-TW and en', async () => {
  const { signedIn, fieldError } = await import('../test/staff-support.js');
  const t = await opendataApp();
  try {
    const anonymous = await t.app.inject({ method: 'GET', url: '/data-requests/new' });
    assert.equal(anonymous.statusCode, 303, 'signed-out visitors are sent to sign in');
    const resident = await signedIn(t, 'resident@example.tw', 'citizen', undefined, '小明');
    const form = await resident.get('/data-requests/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1[^>]*>提出索取資料<\/h1>/);
    assert.match((await resident.get('/data-requests/new?lang=en')).body, /<h1[^>]*>Request data<\/h1>/);

    const empty = await resident.submit('/data-requests/new', '/data-requests/new', { agency: '', title: '', description: '' });
    assert.equal(empty.statusCode, 400);
    assert.ok(fieldError(empty.body, 'title'));
    assert.ok(fieldError(empty.body, 'agency'));
    const unknown = await resident.submit('/data-requests/new?lang=en', '/data-requests/new', { agency: 'nowhere', title: 'x', description: 'y' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(fieldError(unknown.body, 'agency'), 'No such agency');

    const created = await resident.submit('/data-requests/new?lang=zh-TW', '/data-requests/new', { agency: 'moda', title: '公共自行車每日借還紀錄', description: '各站每日借還次數', purpose: '' });
    assert.equal(created.statusCode, 303);
    const url = created.headers.location as string;
    assert.match(url, /^\/data-requests\/[0-9a-f-]+$/);
    const shown = await resident.get(url);
    assert.match(shown.body, /公共自行車每日借還紀錄/);
    assert.match(shown.body, /小明/);
    assert.match(shown.body, /提出索取/);
    assert.match(shown.body, /2026年3月17日（民國115年）/, 'the agency deadline is public');
    assert.doesNotMatch(shown.body, /resident@example\.tw/);
    assert.doesNotMatch(shown.body, /action="[^"]*\/decide"/, 'the requester has no decision form');

    const staff = await signedIn(t, 'staff@moda.gov.tw', 'agency_staff', 'moda');
    const staffView = await staff.get(url);
    assert.match(staffView.body, /action="[^"]*\/decide"/);
    const noReason = await staff.submit(url, `${url}/decide`, { decision: 'refuse', legal_reason: '', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(fieldError(noReason.body, 'legal_reason'), '請從清單選擇法律依據');
    assert.ok(fieldError(noReason.body, 'reason'));
    const outsider = await signedIn(t, 'staff@moenv.gov.tw', 'agency_staff', 'moenv');
    assert.doesNotMatch((await outsider.get(url)).body, /action="[^"]*\/decide"/);
    const refused = await staff.submit(url, `${url}/decide`, { decision: 'refuse', legal_reason: 'foia_18_6', reason: '可識別個人' });
    assert.equal(refused.statusCode, 303);

    const afterRefusal = await resident.get(`${url}?lang=en`);
    assert.match(afterRefusal.body, /Refused/);
    assert.match(afterRefusal.body, /art\. 18\(1\)\(6\)/);
    assert.match(afterRefusal.body, /Appeal to the agency open-data advisory group/);
    assert.equal((await resident.submit(url, `${url}/escalate`, { reason: '' })).statusCode, 303);

    const mod = await signedIn(t, 'mod@example.tw', 'platform_moderator');
    const review = await mod.get(url);
    assert.match(review.body, /機關資料開放諮詢小組審議/);
    const blank = await mod.submit(url, `${url}/rule`, { ruling: 'order_release', reason: '' });
    assert.equal(blank.statusCode, 400);
    assert.ok(fieldError(blank.body, 'reason'));
    assert.equal((await mod.submit(url, `${url}/rule`, { ruling: 'order_release', reason: '應去識別化後開放' })).statusCode, 303);
    const inbox = await staff.get('/admin/data-requests');
    assert.match(inbox.body, /公共自行車每日借還紀錄/);

    const list = await t.app.inject({ method: 'GET', url: '/data-requests?status=release_ordered' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /共 1 件/);
    assert.match(list.body, /諮詢小組要求開放/);
    t.clock.advance(16 * DAY);
    const overdue = await t.app.inject({ method: 'GET', url: '/data-requests?lang=en' });
    assert.match(overdue.body, /Overdue/);
    assert.match((await t.app.inject({ method: 'GET', url: '/datasets' })).body, /href="\/data-requests"/, 'the search page links to the requests');
  } finally {
    await t.close();
  }
});

test('data requests: each account may file only a few a day', async () => {
  const { signedIn } = await import('../test/staff-support.js');
  const t = await opendataApp();
  try {
    const resident = await signedIn(t, 'busy@example.tw', 'citizen');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await resident.submit('/data-requests/new', '/data-requests/new', { agency: 'moda', title: `資料 ${i}`, description: '說明' })).statusCode);
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
  } finally {
    await t.close();
  }
});

test('inventory: staff keep their agency list with legal reasons; public page, CSV with BOM and JSON', async () => {
  const { signedIn, fieldError } = await import('../test/staff-support.js');
  const t = await opendataApp();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    await call(packageCreate, datasetInput({ name: 'air-quality' }), { actor: t.moda });
    await call(packageCreate, datasetInput({ name: 'rivers', title: '河川水質' }), { actor: t.moenv });
    assert.equal(codeOf(await refusal(call(inventorySave, { agency: 'moda', name: 'x', description: 'y', openness: 'not_open', legal_reason: 'copyright' }, { actor: t.moenv }))), 'FORBIDDEN');
    assert.equal(codeOf(await refusal(call(inventorySave, { agency: 'moda', name: 'x', description: 'y', openness: 'not_open', legal_reason: 'copyright' }, { actor: citizen }))), 'FORBIDDEN');
    assert.deepEqual(fieldsOf(await refusal(call(inventorySave, { agency: 'moda', name: 'x', description: 'y', openness: 'open', dataset: 'rivers' }, { actor: t.moda }))), ['dataset:opendata.inventory.unknown_dataset'], "another agency's dataset");

    const staff = await signedIn(t, 'staff@moda.gov.tw', 'agency_staff', 'moda');
    assert.equal((await staff.get('/datasets/inventory')).statusCode, 200);
    const missing = await staff.submit('/datasets/inventory', '/datasets/inventory', { name: '民眾陳情紀錄', description: '陳情案件明細', openness: 'not_open', legal_reason: '' });
    assert.equal(missing.statusCode, 400);
    assert.equal(fieldError(missing.body, 'legal_reason'), '請從清單選擇法律依據');
    assert.equal((await staff.submit('/datasets/inventory', '/datasets/inventory', { name: '民眾陳情紀錄', description: '陳情案件明細', openness: 'not_open', legal_reason: 'personal_data', legal_note: '含姓名與地址' })).statusCode, 303);
    assert.equal((await staff.submit('/datasets/inventory', '/datasets/inventory', { name: '空氣品質', description: '監測值', openness: 'open', dataset: 'air-quality' })).statusCode, 303);
    const resident = await signedIn(t, 'r@example.tw', 'citizen');
    assert.equal((await resident.get('/datasets/inventory')).statusCode, 403);

    const publicPage = await t.app.inject({ method: 'GET', url: '/datasets/inventory/moda' });
    assert.equal(publicPage.statusCode, 200);
    assert.match(publicPage.body, /民眾陳情紀錄/);
    assert.match(publicPage.body, /個人資料保護法/);
    assert.match(publicPage.body, /href="\/datasets\/air-quality"/);
    assert.match((await t.app.inject({ method: 'GET', url: '/datasets/inventory/moda?lang=en' })).body, /Personal Data Protection Act/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/datasets/inventory/nowhere' })).statusCode, 404);

    const csv = await t.app.inject({ method: 'GET', url: '/datasets/inventory.csv' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.body.startsWith('\uFEFF機關代碼,機關名稱,資料名稱'), 'UTF-8 with BOM');
    const lines = csv.body.trim().split(/\r?\n/);
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, /^moda,.*,民眾陳情紀錄,陳情案件明細,不開放,個人資料保護法,含姓名與地址,,/);
    assert.match(lines[2]!, /^moda,.*,空氣品質,監測值,已開放,,,\d+,空氣品質監測資料,/);
    const json = JSON.parse((await t.app.inject({ method: 'GET', url: '/datasets/inventory.json' })).body) as Array<Record<string, unknown>>;
    assert.deepEqual(json.map((i) => [i.name, i.open, i.legal_reason, i.dataset_name]), [
      ['民眾陳情紀錄', false, 'personal_data', null],
      ['空氣品質', true, null, 'air-quality'],
    ]);
    const { items } = await call(inventoryList, { agency: 'moda' }, { actor: null });
    const deleted = await staff.submit('/datasets/inventory', `/datasets/inventory/${items[0]!.id}/delete`, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal((await call(inventoryList, {}, { actor: null })).items.length, 1);
  } finally {
    await t.close();
  }
});
