// Deadlines in Asia/Taipei calendar days and working days. Pure functions, no clock, no I/O.
//
// A LocalDate is a 'YYYY-MM-DD' string naming a calendar day in Asia/Taipei (UTC+8 all year: Taiwan
// has had no daylight saving since 1979, so the offset is a constant, not a time-zone lookup).
// Functions that take a LocalDate throw RangeError on a malformed or impossible date: that is a
// programming error, because user input must be checked with isValidLocalDate first.

export type LocalDate = string;

export type DateLocale = 'zh-TW' | 'en';

export interface Freeze {
  /** First frozen day, inclusive. */
  start: LocalDate;
  /** Last frozen day, inclusive. A freeze whose end is before its start freezes nothing. */
  end: LocalDate;
  label: string;
}

export interface CalendarConfig {
  /** Days off, including compensatory days off (補假); weekend entries are harmless. */
  holidays: LocalDate[];
  /** Saturdays or Sundays that are working days (補班/補行上班). */
  makeupWorkdays: LocalDate[];
  /** Election freezes: proposing and endorsing pause, running deadlines are extended. */
  freezes: Freeze[];
}

const MS_PER_DAY = 86_400_000;
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// LocalDate <-> day number (days since 1970-01-01). All arithmetic happens on day numbers.

function parseParts(value: string): { year: number; month: number; day: number } | null {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function utcMidnight(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function toDayNumber(d: LocalDate): number {
  const parts = parseParts(d);
  if (!parts) throw new RangeError(`Not a valid LocalDate (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return utcMidnight(parts.year, parts.month, parts.day) / MS_PER_DAY;
}

function fromDayNumber(dayNumber: number): LocalDate {
  const date = new Date(dayNumber * MS_PER_DAY);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 1 || year > 9999) {
    throw new RangeError('Date out of the supported range (years 0001–9999)');
  }
  return `${String(year).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(d: LocalDate): number {
  // 1970-01-01 was a Thursday.
  return (((toDayNumber(d) + 4) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------------
// Instants and days

export function isValidLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseParts(value) !== null;
}

/** The Asia/Taipei calendar day that contains the instant. */
export function taipeiDateOf(instant: Date): LocalDate {
  const time = instant.getTime();
  if (!Number.isFinite(time)) throw new RangeError('Invalid Date');
  return fromDayNumber(Math.floor((time + TAIPEI_OFFSET_MS) / MS_PER_DAY));
}

/** The instant 00:00:00.000 Asia/Taipei on day d (16:00 UTC the previous day). */
export function startOfTaipeiDay(d: LocalDate): Date {
  return new Date(toDayNumber(d) * MS_PER_DAY - TAIPEI_OFFSET_MS);
}

/**
 * The last representable instant of day d in Asia/Taipei: 23:59:59.999, i.e. the next day's start
 * minus 1 ms. A deadline "by day d" is met when `instant <= endOfTaipeiDay(d)`; prefer
 * `instant < startOfTaipeiDay(addCalendarDays(d, 1))` where sub-millisecond precision could matter.
 */
export function endOfTaipeiDay(d: LocalDate): Date {
  return new Date(startOfTaipeiDay(addCalendarDays(d, 1)).getTime() - 1);
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

/** d plus n calendar days (n may be negative). */
export function addCalendarDays(d: LocalDate, n: number): LocalDate {
  requireInteger(n, 'Number of days');
  return fromDayNumber(toDayNumber(d) + n);
}

/** d plus n months, clamped to the end of a shorter month: 2025-01-31 + 1 month = 2025-02-28. */
export function addMonths(d: LocalDate, n: number): LocalDate {
  requireInteger(n, 'Number of months');
  const { year, month, day } = parseParts(d) ?? invalid(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  if (targetYear < 1 || targetYear > 9999) throw new RangeError('Date out of the supported range (years 0001–9999)');
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${pad2(targetMonth)}-${pad2(targetDay)}`;
}

function invalid(d: unknown): never {
  throw new RangeError(`Not a valid LocalDate (YYYY-MM-DD): ${JSON.stringify(d)}`);
}

/** Signed number of calendar days from a to b: daysBetween('2026-01-01', '2026-01-02') = 1. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Negative when a is before b, 0 when equal, positive when after (usable with Array.sort). */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(toDayNumber(a) - toDayNumber(b));
}

function laterOf(a: LocalDate, b: LocalDate): LocalDate {
  return compareDates(a, b) >= 0 ? a : b;
}

function earlierOf(a: LocalDate, b: LocalDate): LocalDate {
  return compareDates(a, b) <= 0 ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Working days

/** Monday–Friday unless a holiday; a makeup workday is a working day whatever its weekday. */
export function isWorkingDay(d: LocalDate, cfg: CalendarConfig): boolean {
  if (cfg.makeupWorkdays.includes(d)) return true;
  const day = weekday(d);
  if (day === 0 || day === 6) return false;
  return !cfg.holidays.includes(d);
}

/**
 * The n-th working day after d (n ≥ 0). Day d itself never counts for n ≥ 1: a 3-working-day review
 * of something submitted on Friday ends on Wednesday. For n = 0 the result is d if d is a working
 * day, else the next working day (the first day on which work can happen).
 */
export function addWorkingDays(d: LocalDate, n: number, cfg: CalendarConfig): LocalDate {
  requireInteger(n, 'Number of working days');
  if (n < 0) throw new RangeError(`Number of working days must be ≥ 0, got ${n}`);
  let current = d;
  if (n === 0) {
    while (!isWorkingDay(current, cfg)) current = addCalendarDays(current, 1);
    return current;
  }
  let remaining = n;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, cfg)) remaining -= 1;
  }
  return current;
}

/**
 * Working days in (a, b]: after a, up to and including b, so that
 * workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 1. Negative when b is before a.
 */
export function workingDaysBetween(a: LocalDate, b: LocalDate, cfg: CalendarConfig): number {
  if (compareDates(b, a) < 0) return -workingDaysBetween(b, a, cfg);
  let count = 0;
  for (let current = addCalendarDays(a, 1); compareDates(current, b) <= 0; current = addCalendarDays(current, 1)) {
    if (isWorkingDay(current, cfg)) count += 1;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Election freezes

export function isFrozen(d: LocalDate, cfg: CalendarConfig): boolean {
  return cfg.freezes.some((f) => compareDates(f.start, d) <= 0 && compareDates(d, f.end) <= 0);
}

/** Days of [a, b] (both inclusive) inside any freeze; a day in overlapping freezes counts once. */
export function frozenDaysBetween(a: LocalDate, b: LocalDate, cfg: CalendarConfig): number {
  if (compareDates(b, a) < 0) return 0;
  const clipped = cfg.freezes
    .map((f) => ({ start: laterOf(f.start, a), end: earlierOf(f.end, b) }))
    .filter((f) => compareDates(f.start, f.end) <= 0)
    .sort((x, y) => compareDates(x.start, y.start));
  let total = 0;
  let coveredUntil: LocalDate | null = null; // last day already counted
  for (const { start, end } of clipped) {
    const from = coveredUntil && compareDates(start, coveredUntil) <= 0 ? addCalendarDays(coveredUntil, 1) : start;
    if (compareDates(from, end) <= 0) total += daysBetween(from, end) + 1;
    coveredUntil = coveredUntil ? laterOf(coveredUntil, end) : end;
  }
  return total;
}

/**
 * The deadline of something running since `since` (inclusive), pushed later by every frozen day
 * from `since` up to the new deadline, so it keeps as many unfrozen days as [since, deadline] had
 * days. An extension that runs into a later freeze is extended again; the result is never a frozen
 * day. A deadline before `since` is returned unchanged.
 */
export function extendByFreezes(deadline: LocalDate, since: LocalDate, cfg: CalendarConfig): LocalDate {
  if (compareDates(deadline, since) < 0) return deadline;
  // Least fixed point of D = deadline + frozen(since..D). Each pass adds at least one frozen day,
  // so the loop ends within (total frozen days + 1) passes.
  let current = deadline;
  for (;;) {
    const next = addCalendarDays(deadline, frozenDaysBetween(since, current, cfg));
    if (next === current) return current;
    current = next;
  }
}

// ---------------------------------------------------------------------------------------------
// Republic of China (民國) calendar and display

/** ROC (民國) year: 2026 → 115. Years before 1912 give 0 or less (see formatDate for 民國前). */
export function rocYear(d: LocalDate | Date): number {
  return yearOf(d) - 1911;
}

function yearOf(d: LocalDate | Date): number {
  const local = d instanceof Date ? taipeiDateOf(d) : d;
  return (parseParts(local) ?? invalid(local)).year;
}

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rocYearLabel(year: number): string {
  const roc = year - 1911;
  return roc >= 1 ? `民國${roc}年` : `民國前${1 - roc}年`;
}

/**
 * A calendar day for display. zh-TW: `2026年11月22日（民國115年）`; en: `22 Nov 2026`.
 * A Date is first converted to its Asia/Taipei day. Built by hand rather than with
 * Intl.DateTimeFormat so output does not change with the ICU version (e.g. en-GB's "Sept").
 */
export function formatDate(d: LocalDate | Date, locale: DateLocale): string {
  const local = d instanceof Date ? taipeiDateOf(d) : d;
  const { year, month, day } = parseParts(local) ?? invalid(local);
  if (locale === 'zh-TW') return `${year}年${month}月${day}日（${rocYearLabel(year)}）`;
  return `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

/**
 * An instant for display in Asia/Taipei, 24-hour clock.
 * zh-TW: `2026年11月23日（民國115年）00:30`; en: `23 Nov 2026, 00:30`.
 */
export function formatDateTime(instant: Date, locale: DateLocale): string {
  const taipei = new Date(instant.getTime() + TAIPEI_OFFSET_MS);
  const time = `${pad2(taipei.getUTCHours())}:${pad2(taipei.getUTCMinutes())}`;
  const date = formatDate(instant, locale);
  return locale === 'zh-TW' ? `${date}${time}` : `${date}, ${time}`;
}

// ---------------------------------------------------------------------------------------------
// Default Taiwan office calendar

export interface NamedDay {
  date: LocalDate;
  nameZh: string;
  nameEn: string;
}

export interface HolidayCalendar {
  holidays: readonly NamedDay[];
  makeupWorkdays: readonly NamedDay[];
}

function day(date: LocalDate, nameZh: string, nameEn: string): NamedDay {
  return { date, nameZh, nameEn };
}

function compensation(date: LocalDate, forZh: string, forEn: string): NamedDay {
  return { date, nameZh: `${forZh}補假`, nameEn: `Compensatory day off for ${forEn}` };
}

const FOUNDING_DAY = ['開國紀念日', 'Founding Day of the Republic of China'] as const;
const EVE_BEFORE = ['除夕前一日', 'Day before Lunar New Year’s Eve'] as const;
const NEW_YEARS_EVE = ['農曆除夕', 'Lunar New Year’s Eve'] as const;
const SPRING_FESTIVAL = ['春節', 'Lunar New Year'] as const;
const PEACE_MEMORIAL = ['和平紀念日', 'Peace Memorial Day'] as const;
const CHILDRENS_DAY = ['兒童節', 'Children’s Day'] as const;
const TOMB_SWEEPING = ['民族掃墓節', 'Tomb Sweeping Day'] as const;
const LABOUR_DAY = ['勞動節', 'Labour Day'] as const;
const DRAGON_BOAT = ['端午節', 'Dragon Boat Festival'] as const;
const MID_AUTUMN = ['中秋節', 'Mid-Autumn Festival'] as const;
const TEACHERS_DAY = ['孔子誕辰紀念日／教師節', 'Confucius’ Birthday / Teachers’ Day'] as const;
const NATIONAL_DAY = ['國慶日', 'National Day'] as const;
const RETROCESSION_DAY = ['臺灣光復暨金門古寧頭大捷紀念日', 'Taiwan Retrocession and Guningtou Victory Day'] as const;
const CONSTITUTION_DAY = ['行憲紀念日', 'Constitution Day'] as const;

/**
 * Operator-configurable DEFAULTS transcribed from the DGPA office calendar (政府行政機關辦公日曆表)
 * for 2025 (114, as revised in June 2025), 2026 (115) and 2027 (116). They must be checked against
 * the official calendar each year, and typhoon days or later revisions added by the operator.
 * Listed: each holiday on its own date (even when that is a weekend) and the weekday given off in
 * its place (補假, 調整放假). Since the 2025 amendment of 紀念日及節日實施條例 the DGPA no longer
 * schedules makeup Saturdays, so 2025-02-08 is the last makeup workday here.
 */
export const defaultTaiwanHolidays: HolidayCalendar = {
  holidays: [
    // 2025 (民國114年)
    day('2025-01-01', ...FOUNDING_DAY),
    day('2025-01-27', '春節調整放假', 'Lunar New Year bridge holiday (made up on 8 Feb)'),
    day('2025-01-28', ...NEW_YEARS_EVE),
    day('2025-01-29', ...SPRING_FESTIVAL),
    day('2025-01-30', ...SPRING_FESTIVAL),
    day('2025-01-31', ...SPRING_FESTIVAL),
    day('2025-02-28', ...PEACE_MEMORIAL),
    // Children's Day shares 4 April with Tomb Sweeping Day, so it moves to the day before.
    day('2025-04-03', ...CHILDRENS_DAY),
    day('2025-04-04', ...TOMB_SWEEPING),
    compensation('2025-05-30', ...DRAGON_BOAT),
    day('2025-05-31', ...DRAGON_BOAT),
    day('2025-09-28', ...TEACHERS_DAY),
    compensation('2025-09-29', ...TEACHERS_DAY),
    day('2025-10-06', ...MID_AUTUMN),
    day('2025-10-10', ...NATIONAL_DAY),
    compensation('2025-10-24', ...RETROCESSION_DAY),
    day('2025-10-25', ...RETROCESSION_DAY),
    day('2025-12-25', ...CONSTITUTION_DAY),
    // 2026 (民國115年)
    day('2026-01-01', ...FOUNDING_DAY),
    day('2026-02-15', ...EVE_BEFORE),
    day('2026-02-16', ...NEW_YEARS_EVE),
    day('2026-02-17', ...SPRING_FESTIVAL),
    day('2026-02-18', ...SPRING_FESTIVAL),
    day('2026-02-19', ...SPRING_FESTIVAL),
    compensation('2026-02-20', ...EVE_BEFORE),
    compensation('2026-02-27', ...PEACE_MEMORIAL),
    day('2026-02-28', ...PEACE_MEMORIAL),
    compensation('2026-04-03', ...CHILDRENS_DAY),
    day('2026-04-04', ...CHILDRENS_DAY),
    day('2026-04-05', ...TOMB_SWEEPING),
    compensation('2026-04-06', ...TOMB_SWEEPING),
    day('2026-05-01', ...LABOUR_DAY),
    day('2026-06-19', ...DRAGON_BOAT),
    day('2026-09-25', ...MID_AUTUMN),
    day('2026-09-28', ...TEACHERS_DAY),
    compensation('2026-10-09', ...NATIONAL_DAY),
    day('2026-10-10', ...NATIONAL_DAY),
    day('2026-10-25', ...RETROCESSION_DAY),
    compensation('2026-10-26', ...RETROCESSION_DAY),
    day('2026-12-25', ...CONSTITUTION_DAY),
    // 2027 (民國116年)
    day('2027-01-01', ...FOUNDING_DAY),
    day('2027-02-04', ...EVE_BEFORE),
    day('2027-02-05', ...NEW_YEARS_EVE),
    day('2027-02-06', ...SPRING_FESTIVAL),
    day('2027-02-07', ...SPRING_FESTIVAL),
    day('2027-02-08', ...SPRING_FESTIVAL),
    compensation('2027-02-09', ...SPRING_FESTIVAL),
    compensation('2027-02-10', ...SPRING_FESTIVAL),
    day('2027-02-28', ...PEACE_MEMORIAL),
    compensation('2027-03-01', ...PEACE_MEMORIAL),
    day('2027-04-04', ...CHILDRENS_DAY),
    day('2027-04-05', ...TOMB_SWEEPING),
    // Children's Day falls on Sunday and the Monday is already Tomb Sweeping Day.
    compensation('2027-04-06', ...CHILDRENS_DAY),
    compensation('2027-04-30', ...LABOUR_DAY),
    day('2027-05-01', ...LABOUR_DAY),
    day('2027-06-09', ...DRAGON_BOAT),
    day('2027-09-15', ...MID_AUTUMN),
    day('2027-09-28', ...TEACHERS_DAY),
    day('2027-10-10', ...NATIONAL_DAY),
    compensation('2027-10-11', ...NATIONAL_DAY),
    day('2027-10-25', ...RETROCESSION_DAY),
    compensation('2027-12-24', ...CONSTITUTION_DAY),
    day('2027-12-25', ...CONSTITUTION_DAY),
    // 2028-01-01 is a Saturday: its day off is the Friday before.
    compensation('2027-12-31', ...FOUNDING_DAY),
  ],
  makeupWorkdays: [day('2025-02-08', '補行上班', 'Makeup workday for 27 Jan')],
};

/** A CalendarConfig from a holiday calendar (the defaults unless given) and optional freezes. */
export function calendarConfigFrom(
  calendar: HolidayCalendar = defaultTaiwanHolidays,
  freezes: Freeze[] = [],
): CalendarConfig {
  return {
    holidays: calendar.holidays.map((h) => h.date),
    makeupWorkdays: calendar.makeupWorkdays.map((m) => m.date),
    freezes,
  };
}
