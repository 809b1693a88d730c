// Who may run each restricted petitions action, on which proposal (the matrix must name every one).
// The cast covers the object-level cases: the proposal's author against another citizen, citizens
// missing a verification, the lead agency against the co-organizer and another agency, moderators,
// and the author signing in with an API token (petitions accepts tokens wherever it accepts sessions).
import { after, before, test } from 'node:test';
import type { Actor } from '../../core/actor.js';
import { systemActor } from '../../core/actor.js';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast, type MatrixRow } from '../../../test/permission-matrix.js';
import { proposalCreate } from './actions/proposal_create.js';
import { proposalAttachmentGet, proposalShare } from './actions/proposal_draft.js';
import { proposalEndorse } from './actions/proposal_endorse.js';
import { proposalFollow } from './actions/proposal_follow.js';
import { proposalHide } from './actions/proposal_review.js';
import { proposalCount, proposalShow } from './actions/proposal_show.js';
import { proposalSweep } from './actions/proposal_sweep.js';
import { petitionsModule } from './manifest.js';
import { endorseBy, insertUser, openProposal, setSettings, setupFixtures, submittedProposal, type Fixtures } from './test-support.js';
import { petitionsDb } from './tables.js';

let t: TestPlatform;
let f: Fixtures;
let cast: Cast;
const ids = { draft: '', shareToken: '', inReview: '', hidden: '', endorsing: '', established: '' };

const signedIn = ['proposer', 'proposer_token', 'citizen', 'citizen_mobile_unverified', 'citizen_email_unverified', 'lead_staff', 'lead_admin', 'co_staff', 'other_agency', 'moderator', 'platform_admin'];
const everyone = ['anonymous', ...signedIn];
const citizens = ['proposer', 'proposer_token', 'citizen', 'citizen_mobile_unverified', 'citizen_email_unverified'];
const emailVerified = signedIn.filter((who) => who !== 'citizen_email_unverified');
const author = ['proposer', 'proposer_token'];
const moderators = ['moderator', 'platform_admin'];
const leadAgency = ['lead_staff', 'lead_admin'];
const agencies = [...leadAgency, 'co_staff', 'other_agency'];
/** Agency actions on a proposal agencies may not see yet: hidden from every agency, lead included. */
const hiddenFromAgencies = Object.fromEntries(agencies.map((who) => [who, 'NOT_FOUND' as const]));

const call = (action: Parameters<TestPlatform['deps']['registry']['call']>[0], input: unknown, actor: Actor) => t.deps.registry.call(action, input, { actor });

before(async () => {
  t = await createTestPlatform();
  f = await setupFixtures(t);
  const db = petitionsDb(t.deps.services.db);
  const now = t.clock.now().toISOString();
  const citizen = await insertUser(db, now, {});
  const emailUnverified = await insertUser(db, now, { emailVerified: false, complete: false });
  const leadAdmin = await insertUser(db, now, { role: 'agency_admin', agencyId: f.agencies.moda });
  const otherAgency = await insertUser(db, now, { role: 'agency_admin', agencyId: f.agencies.motc });
  cast = {
    anonymous: null,
    proposer: f.proposer.actor,
    proposer_token: { ...f.proposer.actor, via: 'token' },
    citizen: citizen.actor,
    citizen_mobile_unverified: f.citizen.actor,
    citizen_email_unverified: emailUnverified.actor,
    lead_staff: f.modaStaff.actor,
    lead_admin: leadAdmin.actor,
    co_staff: f.moeStaff.actor,
    other_agency: otherAgency.actor,
    moderator: f.moderator.actor,
    platform_admin: f.admin.actor,
  };
  // One endorsement makes a proposal 成案, so the fixture reaches the agency's part quickly.
  await setSettings(t, { rules: { stages: [{ threshold: 1, days: 30 }] } });
  ids.draft = (await call(proposalCreate, { title: '權限草稿', agencyCodes: ['moda'] }, f.proposer.actor)).id;
  ids.shareToken = (await call(proposalShare, { proposalId: ids.draft }, f.proposer.actor)).shareToken!;
  ids.inReview = await submittedProposal(t, f, { title: '權限檢核中' });
  ids.hidden = await submittedProposal(t, f, { title: '權限隱藏' });
  await call(proposalHide, { proposalId: ids.hidden, reasons: ['commercial'] }, f.moderator.actor);
  ids.endorsing = await openProposal(t, f, { title: '權限附議中', agencyCodes: ['moda', 'moe'] });
  ids.established = await openProposal(t, f, { title: '權限成案', agencyCodes: ['moda', 'moe'] });
  await endorseBy(t, ids.established, [citizen]);
});

after(async () => {
  await t?.close();
});

function rows(): Record<string, MatrixRow> {
  const respond = { proposalId: ids.established, outcome: 'adopt', reasons: '同意辦理' };
  return {
    proposal_create: { allowed: citizens, input: { title: '新提議' } },
    proposal_draft_update: { allowed: author, input: { proposalId: ids.draft, title: '改過的標題' }, refusedAs: 'NOT_FOUND' },
    proposal_share: { allowed: author, input: { proposalId: ids.draft }, refusedAs: 'NOT_FOUND' },
    proposal_attachment_add: { allowed: author, input: { proposalId: ids.draft, filename: 'a.txt', data: new Uint8Array([65]) }, refusedAs: 'NOT_FOUND' },
    proposal_attachment_remove: { allowed: author, input: { proposalId: ids.draft, attachmentId: 'none' }, refusedAs: 'NOT_FOUND' },
    proposal_attachment_get: { allowed: author, input: { proposalId: ids.draft, attachmentId: 'none' }, refusedAs: 'NOT_FOUND' },
    // The proposer's verification is checked before ownership: an incomplete citizen is told what is missing.
    proposal_submit: {
      allowed: author,
      input: { proposalId: ids.draft },
      refusedAs: 'NOT_FOUND',
      refusedAsFor: { citizen_mobile_unverified: 'FORBIDDEN', citizen_email_unverified: 'FORBIDDEN' },
    },
    proposal_draft_comment: { allowed: emailVerified, input: { shareToken: ids.shareToken, body: '建議補充' } },
    proposal_approve: { allowed: moderators, input: { proposalId: ids.inReview } },
    proposal_hide: { allowed: moderators, input: { proposalId: ids.inReview, reasons: ['commercial'] } },
    proposal_mark_duplicate: { allowed: moderators, input: { proposalId: ids.inReview, duplicateOf: ids.endorsing } },
    proposal_agencies_change: { allowed: moderators, input: { proposalId: ids.inReview, agencyCodes: ['moe'] } },
    proposal_review_queue: { allowed: moderators, input: {} },
    proposal_endorse: { allowed: emailVerified, input: { proposalId: ids.endorsing } },
    proposal_endorsement_withdraw: { allowed: signedIn, input: { proposalId: ids.endorsing } },
    proposal_follow: { allowed: signedIn, input: { proposalId: ids.endorsing } },
    proposal_unfollow: { allowed: signedIn, input: { proposalId: ids.endorsing } },
    proposal_comment: { allowed: emailVerified, input: { proposalId: ids.endorsing, body: '支持' } },
    proposal_response_save: { allowed: leadAgency, input: respond },
    proposal_respond: { allowed: leadAgency, input: respond },
    proposal_response_draft_show: { allowed: leadAgency, input: { proposalId: ids.established } },
    proposal_extend: { allowed: leadAgency, input: { proposalId: ids.established, newDueOn: '2026-07-01', reasons: '需跨部會研商' } },
    proposal_meeting_add: { allowed: leadAgency, input: { proposalId: ids.established, heldOn: '2026-04-01', participants: '提議人、承辦人' } },
    proposal_followup_update: { allowed: leadAgency, input: { proposalId: ids.established, followupId: 'none', status: 'done' } },
    proposal_mine: { allowed: signedIn, input: {} },
    proposal_show: { allowed: everyone, input: { proposalId: ids.endorsing } },
    proposal_count: { allowed: everyone, input: { proposalId: ids.endorsing } },
    proposal_proposer_readiness: { allowed: signedIn, input: {} },
    proposal_inbox: { allowed: agencies, input: { filter: 'open' } },
    proposal_sweep: { allowed: [], input: {} },
    petition_settings_show: { allowed: moderators, input: {} },
    petition_settings_update: { allowed: ['platform_admin'], input: { uploadMaxFiles: 3 } },
  };
}

test('petitions permission matrix', async () => {
  await assertPermissionMatrix(t.deps.registry, petitionsModule.actions, cast, rows());
});

test('unpublished proposals: drafts are the author’s, in review and hidden ones the author’s and moderators’', async () => {
  const actions = [proposalShow];
  await assertPermissionMatrix(t.deps.registry, actions, cast, { proposal_show: { allowed: author, input: { proposalId: ids.draft }, refusedAs: 'NOT_FOUND' } });
  await assertPermissionMatrix(t.deps.registry, actions, cast, { proposal_show: { allowed: [...author, ...moderators], input: { proposalId: ids.inReview }, refusedAs: 'NOT_FOUND' } });
  await assertPermissionMatrix(t.deps.registry, actions, cast, { proposal_show: { allowed: [...author, ...moderators], input: { proposalId: ids.hidden }, refusedAs: 'NOT_FOUND' } });
  await assertPermissionMatrix(t.deps.registry, [proposalFollow], cast, { proposal_follow: { allowed: [...author, ...moderators], input: { proposalId: ids.inReview }, refusedAs: 'NOT_FOUND' } });
  await assertPermissionMatrix(t.deps.registry, [proposalCount], cast, { proposal_count: { allowed: [], input: { proposalId: ids.inReview }, refusedAs: 'NOT_FOUND' } });
  await assertPermissionMatrix(t.deps.registry, [proposalEndorse], cast, { proposal_endorse: { allowed: [], input: { proposalId: ids.inReview }, refusedAs: 'NOT_FOUND' } });
});

test('files: the share link opens a draft’s files to anyone who holds it; a published proposal’s files are public', async () => {
  const actions = [proposalAttachmentGet];
  await assertPermissionMatrix(t.deps.registry, actions, cast, { proposal_attachment_get: { allowed: everyone, input: { proposalId: ids.draft, attachmentId: 'none', shareToken: ids.shareToken } } });
  await assertPermissionMatrix(t.deps.registry, actions, cast, { proposal_attachment_get: { allowed: everyone, input: { proposalId: ids.endorsing, attachmentId: 'none' } } });
});

test('agencies never see a proposal before it is published, the lead agency included', async () => {
  const byName = (name: string) => petitionsModule.actions.filter((a) => a.name === name);
  for (const name of ['proposal_respond', 'proposal_extend', 'proposal_meeting_add', 'proposal_followup_update']) {
    const input = { ...(rows()[name].input as Record<string, unknown>), proposalId: ids.inReview };
    await assertPermissionMatrix(t.deps.registry, byName(name), cast, { [name]: { allowed: [], input, refusedAsFor: hiddenFromAgencies } });
  }
});

test('moderators review submitted proposals only: a draft is not theirs to see', async () => {
  const approve = petitionsModule.actions.filter((a) => a.name === 'proposal_approve');
  await assertPermissionMatrix(t.deps.registry, approve, cast, { proposal_approve: { allowed: [], input: { proposalId: ids.draft }, refusedAsFor: { moderator: 'NOT_FOUND', platform_admin: 'NOT_FOUND' } } });
});

test('the sweep runs as the system only', async () => {
  await assertPermissionMatrix(t.deps.registry, [proposalSweep], { ...cast, system: systemActor(), cli: systemActor('cli') }, { proposal_sweep: { allowed: ['system', 'cli'], input: {} } });
});

test('when the operator requires a verified mobile, endorsers without one are refused', async () => {
  await setSettings(t, { endorserNeedsMobile: true });
  try {
    await assertPermissionMatrix(t.deps.registry, [proposalEndorse], cast, {
      proposal_endorse: { allowed: emailVerified.filter((who) => who !== 'citizen_mobile_unverified'), input: { proposalId: ids.endorsing } },
    });
  } finally {
    await setSettings(t, { endorserNeedsMobile: false });
  }
});
