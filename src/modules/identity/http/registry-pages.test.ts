// The relying-party registry over HTTP: pages and JSON API, who sees what, a secret shown once,
// form errors in the page's language, every change audited; and the account page of consents.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Browser, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { allTables } from '../../../../test/all-tables.js';
import { seedAgencies } from '../../agencies/test-support.js';
import { apiTokenFor } from '../../petitions/test-support.js';
import { signedInPerson, type Person } from '../test/support.js';

let t: TestApp;
let modaId: string;
let moiId: string;
let operator: Person;
let modaAdmin: Person;
let citizen: Person;

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
  const db = allTables(t.deps.services.db);
  modaId = (await db.selectFrom('agencies').select('id').where('code', '=', 'moda').executeTakeFirstOrThrow()).id;
  moiId = (await db.selectFrom('agencies').select('id').where('code', '=', 'moi').executeTakeFirstOrThrow()).id;
  const now = t.clock.now();
  operator = await signedInPerson(t.deps.services.db, now, { role: 'platform_admin' });
  modaAdmin = await signedInPerson(t.deps.services.db, now, { role: 'agency_admin', agencyId: modaId });
  citizen = await signedInPerson(t.deps.services.db, now);
});

after(async () => {
  await t?.close();
});

function browserFor(person: Person, lang = 'en'): Browser {
  const browser = new Browser(t.app);
  browser.setCookie('og_session', person.sessionToken);
  browser.setCookie('lang', lang);
  return browser;
}

const form = {
  name: 'Health records portal',
  redirectUris: 'https://health.example.tw/cb\nhttps://health.example.tw/cb2',
  scopes: ['openid', 'email'],
  claims: ['email', 'email_verified'],
  sector: 'health',
  minAcr: 'urn:opengov:loa:1',
  authMethod: 'client_secret_basic',
  idTokenAlg: 'ES256',
};

async function auditActions(subjectId: string): Promise<string[]> {
  const rows = await sql<{ action: string }>`select action from audit_log where subject_id = ${subjectId} order by seq`.execute(t.deps.services.db);
  return rows.rows.map((r) => r.action);
}

test('a platform admin registers a client on the page: the secret is shown once, rotated, the client disabled; each change audited', async () => {
  const browser = browserFor(operator);
  const created = await browser.submit('/admin/oidc-clients/new', '/admin/oidc-clients', { ...form, agencyId: moiId });
  assert.equal(created.statusCode, 201, created.body.slice(0, 500));
  const secret = /<dt>Secret \(client_secret\)<\/dt><dd><code>([^<]+)<\/code>/.exec(created.body)?.[1];
  const clientId = /<dt>Client identifier \(client_id\)<\/dt><dd><code>([^<]+)<\/code>/.exec(created.body)?.[1];
  assert.ok(secret && clientId);
  const page = await browser.get(`/admin/oidc-clients/${clientId}`);
  assert.equal(page.statusCode, 200);
  assert.ok(!page.body.includes(secret), 'the secret is never shown again');
  const rotated = await browser.submit(`/admin/oidc-clients/${clientId}`, `/admin/oidc-clients/${clientId}/secret`, {});
  assert.equal(rotated.statusCode, 200);
  assert.ok(!rotated.body.includes(secret) && /Copy the secret now/.test(rotated.body));
  const disabled = await browser.submit(`/admin/oidc-clients/${clientId}`, `/admin/oidc-clients/${clientId}/disabled`, { disabled: 'yes' });
  assert.equal(disabled.statusCode, 303);
  assert.match((await browser.get(`/admin/oidc-clients/${clientId}`)).body, /Disabled/);
  const saved = await browser.submit(`/admin/oidc-clients/${clientId}`, `/admin/oidc-clients/${clientId}`, { ...form, name: 'Health portal', agencyId: moiId });
  assert.equal(saved.statusCode, 303);
  assert.deepEqual(await auditActions(clientId!), ['oidc_client_create', 'oidc_client_secret_rotate', 'oidc_client_disable', 'oidc_client_update']);
});

test('form errors are shown by their fields in the page language, nothing stored', async () => {
  const browser = browserFor(operator, 'zh-TW');
  const before = await allTables(t.deps.services.db).selectFrom('identity_clients').select('id').execute();
  const failed = await browser.submit('/admin/oidc-clients/new', '/admin/oidc-clients', { ...form, redirectUris: 'http://health.example.tw/cb', scopes: ['email'] });
  assert.equal(failed.statusCode, 400);
  assert.match(failed.body, /範圍必須包含 openid/);
  assert.match(failed.body, /Health records portal/, 'what was typed is shown again');
  const after = await allTables(t.deps.services.db).selectFrom('identity_clients').select('id').execute();
  assert.equal(after.length, before.length);
});

test('an agency admin registers for their own agency only and sees only its clients; a citizen is refused', async () => {
  const browser = browserFor(modaAdmin);
  const created = await browser.submit('/admin/oidc-clients/new', '/admin/oidc-clients', { ...form, name: 'MODA service', agencyId: moiId });
  assert.equal(created.statusCode, 201);
  const clientId = /<code>([0-9a-f-]{36})<\/code>/.exec(created.body)![1]!;
  const row = await allTables(t.deps.services.db).selectFrom('identity_clients').select('agency_id').where('id', '=', clientId).executeTakeFirstOrThrow();
  assert.equal(row.agency_id, modaId, 'the agency admin’s own agency, whatever the form said');
  const list = await browser.get('/admin/oidc-clients');
  assert.match(list.body, /MODA service/);
  assert.doesNotMatch(list.body, /Health portal/);
  const others = await allTables(t.deps.services.db).selectFrom('identity_clients').select('id').where('agency_id', '=', moiId).executeTakeFirstOrThrow();
  assert.equal((await browser.get(`/admin/oidc-clients/${others.id}`)).statusCode, 404);
  assert.equal((await browserFor(citizen).get('/admin/oidc-clients')).statusCode, 403);
});

test('JSON API: register, list, rotate and disable with a bearer token; the secret only in the answers that made it', async () => {
  const token = await apiTokenFor(t.deps.services.db, operator.userId, t.clock.now());
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { scopes, claims, sector, name } = form;
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/oidc-clients', headers, payload: { name, scopes, claims, sector, redirectUris: ['https://api.example.tw/cb'], authMethod: 'client_secret_basic' } });
  assert.equal(created.statusCode, 201, created.body);
  const body = created.json() as { client: { clientId: string; minAcr: string }; clientSecret: string };
  assert.ok(body.clientSecret);
  assert.equal(body.client.minAcr, 'urn:opengov:loa:1');
  const shown = await t.app.inject({ method: 'GET', url: `/api/v1/oidc-clients/${body.client.clientId}`, headers });
  assert.ok(!shown.body.includes(body.clientSecret) && !shown.body.includes('secret_salt') && !shown.body.includes('secretSalt'));
  const rotated = (await t.app.inject({ method: 'POST', url: `/api/v1/oidc-clients/${body.client.clientId}/secret`, headers: { authorization: headers.authorization } })).json() as { clientSecret: string };
  assert.notEqual(rotated.clientSecret, body.clientSecret);
  const disabled = await t.app.inject({ method: 'PUT', url: `/api/v1/oidc-clients/${body.client.clientId}/disabled`, headers, payload: { disabled: true } });
  assert.equal(disabled.statusCode, 200);
  assert.ok((disabled.json() as { disabledAt: string | null }).disabledAt);
  const list = (await t.app.inject({ method: 'GET', url: '/api/v1/oidc-clients', headers })).json() as { clients: unknown[] };
  assert.ok(list.clients.length >= 1);
  const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/oidc-clients', headers: { 'content-type': 'application/json' }, payload: '{"name":' + '"x",'.repeat(1000) });
  assert.equal(anonymous.statusCode, 401, 'refused before the body is read');
});

test('the account page lists consents and withdraws one', async () => {
  const db = allTables(t.deps.services.db);
  const client = await db.selectFrom('identity_clients').select('id').executeTakeFirstOrThrow();
  const at = t.clock.now().toISOString();
  await db.insertInto('identity_consents').values({ user_id: citizen.userId, client_id: client.id, scopes: 'openid email', grant_id: 'grant-1', granted_at: at, updated_at: at }).execute();
  await db.insertInto('identity_oidc_records').values({ model: 'AccessToken', id: 'at-1', payload: '{}', grant_id: 'grant-1', uid: null, user_code: null, expires_at: null, consumed_at: null }).execute();
  const browser = browserFor(citizen);
  const page = await browser.get('/account/connected-services');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Your e-mail address/);
  const revoked = await browser.submit('/account/connected-services', `/account/connected-services/${client.id}/revoke`, {});
  assert.equal(revoked.statusCode, 303);
  assert.equal((await db.selectFrom('identity_consents').select('user_id').where('user_id', '=', citizen.userId).execute()).length, 0);
  assert.equal((await db.selectFrom('identity_oidc_records').select('id').where('grant_id', '=', 'grant-1').execute()).length, 0, 'the grant’s tokens are gone');
  assert.match((await browser.get('/account/connected-services')).body, /You have not allowed any service/);
});
