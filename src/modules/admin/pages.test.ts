// Journeys through the admin pages as a platform admin, with a cookie jar over app.inject.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { accountRegister } from '../accounts/manifest.js';
import type { Browser } from '../../../test/helpers.js';
import { browserFor, people, seedPeople, textOf, type Person } from './test-support.js';

let t: TestApp;
let ids: Record<Person, string>;
let admin: Browser;

before(async () => {
  t = await createTestApp();
  ids = await seedPeople(t);
  admin = await browserFor(t, 'platformAdmin');
});

after(async () => {
  await t?.close();
});

const validAgency = { code: 'moda-test', nameZh: '數位發展部測試署', nameEn: 'Test Administration', parentCode: 'moda', kind: 'central', website: 'https://test.example.gov.tw/' };

describe('agency administration', () => {
  test('the list shows every agency with an edit link', async () => {
    const page = await admin.get('/admin/agencies');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>機關管理<\/h1>/);
    assert.match(page.body, /href="\/admin\/agencies\/motc-cwa\/edit"/);
    const filtered = await admin.get('/admin/agencies?q=%E6%B0%A3%E8%B1%A1'); // 氣象
    assert.match(filtered.body, /交通部中央氣象署/);
    assert.doesNotMatch(filtered.body, /href="\/admin\/agencies\/moda\/edit"/);
  });

  test('a duplicate code is shown beside the code field, with the form kept', async () => {
    const response = await admin.submit('/admin/agencies', '/admin/agencies', { ...validAgency, code: 'moda' });
    assert.equal(response.statusCode, 409);
    assert.equal(textOf(response.body, 'field-code-error'), '這個機關代碼已被使用');
    assert.match(response.body, /aria-describedby="field-code-hint field-code-error"/);
    assert.match(response.body, /href="#field-code"/, 'the error summary links to the field');
    assert.match(response.body, /value="數位發展部測試署"/, 'what was typed is kept');
  });

  test('an unknown parent is shown beside the parent field', async () => {
    const response = await admin.submit('/admin/agencies', '/admin/agencies', { ...validAgency, parentCode: 'no-such-agency' });
    assert.equal(response.statusCode, 400);
    assert.equal(textOf(response.body, 'field-parentCode-error'), '找不到這個上級機關代碼');
  });

  test('a malformed code and missing names are shown beside their fields', async () => {
    const response = await admin.submit('/admin/agencies', '/admin/agencies', { ...validAgency, code: '壞 代碼', nameZh: '', nameEn: '' });
    assert.equal(response.statusCode, 400);
    assert.equal(textOf(response.body, 'field-code-error'), '格式不正確');
    assert.equal(textOf(response.body, 'field-nameZh-error'), '此欄位為必填');
    assert.equal(textOf(response.body, 'field-nameEn-error'), '此欄位為必填');
  });

  test('a valid agency is created and shown in its place in the tree', async () => {
    const response = await admin.submit('/admin/agencies', '/admin/agencies', validAgency);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/agencies/moda-test');
    const page = await admin.get('/agencies/moda-test');
    assert.match(page.body, /已新增機關「數位發展部測試署」/);
    assert.match(page.body, /<a href="\/agencies\/moda" class="usa-breadcrumb__link"><span>數位發展部<\/span><\/a>/);
    assert.match(page.body, /href="https:\/\/test.example.gov.tw\/"/);
    assert.match(page.body, /href="\/admin\/agencies\/moda-test\/edit"/, 'admins get an edit link');
    const audit = await t.deps.services.db.selectFrom('audit_log').select('data').where('action', '=', 'agency_create').execute();
    assert.ok(audit.some((r) => r.data.includes('moda-test')));
  });

  test('editing: the form is filled in, a cycle is refused, a move and rename are saved', async () => {
    const form = await admin.get('/admin/agencies/moda-test/edit');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="field-parentCode"[^>]*value="moda"|value="moda"[^>]*id="field-parentCode"/);
    assert.match(form.body, /<option value="central" selected/);

    const cycle = await admin.submit('/admin/agencies/moda/edit', '/admin/agencies/moda/edit', {
      code: 'moda',
      nameZh: '數位發展部',
      nameEn: 'Ministry of Digital Affairs',
      parentCode: 'moda-test',
      kind: 'central',
    });
    assert.equal(cycle.statusCode, 400);
    assert.equal(textOf(cycle.body, 'field-parentCode-error'), '上級機關不能是自己或自己的下級機關');

    const saved = await admin.submit('/admin/agencies/moda-test/edit', '/admin/agencies/moda-test/edit', {
      ...validAgency,
      code: 'ndc-test',
      nameZh: '國家發展委員會測試處',
      parentCode: 'ndc',
      website: '',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/agencies/ndc-test');
    const page = await admin.get('/agencies/ndc-test');
    assert.match(page.body, /已儲存機關「國家發展委員會測試處」/);
    assert.match(page.body, /<span>國家發展委員會<\/span>/);
    assert.match(page.body, /未提供/, 'the website was cleared');
    assert.equal((await admin.get('/agencies/moda-test')).statusCode, 404);
  });

  test('editing an unknown agency is a 404', async () => {
    assert.equal((await admin.get('/admin/agencies/no-such-agency/edit')).statusCode, 404);
  });
});

describe('users and roles', () => {
  test('search, role filter and the role form', async () => {
    const all = await admin.get('/admin/users');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /共 8 筆/);
    const staff = await admin.get('/admin/users?role=agency_staff');
    assert.ok(staff.body.includes(`>${people.agencyStaff}<`));
    assert.ok(!staff.body.includes(`>${people.citizen}<`));
    const search = await admin.get('/admin/users?q=newcomer');
    assert.ok(search.body.includes(`>${people.newcomer}<`));
    assert.match(search.body, /共 1 筆/);
    assert.ok(search.body.includes(`id="field-role-${ids.newcomer}"`));
    assert.ok(!search.body.includes(`id="field-role-${ids.platformAdmin}"`));
  });

  test('a staff role without an agency is refused beside the agency field; with one it is saved', async () => {
    const back = '/admin/users?q=newcomer';
    const missing = await admin.submit(back, `/admin/users/${ids.newcomer}/role`, { role: 'agency_staff', agencyCode: '', back });
    assert.equal(missing.statusCode, 400);
    assert.equal(textOf(missing.body, `field-agencyCode-${ids.newcomer}-error`), '機關人員角色必須指定機關');
    assert.match(missing.body, new RegExp(`href="#field-agencyCode-${ids.newcomer}"`));
    assert.match(missing.body, /value="newcomer"/, 'the search is kept');

    const unknown = await admin.submit(back, `/admin/users/${ids.newcomer}/role`, { role: 'agency_staff', agencyCode: 'nope', back });
    assert.equal(unknown.statusCode, 400);
    assert.equal(textOf(unknown.body, `field-agencyCode-${ids.newcomer}-error`), '找不到這個機關代碼');

    const saved = await admin.submit(back, `/admin/users/${ids.newcomer}/role`, { role: 'agency_staff', agencyCode: 'moda', back });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, back);
    const after = await admin.get(back);
    assert.match(after.body, /已將角色更新為「機關人員」/);
    assert.match(after.body, /<td data-label="目前角色">機關人員<\/td><td data-label="所屬機關"><a href="\/agencies\/moda">數位發展部<\/a>/);
    const record = await t.deps.services.db.selectFrom('audit_log').select(['data']).where('action', '=', 'user_set_role').where('subject_id', '=', ids.newcomer).executeTakeFirstOrThrow();
    assert.match(record.data, /"role":"agency_staff"/);
  });

  test('a return address off the users page is ignored', async () => {
    const response = await admin.submit('/admin/users', `/admin/users/${ids.newcomer}/role`, { role: 'citizen', back: 'https://evil.example/' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/users');
  });
});

describe('outbox', () => {
  test('shows a queued verification email with its link, and filters by channel', async () => {
    await t.deps.registry.call(accountRegister, { email: 'reader@test.opengov.tw', password: 'a-long-password-1', privacyConsent: true }, { actor: null });
    await t.deps.services.sms.queue(t.deps.services.db, '0912000111', '您的驗證碼是 654321');
    const page = await admin.get('/admin/outbox');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /reader@test\.opengov\.tw/);
    assert.match(page.body, /請驗證您的電子郵件/);
    assert.match(page.body, /http:\/\/localhost:3000\/verify-email\?token=[\w-]+/);
    assert.match(page.body, /654321/);

    const emails = await admin.get('/admin/outbox?channel=email');
    assert.match(emails.body, /reader@test\.opengov\.tw/);
    assert.doesNotMatch(emails.body, /654321/);
    const sms = await admin.get('/admin/outbox?channel=sms');
    assert.match(sms.body, /654321/);
    assert.doesNotMatch(sms.body, /reader@test\.opengov\.tw/);
  });
});

describe('audit log', () => {
  test('lists records newest first and filters by action', async () => {
    const page = await admin.get('/admin/audit');
    assert.equal(page.statusCode, 200);
    const seqs = [...page.body.matchAll(/<span id="audit-(\d+)">/g)].map((m) => Number(m[1]));
    assert.ok(seqs.length > 0);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    assert.match(page.body, /agency_create/);
    const filtered = await admin.get('/admin/audit?action=user_set_role');
    assert.match(filtered.body, /user_set_role/);
    assert.doesNotMatch(filtered.body, /<code>agency_create<\/code>/);
    assert.match(filtered.body, new RegExp(`>${people.platformAdmin}<`), 'the actor is shown by email');
  });

  test('verify reports an intact chain, then the first broken record after tampering', async () => {
    const intact = await admin.submit('/admin/audit', '/admin/audit/verify', {});
    assert.equal(intact.statusCode, 200);
    assert.match(intact.body, /雜湊鏈完整/);
    const total = await t.deps.services.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.match(intact.body, new RegExp(`已檢查 ${Number(total.n)} 筆紀錄`));

    await t.deps.services.db.updateTable('audit_log').set({ data: '{"tampered":true}' }).where('seq', '=', 3).execute();
    const broken = await admin.submit('/admin/audit', '/admin/audit/verify', {});
    assert.equal(broken.statusCode, 200);
    assert.match(broken.body, /雜湊鏈中斷/);
    assert.match(broken.body, /第一個中斷處是第 3 筆紀錄：紀錄內容與其雜湊值不符/);
    assert.match(broken.body, /href="\/admin\/audit\?upTo=3"/);
    const record = await admin.get('/admin/audit?upTo=3');
    assert.match(record.body, /<span id="audit-3">3<\/span>/);
    assert.doesNotMatch(record.body, /<span id="audit-4">/);
  });
});

describe('English pages', () => {
  test('the admin pages render in English', async () => {
    const checks: Array<[string, RegExp]> = [
      ['/admin?lang=en', /<h1>Administration<\/h1>/],
      ['/admin/users?lang=en', /<h1>Users and roles<\/h1>[\s\S]*Update role/],
      ['/admin/agencies?lang=en', /<h1>Agencies<\/h1>[\s\S]*Add an agency/],
      ['/admin/outbox?lang=en', /<h1>Outbox \(email and SMS\)<\/h1>[\s\S]*Recipient/],
      ['/admin/audit?lang=en', /<h1>Audit log<\/h1>[\s\S]*Verify the chain/],
      ['/admin/agencies/moda/edit?lang=en', /<h1>Edit “Ministry of Digital Affairs”<\/h1>/],
    ];
    for (const [url, pattern] of checks) {
      const page = await admin.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, /<html lang="en">/, url);
      assert.match(page.body, pattern, url);
    }
    const verify = await admin.submit('/admin/audit?lang=en', '/admin/audit/verify', {});
    assert.match(verify.body, /The first broken link is record 3: its content does not match its hash/);
  });
});
