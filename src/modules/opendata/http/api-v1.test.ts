// Route tests of the /api/v1 JSON API for data requests, the data inventory and harvest sources,
// with real API tokens: the whole request journey, who may do what, and the problem+json errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { packageCreate } from '../catalog/actions/package_create.js';
import { datasetInput, opendataApp, userWithToken } from '../test/fixtures.js';

const HOUR = 3_600_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const newRequest = { agency: 'moda', title: '公共自行車每日借還紀錄', description: '各站每日借出與歸還次數，2025 年起。', purpose: '研究通勤' };

type Problem = { status: number; code: string; errors?: Array<{ field: string; message: string }> };

function problemOf(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number): Problem {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = JSON.parse(response.body) as Problem;
  assert.equal(problem.status, status);
  return problem;
}

/** The fields named (a union of literals reports each branch, so names are deduplicated). */
const fieldsOf = (problem: Problem) => [...new Set((problem.errors ?? []).map((e) => e.field))];

test('data requests over the API: create → refuse with a legal reason → appeal → release ordered → released', async () => {
  const t = await opendataApp();
  const inject = (options: InjectOptions) => t.app.inject(options);
  try {
    const citizen = await userWithToken(t, { email: 'reader@example.tw', role: 'citizen' });
    const staff = await userWithToken(t, { email: 'staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const otherStaff = await userWithToken(t, { email: 'staff@moenv.gov.tw', role: 'agency_staff', agencyCode: 'moenv' });
    const moderator = await userWithToken(t, { email: 'mod@example.tw', role: 'platform_moderator' });
    const dataset = await t.deps.registry.call(packageCreate, datasetInput({ name: 'bike-trips', title: '公共自行車借還紀錄' }), { actor: staff.actor });

    // Create: 401 without a token, 400 for bad bodies, then 201.
    const anonymous = await inject({ method: 'POST', url: '/api/v1/data-requests', payload: newRequest });
    problemOf(anonymous, 401);
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer');
    const { title: _title, ...noTitle } = newRequest;
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: noTitle }), 400)), ['title']);
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: { ...newRequest, title: '  ' } }), 400)), ['title']);
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: { ...newRequest, agency: 'nowhere' } }), 400)), ['agency']);
    problemOf(await inject({ method: 'POST', url: '/api/v1/data-requests', headers: { ...bearer(citizen.token), 'content-type': 'application/json' }, payload: '{"title": ' }), 400);
    problemOf(await inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: { ...newRequest, requester_id: 'x' } }), 400);

    const created = await inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: newRequest });
    assert.equal(created.statusCode, 201, created.body);
    const { id, dueOn } = created.json() as { id: string; dueOn: string };
    assert.equal(dueOn, '2026-03-17');

    // Reading is public; the requester is shown by nickname only.
    const list = await inject({ method: 'GET', url: '/api/v1/data-requests' });
    assert.equal(list.statusCode, 200);
    const page = list.json() as { total: number; page: number; pageSize: number; items: Array<Record<string, unknown>> };
    assert.equal(page.total, 1);
    assert.deepEqual(Object.keys(page.items[0]!).sort(), ['agency', 'dueOn', 'id', 'overdue', 'requesterNickname', 'status', 'submittedAt', 'title', 'updatedAt']);
    assert.equal((await inject({ method: 'GET', url: '/api/v1/data-requests?status=overdue' })).json().total, 0);
    problemOf(await inject({ method: 'GET', url: '/api/v1/data-requests?status=lost' }), 400);
    const shown = await inject({ method: 'GET', url: `/api/v1/data-requests/${id}`, headers: bearer(staff.token) });
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.json().status, 'pending');
    assert.deepEqual(shown.json().viewer, { isRequester: false, decisions: ['release', 'terms', 'refuse'], canEscalate: false, canRule: false });
    for (const secret of [citizen.actor.userId, 'reader@example.tw']) {
      assert.ok(!shown.body.includes(secret) && !list.body.includes(secret), "the requester's account and email never leave the server");
    }
    problemOf(await inject({ method: 'GET', url: '/api/v1/data-requests/no-such-request' }), 404);

    // The agency decides: only its own staff, only known decisions, a refusal needs a legal reason.
    const refuse = { decision: 'refuse', legal_reason: 'personal_data', reason: '借還紀錄可識別個人' };
    const decide = (token: string | null, payload: unknown) => inject({ method: 'POST', url: `/api/v1/data-requests/${id}/decision`, headers: token ? bearer(token) : {}, payload: payload as Record<string, unknown> });
    problemOf(await decide(null, refuse), 401);
    problemOf(await decide(otherStaff.token, refuse), 403);
    problemOf(await decide(citizen.token, refuse), 403);
    assert.deepEqual(fieldsOf(problemOf(await decide(staff.token, { ...refuse, decision: 'maybe' }), 400)), ['decision']);
    assert.deepEqual(fieldsOf(problemOf(await decide(staff.token, { decision: 'refuse', reason: '含個人資料' }), 400)), ['legal_reason']);
    const refused = await decide(staff.token, refuse);
    assert.equal(refused.statusCode, 200, refused.body);
    assert.deepEqual(refused.json(), { id, status: 'refused' });
    problemOf(await decide(staff.token, { decision: 'release', dataset: 'bike-trips' }), 409);

    // The requester appeals (a body is optional); only the requester may.
    problemOf(await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/appeal`, headers: bearer(staff.token), payload: {} }), 403);
    problemOf(await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/appeal` }), 401);
    const appealed = await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/appeal`, headers: bearer(citizen.token) });
    assert.equal(appealed.statusCode, 200, appealed.body);
    assert.equal(appealed.json().status, 'review_agency_group');

    // The advisory group (a moderator) orders release; nobody else may rule.
    const order = { ruling: 'order_release', reason: '去識別化後可開放' };
    problemOf(await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/ruling`, headers: bearer(staff.token), payload: order }), 403);
    problemOf(await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/ruling`, headers: bearer(citizen.token), payload: order }), 403);
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/ruling`, headers: bearer(moderator.token), payload: { ruling: 'order_release' } }), 400)), ['reason']);
    const ruled = await inject({ method: 'POST', url: `/api/v1/data-requests/${id}/ruling`, headers: bearer(moderator.token), payload: order });
    assert.equal(ruled.statusCode, 200, ruled.body);
    assert.equal(ruled.json().status, 'release_ordered');

    // The agency releases the data as a dataset.
    problemOf(await decide(staff.token, refuse), 409);
    const released = await decide(staff.token, { decision: 'release', dataset: dataset.name });
    assert.equal(released.statusCode, 200, released.body);
    assert.equal(released.json().status, 'released');

    const view = (await inject({ method: 'GET', url: `/api/v1/data-requests/${id}` })).json() as { status: string; dueOn: string | null; steps: Array<{ kind: string; by: string; legalReason: string | null; dataset: { name: string } | null }> };
    assert.equal(view.status, 'released');
    assert.equal(view.dueOn, null);
    assert.deepEqual(
      view.steps.map((s) => `${s.kind}/${s.by}`),
      ['submitted/requester', 'refused/agency', 'escalated_agency_group/requester', 'release_ordered/agency_group', 'released/agency'],
    );
    assert.equal(view.steps[1]!.legalReason, 'personal_data');
    assert.equal(view.steps.at(-1)!.dataset!.name, 'bike-trips');
    assert.equal((await inject({ method: 'GET', url: '/api/v1/data-requests?status=released&lang=en' })).json().total, 1);

    // The inventory is one call away.
    const inventory = await inject({ method: 'GET', url: '/api/v1/data-inventory?agency=moda' });
    assert.equal(inventory.statusCode, 200);
    assert.equal(inventory.json().agency.code, 'moda');
    assert.deepEqual(inventory.json().items, []);
    problemOf(await inject({ method: 'GET', url: '/api/v1/data-inventory?agency=nowhere' }), 404);
  } finally {
    await t.close();
  }
});

test('data requests over the API: the same daily allowance per account as the form', async () => {
  const t = await opendataApp();
  try {
    const citizen = await userWithToken(t, { email: 'busy@example.tw', role: 'citizen' });
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/data-requests', headers: bearer(citizen.token), payload: { ...newRequest, title: `第 ${i + 1} 件` } })).statusCode);
    }
    assert.deepEqual(codes, [201, 201, 201, 201, 201, 429]);
  } finally {
    await t.close();
  }
});

test('harvest sources over the API: an agency admin creates, lists, disables, runs now and deletes', async () => {
  const t = await opendataApp();
  const inject = (options: InjectOptions) => t.app.inject(options);
  try {
    const admin = await userWithToken(t, { email: 'admin@moda.gov.tw', role: 'agency_admin', agencyCode: 'moda' });
    const otherAdmin = await userWithToken(t, { email: 'admin@moenv.gov.tw', role: 'agency_admin', agencyCode: 'moenv' });
    const citizen = await userWithToken(t, { email: 'reader@example.tw', role: 'citizen' });
    const source = { kind: 'ckan', url: 'https://data.example.gov.tw', every_hours: 24 };

    problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', payload: source }), 401);
    problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(citizen.token), payload: source }), 403);
    problemOf(await inject({ method: 'GET', url: '/api/v1/harvest-sources', headers: bearer(citizen.token) }), 403);
    problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(admin.token), payload: { ...source, agency: 'moenv' } }), 403);
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(admin.token), payload: { ...source, url: 'file:///etc/passwd' } }), 400)), ['url']);
    assert.deepEqual(fieldsOf(problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(admin.token), payload: { ...source, kind: 'ftp' } }), 400)), ['kind']);
    problemOf(await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(admin.token), payload: { ...source, allowLoopback: true } }), 400);

    const created = await inject({ method: 'POST', url: '/api/v1/harvest-sources', headers: bearer(admin.token), payload: source });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };

    const listOf = async (token: string) => (await inject({ method: 'GET', url: '/api/v1/harvest-sources', headers: bearer(token) })).json() as Array<Record<string, unknown>>;
    const [listed] = await listOf(admin.token);
    assert.equal(listed!.id, id);
    assert.equal(listed!.agencyCode, 'moda');
    assert.equal(listed!.enabled, true);
    assert.equal(listed!.everyHours, 24);
    assert.equal(listed!.report, null);
    assert.ok(!('createdBy' in listed!) && !JSON.stringify(listed).includes(admin.actor.userId), 'who created it stays on the server');
    assert.deepEqual(await listOf(otherAdmin.token), [], "another agency's admin sees only their own sources");

    const disabled = await inject({ method: 'PATCH', url: `/api/v1/harvest-sources/${id}`, headers: bearer(admin.token), payload: { enabled: false } });
    assert.deepEqual(disabled.json(), { id, enabled: false });
    assert.equal((await listOf(admin.token))[0]!.enabled, false);
    problemOf(await inject({ method: 'PATCH', url: `/api/v1/harvest-sources/${id}`, headers: bearer(admin.token), payload: { enabled: 'sometimes' } }), 400);
    problemOf(await inject({ method: 'PATCH', url: `/api/v1/harvest-sources/${id}`, headers: bearer(otherAdmin.token), payload: { enabled: true } }), 403);

    t.clock.advance(3 * HOUR);
    problemOf(await inject({ method: 'POST', url: `/api/v1/harvest-sources/${id}/run`, headers: bearer(otherAdmin.token) }), 403);
    const run = await inject({ method: 'POST', url: `/api/v1/harvest-sources/${id}/run`, headers: bearer(admin.token) });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal((await listOf(admin.token))[0]!.nextRunAt, t.clock.now().toISOString());

    const deleted = await inject({ method: 'DELETE', url: `/api/v1/harvest-sources/${id}`, headers: bearer(admin.token) });
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.deepEqual(await listOf(admin.token), []);
    problemOf(await inject({ method: 'DELETE', url: `/api/v1/harvest-sources/${id}`, headers: bearer(admin.token) }), 404);
  } finally {
    await t.close();
  }
});

test('the data request and harvest source routes are documented in /openapi.json under their tags', async () => {
  const t = await opendataApp();
  try {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; responses: Record<string, unknown> }>> };
    const expected: Array<[string, string, string]> = [
      ['/api/v1/data-requests', 'get', 'data-requests'],
      ['/api/v1/data-requests', 'post', 'data-requests'],
      ['/api/v1/data-requests/{id}', 'get', 'data-requests'],
      ['/api/v1/data-requests/{id}/decision', 'post', 'data-requests'],
      ['/api/v1/data-requests/{id}/appeal', 'post', 'data-requests'],
      ['/api/v1/data-requests/{id}/ruling', 'post', 'data-requests'],
      ['/api/v1/data-inventory', 'get', 'data-inventory'],
      ['/api/v1/harvest-sources', 'get', 'harvest-sources'],
      ['/api/v1/harvest-sources', 'post', 'harvest-sources'],
      ['/api/v1/harvest-sources/{id}/run', 'post', 'harvest-sources'],
      ['/api/v1/harvest-sources/{id}', 'patch', 'harvest-sources'],
      ['/api/v1/harvest-sources/{id}', 'delete', 'harvest-sources'],
    ];
    for (const [path, method, tag] of expected) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
      assert.deepEqual(operation.tags, [tag]);
      if (method !== 'get' || path.startsWith('/api/v1/harvest')) assert.deepEqual(operation.security, [{ bearer: [] }], `${method} ${path} needs a token`);
    }
    assert.ok(doc.paths['/api/v1/data-requests']!.post!.responses['429'], 'creation documents its rate limit');
    assert.ok(doc.paths['/api/v1/data-requests/{id}/decision']!.post!.responses['409']);
  } finally {
    await t.close();
  }
});
