import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser } from '../../../../test/helpers.js';
import { opendataApp } from '../test/fixtures.js';
import { fieldError, signedIn, submitMultipart } from '../test/staff-support.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

const valid = {
  title: '路燈位置資料',
  notes: '本市路燈之位置與燈具種類。',
  contact_name: '林承辦',
  contact_email: 'light@example.gov.tw',
  category: 'transport',
  update_frequency: 'monthly',
  tags: '路燈、照明',
  field_rows: '3',
  'fields.0.name': 'lamp_id',
  'fields.0.type': 'string',
  'fields.0.meaning': '路燈編號',
  'fields.2.name': 'lat',
  'fields.2.unit': 'degree',
};

test('staff pages: create with field errors, add rows, publish, edit conflict, unpublish with a public reason, resources, delete; other agencies refused', async () => {
  const t = await opendataApp();
  try {
    const staff = await signedIn(t, 'moda-od@test.opengov.tw', 'agency_staff', 'moda');
    const other = await signedIn(t, 'moenv-od@test.opengov.tw', 'agency_staff', 'moenv');
    const anonymous = new Browser(t.app);

    const mine = await staff.get('/admin/datasets');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /本機關資料集/);
    assert.match((await staff.get('/admin')).body, /href="\/admin\/datasets"/, 'linked from the admin navigation');
    assert.equal((await anonymous.get('/datasets/new')).statusCode === 200, false);

    const noToken = await staff.request({ method: 'POST', url: '/datasets/new', payload: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noToken.statusCode, 403, 'forms need the CSRF token');
    const bad = await staff.submit('/datasets/new', '/datasets/new', { ...valid, title: '', contact_email: 'not-an-email', 'fields.1.meaning': '沒有名稱的欄位' });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'title'));
    assert.ok(fieldError(bad.body, 'contact_email'));
    assert.ok(fieldError(bad.body, 'fields.1.name'), 'a row error sits beside its own row');
    assert.match(bad.body, /value="路燈編號"/, 'entered values are kept');

    const more = await staff.submit('/datasets/new', '/datasets/new', { ...valid, add_rows: '1' });
    assert.equal(more.statusCode, 200);
    assert.match(more.body, /name="field_rows" value="8"/);
    assert.match(more.body, /name="fields\.7\.name"/);

    const created = await staff.submit('/datasets/new', '/datasets/new', { ...valid, name: 'street-lights' });
    assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
    assert.equal(created.headers.location, '/datasets/street-lights/edit');
    assert.equal((await anonymous.get('/datasets/street-lights')).statusCode, 404, 'a draft is not public');
    const row = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select(['fields', 'status', 'tags']).where('name', '=', 'street-lights').executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
    assert.deepEqual(JSON.parse(row.fields).map((f: { name: string }) => f.name), ['lamp_id', 'lat']);
    assert.deepEqual(JSON.parse(row.tags), ['路燈', '照明']);

    assert.equal((await other.get('/datasets/street-lights/edit')).statusCode, 404, 'another agency cannot even see the draft');
    assert.equal((await staff.submit('/datasets/street-lights/edit', '/datasets/street-lights/publish', {})).statusCode, 303);
    const pub = await anonymous.get('/datasets/street-lights');
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /路燈位置資料/);

    assert.equal((await other.get('/datasets/street-lights/edit')).statusCode, 403);
    const token = /name="_csrf" value="([^"]+)"/.exec((await other.get('/datasets')).body)?.[1] ?? '';
    const refused = await other.request({ method: 'POST', url: '/datasets/street-lights/unpublish', payload: `_csrf=${encodeURIComponent(token)}&reason=x`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(refused.statusCode, 403);

    await staff.submit('/datasets/new', '/datasets/new', { ...valid, name: 'taken-name', title: '另一個資料集' });
    const conflict = await staff.submit('/datasets/street-lights/edit', '/datasets/street-lights/edit', { ...valid, name: 'taken-name' });
    assert.equal(conflict.statusCode, 409);
    assert.equal(fieldError(conflict.body, 'name'), '此網址名稱已被使用');
    const saved = await staff.submit('/datasets/street-lights/edit', '/datasets/street-lights/edit', { ...valid, title: '路燈位置資料（更新）', license_id: 'cc-by-4.0' });
    assert.equal(saved.statusCode, 303);
    assert.match((await anonymous.get('/datasets/street-lights')).body, /路燈位置資料（更新）/);

    const byUrl = await submitMultipart(staff, '/datasets/street-lights/edit', '/datasets/street-lights/edit/resources', { name: '路燈 CSV', url: 'https://data.example.gov.tw/lights.csv', encoding: 'UTF-8' });
    assert.equal(byUrl.statusCode, 303, byUrl.body.slice(0, 1000));
    const upload = await submitMultipart(staff, '/datasets/street-lights/edit', '/datasets/street-lights/edit/resources', { name: '路燈 JSON', encoding: 'UTF-8', file: { filename: 'lights.json', data: Buffer.from('[{"lamp_id":"A1","lat":25.03}]') } });
    assert.equal(upload.statusCode, 303, upload.body.slice(0, 1000));
    const noSource = await submitMultipart(staff, '/datasets/street-lights/edit', '/datasets/street-lights/edit/resources', { name: '空的', encoding: 'UTF-8' });
    assert.equal(noSource.statusCode, 400);
    assert.ok(fieldError(noSource.body, 'url'));
    const resources = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_resources').innerJoin('od_datasets', 'od_datasets.id', 'od_resources.dataset_id').select(['od_resources.id', 'od_resources.format', 'od_resources.url_type']).where('od_datasets.name', '=', 'street-lights').orderBy('position').execute();
    assert.deepEqual(resources.map((r) => [r.format, r.url_type]), [['CSV', 'link'], ['JSON', 'upload']]);
    const rid = resources[0]!.id;
    const editRes = await submitMultipart(staff, `/datasets/street-lights/edit/resources/${rid}`, `/datasets/street-lights/edit/resources/${rid}`, { name: '路燈 CSV（新版）', url: 'https://data.example.gov.tw/lights-v2.csv', encoding: 'BIG5' });
    assert.equal(editRes.statusCode, 303);
    const confirmRes = await staff.get(`/datasets/street-lights/edit/resources/${rid}/delete`);
    assert.ok(confirmRes.body.includes(`action="/datasets/street-lights/edit/resources/${rid}/delete"`), 'the confirmation posts to the resource, not the dataset');
    const delRes = await staff.submit(`/datasets/street-lights/edit/resources/${rid}/delete`, `/datasets/street-lights/edit/resources/${rid}/delete`, { confirm: 'yes' });
    assert.equal(delRes.statusCode, 303);
    assert.match((await anonymous.get('/datasets/street-lights')).body, /路燈 JSON/);

    const noReason = await staff.submit('/datasets/street-lights/edit', '/datasets/street-lights/unpublish', { reason: '  ' });
    assert.equal(noReason.statusCode, 400);
    assert.ok(fieldError(noReason.body, 'reason'));
    assert.equal((await staff.submit('/datasets/street-lights/edit', '/datasets/street-lights/unpublish', { reason: '資料來源系統汰換中' })).statusCode, 303);
    const gone = await anonymous.get('/datasets/street-lights');
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /資料來源系統汰換中/);
    assert.match((await anonymous.get('/datasets/street-lights?lang=en')).body, /unpublished this dataset\. Reason: 資料來源系統汰換中/);

    const confirm = await staff.get('/datasets/street-lights/delete');
    assert.match(confirm.body, /確定要刪除/);
    assert.ok(confirm.body.includes('action="/datasets/street-lights/delete"'));
    assert.equal((await staff.submit('/datasets/street-lights/delete', '/datasets/street-lights/delete', { confirm: 'yes' })).statusCode, 303);
    assert.equal((await anonymous.get('/datasets/street-lights')).statusCode, 404);

    const platformAdmin = await signedIn(t, 'root@test.opengov.tw', 'platform_admin');
    const adminEdit = await platformAdmin.get('/datasets/taken-name/edit');
    assert.equal(adminEdit.statusCode, 200, 'platform admins edit every agency\'s datasets');
    assert.match(adminEdit.body, /name="owner_org"/);
    const english = await staff.get('/datasets/new?lang=en');
    assert.match(english.body, /<h1[^>]*>New dataset<\/h1>/);
    assert.match(english.body, /Add more field rows/);
    const edit = (await staff.get('/datasets/taken-name/edit?lang=zh-TW')).body;
    assert.match(edit, /上架狀態/);
    for (const action of ['/datasets/taken-name/publish', '/datasets/taken-name/edit', '/datasets/taken-name/edit/resources']) assert.ok(edit.includes(`action="${action}"`), action);
    assert.ok(edit.includes('href="/datasets/taken-name/delete"'));
  } finally {
    await t.close();
  }
});
