// Pure rules of citizen proposals: the state machine and every deadline, as functions of stored
// facts, the clock's "now" and the calendar (working days, holidays, election freezes). No I/O.
// Dates are Asia/Taipei calendar days (LocalDate); a deadline day counts in full.
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  compareDates,
  daysBetween,
  extendByFreezes,
  isFrozen,
  startOfTaipeiDay,
  taipeiDateOf,
  type CalendarConfig,
  type Freeze,
  type LocalDate,
} from '../../core/calendar.js';
import type { PetitionRules } from './settings.js';
import type { ProposalStatus } from './tables.js';

export interface ProposalFacts {
  status: ProposalStatus;
  rules: PetitionRules;
  submittedAt: string | null;
  approvedAt: string | null;
  endorsementCount: number;
  /** Stages whose threshold has been reached. */
  stage: number;
  establishedAt: string | null;
  responseDueOn: LocalDate | null;
  extensionCount: number;
  respondedAt: string | null;
  closedAt: string | null;
}

/** Statuses the public can see. */
export const publicStatuses: readonly ProposalStatus[] = ['endorsing', 'established', 'not_established', 'answered'];
export const isPublicStatus = (s: ProposalStatus): boolean => publicStatuses.includes(s);

const dayOf = (iso: string): LocalDate => taipeiDateOf(new Date(iso));

/** Days from today to a deadline, counting both: 1 on the last day, 0 once it has passed. */
export function daysLeftUntil(today: LocalDate, deadline: LocalDate): number {
  return Math.max(0, daysBetween(today, deadline) + 1);
}

// ---------------------------------------------------------------------------------------------
// Proposing

/** The freeze that covers `today`, if any: proposing and endorsing pause during it. */
export function freezeOn(today: LocalDate, cal: CalendarConfig): Freeze | null {
  if (!isFrozen(today, cal)) return null;
  return cal.freezes.find((f) => compareDates(f.start, today) <= 0 && compareDates(today, f.end) <= 0) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Review (檢核)

/** Review starts the day after submission. */
export function reviewStartOn(submittedAt: string): LocalDate {
  return addCalendarDays(dayOf(submittedAt), 1);
}

/** The last day of review: the n-th working day after the day of submission. */
export function reviewDueOn(submittedAt: string, rules: Pick<PetitionRules, 'reviewWorkingDays'>, cal: CalendarConfig): LocalDate {
  return addWorkingDays(dayOf(submittedAt), rules.reviewWorkingDays, cal);
}

export function isReviewOverdue(dueOn: LocalDate, now: Date): boolean {
  return compareDates(taipeiDateOf(now), dueOn) > 0;
}

// ---------------------------------------------------------------------------------------------
// Endorsement (附議)

/** Endorsement opens the day after approval. */
export function endorsementStartOn(approvedAt: string): LocalDate {
  return addCalendarDays(dayOf(approvedAt), 1);
}

/**
 * The last day of each stage. Stages follow one another from the start day (stage i ends after the
 * days of stages 0..i), and every frozen day inside a window pushes its end one day later.
 */
export function stageDeadlines(startOn: LocalDate, rules: Pick<PetitionRules, 'stages'>, cal: CalendarConfig): LocalDate[] {
  let total = 0;
  return rules.stages.map((stage) => {
    total += stage.days;
    return extendByFreezes(addCalendarDays(startOn, total - 1), startOn, cal);
  });
}

/** How many stages a count has reached, in order. */
export function stagesReached(count: number, rules: Pick<PetitionRules, 'stages'>): number {
  let reached = 0;
  while (reached < rules.stages.length && count >= rules.stages[reached].threshold) reached += 1;
  return reached;
}

export const finalThreshold = (rules: Pick<PetitionRules, 'stages'>): number => rules.stages[rules.stages.length - 1].threshold;

export type EndorsementPhase = 'not_public' | 'not_started' | 'open' | 'frozen' | 'closed';

export interface EndorsementState {
  phase: EndorsementPhase;
  startOn: LocalDate | null;
  /** Last day of the whole window (all stages). */
  endOn: LocalDate | null;
  /** The stage being pursued (stages.length once 成案). */
  stageIndex: number;
  /** Threshold to reach next: the current stage's, or the final one once 成案. */
  target: number;
  finalTarget: number;
  /** When endorsement closes if nothing else happens: the current stage's end, or the window's end. */
  closesOn: LocalDate | null;
  daysLeft: number;
  /** The result the facts already imply, even before the sweep has stored it. */
  outcome: 'established' | 'not_established' | null;
  freeze: Freeze | null;
}

export function endorsementState(facts: ProposalFacts, now: Date, cal: CalendarConfig): EndorsementState {
  const finalTarget = finalThreshold(facts.rules);
  const base: EndorsementState = {
    phase: 'not_public',
    startOn: null,
    endOn: null,
    stageIndex: Math.min(facts.stage, facts.rules.stages.length),
    target: finalTarget,
    finalTarget,
    closesOn: null,
    daysLeft: 0,
    outcome: null,
    freeze: null,
  };
  if (!isPublicStatus(facts.status) || !facts.approvedAt) return base;
  const today = taipeiDateOf(now);
  const startOn = endorsementStartOn(facts.approvedAt);
  const deadlines = stageDeadlines(startOn, facts.rules, cal);
  const endOn = deadlines[deadlines.length - 1];
  const state: EndorsementState = { ...base, startOn, endOn };
  const stageIndex = state.stageIndex;
  if (stageIndex < facts.rules.stages.length) state.target = facts.rules.stages[stageIndex].threshold;

  const established = facts.status === 'established' || facts.status === 'answered' || facts.establishedAt !== null;
  if (established) {
    state.outcome = 'established';
    state.closesOn = endOn;
    const stillOpen = facts.status === 'established' && facts.rules.keepOpenAfterThreshold && !facts.respondedAt && compareDates(today, endOn) <= 0;
    if (!stillOpen) return { ...state, phase: 'closed' };
  } else {
    const stageEnd = deadlines[Math.min(stageIndex, deadlines.length - 1)];
    state.closesOn = stageEnd;
    if (facts.status === 'not_established' || compareDates(today, stageEnd) > 0) {
      return { ...state, phase: 'closed', outcome: 'not_established' };
    }
  }
  if (compareDates(today, startOn) < 0) return { ...state, phase: 'not_started', daysLeft: daysLeftUntil(startOn, state.closesOn!) };
  state.daysLeft = daysLeftUntil(today, state.closesOn!);
  const freeze = freezeOn(today, cal);
  if (freeze) return { ...state, phase: 'frozen', freeze };
  return { ...state, phase: 'open' };
}

/** The moment a proposal that missed its stage deadline became 未成案: the start of the next day. */
export function notEstablishedAt(facts: ProposalFacts, cal: CalendarConfig): string | null {
  if (!facts.approvedAt || facts.establishedAt) return null;
  const deadlines = stageDeadlines(endorsementStartOn(facts.approvedAt), facts.rules, cal);
  const stageEnd = deadlines[Math.min(facts.stage, deadlines.length - 1)];
  return startOfTaipeiDay(addCalendarDays(stageEnd, 1)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Response (回應)

/** The agency must answer within responseDays calendar days of the day of 成案. */
export function responseDueOnFor(establishedAt: string, rules: Pick<PetitionRules, 'responseDays'>): LocalDate {
  return addCalendarDays(dayOf(establishedAt), rules.responseDays);
}

export interface ResponseState {
  dueOn: LocalDate;
  answered: boolean;
  answeredOn: LocalDate | null;
  /** Answered by the (possibly extended) deadline. */
  onTime: boolean | null;
  overdue: boolean;
  /** Days past the deadline while unanswered, else 0. */
  daysOverdue: number;
  daysLeft: number;
  extended: boolean;
}

export function responseState(facts: ProposalFacts, now: Date): ResponseState | null {
  if (!facts.establishedAt || !facts.responseDueOn) return null;
  const today = taipeiDateOf(now);
  const dueOn = facts.responseDueOn;
  const answeredOn = facts.respondedAt ? dayOf(facts.respondedAt) : null;
  const overdue = !answeredOn && compareDates(today, dueOn) > 0;
  return {
    dueOn,
    answered: !!answeredOn,
    answeredOn,
    onTime: answeredOn ? compareDates(answeredOn, dueOn) <= 0 : null,
    overdue,
    daysOverdue: overdue ? daysBetween(dueOn, today) : 0,
    daysLeft: answeredOn ? 0 : daysLeftUntil(today, dueOn),
    extended: facts.extensionCount > 0,
  };
}

/** The response is due within `warningDays` (and not yet answered nor overdue). */
export function responseDueSoon(state: ResponseState | null, warningDays: number): boolean {
  return !!state && !state.answered && !state.overdue && state.daysLeft <= warningDays;
}

export type ExtensionRefusal =
  | { key: 'petitions.extend.not_established' }
  | { key: 'petitions.extend.answered' }
  | { key: 'petitions.extend.limit'; params: { max: number } }
  | { key: 'petitions.extend.deadline_passed'; params: { dueOn: LocalDate } }
  | { key: 'petitions.extend.not_later'; params: { dueOn: LocalDate } }
  | { key: 'petitions.extend.too_far'; params: { latest: LocalDate; months: number } };

/** Latest date one more extension may set. */
export function latestExtensionDate(dueOn: LocalDate, rules: Pick<PetitionRules, 'extensionMaxMonths'>): LocalDate {
  return addMonths(dueOn, rules.extensionMaxMonths);
}

/**
 * Whether the agency may move the deadline to `newDueOn` today: only a 成案 proposal not yet
 * answered, before its current deadline has passed, by at most extensionMaxMonths, at most
 * maxExtensions times.
 */
export function checkExtension(facts: ProposalFacts, newDueOn: LocalDate, now: Date): ExtensionRefusal | null {
  if (facts.status === 'answered' || facts.respondedAt) return { key: 'petitions.extend.answered' };
  if (facts.status !== 'established' || !facts.responseDueOn) return { key: 'petitions.extend.not_established' };
  if (facts.extensionCount >= facts.rules.maxExtensions) return { key: 'petitions.extend.limit', params: { max: facts.rules.maxExtensions } };
  const dueOn = facts.responseDueOn;
  if (compareDates(taipeiDateOf(now), dueOn) > 0) return { key: 'petitions.extend.deadline_passed', params: { dueOn } };
  if (compareDates(newDueOn, dueOn) <= 0) return { key: 'petitions.extend.not_later', params: { dueOn } };
  const latest = latestExtensionDate(dueOn, facts.rules);
  if (compareDates(newDueOn, latest) > 0) return { key: 'petitions.extend.too_far', params: { latest, months: facts.rules.extensionMaxMonths } };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Discussion

export interface DiscussionState {
  open: boolean;
  /** Last day comments are taken, when known. */
  closesOn: LocalDate | null;
}

/**
 * Open from publication until the response and for discussionDaysAfterResponse days after it.
 * A proposal that ends 未成案 gets no response, so its discussion closes with it.
 */
export function discussionState(facts: ProposalFacts, now: Date, cal: CalendarConfig): DiscussionState {
  const today = taipeiDateOf(now);
  switch (facts.status) {
    case 'endorsing': {
      const endorsement = endorsementState(facts, now, cal);
      return endorsement.outcome === 'not_established' ? { open: false, closesOn: endorsement.closesOn } : { open: true, closesOn: null };
    }
    case 'established':
      return { open: true, closesOn: null };
    case 'answered': {
      const closesOn = addCalendarDays(dayOf(facts.respondedAt ?? facts.closedAt!), facts.rules.discussionDaysAfterResponse);
      return { open: compareDates(today, closesOn) <= 0, closesOn };
    }
    default:
      return { open: false, closesOn: facts.closedAt ? dayOf(facts.closedAt) : null };
  }
}

// ---------------------------------------------------------------------------------------------
// Status

/** The status the facts imply now (the sweep stores it later; nothing depends on when). */
export function effectiveStatus(facts: ProposalFacts, now: Date, cal: CalendarConfig): ProposalStatus {
  if (facts.status === 'endorsing' && endorsementState(facts, now, cal).outcome === 'not_established') return 'not_established';
  return facts.status;
}

/** What the sweep should store for this proposal now. */
export type Transition = { kind: 'not_established'; at: string };

export function dueTransition(facts: ProposalFacts, now: Date, cal: CalendarConfig): Transition | null {
  if (facts.status === 'endorsing' && effectiveStatus(facts, now, cal) === 'not_established') {
    return { kind: 'not_established', at: notEstablishedAt(facts, cal)! };
  }
  return null;
}
