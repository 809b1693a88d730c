// Who may do what: each action's policy and ownership checks, apart from the behaviour tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyAction } from '../../../core/action.js';
import { systemActor } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import { createTestPlatform, type TestPlatform } from '../../../../test/helpers.js';
import { endorseBy, insertUser, openProposal, setSettings, setupFixtures, submittedProposal, type Fixtures, type TestUser } from '../test-support.js';
import { petitionSettingsShow, petitionSettingsUpdate } from './petition_settings.js';
import { proposalCreate } from './proposal_create.js';
import { proposalDraftUpdate, proposalShare, proposalAttachmentAdd } from './proposal_draft.js';
import { proposalExtend } from './proposal_extend.js';
import { proposalFollowupUpdate } from './proposal_followup_update.js';
import { proposalInbox } from './proposal_inbox.js';
import { proposalMeetingAdd } from './proposal_meeting_add.js';
import { proposalRespond, proposalResponseDraftShow, proposalResponseSave } from './proposal_respond.js';
import { proposalAgenciesChange, proposalApprove, proposalHide, proposalReviewQueue } from './proposal_review.js';
import { proposalShow } from './proposal_show.js';
import { proposalSubmit } from './proposal_submit.js';
import { proposalSweep } from './proposal_sweep.js';
import { petitionsDb } from '../tables.js';

let t: TestPlatform;
let f: Fixtures;
let established: string;
let inReview: string;
let draft: string;
let otherProposer: TestUser;

before(async () => {
  t = await createTestPlatform();
  f = await setupFixtures(t);
  otherProposer = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), {});
  await setSettings(t, { rules: { stages: [{ threshold: 1, days: 30 }] } });
  established = await openProposal(t, f, { title: '權限測試成案', agencyCodes: ['moda', 'moe'] });
  await endorseBy(t, established, [f.citizen]);
  inReview = await submittedProposal(t, f, { title: '權限測試檢核中' });
  draft = (await t.deps.registry.call(proposalCreate, { title: '權限測試草稿' }, { actor: f.proposer.actor })).id;
});
after(() => t.close());

async function expectDenied(action: AnyAction, input: unknown, user: TestUser | null, code: string = user ? 'FORBIDDEN' : 'UNAUTHENTICATED'): Promise<void> {
  await assert.rejects(
    t.deps.registry.call(action, input, { actor: user?.actor ?? null }),
    (error: unknown) => error instanceof AppError && error.code === code,
    `${action.name} by ${user?.role ?? 'anonymous'} should be ${code}`,
  );
}

test('only moderators review; citizens and agency staff cannot approve, hide or change agencies', async () => {
  for (const user of [f.citizen, f.proposer, f.modaStaff, null]) {
    await expectDenied(proposalApprove, { proposalId: inReview }, user);
    await expectDenied(proposalHide, { proposalId: inReview, reasons: ['commercial'] }, user);
    await expectDenied(proposalAgenciesChange, { proposalId: inReview, agencyCodes: ['moe'] }, user);
    await expectDenied(proposalReviewQueue, {}, user);
  }
});

test('only the lead agency answers: co-organizer, other agencies, moderators and citizens are refused', async () => {
  const respond = { proposalId: established, outcome: 'adopt', reasons: '同意' };
  await expectDenied(proposalRespond, respond, f.moeStaff); // co-organizer
  const otherAgency = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { role: 'agency_admin', agencyId: f.agencies.motc });
  for (const user of [otherAgency, f.moeStaff]) {
    await expectDenied(proposalResponseSave, respond, user);
    await expectDenied(proposalExtend, { proposalId: established, newDueOn: '2026-06-01', reasons: 'x' }, user);
    await expectDenied(proposalMeetingAdd, { proposalId: established, heldOn: '2026-04-01', participants: 'x' }, user);
    await expectDenied(proposalResponseDraftShow, { proposalId: established }, user);
  }
  for (const user of [f.moderator, f.admin, f.citizen, f.proposer]) {
    await expectDenied(proposalRespond, respond, user);
    await expectDenied(proposalExtend, { proposalId: established, newDueOn: '2026-06-01', reasons: 'x' }, user);
    await expectDenied(proposalInbox, { filter: 'open' }, user);
  }
  await expectDenied(proposalRespond, respond, null);
  const inbox = await t.deps.registry.call(proposalInbox, { filter: 'all' }, { actor: otherAgency.actor });
  assert.equal(inbox.length, 0, 'an agency sees only its own proposals');
  // The lead agency's answer is accepted; then follow-up updates are the lead's too.
  await t.deps.registry.call(proposalRespond, { ...respond, followUps: [{ description: '辦理' }] }, { actor: f.modaStaff.actor });
  const view = await t.deps.registry.call(proposalShow, { proposalId: established }, { actor: null });
  const followupId = view.response!.followUps[0].id;
  await expectDenied(proposalFollowupUpdate, { proposalId: established, followupId, status: 'done' }, f.moeStaff);
  await expectDenied(proposalFollowupUpdate, { proposalId: established, followupId, status: 'done' }, f.citizen);
});

test('drafts belong to their proposer; unpublished proposals are visible to proposer and moderators only', async () => {
  for (const action of [proposalDraftUpdate, proposalShare, proposalSubmit]) {
    await expectDenied(action, { proposalId: draft }, otherProposer, 'NOT_FOUND');
  }
  await expectDenied(proposalAttachmentAdd, { proposalId: draft, filename: 'a.txt', data: new Uint8Array([65]) }, otherProposer, 'NOT_FOUND');
  await expectDenied(proposalShow, { proposalId: draft }, f.moderator, 'NOT_FOUND');
  await expectDenied(proposalShow, { proposalId: draft }, null, 'NOT_FOUND');
  await expectDenied(proposalShow, { proposalId: inReview }, f.citizen, 'NOT_FOUND');
  await expectDenied(proposalShow, { proposalId: inReview }, f.modaStaff, 'NOT_FOUND');
  assert.equal((await t.deps.registry.call(proposalShow, { proposalId: inReview }, { actor: f.moderator.actor })).status, 'in_review');
  assert.equal((await t.deps.registry.call(proposalShow, { proposalId: inReview }, { actor: f.proposer.actor })).status, 'in_review');
  await expectDenied(proposalCreate, { title: 'x' }, null);
  await expectDenied(proposalCreate, { title: 'x' }, f.moderator);
});

test('settings: moderators read, only platform admins change; the sweep runs only as the system', async () => {
  await t.deps.registry.call(petitionSettingsShow, {}, { actor: f.moderator.actor });
  await expectDenied(petitionSettingsShow, {}, f.citizen);
  await expectDenied(petitionSettingsUpdate, { endorserNeedsMobile: true }, f.moderator);
  await expectDenied(petitionSettingsUpdate, { endorserNeedsMobile: true }, f.modaStaff);
  await t.deps.registry.call(petitionSettingsUpdate, { uploadMaxFiles: 3 }, { actor: f.admin.actor });
  await expectDenied(proposalSweep, {}, f.admin);
  await expectDenied(proposalSweep, {}, null);
  await t.deps.registry.call(proposalSweep, {}, { actor: systemActor() });
});
