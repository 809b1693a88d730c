// Who may run the agency directory's restricted actions (the matrix must name every one).
import { after, before, test } from 'node:test';
import { actorFor, createTestApp, type TestApp } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast } from '../../../test/permission-matrix.js';
import { agenciesModule } from './manifest.js';
import { seedAgencies } from './seed.js';
import { agenciesDb } from './tables.js';

let t: TestApp;
let cast: Cast;

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
  const moda = await agenciesDb(t.deps.services.db).selectFrom('agencies').select('id').where('code', '=', 'moda').executeTakeFirstOrThrow();
  cast = {
    anonymous: null,
    citizen: actorFor({ id: 'u-citizen', role: 'citizen' }),
    agency_staff: actorFor({ id: 'u-staff', role: 'agency_staff', agencyId: moda.id }),
    agency_admin: actorFor({ id: 'u-agency-admin', role: 'agency_admin', agencyId: moda.id }),
    moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
    platform_admin: actorFor({ id: 'u-admin', role: 'platform_admin' }),
  };
});

after(async () => {
  await t?.close();
});

test('agency directory permission matrix', async () => {
  await assertPermissionMatrix(t.deps.registry, agenciesModule.actions, cast, {
    agency_create: { allowed: ['platform_admin'], input: { code: 'perm-test', nameZh: '權限測試署', nameEn: 'Permission Test Agency', kind: 'central' } },
    agency_update: {
      allowed: ['platform_admin'],
      input: { currentCode: 'moda', changes: { code: 'moda', nameZh: '數位發展部', nameEn: 'Ministry of Digital Affairs', parentCode: 'ey', kind: 'central' } },
    },
  });
});
