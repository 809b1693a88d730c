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

interface Operation {
  operationId?: string;
  responses: Record<string, { description?: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}

async function documentOperations(): Promise<{ doc: { components: { schemas: Record<string, unknown> } }; operations: Array<[string, Operation]> }> {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const operations: Array<[string, Operation]> = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(item)) operations.push([`${method.toUpperCase()} ${path}`, op]);
  }
  return { doc, operations };
}

test('every operation is named after its action, once', async () => {
  const { operations } = await documentOperations();
  const ids = operations.map(([, op]) => op.operationId);
  assert.ok(ids.every((id) => typeof id === 'string' && id.length > 0), operations.filter(([, op]) => !op.operationId).map(([name]) => name).join(', '));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.includes('proposal_list') && ids.includes('agency_show'));
});

test('every response says what it is (none is left as "Default Response")', async () => {
  const { operations } = await documentOperations();
  const vague: string[] = [];
  for (const [name, op] of operations) {
    for (const [status, response] of Object.entries(op.responses)) if (!response.description?.trim() || response.description === 'Default Response') vague.push(`${name} ${status}`);
  }
  assert.deepEqual(vague, []);
});

test('API errors are documented as served: application/problem+json with the one shared Problem', async () => {
  const { doc, operations } = await documentOperations();
  assert.ok(doc.components.schemas.Problem);
  for (const [name, op] of operations) {
    if (name.includes('/api/3/action/')) continue;
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${name} ${status}`);
      assert.deepEqual(response.content!['application/problem+json']!.schema, { $ref: '#/components/schemas/Problem' }, `${name} ${status}`);
    }
  }
  const served = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/nope' });
  assert.equal(served.statusCode, 404);
  assert.match(served.headers['content-type'] as string, /^application\/problem\+json/);
});

test('the CKAN Action API and the DCAT endpoints are in the document', async () => {
  const { doc, operations } = await documentOperations();
  const byName = new Map(operations);
  const search = byName.get('GET /api/3/action/package_search')!;
  assert.equal(search.operationId, 'package_search');
  assert.deepEqual(search.responses['409']!.content!['application/json']!.schema, { $ref: '#/components/schemas/CkanError' });
  assert.ok(byName.get('POST /api/3/action/resource_create')!);
  assert.ok(doc.components.schemas.CkanPackage);
  for (const path of ['GET /catalog.ttl', 'GET /catalog.jsonld', 'GET /catalog', 'GET /dataset/{ref}']) assert.ok(byName.get(path), path);
  assert.ok(byName.get('GET /catalog.ttl')!.responses['200']!.content!['text/turtle']);
});
