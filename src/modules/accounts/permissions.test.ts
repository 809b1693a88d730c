// Who may run the accounts module's restricted actions. One's own sessions, tokens and passkeys are
// one's own: anyone else (a platform admin included) is told they are not there. Account security
// (tokens, passkeys) needs a browser session, not an API token. Roles are given by platform admins,
// and by agency admins within their own agency only; nobody changes their own role.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../../core/actor.js';
import { newId } from '../../core/ids.js';
import { actorFor, createTestApp, type TestApp } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast, type MatrixRow } from '../../../test/permission-matrix.js';
import { seedAgencies } from '../agencies/test-support.js';
import { accountSignIn } from './actions/sign-in.js';
import { apiTokenCreate } from './actions/tokens.js';
import { userCreate } from './actions/users.js';
import { accountsModule } from './manifest.js';
import { accountsDb } from './tables.js';
import { allTables } from '../../../test/all-tables.js';

const PASSWORD = 'permission-matrix-password';

let t: TestApp;
let cast: Cast;
let ids: Record<'citizen' | 'modaStaff' | 'mohwStaff' | 'modaAdmin', string>;
let owned: { session: string; token: string; passkey: string };

const SIGNED_IN = ['citizen', 'citizen_by_token', 'citizen_email_unverified', 'other_citizen', 'moda_staff', 'moda_admin', 'mohw_admin', 'moderator', 'platform_admin', 'cli'];
const BY_SESSION = SIGNED_IN.filter((who) => who !== 'citizen_by_token');
const PLATFORM = ['platform_admin', 'cli'];

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
  const cli = systemActor('cli');
  const create = async (email: string, role: 'citizen' | 'agency_staff' | 'agency_admin', agencyCode?: string) =>
    (await t.deps.registry.call(userCreate, { email, password: PASSWORD, role, ...(agencyCode && { agencyCode }) }, { actor: cli })).userId;
  ids = {
    citizen: await create('citizen@perm.test', 'citizen'),
    modaStaff: await create('moda-staff@perm.test', 'agency_staff', 'moda'),
    mohwStaff: await create('mohw-staff@perm.test', 'agency_staff', 'mohw'),
    modaAdmin: await create('moda-admin@perm.test', 'agency_admin', 'moda'),
  };
  const agencies = Object.fromEntries((await allTables(t.deps.services.db).selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
  const citizen = actorFor({ id: ids.citizen, role: 'citizen' });
  cast = {
    anonymous: null,
    citizen,
    citizen_by_token: { ...citizen, via: 'token' },
    citizen_email_unverified: actorFor({ id: 'u-unverified', role: 'citizen' }, { emailVerified: false }),
    other_citizen: actorFor({ id: 'u-other', role: 'citizen' }),
    moda_staff: actorFor({ id: ids.modaStaff, role: 'agency_staff', agencyId: agencies.moda }),
    moda_admin: actorFor({ id: ids.modaAdmin, role: 'agency_admin', agencyId: agencies.moda }),
    mohw_admin: actorFor({ id: 'u-mohw-admin', role: 'agency_admin', agencyId: agencies.mohw }),
    moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
    platform_admin: actorFor({ id: 'u-admin', role: 'platform_admin' }),
    cli,
  };
  const signedIn = await t.deps.registry.call(accountSignIn, { email: 'citizen@perm.test', password: PASSWORD }, { actor: null });
  assert.ok(signedIn.ok);
  const token = await t.deps.registry.call(apiTokenCreate, { name: 'matrix' }, { actor: citizen });
  const passkey = newId();
  await accountsDb(t.deps.services.db)
    .insertInto('passkeys')
    .values({ id: passkey, user_id: ids.citizen, credential_id: 'matrix-credential', public_key: 'AA', counter: 0, transports: null, name: 'matrix', created_at: new Date().toISOString(), last_used_at: null, suspended_at: null })
    .execute();
  owned = { session: signedIn.session.sessionId, token: token.id, passkey };
  // Step-up works on the caller's own live session, with a verified mobile to send the code to.
  citizen.sessionId = signedIn.session.sessionId;
  await accountsDb(t.deps.services.db).updateTable('users').set({ mobile: '0912345678', mobile_verified_at: new Date().toISOString() }).where('id', '=', ids.citizen).execute();
});

/** Step-up needs a live browser session of one's own: every other signed-in caller has none. */
const withoutOwnSession = () => Object.fromEntries(BY_SESSION.filter((who) => who !== 'citizen').map((who) => [who, 'UNAUTHENTICATED' as const]));

after(async () => {
  await t?.close();
});

const only = (names: string[]) => accountsModule.actions.filter((a) => names.includes(a.name));

function rows(): Record<string, MatrixRow> {
  return {
    account_resend_verification: { allowed: SIGNED_IN, input: {} },
    session_list: { allowed: SIGNED_IN, input: {} },
    me_show: { allowed: SIGNED_IN, input: {} },
    me_update: { allowed: SIGNED_IN, input: { nickname: '新暱稱' } },
    mobile_code_send: { allowed: SIGNED_IN, input: { mobile: '0912345678' } },
    mobile_code_verify: { allowed: SIGNED_IN, input: { code: '123456' } },
    account_delete: { allowed: SIGNED_IN, input: { password: PASSWORD } },
    api_token_list: { allowed: SIGNED_IN, input: {} },
    api_token_create: { allowed: BY_SESSION, input: { name: 'another' } },
    passkey_registration_options: { allowed: BY_SESSION, input: {} },
    passkey_register: {
      allowed: BY_SESSION,
      input: { name: 'laptop', response: { id: 'AA', rawId: 'AA', type: 'public-key', response: { clientDataJSON: 'AA', attestationObject: 'AA' }, clientExtensionResults: {} } },
    },
    passkey_list: { allowed: SIGNED_IN, input: {} },
    user_list: { allowed: ['moda_admin', 'mohw_admin', ...PLATFORM], input: { page: 1, pageSize: 25 } },
    user_create: { allowed: PLATFORM, input: { email: 'new@perm.test', password: PASSWORD, role: 'citizen' } },
    // Making a citizen staff of one's own agency.
    user_set_role: { allowed: ['moda_admin', ...PLATFORM], input: { userId: ids.citizen, role: 'agency_staff', agencyCode: 'moda' } },
    // Someone else's session or token reads as absent.
    session_revoke: { allowed: ['citizen', 'citizen_by_token'], input: { sessionId: owned.session }, refusedAs: 'NOT_FOUND' },
    api_token_revoke: { allowed: ['citizen', 'citizen_by_token'], input: { tokenId: owned.token }, refusedAs: 'NOT_FOUND' },
    // Someone else's passkey too; and an API token may not delete one, not even its owner's.
    step_up_status: { allowed: ['citizen'], input: {}, refusedAsFor: withoutOwnSession() },
    step_up_code_send: { allowed: ['citizen'], input: {}, refusedAsFor: withoutOwnSession() },
    step_up_verify: { allowed: ['citizen'], input: { password: PASSWORD, code: '123456' }, refusedAsFor: withoutOwnSession() },
    passkey_delete: { allowed: ['citizen'], input: { id: owned.passkey }, refusedAs: 'NOT_FOUND', refusedAsFor: { citizen_by_token: 'FORBIDDEN' } },
    passkey_confirm: { allowed: ['citizen'], input: { id: owned.passkey }, refusedAs: 'NOT_FOUND', refusedAsFor: { citizen_by_token: 'FORBIDDEN' } },
  };
}

test('accounts permission matrix', async () => {
  await assertPermissionMatrix(t.deps.registry, accountsModule.actions, cast, rows());
});

test('accounts: role changes an agency admin may not make', async () => {
  const { moda_admin: modaAdmin } = cast;
  const judge = { anonymous: null, moda_admin: modaAdmin! };
  const refused = (input: Record<string, unknown>) => assertPermissionMatrix(t.deps.registry, only(['user_set_role']), judge, { user_set_role: { allowed: [], input } });
  await refused({ userId: ids.mohwStaff, role: 'citizen' }); // another agency's staff
  await refused({ userId: ids.modaStaff, role: 'agency_staff', agencyCode: 'mohw' }); // moving staff away
  await refused({ userId: ids.citizen, role: 'agency_admin', agencyCode: 'moda' }); // a role above staff
  await refused({ userId: ids.modaAdmin, role: 'agency_staff', agencyCode: 'moda' }); // their own role
  await assertPermissionMatrix(t.deps.registry, only(['user_set_role']), judge, { user_set_role: { allowed: ['moda_admin'], input: { userId: ids.modaStaff, role: 'citizen' } } });
  // Not even a platform admin changes their own role.
  await assertPermissionMatrix(t.deps.registry, only(['user_set_role']), { platform_admin: actorFor({ id: ids.modaAdmin, role: 'platform_admin' }) }, {
    user_set_role: { allowed: [], input: { userId: ids.modaAdmin, role: 'citizen' } },
  });
});
