// The first JSON endpoints and the shared HTTP plumbing under hostile input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, admin, type TestApp } from './helpers.js';
import { userCreate } from '../src/modules/accounts/actions/users.js';
import { apiTokenCreate } from '../src/modules/accounts/actions/tokens.js';

let t: TestApp;
let token: string;
let userId: string;

before(async () => {
  t = await createTestApp();
  const created = await t.deps.registry.call(userCreate, { email: 'api@example.tw', password: 'long-enough-password', role: 'citizen' }, { actor: admin });
  userId = created.userId;
  const actor = { userId, role: 'citizen' as const, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' as const, level: 1 as const };
  token = (await t.deps.registry.call(apiTokenCreate, { name: 'test' }, { actor })).token;
});
after(() => t.close());

const auth = () => ({ authorization: `Bearer ${token}` });

test('GET /api/v1/me with a token returns the allow-listed profile', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth() });
  assert.equal(res.statusCode, 200);
  const me = res.json();
  assert.equal(me.email, 'api@example.tw');
  assert.equal(me.role, 'citizen');
  assert.equal(me.password_hash, undefined);
  assert.equal(me.passwordHash, undefined);
});

test('missing, malformed and unknown tokens get 401 problem+json', async () => {
  for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }, { authorization: `Bearer ${token}x` }]) {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    assert.equal(res.statusCode, 401, JSON.stringify(headers));
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(res.json().code, 'UNAUTHENTICATED');
  }
});

test('PATCH /api/v1/me changes fields and is audited', async () => {
  const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: auth(), payload: { nickname: '阿明', birthYear: 1990 } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().nickname, '阿明');
  const audit = await t.deps.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'me_update').execute();
  assert.equal(audit.length, 1);
});

test('malformed JSON, invalid UTF-8, prototype poisoning and unknown fields get 400 and change nothing', async () => {
  const bodies: Array<[string, string | Buffer]> = [
    ['truncated', '{"nickname": "x"'],
    ['not json', 'nickname=x'],
    ['invalid utf-8', Buffer.concat([Buffer.from('{"nickname":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])],
    ['proto', '{"__proto__":{"role":"platform_admin"},"nickname":"p"}'],
    ['unknown field', '{"role":"platform_admin"}'],
    ['wrong type', '{"birthYear":"old"}'],
  ];
  for (const [name, payload] of bodies) {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...auth(), 'content-type': 'application/json' }, payload });
    assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
    assert.equal(res.json().status, 400);
  }
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth() });
  assert.equal(me.json().role, 'citizen');
  assert.notEqual(me.json().nickname, 'p');
});

test('field errors name the field', async () => {
  const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: auth(), payload: { mobile: '12345' } });
  assert.equal(res.statusCode, 400);
  assert.ok(res.json().errors.some((e: { field: string }) => e.field === 'mobile'));
});

test('an oversized body gets 413 and a wrong content type 415', async () => {
  const huge = JSON.stringify({ nickname: 'x'.repeat(2_000_000) });
  const big = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...auth(), 'content-type': 'application/json' }, payload: huge });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'PAYLOAD_TOO_LARGE');
  const xml = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...auth(), 'content-type': 'application/xml' }, payload: '<me/>' });
  assert.equal(xml.statusCode, 415);
});

test('a form post without a CSRF token is refused', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/signout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
  assert.equal(res.statusCode, 403);
});

test('unknown API routes answer 404 problem+json, pages answer an HTML 404', async () => {
  const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().code, 'NOT_FOUND');
  const page = await t.app.inject({ method: 'GET', url: '/nothing?lang=en' });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /Page not found/);
});

test('the OpenAPI document lists the JSON endpoints', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.ok(doc.paths['/api/v1/me'].get);
  assert.ok(doc.paths['/api/v1/me'].patch);
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
});

test('metrics are exposed in Prometheus text', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /opengov_http_request_duration_seconds/);
});
