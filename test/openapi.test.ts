// One validation and error path: route-schema failures speak the caller's language with the action
// validator's keys, and the OpenAPI document says what is served (problem+json, shared schemas by
// $ref, operationId = action name, the CKAN Action API and DCAT included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('a bad filter gives one translated field error, in zh-TW and in en', async () => {
  for (const [lang, message] of [
    ['zh-TW', '請從選項中選擇'],
    ['en', 'Choose one of the options'],
  ]) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/proposals?status=bogus&lang=${lang}` });
    assert.equal(res.statusCode, 400);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
    assert.deepEqual(res.json().errors, [{ field: 'status', message }]);
  }
});

test('route-schema limits carry their parameters and name the field', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/proposals/similar?title=${'x'.repeat(201)}&lang=en` });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().errors, [{ field: 'title', message: 'Enter at most 200 characters' }]);
  const missing = await t.app.inject({ method: 'GET', url: '/api/v1/proposals/similar?lang=zh-TW' });
  assert.deepEqual(missing.json().errors, [{ field: 'title', message: '此欄位為必填' }]);
});
