import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOfTaipeiDay } from '../../core/calendar.js';
import {
  checkExtension,
  discussionState,
  dueTransition,
  effectiveStatus,
  endorsementStartOn,
  endorsementState,
  freezeOn,
  isReviewOverdue,
  latestExtensionDate,
  notEstablishedAt,
  responseDueOnFor,
  responseDueSoon,
  responseState,
  reviewDueOn,
  reviewStartOn,
  stageDeadlines,
  stagesReached,
  type ProposalFacts,
} from './model.js';
import { calendarFor, defaultSettings, mergeSettings, parseRules, type PetitionRules } from './settings.js';

const settings = defaultSettings();
const cal = calendarFor(settings);
const rules = settings.rules;
/** Noon in Taipei on a calendar day. */
const noon = (day: string) => new Date(startOfTaipeiDay(day).getTime() + 12 * 3600_000);

function facts(overrides: Partial<ProposalFacts> = {}): ProposalFacts {
  return {
    status: 'endorsing',
    rules,
    submittedAt: '2026-02-25T02:00:00.000Z',
    approvedAt: '2026-03-02T02:00:00.000Z',
    endorsementCount: 0,
    stage: 0,
    establishedAt: null,
    responseDueOn: null,
    extensionCount: 0,
    respondedAt: null,
    closedAt: null,
    ...overrides,
  };
}

test('settings: defaults are the spec numbers and stored rows override them', () => {
  assert.equal(rules.reviewWorkingDays, 3);
  assert.deepEqual(rules.stages, [{ threshold: 5000, days: 60 }]);
  assert.equal(rules.keepOpenAfterThreshold, true);
  assert.equal(rules.responseDays, 60);
  assert.equal(rules.extensionMaxMonths, 2);
  assert.equal(rules.maxExtensions, 2);
  assert.equal(rules.discussionDaysAfterResponse, 3);
  assert.equal(settings.endorserNeedsMobile, false);
  const merged = mergeSettings([
    { key: 'rules', value: JSON.stringify({ reviewWorkingDays: 5 }) },
    { key: 'endorserNeedsMobile', value: 'true' },
    { key: 'uploadMaxFiles', value: '"not a number"' },
    { key: 'unknown', value: '1' },
  ]);
  assert.equal(merged.rules.reviewWorkingDays, 5);
  assert.equal(merged.rules.responseDays, 60, 'missing rule keys keep their default');
  assert.equal(merged.endorserNeedsMobile, true);
  assert.equal(merged.uploadMaxFiles, 5, 'an invalid stored value falls back to the default');
  assert.deepEqual(parseRules('not json'), rules);
});

test('review: starts the day after submission, 3 working days, Taipei dates', () => {
  // Friday 2026-03-06: Monday, Tuesday, Wednesday.
  assert.equal(reviewStartOn('2026-03-06T03:00:00.000Z'), '2026-03-07');
  assert.equal(reviewDueOn('2026-03-06T03:00:00.000Z', rules, cal), '2026-03-11');
  // 17:30 UTC on Thursday is already Friday 01:30 in Taipei.
  assert.equal(reviewDueOn('2026-03-05T17:30:00.000Z', rules, cal), '2026-03-11');
  assert.equal(reviewDueOn('2026-03-05T15:59:59.999Z', rules, cal), '2026-03-10');
  // Across a month end.
  assert.equal(reviewDueOn('2026-01-30T02:00:00.000Z', rules, cal), '2026-02-04');
  // Holidays: Children's Day and Tomb Sweeping Day (3 and 6 April 2026 off).
  assert.equal(reviewDueOn('2026-04-02T02:00:00.000Z', rules, cal), '2026-04-09');
  // Lunar New Year 2026: 16–20 February off.
  assert.equal(reviewDueOn('2026-02-13T02:00:00.000Z', rules, cal), '2026-02-25');
  // A makeup Saturday counts as a working day.
  assert.equal(reviewDueOn('2025-02-07T02:00:00.000Z', rules, cal), '2025-02-11');
  // An operator's extra holiday (a typhoon day) and a 5-working-day setting.
  const typhoon = calendarFor(mergeSettings([{ key: 'extraHolidays', value: JSON.stringify(['2026-03-10']) }]));
  assert.equal(reviewDueOn('2026-03-06T03:00:00.000Z', rules, typhoon), '2026-03-12');
  assert.equal(reviewDueOn('2026-03-06T03:00:00.000Z', { reviewWorkingDays: 5 }, cal), '2026-03-13');
  assert.equal(isReviewOverdue('2026-03-11', noon('2026-03-11')), false);
  assert.equal(isReviewOverdue('2026-03-11', new Date('2026-03-11T16:00:00.000Z')), true, 'midnight in Taipei');
});

test('endorsement: opens the day after approval, 60 days, across month ends', () => {
  assert.equal(endorsementStartOn('2026-03-02T02:00:00.000Z'), '2026-03-03');
  assert.deepEqual(stageDeadlines('2026-03-03', rules, cal), ['2026-05-01']);
  // Approved 23:30 on 31 January in Taipei: the window starts 1 February.
  assert.equal(endorsementStartOn('2026-01-31T15:30:00.000Z'), '2026-02-01');
  assert.deepEqual(stageDeadlines('2026-01-31', rules, cal), ['2026-03-31']);
  // Leap year: 29 February 2028 counts.
  assert.deepEqual(stageDeadlines('2028-01-01', rules, cal), ['2028-02-29']);

  const f = facts();
  const approvalDay = endorsementState(f, noon('2026-03-02'), cal);
  assert.equal(approvalDay.phase, 'not_started');
  const first = endorsementState(f, noon('2026-03-03'), cal);
  assert.equal(first.phase, 'open');
  assert.equal(first.daysLeft, 60);
  assert.equal(first.target, 5000);
  const last = endorsementState(f, noon('2026-05-01'), cal);
  assert.equal(last.phase, 'open');
  assert.equal(last.daysLeft, 1);
  const after = endorsementState(f, new Date('2026-05-01T16:00:00.000Z'), cal);
  assert.equal(after.phase, 'closed');
  assert.equal(after.outcome, 'not_established');
  assert.equal(effectiveStatus(f, noon('2026-05-02'), cal), 'not_established');
  assert.deepEqual(dueTransition(f, noon('2026-05-02'), cal), { kind: 'not_established', at: '2026-05-01T16:00:00.000Z' });
  assert.equal(dueTransition(f, noon('2026-05-01'), cal), null);
  assert.equal(notEstablishedAt(f, cal), '2026-05-01T16:00:00.000Z');
});

test('endorsement: after 成案 it stays open until the window ends, unless the setting says otherwise', () => {
  const established = facts({ status: 'established', stage: 1, endorsementCount: 5000, establishedAt: '2026-03-20T02:00:00.000Z', responseDueOn: '2026-05-19' });
  const open = endorsementState(established, noon('2026-04-01'), cal);
  assert.equal(open.phase, 'open');
  assert.equal(open.outcome, 'established');
  assert.equal(open.closesOn, '2026-05-01');
  assert.equal(endorsementState(established, noon('2026-05-02'), cal).phase, 'closed');
  const closedAtThreshold = { ...established, rules: { ...rules, keepOpenAfterThreshold: false } };
  assert.equal(endorsementState(closedAtThreshold, noon('2026-04-01'), cal).phase, 'closed');
  const answered = { ...established, status: 'answered' as const, respondedAt: '2026-04-10T02:00:00.000Z' };
  assert.equal(endorsementState(answered, noon('2026-04-11'), cal).phase, 'closed');
  assert.equal(dueTransition(established, noon('2026-06-01'), cal), null, '成案 never becomes 未成案');
  for (const status of ['draft', 'in_review', 'hidden'] as const) {
    assert.equal(endorsementState(facts({ status }), noon('2026-03-10'), cal).phase, 'not_public');
  }
});

test('endorsement: multi-stage thresholds (250 in 15 days, then 5,000 in the next 30)', () => {
  const staged: PetitionRules = { ...rules, stages: [{ threshold: 250, days: 15 }, { threshold: 5000, days: 30 }] };
  assert.deepEqual(stageDeadlines('2026-03-03', staged, cal), ['2026-03-17', '2026-04-16']);
  assert.equal(stagesReached(249, staged), 0);
  assert.equal(stagesReached(250, staged), 1);
  assert.equal(stagesReached(5000, staged), 2);
  const stage0 = facts({ rules: staged, endorsementCount: 100 });
  const s = endorsementState(stage0, noon('2026-03-10'), cal);
  assert.equal(s.target, 250);
  assert.equal(s.finalTarget, 5000);
  assert.equal(s.closesOn, '2026-03-17');
  assert.equal(endorsementState(stage0, noon('2026-03-18'), cal).outcome, 'not_established');
  assert.equal(notEstablishedAt(stage0, cal), startOfTaipeiDay('2026-03-18').toISOString());
  const stage1 = facts({ rules: staged, endorsementCount: 300, stage: 1 });
  const s1 = endorsementState(stage1, noon('2026-03-18'), cal);
  assert.equal(s1.phase, 'open');
  assert.equal(s1.target, 5000);
  assert.equal(s1.closesOn, '2026-04-16');
  assert.equal(endorsementState(stage1, noon('2026-04-17'), cal).outcome, 'not_established');
});

test('election freeze: proposing and endorsing pause, running windows are extended by the paused days', () => {
  // Election on 15 January 2028: frozen from 60 days before (16 November 2027) to the day after (16 January).
  const frozenCal = calendarFor(mergeSettings([{ key: 'elections', value: JSON.stringify([{ date: '2028-01-15', label: '總統副總統及立法委員選舉' }]) }]));
  assert.deepEqual(frozenCal.freezes, [{ start: '2027-11-16', end: '2028-01-16', label: '總統副總統及立法委員選舉' }]);
  assert.equal(freezeOn('2027-11-15', frozenCal), null);
  assert.equal(freezeOn('2027-11-16', frozenCal)?.label, '總統副總統及立法委員選舉');
  assert.ok(freezeOn('2028-01-16', frozenCal));
  assert.equal(freezeOn('2028-01-17', frozenCal), null);

  // Approved 31 October 2027: 15 days run before the freeze, the other 45 after it.
  const f = facts({ approvedAt: '2027-10-31T02:00:00.000Z', submittedAt: '2027-10-27T02:00:00.000Z' });
  assert.deepEqual(stageDeadlines('2027-11-01', rules, frozenCal), ['2028-03-01']);
  assert.deepEqual(stageDeadlines('2027-11-01', rules, cal), ['2027-12-30'], 'no freeze: 60 plain days');
  assert.equal(endorsementState(f, noon('2027-11-15'), frozenCal).phase, 'open');
  const frozen = endorsementState(f, noon('2027-12-01'), frozenCal);
  assert.equal(frozen.phase, 'frozen');
  assert.equal(frozen.freeze?.end, '2028-01-16');
  assert.equal(endorsementState(f, noon('2027-12-31'), frozenCal).outcome, null, 'not 未成案 while the deadline is pushed');
  assert.equal(endorsementState(f, noon('2028-01-17'), frozenCal).phase, 'open');
  assert.equal(endorsementState(f, noon('2028-03-01'), frozenCal).phase, 'open');
  assert.equal(endorsementState(f, noon('2028-03-02'), frozenCal).outcome, 'not_established');
  // Approved during the freeze: the window starts counting after it.
  assert.deepEqual(stageDeadlines('2027-12-01', rules, frozenCal), ['2028-03-16']);
});

test('response: due 60 calendar days after the day of 成案', () => {
  assert.equal(responseDueOnFor('2026-03-10T05:00:00.000Z', rules), '2026-05-09');
  assert.equal(responseDueOnFor('2026-03-10T16:30:00.000Z', rules), '2026-05-10', '00:30 on 11 March in Taipei');
  assert.equal(responseDueOnFor('2026-12-31T02:00:00.000Z', rules), '2027-03-01');
  const f = facts({ status: 'established', stage: 1, establishedAt: '2026-03-10T05:00:00.000Z', responseDueOn: '2026-05-09' });
  const waiting = responseState(f, noon('2026-05-02'));
  assert.equal(waiting?.daysLeft, 8);
  assert.equal(waiting?.overdue, false);
  assert.equal(responseDueSoon(waiting, 7), false);
  assert.equal(responseDueSoon(responseState(f, noon('2026-05-03')), 7), true);
  const late = responseState(f, noon('2026-05-12'));
  assert.equal(late?.overdue, true);
  assert.equal(late?.daysOverdue, 3);
  assert.equal(responseDueSoon(late, 7), false);
  const onTime = responseState({ ...f, status: 'answered', respondedAt: '2026-05-09T15:59:00.000Z' }, noon('2026-06-01'));
  assert.equal(onTime?.onTime, true);
  assert.equal(onTime?.overdue, false);
  const lateAnswer = responseState({ ...f, status: 'answered', respondedAt: '2026-05-09T16:00:00.000Z' }, noon('2026-06-01'));
  assert.equal(lateAnswer?.onTime, false);
  assert.equal(responseState(facts(), noon('2026-03-10')), null);
});

test('extensions: later than the deadline, at most 2 months each, at most 2, before the deadline passes', () => {
  const f = facts({ status: 'established', stage: 1, establishedAt: '2026-03-10T05:00:00.000Z', responseDueOn: '2026-05-09' });
  const today = noon('2026-05-01');
  assert.equal(latestExtensionDate('2026-05-09', rules), '2026-07-09');
  assert.equal(checkExtension(f, '2026-07-09', today), null);
  assert.deepEqual(checkExtension(f, '2026-07-10', today), { key: 'petitions.extend.too_far', params: { latest: '2026-07-09', months: 2 } });
  assert.deepEqual(checkExtension(f, '2026-05-09', today), { key: 'petitions.extend.not_later', params: { dueOn: '2026-05-09' } });
  assert.equal(checkExtension(f, '2026-06-01', noon('2026-05-09'))?.key ?? null, null, 'the last day still counts');
  assert.deepEqual(checkExtension(f, '2026-06-01', noon('2026-05-10')), { key: 'petitions.extend.deadline_passed', params: { dueOn: '2026-05-09' } });
  assert.deepEqual(checkExtension({ ...f, extensionCount: 2 }, '2026-06-01', today), { key: 'petitions.extend.limit', params: { max: 2 } });
  assert.equal(checkExtension({ ...f, extensionCount: 1 }, '2026-06-01', today), null);
  assert.deepEqual(checkExtension({ ...f, status: 'answered', respondedAt: '2026-04-01T00:00:00.000Z' }, '2026-06-01', today), { key: 'petitions.extend.answered' });
  assert.deepEqual(checkExtension(facts(), '2026-06-01', today), { key: 'petitions.extend.not_established' });
  // Month ends clamp: two months after 31 December is 28 February.
  assert.equal(latestExtensionDate('2026-12-31', rules), '2027-02-28');
  assert.equal(latestExtensionDate('2027-12-31', rules), '2028-02-29');
});

test('discussion: open from publication until 3 days after the response', () => {
  assert.equal(discussionState(facts({ status: 'in_review' }), noon('2026-03-10'), cal).open, false);
  assert.equal(discussionState(facts({ status: 'hidden' }), noon('2026-03-10'), cal).open, false);
  assert.equal(discussionState(facts(), noon('2026-03-10'), cal).open, true);
  assert.equal(discussionState(facts(), noon('2026-05-02'), cal).open, false, 'closes when the window ends without 成案');
  const established = facts({ status: 'established', stage: 1, establishedAt: '2026-03-10T05:00:00.000Z', responseDueOn: '2026-05-09' });
  assert.equal(discussionState(established, noon('2026-06-30'), cal).open, true);
  const answered = { ...established, status: 'answered' as const, respondedAt: '2026-06-01T02:00:00.000Z', closedAt: '2026-06-01T02:00:00.000Z' };
  assert.deepEqual(discussionState(answered, noon('2026-06-04'), cal), { open: true, closesOn: '2026-06-04' });
  assert.equal(discussionState(answered, noon('2026-06-05'), cal).open, false);
  const longer = { ...answered, rules: { ...rules, discussionDaysAfterResponse: 0 } };
  assert.equal(discussionState(longer, noon('2026-06-02'), cal).open, false);
});
