// Who may run the identity module's restricted actions (the matrix must name every one).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { actorFor, admin, createTestApp, type TestApp } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast } from '../../../test/permission-matrix.js';
import { allTables } from '../../../test/all-tables.js';
import { seedAgencies } from '../agencies/test-support.js';
import { AppError } from '../../core/errors.js';
import { oidcClientCreate } from './actions/clients.js';
import { identityModule } from './manifest.js';

let t: TestApp;
let cast: Cast;
let clientId: string;
let modaId: string;

const clientInput = (agencyId: string) => ({
  name: '數位部介接系統',
  agencyId,
  redirectUris: ['https://rp.example.tw/cb'],
  scopes: ['openid', 'email'],
  claims: ['email'],
  sector: 'moda',
  authMethod: 'client_secret_basic',
});

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
  const db = allTables(t.deps.services.db);
  modaId = (await db.selectFrom('agencies').select('id').where('code', '=', 'moda').executeTakeFirstOrThrow()).id;
  const moiId = (await db.selectFrom('agencies').select('id').where('code', '=', 'moi').executeTakeFirstOrThrow()).id;
  cast = {
    anonymous: null,
    citizen: actorFor({ id: 'u-citizen', role: 'citizen' }, { sessionId: 's-citizen' }),
    citizen_by_token: actorFor({ id: 'u-citizen', role: 'citizen' }, { via: 'token' }),
    agency_staff: actorFor({ id: 'u-staff', role: 'agency_staff', agencyId: modaId }),
    agency_admin: actorFor({ id: 'u-agency-admin', role: 'agency_admin', agencyId: modaId }),
    other_agency_admin: actorFor({ id: 'u-other-admin', role: 'agency_admin', agencyId: moiId }),
    moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
    platform_admin: actorFor({ id: 'u-admin', role: 'platform_admin' }),
    cli: admin,
  };
  const created = await t.deps.registry.call(oidcClientCreate, clientInput(modaId), { actor: admin });
  clientId = created.client.clientId;
  await db.insertInto('identity_consents').values({ user_id: 'u-citizen', client_id: clientId, scopes: 'openid email', grant_id: 'g-1', granted_at: '2026-03-02T02:00:00.000Z', updated_at: '2026-03-02T02:00:00.000Z' }).execute();
});

after(async () => {
  await t?.close();
});

test('identity permission matrix', async () => {
  const sessions = ['citizen', 'agency_staff', 'agency_admin', 'other_agency_admin', 'moderator', 'platform_admin', 'cli'];
  const managers = ['agency_admin', 'platform_admin', 'cli'];
  const hiddenFromOtherAgency = { refusedAsFor: { other_agency_admin: 'NOT_FOUND' as const } };
  await assertPermissionMatrix(t.deps.registry, identityModule.actions, cast, {
    oidc_client_list: { allowed: [...managers, 'other_agency_admin'], input: {} },
    oidc_client_show: { allowed: managers, input: { clientId }, ...hiddenFromOtherAgency },
    oidc_client_create: { allowed: managers, input: clientInput(modaId) },
    oidc_client_update: { allowed: managers, input: { clientId, changes: clientInput(modaId) }, ...hiddenFromOtherAgency },
    oidc_client_secret_rotate: { allowed: managers, input: { clientId }, ...hiddenFromOtherAgency },
    oidc_client_set_disabled: { allowed: managers, input: { clientId, disabled: true }, ...hiddenFromOtherAgency },
    oidc_consent_list: { allowed: sessions, input: {} },
    oidc_consent_record: { allowed: sessions, input: { clientId, grantId: 'g-2', scopes: ['openid'] } },
    oidc_consent_revoke: { allowed: ['citizen'], input: { clientId }, refusedAs: 'NOT_FOUND', refusedAsFor: { citizen_by_token: 'FORBIDDEN' } },
    oidc_authorization_context: { allowed: sessions, input: { clientId } },
    identity_keys_rotate: { allowed: ['cli'], input: {} },
  });
});

test('only the operator gives an RP the public subject; an agency admin registers only for their agency', async () => {
  const agencyAdmin = cast.agency_admin!;
  await assert.rejects(
    t.deps.registry.call(oidcClientCreate, { ...clientInput(modaId), publicSubject: true }, { actor: agencyAdmin }),
    (e: AppError) => e.code === 'FORBIDDEN' && e.message === 'identity.public_subject_operator_only',
  );
  await assert.rejects(t.deps.registry.call(oidcClientCreate, { ...clientInput(modaId), agencyId: undefined }, { actor: agencyAdmin }), (e: AppError) => e.code === 'FORBIDDEN');
  const created = await t.deps.registry.call(oidcClientCreate, { ...clientInput(modaId), publicSubject: true }, { actor: cast.platform_admin! });
  assert.equal(created.client.publicSubject, true);
});
