import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser } from '../../../../test/helpers.js';
import { packageCreate } from '../catalog/actions/package_create.js';
import { datasetInput, opendataApp } from '../test/fixtures.js';
import { fieldError, signedIn, submitMultipart } from '../test/staff-support.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

test('comments: escaped plain text, agency answers marked, moderators hide with a public reason', async () => {
  const t = await opendataApp();
  try {
    await t.deps.registry.call(packageCreate, datasetInput({ name: 'air-quality' }), { actor: t.moda });
    const citizen = await signedIn(t, 'reader@test.opengov.tw', 'citizen', undefined, '讀者小華');
    const staff = await signedIn(t, 'moda-answer@test.opengov.tw', 'agency_staff', 'moda', '數位部窗口');
    const moderator = await signedIn(t, 'mod@test.opengov.tw', 'platform_moderator', undefined, '審核員');
    const anonymous = new Browser(t.app);

    assert.match((await anonymous.get('/datasets/air-quality')).body, /登入後即可留言/);
    const empty = await citizen.submit('/datasets/air-quality', '/datasets/air-quality/comments', { body: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.ok(fieldError(empty.body, 'body'));
    const tooLong = await citizen.submit('/datasets/air-quality', '/datasets/air-quality/comments', { body: '字'.repeat(2001) });
    assert.equal(tooLong.statusCode, 400);

    const posted = await citizen.submit('/datasets/air-quality', '/datasets/air-quality/comments', { body: '請問可以提供歷史資料嗎？<script>alert(1)</script>' });
    assert.equal(posted.statusCode, 303);
    const commentId = /#comment-(.+)$/.exec(posted.headers.location as string)![1]!;
    const answered = await staff.submit('/datasets/air-quality', '/datasets/air-quality/comments', { parent_id: commentId, [`body-${commentId}`]: '歷史資料將於下月上架。' });
    assert.equal(answered.statusCode, 303);

    const page = (await anonymous.get('/datasets/air-quality')).body;
    assert.match(page, /讀者小華/);
    assert.match(page, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.doesNotMatch(page, /<script>alert/);
    assert.match(page, /數位部窗口<\/strong> <span class="usa-tag bg-primary">機關回覆<\/span>/, 'the agency answer is marked');
    assert.doesNotMatch(page, /讀者小華<\/strong> <span class="usa-tag/);

    assert.equal((await citizen.get(`/datasets/air-quality/comments/${commentId}/hide`)).statusCode, 403);
    const noReason = await moderator.submit(`/datasets/air-quality/comments/${commentId}/hide`, `/datasets/air-quality/comments/${commentId}/hide`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await moderator.submit(`/datasets/air-quality/comments/${commentId}/hide`, `/datasets/air-quality/comments/${commentId}/hide`, { reason: '含不當連結' })).statusCode, 303);
    const hidden = (await anonymous.get('/datasets/air-quality')).body;
    assert.match(hidden, /此留言已由管理人員隱藏，原因：含不當連結/);
    assert.doesNotMatch(hidden, /請問可以提供歷史資料嗎/);
    assert.match((await anonymous.get('/datasets/air-quality?lang=en')).body, /Hidden by a moderator\. Reason: 含不當連結/);
  } finally {
    await t.close();
  }
});

test('showcases: http(s) links only, images checked by their bytes, hidden until a moderator approves', async () => {
  const t = await opendataApp();
  try {
    await t.deps.registry.call(packageCreate, datasetInput({ name: 'air-quality' }), { actor: t.moda });
    const citizen = await signedIn(t, 'maker@test.opengov.tw', 'citizen');
    const moderator = await signedIn(t, 'mod2@test.opengov.tw', 'platform_moderator');
    const anonymous = new Browser(t.app);
    const fields = { title: '空品地圖 App', url: 'https://app.example.com/aqi', description: '即時顯示各測站空氣品質。', datasets: 'air-quality' };

    const form = await citizen.get('/showcases/new?dataset=air-quality');
    assert.match(form.body, /air-quality<\/textarea>/);
    const badImage = await submitMultipart(citizen, '/showcases/new', '/showcases/new', { ...fields, image: { filename: 'shot.png', data: GIF } });
    assert.equal(badImage.statusCode, 400);
    assert.equal(fieldError(badImage.body, 'image'), '圖片須為 PNG、JPEG 或 WebP 格式');
    const badUrl = await submitMultipart(citizen, '/showcases/new', '/showcases/new', { ...fields, url: 'javascript:alert(1)' });
    assert.equal(badUrl.statusCode, 400);
    assert.ok(fieldError(badUrl.body, 'url'));
    const unknown = await submitMultipart(citizen, '/showcases/new', '/showcases/new', { ...fields, datasets: 'no-such-dataset' });
    assert.equal(unknown.statusCode, 400);
    assert.ok(fieldError(unknown.body, 'datasets'));

    const created = await submitMultipart(citizen, '/showcases/new', '/showcases/new', { ...fields, image: { filename: 'shot.png', data: PNG } });
    assert.equal(created.statusCode, 303, created.body.slice(0, 1000));
    const href = created.headers.location as string;
    assert.match((await citizen.get(href)).body, /審核中，尚未公開/);
    assert.equal((await anonymous.get(href)).statusCode, 404, 'not public before approval');
    assert.equal((await anonymous.get(`${href}/image`)).statusCode, 404);
    assert.doesNotMatch((await anonymous.get('/showcases')).body, /空品地圖 App/);
    assert.doesNotMatch((await anonymous.get('/datasets/air-quality')).body, /空品地圖 App/);

    assert.equal((await citizen.get('/admin/showcases')).statusCode, 403);
    const queue = await moderator.get('/admin/showcases');
    assert.match(queue.body, /空品地圖 App/);
    const approved = await moderator.submit('/admin/showcases', `${href}/moderate`, { decision: 'approved', note: '' });
    assert.equal(approved.statusCode, 303);

    assert.match((await anonymous.get('/showcases')).body, /空品地圖 App/);
    const detail = await anonymous.get(href);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /href="https:\/\/app\.example\.com\/aqi"/);
    assert.match(detail.body, /空氣品質監測資料/);
    const image = await anonymous.get(`${href}/image`);
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.match((await anonymous.get('/datasets/air-quality')).body, /空品地圖 App/);
    assert.match((await anonymous.get('/showcases?lang=en')).body, /<h1[^>]*>Showcases<\/h1>/);
  } finally {
    await t.close();
  }
});
