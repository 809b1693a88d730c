// Who may open which admin page and run which admin action. Pages are checked over HTTP, actions
// through the registry, so a page that forgot its guard and an action that forgot its policy both fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor, type Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { modules } from '../../modules.js';
import { actorFor, createTestApp, type TestApp } from '../../../test/helpers.js';
import { assertPermissionMatrix } from '../../../test/permission-matrix.js';
import { agencyCreate, agencyUpdate } from '../agencies/manifest.js';
import { userList, userSetRole } from '../accounts/manifest.js';
import { adminOverview, auditList, auditVerify, outboxList } from './actions.js';
import { adminModule } from './manifest.js';
import { browserFor, people, seedPeople, type Person } from './test-support.js';
import { allTables } from '../../../test/all-tables.js';

const adminGets = ['/admin', '/admin/users', '/admin/agencies', '/admin/agencies/moda/edit', '/admin/outbox', '/admin/audit'];

let t: TestApp;
let ids: Record<Person, string>;
let agencyIds: Record<string, string>;

async function actorOf(person: Person): Promise<Actor> {
  const row = await allTables(t.deps.services.db).selectFrom('users').select(['id', 'role', 'agency_id']).where('email', '=', people[person]).executeTakeFirstOrThrow();
  return actorFor({ id: row.id, role: row.role, agencyId: row.agency_id });
}

async function roleOf(person: Person): Promise<{ role: string; agency_id: string | null }> {
  return allTables(t.deps.services.db).selectFrom('users').select(['role', 'agency_id']).where('id', '=', ids[person]).executeTakeFirstOrThrow();
}

async function refused(promise: Promise<unknown>, code: 'FORBIDDEN' | 'UNAUTHENTICATED' = 'FORBIDDEN'): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof AppError && error.code === code);
}

/** Every admin action with input that would succeed for a platform admin. */
function adminCalls(): Array<[string, (actor: Actor | null) => Promise<unknown>]> {
  const call = (action: Parameters<TestApp['deps']['registry']['call']>[0], input: unknown) => (actor: Actor | null) => t.deps.registry.call(action, input, { actor });
  return [
    ['admin_overview', call(adminOverview, {})],
    ['outbox_list', call(outboxList, {})],
    ['audit_list', call(auditList, {})],
    ['audit_verify', call(auditVerify, {})],
    ['user_list', call(userList, {})],
    ['user_set_role', call(userSetRole, { userId: ids.newcomer, role: 'agency_staff', agencyCode: 'moda' })],
    ['agency_create', call(agencyCreate, { code: 'perm-test', nameZh: '權限測試署', nameEn: 'Permission Test Agency', kind: 'central' })],
    ['agency_update', call(agencyUpdate, { currentCode: 'moda', changes: { code: 'moda', nameZh: '數位發展部', nameEn: 'Ministry of Digital Affairs', parentCode: 'ey', kind: 'central' } })],
  ];
}

before(async () => {
  t = await createTestApp();
  ids = await seedPeople(t);
  const rows = await allTables(t.deps.services.db).selectFrom('agencies').select(['id', 'code']).execute();
  agencyIds = Object.fromEntries(rows.map((r) => [r.code, r.id]));
});

after(async () => {
  await t?.close();
});

describe('signed-out visitors', () => {
  test('are sent to sign in from every admin page', async () => {
    for (const url of adminGets) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 303, url);
      assert.equal(response.headers.location, `/signin?next=${encodeURIComponent(url)}`, url);
    }
  });

  test('cannot run any admin action', async () => {
    for (const [name, run] of adminCalls()) await refused(run(null), 'UNAUTHENTICATED').catch((e) => assert.fail(`${name}: ${e}`));
  });
});

/** Whether some module gives this role an admin-area page: then the dashboard opens to list it. */
const hasAdminArea = (role: Actor['role']) => modules.some((m) => (m.nav ?? []).some((item) => item.area === 'admin' && (!item.roles || item.roles.includes(role))));
const platformPages = ['/admin/users', '/admin/agencies', '/admin/outbox', '/admin/audit'];

for (const person of ['citizen', 'agencyStaff', 'moderator'] as const) {
  describe(`a ${person}`, () => {
    test('gets 403 on every admin page of this module', async () => {
      const browser = await browserFor(t, person);
      for (const url of adminGets.filter((u) => u !== '/admin')) {
        const response = await browser.get(url);
        assert.equal(response.statusCode, 403, `${url} answered ${response.statusCode}`);
      }
    });

    test('opens the dashboard only to find other modules’ pages, matching the header link', async () => {
      const browser = await browserFor(t, person);
      const { role } = await actorOf(person);
      const dashboard = await browser.get('/admin');
      const home = await browser.get('/');
      if (role === 'citizen') assert.ok(!hasAdminArea(role), 'citizens have no admin area');
      if (hasAdminArea(role)) {
        assert.equal(dashboard.statusCode, 200);
        for (const href of platformPages) assert.doesNotMatch(dashboard.body, new RegExp(`href="${href}"`), href);
        assert.match(home.body, /href="\/admin"/);
      } else {
        assert.equal(dashboard.statusCode, 403);
        assert.doesNotMatch(home.body, /href="\/admin"/);
      }
    });

    test('gets 403 on every admin form', async () => {
      const browser = await browserFor(t, person);
      const posts: Array<[string, Record<string, string>]> = [
        ['/admin/agencies', { code: 'perm-page', nameZh: '權限頁面署', nameEn: 'Permission Page Agency', kind: 'central' }],
        ['/admin/agencies/moda/edit', { code: 'moda', nameZh: '改名部', nameEn: 'Renamed', parentCode: 'ey', kind: 'central' }],
        [`/admin/users/${ids.newcomer}/role`, { role: 'platform_admin' }],
        ['/admin/audit/verify', {}],
      ];
      for (const [url, fields] of posts) {
        const response = await browser.submit('/', url, fields);
        assert.equal(response.statusCode, 403, `${url} answered ${response.statusCode}`);
      }
      assert.equal((await roleOf('newcomer')).role, 'citizen');
      const moda = await allTables(t.deps.services.db).selectFrom('agencies').select('name_zh').where('code', '=', 'moda').executeTakeFirstOrThrow();
      assert.equal(moda.name_zh, '數位發展部');
    });

    test('is refused every admin action', async () => {
      const actor = await actorOf(person);
      for (const [name, run] of adminCalls()) await refused(run(actor)).catch((e) => assert.fail(`${name}: ${e}`));
    });
  });
}

describe('an agency admin', () => {
  test('opens the dashboard, which links only to users', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const response = await browser.get('/admin');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /href="\/admin\/users"/);
    for (const href of ['/admin/agencies', '/admin/outbox', '/admin/audit']) assert.doesNotMatch(response.body, new RegExp(`href="${href}"`));
  });

  test('gets 403 on the platform-only pages and actions', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    for (const url of ['/admin/agencies', '/admin/agencies/moda/edit', '/admin/outbox', '/admin/audit']) {
      assert.equal((await browser.get(url)).statusCode, 403, url);
    }
    const actor = await actorOf('agencyAdmin');
    for (const [name, run] of adminCalls().filter(([n]) => !['user_list', 'user_set_role'].includes(n))) {
      await refused(run(actor)).catch((e) => assert.fail(`${name}: ${e}`));
    }
  });

  test("sees only their own agency's users", async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const response = await browser.get('/admin/users');
    assert.equal(response.statusCode, 200);
    const shows = (email: string) => response.body.includes(`>${email}<`);
    for (const email of [people.agencyAdmin, people.agencyStaff, people.secondStaff]) assert.ok(shows(email), email);
    for (const email of [people.otherStaff, people.citizen, people.platformAdmin, people.moderator, people.newcomer]) assert.ok(!shows(email), email);

    const listed = await t.deps.registry.call(userList, { pageSize: 200 }, { actor: await actorOf('agencyAdmin') });
    assert.ok(listed.users.every((u) => u.agency?.code === 'moda'));
  });

  test('is offered only the roles they may give, and no form for themselves', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const body = (await browser.get('/admin/users')).body;
    const staffSelect = new RegExp(`<select[^>]*id="field-role-${ids.agencyStaff}"[^>]*>([\\s\\S]*?)</select>`).exec(body)?.[1] ?? '';
    const offered = [...staffSelect.matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['citizen', 'agency_staff']);
    assert.ok(!body.includes(`field-role-${ids.agencyAdmin}`), 'no role form on their own row');
    assert.ok(!body.includes('name="agencyCode" type="text"'), 'no free agency code field');
  });

  test('cannot promote to agency admin or platform roles', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    for (const role of ['agency_admin', 'platform_moderator', 'platform_admin']) {
      const response = await browser.submit('/admin/users', `/admin/users/${ids.agencyStaff}/role`, { role, agencyCode: 'moda' });
      assert.equal(response.statusCode, 403, role);
    }
    assert.equal((await roleOf('agencyStaff')).role, 'agency_staff');
  });

  test("cannot touch another agency's staff, or move staff to another agency", async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const demote = await browser.submit('/admin/users', `/admin/users/${ids.otherStaff}/role`, { role: 'citizen' });
    assert.equal(demote.statusCode, 403);
    const move = await browser.submit('/admin/users', `/admin/users/${ids.agencyStaff}/role`, { role: 'agency_staff', agencyCode: 'mohw' });
    assert.equal(move.statusCode, 403);
    assert.deepEqual(await roleOf('otherStaff'), { role: 'agency_staff', agency_id: agencyIds.mohw });
    assert.deepEqual(await roleOf('agencyStaff'), { role: 'agency_staff', agency_id: agencyIds.moda });
  });

  test('cannot change their own role', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const response = await browser.submit('/admin/users', `/admin/users/${ids.agencyAdmin}/role`, { role: 'agency_staff', agencyCode: 'moda' });
    assert.equal(response.statusCode, 403);
    assert.equal((await roleOf('agencyAdmin')).role, 'agency_admin');
  });

  test('can take their own staff back to citizen', async () => {
    const browser = await browserFor(t, 'agencyAdmin');
    const response = await browser.submit('/admin/users', `/admin/users/${ids.secondStaff}/role`, { role: 'citizen', agencyCode: 'moda' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/users');
    assert.deepEqual(await roleOf('secondStaff'), { role: 'citizen', agency_id: null });
  });
});

describe('a platform admin', () => {
  test('opens every admin page, and the dashboard links to all of them', async () => {
    const browser = await browserFor(t, 'platformAdmin');
    for (const url of adminGets) assert.equal((await browser.get(url)).statusCode, 200, url);
    const dashboard = (await browser.get('/admin')).body;
    for (const href of ['/admin/users', '/admin/agencies', '/admin/outbox', '/admin/audit']) assert.match(dashboard, new RegExp(`href="${href}"`));
  });

  test('may run every admin action', async () => {
    const actor = await actorOf('platformAdmin');
    for (const [name, run] of adminCalls()) await run(actor).catch((e) => assert.fail(`${name}: ${e}`));
    assert.deepEqual(await roleOf('newcomer'), { role: 'agency_staff', agency_id: agencyIds.moda });
  });

  test('may give any role, but not change their own', async () => {
    const browser = await browserFor(t, 'platformAdmin');
    const promote = await browser.submit('/admin/users', `/admin/users/${ids.otherStaff}/role`, { role: 'agency_admin', agencyCode: 'mohw' });
    assert.equal(promote.statusCode, 303);
    assert.deepEqual(await roleOf('otherStaff'), { role: 'agency_admin', agency_id: agencyIds.mohw });
    const own = await browser.submit('/admin/users', `/admin/users/${ids.platformAdmin}/role`, { role: 'citizen' });
    assert.equal(own.statusCode, 403);
    assert.equal((await roleOf('platformAdmin')).role, 'platform_admin');
  });
});

test('admin permission matrix: every admin action is for platform admins (and the CLI) alone', async () => {
  const citizen = actorFor({ id: 'u-citizen', role: 'citizen' });
  const admin = actorFor({ id: 'u-admin', role: 'platform_admin' });
  await assertPermissionMatrix(
    t.deps.registry,
    adminModule.actions,
    {
      anonymous: null,
      citizen,
      citizen_email_unverified: { ...citizen, emailVerified: false },
      citizen_by_token: { ...citizen, via: 'token' },
      moda_staff: actorFor({ id: 'u-moda-staff', role: 'agency_staff', agencyId: agencyIds.moda! }),
      moda_admin: actorFor({ id: 'u-moda-admin', role: 'agency_admin', agencyId: agencyIds.moda! }),
      mohw_admin: actorFor({ id: 'u-mohw-admin', role: 'agency_admin', agencyId: agencyIds.mohw! }),
      moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
      platform_admin: admin,
      platform_admin_by_token: { ...admin, via: 'token' },
      cli: systemActor('cli'),
    },
    {
      admin_overview: { allowed: ['platform_admin', 'platform_admin_by_token', 'cli'], input: {} },
      outbox_list: { allowed: ['platform_admin', 'platform_admin_by_token', 'cli'], input: {} },
      audit_list: { allowed: ['platform_admin', 'platform_admin_by_token', 'cli'], input: {} },
      audit_verify: { allowed: ['platform_admin', 'platform_admin_by_token', 'cli'], input: {} },
    },
  );
});
