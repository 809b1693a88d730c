// Pure rules of data requests (索取資料): the decision deadline, when a request is overdue, and which
// step each status allows. Functions of stored facts and "now" only; no I/O.
import { addCalendarDays, compareDates, startOfTaipeiDay, taipeiDateOf, type LocalDate } from '../../../core/calendar.js';
import type { DataRequestStatus } from './migrations.js';

/** Calendar days (Asia/Taipei) an agency has to decide, counted from the day after the clock starts. */
export const DATA_REQUEST_DECISION_DAYS = 15;

/** Legal grounds for refusing a request or keeping an inventory item closed. */
export const legalReasons = [
  'personal_data',
  'foia_18_1',
  'foia_18_2',
  'foia_18_3',
  'foia_18_4',
  'foia_18_5',
  'foia_18_6',
  'foia_18_7',
  'foia_18_8',
  'foia_18_9',
  'copyright',
  'national_security',
  'other_law',
] as const;
export type LegalReason = (typeof legalReasons)[number];
export const isLegalReason = (value: unknown): value is LegalReason => (legalReasons as readonly unknown[]).includes(value);

export const dataRequestStatuses: readonly DataRequestStatus[] = [
  'pending',
  'released',
  'terms',
  'refused',
  'review_agency_group',
  'upheld_agency_group',
  'review_top_group',
  'upheld_top_group',
  'release_ordered',
];

/** Statuses in which the agency owes a decision (and can be overdue). */
export const awaitingAgency: readonly DataRequestStatus[] = ['pending', 'release_ordered'];
/** Statuses in which an advisory group owes a ruling. */
export const awaitingGroup: readonly DataRequestStatus[] = ['review_agency_group', 'review_top_group'];

/** The last day the agency may decide: the 15th calendar day after the day the clock started. */
export function decisionDueOn(clockFrom: string): LocalDate {
  return addCalendarDays(taipeiDateOf(new Date(clockFrom)), DATA_REQUEST_DECISION_DAYS);
}

export function isOverdue(facts: { status: DataRequestStatus; decisionClockFrom: string }, now: Date): boolean {
  if (!awaitingAgency.includes(facts.status)) return false;
  return compareDates(taipeiDateOf(now), decisionDueOn(facts.decisionClockFrom)) > 0;
}

/**
 * The instant before which a clock start makes a request overdue now: isOverdue is true exactly when
 * decisionClockFrom < overdueCutoff(now). Lets queries filter overdue requests without loading them all.
 */
export function overdueCutoff(now: Date): string {
  return startOfTaipeiDay(addCalendarDays(taipeiDateOf(now), -DATA_REQUEST_DECISION_DAYS)).toISOString();
}

export type AgencyDecision = 'release' | 'terms' | 'refuse';

/** What the agency may decide now; after a group's order only release (plain or on terms). */
export function allowedDecisions(status: DataRequestStatus): AgencyDecision[] {
  if (status === 'pending') return ['release', 'terms', 'refuse'];
  if (status === 'release_ordered') return ['release', 'terms'];
  return [];
}

/** Where an escalation by the requester goes, or null when none is open to them now. */
export function escalationTarget(facts: { status: DataRequestStatus; decisionClockFrom: string }, now: Date): 'review_agency_group' | 'review_top_group' | null {
  if (facts.status === 'refused') return 'review_agency_group';
  if (facts.status === 'pending' && isOverdue(facts, now)) return 'review_agency_group';
  if (facts.status === 'upheld_agency_group') return 'review_top_group';
  return null;
}

export type GroupRuling = 'uphold' | 'order_release';

/** The status after an advisory group's ruling, or null when no group is reviewing. */
export function statusAfterRuling(status: DataRequestStatus, ruling: GroupRuling): DataRequestStatus | null {
  if (!awaitingGroup.includes(status)) return null;
  if (ruling === 'order_release') return 'release_ordered';
  return status === 'review_agency_group' ? 'upheld_agency_group' : 'upheld_top_group';
}

export const groupOf = (status: DataRequestStatus): 'agency_group' | 'top_group' => (status === 'review_top_group' ? 'top_group' : 'agency_group');

/** Orders open requests for an inbox: overdue first, then by due day, then oldest first. */
export function byDeadline<T extends { dueOn: LocalDate; overdue: boolean; submittedAt: string }>(a: T, b: T): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return compareDates(a.dueOn, b.dueOn) || a.submittedAt.localeCompare(b.submittedAt);
}
