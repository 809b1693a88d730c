// Action tests: the whole life of a proposal through the registry, without HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../core/errors.js';
import { createTestPlatform, type TestPlatform } from '../../../../test/helpers.js';
import { systemActor } from '../../../core/actor.js';
import type { AnyAction } from '../../../core/action.js';
import { runSweep } from '../sweep.js';
import { countEndorsementRows } from '../queries.js';
import { endorseBy, insertUser, openProposal, outbox, setSettings, setupFixtures, submittedProposal, proposalInput, type Fixtures, type TestUser } from '../test-support.js';
import { proposalComment, proposalDraftComment } from './proposal_comment.js';
import { proposalCreate } from './proposal_create.js';
import { proposalDraftUpdate, proposalDraftView, proposalShare } from './proposal_draft.js';
import { proposalEndorse } from './proposal_endorse.js';
import { proposalEndorsementWithdraw } from './proposal_endorsement_withdraw.js';
import { proposalExtend } from './proposal_extend.js';
import { proposalFollowupUpdate } from './proposal_followup_update.js';
import { proposalInbox } from './proposal_inbox.js';
import { proposalList } from './proposal_list.js';
import { proposalMeetingAdd } from './proposal_meeting_add.js';
import { proposalRespond, proposalResponseSave } from './proposal_respond.js';
import { proposalApprove, proposalHide, proposalMarkDuplicate, proposalReviewQueue } from './proposal_review.js';
import { proposalSimilar } from './proposal_similar.js';
import { proposalCount, proposalShow } from './proposal_show.js';
import { proposalStats } from './proposal_stats.js';
import { proposalSubmit } from './proposal_submit.js';
import { proposalExport } from './proposal_export.js';
import { petitionsDb } from '../tables.js';
import { allTables } from '../../../../test/all-tables.js';

let t: TestPlatform;
let f: Fixtures;

before(async () => {
  t = await createTestPlatform();
  f = await setupFixtures(t);
});
after(() => t.close());

function call<A extends AnyAction>(action: A, input: unknown, user: TestUser | null): Promise<Awaited<ReturnType<A['run']>>> {
  return t.deps.registry.call(action, input, { actor: user?.actor ?? null });
}

async function refused(promise: Promise<unknown>, code: string, message?: string, field?: string): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, `${error.code} ${error.message}`);
    if (message) assert.equal(error.message, message);
    if (field) assert.ok(error.fields.some((e) => e.field === field), `no error on ${field}: ${JSON.stringify(error.fields)}`);
    return error;
  }
  assert.fail('expected the action to be refused');
}

test('full life: draft, shared draft, review, endorsement, 成案, extensions, meeting, response, follow-up', async () => {
  await setSettings(t, { rules: { stages: [{ threshold: 3, days: 60 }] } });
  t.clock.set('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Taipei

  // Draft with the title only, then filled in, shared, commented on.
  const draft = await call(proposalCreate, { title: '  國家圖書館電子書  ' }, f.proposer);
  assert.equal(draft.status, 'draft');
  await call(proposalDraftUpdate, { proposalId: draft.id, content: '<script>alert(1)</script>開放**電子書**借閱\n\n- 一\n- 二', benefits: '人人可讀', agencyCodes: ['moda', 'moe'] }, f.proposer);
  const shared = await call(proposalShare, { proposalId: draft.id }, f.proposer);
  assert.ok(shared.shareToken);
  await call(proposalDraftComment, { shareToken: shared.shareToken!, body: '建議補充預算來源' }, f.citizen);
  const view = await call(proposalDraftView, { shareToken: shared.shareToken! }, null);
  assert.equal(view.title, '國家圖書館電子書');
  assert.equal(view.content, '<script>alert(1)</script>開放**電子書**借閱\n\n- 一\n- 二', 'stored as written; pages escape it');
  assert.equal(view.comments.length, 1);
  await refused(call(proposalShow, { proposalId: draft.id }, f.citizen), 'NOT_FOUND');

  // Submission: review is due 3 working days after the day of submission.
  const submitted = await call(proposalSubmit, { proposalId: draft.id }, f.proposer);
  assert.equal(submitted.reviewDueOn, '2026-03-05');
  await refused(call(proposalDraftView, { shareToken: shared.shareToken! }, null), 'NOT_FOUND', 'petitions.share_link_invalid');
  const queue = await call(proposalReviewQueue, {}, f.moderator);
  assert.deepEqual(queue.map((q) => [q.id, q.overdue]), [[draft.id, false]]);
  assert.equal((await outbox(petitionsDb(t.deps.services.db), f.proposer.email)).length, 1, 'the proposer is told the proposal is in review');

  // Approval on Tuesday: endorsement opens Wednesday.
  t.clock.set('2026-03-03T03:00:00.000Z');
  const approved = await call(proposalApprove, { proposalId: draft.id }, f.moderator);
  assert.equal(approved.endorsementOpensOn, '2026-03-04');
  await refused(call(proposalEndorse, { proposalId: draft.id }, f.citizen), 'CONFLICT', 'petitions.endorse.not_open_yet');
  t.clock.set('2026-03-04T01:00:00.000Z');
  const similar = await call(proposalSimilar, { title: '電子書借閱' }, null);
  assert.equal(similar[0]?.id, draft.id);

  const [first] = await endorseBy(t, draft.id, [f.citizen]);
  assert.deepEqual(first, { count: 1, established: false, status: 'endorsing' });
  await refused(call(proposalEndorse, { proposalId: draft.id }, f.citizen), 'CONFLICT', 'petitions.endorse.already');
  const others = [await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false }), await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false })];
  await call(proposalEndorse, { proposalId: draft.id, comment: '支持！', follow: true }, others[0]);
  const third = await call(proposalEndorse, { proposalId: draft.id }, others[1]);
  assert.deepEqual(third, { count: 3, established: true, status: 'established' });
  // Endorsement stays open after 成案 (keepOpenAfterThreshold), and the count goes on.
  const fourth = await call(proposalEndorse, { proposalId: draft.id }, f.moderator);
  assert.deepEqual(fourth, { count: 4, established: false, status: 'established' });
  const staffMail = await outbox(petitionsDb(t.deps.services.db), f.modaStaff.email);
  assert.equal(staffMail.length, 1, 'the lead agency hears about 成案');
  assert.match(staffMail[0].subject, /成案/);
  assert.equal((await outbox(petitionsDb(t.deps.services.db), f.moeStaff.email)).length, 1, 'so does the co-organizer');
  assert.ok((await outbox(petitionsDb(t.deps.services.db), others[0].email)).some((m) => /成案/.test(m.subject)), 'followers hear about each step');
  await call(proposalComment, { proposalId: draft.id, body: '期待機關回應' }, f.citizen);

  // The inbox shows it to both agencies; only the lead answers.
  const inbox = await call(proposalInbox, { filter: 'open' }, f.moeStaff);
  assert.equal(inbox[0].role, 'co');
  assert.equal(inbox[0].responseDueOn, '2026-05-03');
  await refused(call(proposalRespond, { proposalId: draft.id, outcome: 'adopt', reasons: '同意' }, f.moeStaff), 'FORBIDDEN', 'petitions.not_your_agency');
  await call(proposalResponseSave, { proposalId: draft.id, reasons: '研議中' }, f.modaStaff);
  await refused(call(proposalRespond, { proposalId: draft.id }, f.modaStaff), 'INVALID', 'petitions.respond.incomplete', 'outcome');

  // Two extensions of at most two months each, then no more.
  await refused(call(proposalExtend, { proposalId: draft.id, newDueOn: '2026-07-04', reasons: '需跨部會協調' }, f.modaStaff), 'INVALID', 'petitions.extend.too_far', 'newDueOn');
  const ext1 = await call(proposalExtend, { proposalId: draft.id, newDueOn: '2026-07-03', reasons: '需跨部會協調' }, f.modaStaff);
  assert.equal(ext1.extensionCount, 1);
  await call(proposalExtend, { proposalId: draft.id, newDueOn: '2026-08-01', reasons: '需辦理公聽會' }, f.modaStaff);
  await refused(call(proposalExtend, { proposalId: draft.id, newDueOn: '2026-08-20', reasons: '再延' }, f.modaStaff), 'CONFLICT', 'petitions.extend.limit');

  await call(proposalMeetingAdd, { proposalId: draft.id, heldOn: '2026-05-20', participants: '提議人、數位發展部資源管理司', minutesUrl: 'https://example.tw/minutes.pdf' }, f.modaStaff);
  t.clock.set('2026-06-01T02:00:00.000Z');
  const answered = await call(
    proposalRespond,
    {
      proposalId: draft.id,
      outcome: 'partial',
      reasons: '部分參採：先於三個縣市試辦。',
      followUps: [
        { description: '試辦計畫', dueOn: '2026-09-30' },
        { description: '成效評估', dueOn: '2027-03-31' },
      ],
    },
    f.modaStaff,
  );
  assert.deepEqual(answered, { id: draft.id, status: 'answered', outcome: 'partial', onTime: true });
  await refused(call(proposalRespond, { proposalId: draft.id, outcome: 'adopt', reasons: 'x' }, f.modaStaff), 'CONFLICT', 'petitions.respond.already');
  await refused(call(proposalEndorse, { proposalId: draft.id }, f.admin), 'CONFLICT', 'petitions.endorse.closed_established');

  const shown = await call(proposalShow, { proposalId: draft.id }, null);
  assert.equal(shown.status, 'answered');
  assert.equal(shown.response?.outcome, 'partial');
  assert.equal(shown.response?.followUps.length, 2);
  assert.equal(shown.extensions.length, 2);
  assert.equal(shown.meetings.length, 1);
  assert.equal(shown.endorsementCount, 4);
  assert.deepEqual(
    shown.timeline.map((e) => e.kind),
    ['submitted', 'approved', 'established', 'extended', 'extended', 'meeting_added', 'responded'],
  );
  assert.equal(shown.endorsementComments[0].comment, '支持！');
  await call(proposalFollowupUpdate, { proposalId: draft.id, followupId: shown.response!.followUps[0].id, status: 'in_progress', note: '已選定試辦縣市' }, f.modaStaff);
  const afterUpdate = await call(proposalShow, { proposalId: draft.id }, null);
  assert.equal(afterUpdate.response?.followUps[0].status, 'in_progress');

  // Discussion: 3 days after the response for feedback, then closed.
  t.clock.set('2026-06-04T15:00:00.000Z');
  await call(proposalComment, { proposalId: draft.id, body: '謝謝回應' }, f.citizen);
  t.clock.set('2026-06-04T16:00:00.000Z');
  await refused(call(proposalComment, { proposalId: draft.id, body: '太晚了' }, f.citizen), 'CONFLICT', 'petitions.discussion.closed');

  const audit = await allTables(petitionsDb(t.deps.services.db)).selectFrom('audit_log').select('action').where('subject_id', '=', draft.id).orderBy('seq').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['proposal_submit', 'proposal_approve', 'proposal_established', 'proposal_extend', 'proposal_extend', 'proposal_meeting_add', 'proposal_respond', 'proposal_followup_update'],
  );
  const rows = await countEndorsementRows(petitionsDb(t.deps.services.db), draft.id);
  assert.equal(rows, 4);
  const stats = await call(proposalStats, {}, null);
  const moda = stats.agencies.find((a) => a.code === 'moda')!;
  assert.equal(moda.answeredOnTime, 1);
  assert.equal(moda.extended, 1);
  assert.equal(moda.outcomes.partial, 1);
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }] } });
});

test('hidden branch: the proposer is told why, the public cannot see or endorse it, statistics count it', async () => {
  t.clock.set('2026-03-09T02:00:00.000Z');
  const original = await openProposal(t, f, { title: '機車停車格應依比例設置' });
  const id = await submittedProposal(t, f, { title: '廣告：買我的產品' });
  await refused(call(proposalHide, { proposalId: id, reasons: [] }, f.moderator), 'INVALID');
  await refused(call(proposalHide, { proposalId: id, reasons: ['duplicate'] }, f.moderator), 'INVALID', undefined, 'duplicateOf');
  const hidden = await call(proposalHide, { proposalId: id, reasons: ['commercial', 'unclear_or_personal'], note: '內容為商業廣告' }, f.moderator);
  assert.deepEqual(hidden.reasons, ['commercial', 'unclear_or_personal']);
  const mail = await outbox(petitionsDb(t.deps.services.db), f.proposer.email);
  const notice = mail.find((m) => m.body.includes('商業或廣告'));
  assert.ok(notice, `the proposer hears the reason: ${mail.map((m) => m.body).join('\n---\n')}`);
  await refused(call(proposalShow, { proposalId: id }, f.citizen), 'NOT_FOUND');
  await refused(call(proposalShow, { proposalId: id }, null), 'NOT_FOUND');
  assert.deepEqual((await call(proposalShow, { proposalId: id }, f.proposer)).hiddenReasons, ['commercial', 'unclear_or_personal']);
  assert.equal((await call(proposalShow, { proposalId: id }, f.moderator)).status, 'hidden');
  await refused(call(proposalEndorse, { proposalId: id }, f.citizen), 'NOT_FOUND', 'petitions.not_found');
  const list = await call(proposalList, {}, null);
  assert.ok(!list.items.some((p) => p.id === id));

  // Marked as a duplicate, with the link kept for the proposer.
  const dup = await submittedProposal(t, f, { title: '機車停車格要依比例' });
  await call(proposalMarkDuplicate, { proposalId: dup, duplicateOf: `http://localhost:3000/proposals/${original}` }, f.moderator);
  const dupView = await call(proposalShow, { proposalId: dup }, f.proposer);
  assert.equal(dupView.duplicateOf, original);
  const stats = await call(proposalStats, {}, null);
  assert.ok(stats.hiddenByReason.commercial >= 1);
  assert.ok(stats.hiddenByReason.duplicate >= 1);
  const exported = await call(proposalExport, { dataset: 'proposals' }, null);
  assert.ok(!exported.rows.some((r) => r.id === id), 'hidden proposals are not open data');
});

test('expired branch: the window ends without 成案; the sweep stores 未成案 and notifies once', async () => {
  t.clock.set('2026-04-01T02:00:00.000Z');
  const id = await openProposal(t, f, { title: '增設自行車道' }); // opens 2 April, last day 31 May
  await endorseBy(t, id, [f.citizen]);
  const watcher = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false });
  await call(proposalEndorse, { proposalId: id, follow: true }, watcher);
  t.clock.set('2026-05-31T15:59:00.000Z');
  await call(proposalEndorse, { proposalId: id }, f.moeStaff);
  t.clock.set('2026-05-31T16:00:00.000Z');
  await refused(call(proposalEndorse, { proposalId: id }, f.modaStaff), 'CONFLICT', 'petitions.endorse.closed');
  await refused(call(proposalEndorsementWithdraw, { proposalId: id }, f.citizen), 'CONFLICT', 'petitions.endorse.closed');
  assert.equal((await call(proposalCount, { proposalId: id }, null)).status, 'not_established', 'derived before the sweep runs');
  const before = (await outbox(petitionsDb(t.deps.services.db), watcher.email)).length;
  const first = await runSweep(t.deps);
  assert.ok(first.transitions >= 1);
  const second = await runSweep(t.deps);
  assert.equal(second.transitions, 0);
  assert.equal(second.notices, 0, 'running the sweep twice sends nothing twice');
  const mails = await outbox(petitionsDb(t.deps.services.db), watcher.email);
  assert.equal(mails.length, before + 1);
  assert.match(mails[mails.length - 1].subject, /未成案/);
  const row = await allTables(petitionsDb(t.deps.services.db)).selectFrom('proposals').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { status: 'not_established', closed_at: '2026-05-31T16:00:00.000Z' });
  const shown = await call(proposalShow, { proposalId: id }, null);
  assert.equal(shown.discussionOpen, false);
  assert.equal(shown.timeline.at(-1)?.kind, 'not_established');
  if (t.deps.registry.has('package_show')) {
    const entry = await t.deps.registry.call('package_show', { id: 'citizen-proposals' }, { actor: systemActor() });
    assert.ok(JSON.stringify(entry).includes('/proposals/data/proposals.csv'), 'the sweep lists the open data in the catalog');
  }
});

test('sweep: review overdue and response due soon/overdue notices go out once per deadline', async () => {
  t.clock.set('2026-06-08T02:00:00.000Z'); // Monday
  await setSettings(t, { rules: { stages: [{ threshold: 1, days: 30 }] } });
  const waiting = await submittedProposal(t, f, { title: '審查逾期測試' });
  const established = await openProposal(t, f, { title: '回應期限測試', agencyCodes: ['moda'] });
  await endorseBy(t, established, [f.citizen]);
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }] } });
  await runSweep(t.deps);
  const count = async (to: string) => (await outbox(petitionsDb(t.deps.services.db), to)).length;
  const modBefore = await count(f.moderator.email);
  const staffBefore = await count(f.modaStaff.email);

  t.clock.set('2026-06-12T02:00:00.000Z'); // review was due Thursday 11 June
  await runSweep(t.deps);
  await runSweep(t.deps);
  assert.equal(await count(f.moderator.email), modBefore + 1, 'one review-overdue notice per moderator');
  const queue = await call(proposalReviewQueue, {}, f.moderator);
  assert.equal(queue.find((q) => q.id === waiting)?.overdue, true);

  t.clock.set('2026-08-02T02:00:00.000Z'); // due 8 August: within the 7-day warning
  await runSweep(t.deps);
  await runSweep(t.deps);
  assert.equal(await count(f.modaStaff.email), staffBefore + 1);
  t.clock.set('2026-08-10T02:00:00.000Z');
  await runSweep(t.deps);
  await runSweep(t.deps);
  const staffMail = await outbox(petitionsDb(t.deps.services.db), f.modaStaff.email);
  assert.equal(staffMail.length, staffBefore + 2);
  assert.match(staffMail.at(-1)!.subject, /逾期/);
  const inbox = await call(proposalInbox, { filter: 'open' }, f.modaStaff);
  assert.equal(inbox.find((p) => p.id === established)?.overdue, true);
  await refused(call(proposalExtend, { proposalId: established, newDueOn: '2026-09-01', reasons: '來不及' }, f.modaStaff), 'CONFLICT', 'petitions.extend.deadline_passed');
});

test('bad input and abuse: each refusal says why', async () => {
  t.clock.set('2026-09-07T02:00:00.000Z');
  const before = await allTables(petitionsDb(t.deps.services.db)).selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // Missing fields and too many agencies.
  const incomplete = await refused(call(proposalCreate, { title: '只有標題', submit: true }, f.proposer), 'INVALID', 'petitions.submit.incomplete');
  assert.deepEqual(incomplete.fields.map((e) => e.field).sort(), ['agencyCodes', 'benefits', 'content']);
  await refused(call(proposalCreate, { ...proposalInput, agencyCodes: ['moda', 'moe', 'motc', 'moenv'], submit: true }, f.proposer), 'INVALID', undefined, 'agencyCodes');
  await refused(call(proposalCreate, { ...proposalInput, agencyCodes: ['moda', 'nope'] }, f.proposer), 'INVALID', undefined, 'agencyCodes');
  await refused(call(proposalCreate, { ...proposalInput, agencyCodes: ['moda', 'moda'] }, f.proposer), 'INVALID', undefined, 'agencyCodes');
  await refused(call(proposalCreate, { ...proposalInput, title: '' }, f.proposer), 'INVALID', undefined, 'title');
  await refused(call(proposalCreate, { ...proposalInput, links: [{ url: 'javascript:alert(1)' }] }, f.proposer), 'INVALID', undefined, 'links.0.url');
  // A refused submission leaves no draft behind.
  const after = await allTables(petitionsDb(t.deps.services.db)).selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));

  // Proposer verification: profile fields, email AND mobile verified, nationality.
  const unverified = await refused(call(proposalCreate, { ...proposalInput, submit: true }, f.citizen), 'FORBIDDEN', 'petitions.verify.proposer');
  assert.deepEqual(
    unverified.fields.map((e) => e.field),
    ['verification.name', 'verification.nickname', 'verification.phone', 'verification.mobile', 'verification.address', 'verification.mobile_verified'],
  );
  const foreigner = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { nationality: 'other' });
  await refused(call(proposalCreate, { ...proposalInput, submit: true }, foreigner), 'FORBIDDEN', 'petitions.verify.proposer', 'verification.nationality');
  await refused(call(proposalCreate, { ...proposalInput, submit: true }, f.modaStaff), 'FORBIDDEN');

  // Endorser verification.
  const id = await openProposal(t, f, { title: '驗證測試' });
  const noEmail = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false, emailVerified: false });
  await refused(call(proposalEndorse, { proposalId: id }, noEmail), 'FORBIDDEN', 'petitions.verify.endorser', 'verification.email_verified');
  await refused(call(proposalEndorse, { proposalId: id }, foreigner), 'FORBIDDEN', 'petitions.verify.endorser', 'verification.nationality');
  await setSettings(t, { endorserNeedsMobile: true });
  await refused(call(proposalEndorse, { proposalId: id }, f.citizen), 'FORBIDDEN', 'petitions.verify.endorser', 'verification.mobile_verified');
  await setSettings(t, { endorserNeedsMobile: false });
  const resident = await insertUser(petitionsDb(t.deps.services.db), t.clock.now().toISOString(), { complete: false, nationality: 'residence_permit' });
  await call(proposalEndorse, { proposalId: id }, resident);
  await refused(t.deps.registry.call(proposalEndorse, { proposalId: id }, { actor: null }), 'UNAUTHENTICATED');
  await refused(call(proposalEndorse, { proposalId: 'no-such-proposal' }, f.citizen), 'NOT_FOUND');
  await refused(call(proposalEndorse, { proposalId: id, comment: 'x'.repeat(501) }, f.citizen), 'INVALID', undefined, 'comment');

  // Withdrawing while open works once.
  await call(proposalEndorse, { proposalId: id }, f.citizen);
  assert.deepEqual(await call(proposalEndorsementWithdraw, { proposalId: id }, f.citizen), { count: 1 });
  await refused(call(proposalEndorsementWithdraw, { proposalId: id }, f.citizen), 'NOT_FOUND', 'petitions.endorse.not_endorsed');
  assert.equal(await countEndorsementRows(petitionsDb(t.deps.services.db), id), 1);

  // Election freeze: no proposing, no endorsing; running windows are extended.
  await setSettings(t, { elections: [{ date: '2026-11-28', label: '地方公職人員選舉' }] }); // frozen 29 Sep – 29 Nov
  t.clock.set('2026-10-01T02:00:00.000Z');
  await refused(call(proposalCreate, { ...proposalInput, submit: true }, f.proposer), 'CONFLICT', 'petitions.frozen');
  await refused(call(proposalEndorse, { proposalId: id }, f.citizen), 'CONFLICT', 'petitions.endorse.frozen');
  const frozen = await call(proposalCount, { proposalId: id }, null);
  assert.equal(frozen.phase, 'frozen');
  t.clock.set('2026-11-30T02:00:00.000Z');
  await call(proposalEndorse, { proposalId: id }, f.citizen);
  await setSettings(t, { elections: [] });
});

test('concurrency: parallel endorsements around the threshold establish exactly once and count exactly', async () => {
  t.clock.set('2026-12-07T02:00:00.000Z');
  await setSettings(t, { rules: { stages: [{ threshold: 20, days: 60 }] } });
  const id = await openProposal(t, f, { title: '並行附議測試' });
  await setSettings(t, { rules: { stages: [{ threshold: 5000, days: 60 }] } });
  const now = t.clock.now().toISOString();
  const people = await Promise.all(Array.from({ length: 40 }, () => insertUser(petitionsDb(t.deps.services.db), now, { complete: false })));
  // Everyone at once, and a third of them twice.
  const attempts = [...people, ...people.slice(0, 13)].map((p) => call(proposalEndorse, { proposalId: id }, p).then(
    (r) => ({ ok: true as const, r }),
    (e: unknown) => ({ ok: false as const, e }),
  ));
  const results = await Promise.all(attempts);
  const ok = results.filter((r) => r.ok);
  const conflicts = results.filter((r) => !r.ok);
  assert.equal(ok.length, 40);
  assert.equal(conflicts.length, 13);
  for (const c of conflicts) assert.equal(((c as { e: AppError }).e).message, 'petitions.endorse.already');
  assert.equal(ok.filter((r) => r.ok && r.r.established).length, 1, 'exactly one transaction establishes');
  const row = await allTables(petitionsDb(t.deps.services.db)).selectFrom('proposals').select(['endorsement_count', 'status', 'stage']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(Number(row.endorsement_count), 40);
  assert.equal(await countEndorsementRows(petitionsDb(t.deps.services.db), id), 40);
  assert.equal(row.status, 'established');
  const events = await allTables(petitionsDb(t.deps.services.db)).selectFrom('proposal_events').select('kind').where('proposal_id', '=', id).where('kind', '=', 'established').execute();
  assert.equal(events.length, 1);
});

test('the sweep is system-only', async () => {
  const { proposalSweep } = await import('./proposal_sweep.js');
  await refused(call(proposalSweep, {}, f.admin), 'FORBIDDEN');
  await t.deps.registry.call(proposalSweep, {}, { actor: systemActor() });
});
