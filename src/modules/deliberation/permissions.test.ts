// Who may run the deliberation module's restricted actions: a conversation's own agency, platform
// moderators and admins manage it; participants vote and write while the participation rule lets them.
import { after, before, test } from 'node:test';
import { systemActor } from '../../core/actor.js';
import { actorFor, createTestApp, type TestApp } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast } from '../../../test/permission-matrix.js';
import { deliberationModule } from './manifest.js';
import { createAgencies, createConversation } from './test-support.js';

let t: TestApp;
let cast: Cast;
/** Verified citizens only; participants' statements allowed. */
let verifiedOnly: string;
/** Anyone signed in; statements from its managers only. */
let managersWrite: string;

const MANAGERS = ['moda_staff', 'moda_admin', 'moderator', 'platform_admin', 'cli'];
const SIGNED_IN = ['citizen', 'citizen_email_unverified', 'citizen_mobile_unverified', 'citizen_by_token', 'moi_staff', 'moi_admin', ...MANAGERS];

before(async () => {
  t = await createTestApp();
  const agencies = await createAgencies(t.deps);
  cast = {
    anonymous: null,
    citizen: actorFor({ id: 'u-citizen', role: 'citizen' }),
    citizen_email_unverified: actorFor({ id: 'u-unverified', role: 'citizen' }, { emailVerified: false }),
    citizen_mobile_unverified: actorFor({ id: 'u-no-mobile', role: 'citizen' }, { mobileVerified: false }),
    citizen_by_token: actorFor({ id: 'u-token', role: 'citizen' }, { via: 'token' }),
    moda_staff: actorFor({ id: 'u-moda-staff', role: 'agency_staff', agencyId: agencies.moda }),
    moda_admin: actorFor({ id: 'u-moda-admin', role: 'agency_admin', agencyId: agencies.moda }),
    moi_staff: actorFor({ id: 'u-moi-staff', role: 'agency_staff', agencyId: agencies.moi }),
    moi_admin: actorFor({ id: 'u-moi-admin', role: 'agency_admin', agencyId: agencies.moi }),
    moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
    platform_admin: actorFor({ id: 'u-admin', role: 'platform_admin' }),
    cli: systemActor('cli'),
  };
  const owner = cast.moda_staff!;
  verifiedOnly = (await createConversation(t.deps, owner, { participation: 'verified' })).id;
  managersWrite = (await createConversation(t.deps, owner, { participantStatements: false })).id;
});

after(async () => {
  await t?.close();
});

test('deliberation permission matrix', async () => {
  await assertPermissionMatrix(t.deps.registry, deliberationModule.actions, cast, {
    deliberation_create: { allowed: MANAGERS, input: { agencyCode: 'moda', topic: '權限測試' } },
    deliberation_import: { allowed: MANAGERS, input: { agencyCode: 'moda', topic: '權限測試', comments: [], votes: [] } },
    deliberation_update: { allowed: MANAGERS, input: { conversationId: verifiedOnly, changes: { topic: '新題目' } } },
    deliberation_moderation_queue: { allowed: MANAGERS, input: { conversationId: verifiedOnly } },
    deliberation_statement_moderate: { allowed: MANAGERS, input: { conversationId: verifiedOnly, number: 0, decision: 'reject' } },
    deliberation_statement_meta: { allowed: MANAGERS, input: { conversationId: verifiedOnly, number: 0, meta: true } },
    deliberation_recompute: { allowed: MANAGERS, input: { conversationId: verifiedOnly } },
    // Everyone signed in with a verified mobile number, by session or by API token.
    deliberation_vote: { allowed: SIGNED_IN.filter((who) => who !== 'citizen_mobile_unverified'), input: { conversationId: verifiedOnly, statement: 0, vote: 'agree' } },
    deliberation_statement_submit: { allowed: MANAGERS, input: { conversationId: managersWrite, body: '一則新的意見' } },
  });
});

test('deliberation: participants write statements where the conversation takes them', async () => {
  await assertPermissionMatrix(t.deps.registry, deliberationModule.actions.filter((a) => a.name === 'deliberation_statement_submit'), cast, {
    deliberation_statement_submit: { allowed: SIGNED_IN.filter((who) => who !== 'citizen_mobile_unverified'), input: { conversationId: verifiedOnly, body: '一則新的意見' } },
  });
});

test('deliberation: a conversation that does not exist is NOT_FOUND for its managers too', async () => {
  await assertPermissionMatrix(t.deps.registry, deliberationModule.actions.filter((a) => a.name === 'deliberation_update'), cast, {
    deliberation_update: { allowed: [], refusedAs: 'NOT_FOUND', input: { conversationId: '00000000-0000-0000-0000-000000000000', changes: { topic: '新題目' } } },
  });
});
