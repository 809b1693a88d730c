import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  calendarConfigFrom,
  compareDates,
  daysBetween,
  defaultTaiwanHolidays,
  endOfTaipeiDay,
  extendByFreezes,
  formatDate,
  formatDateTime,
  frozenDaysBetween,
  isFrozen,
  isValidLocalDate,
  isWorkingDay,
  rocYear,
  startOfTaipeiDay,
  taipeiDateOf,
  workingDaysBetween,
  type CalendarConfig,
} from './calendar.js';

const plain: CalendarConfig = { holidays: [], makeupWorkdays: [], freezes: [] };
const taiwan = calendarConfigFrom();

function withFreezes(...freezes: [string, string][]): CalendarConfig {
  return { ...plain, freezes: freezes.map(([start, end], i) => ({ start, end, label: `freeze ${i}` })) };
}

describe('instants and Taipei days', () => {
  test('the Taipei day can differ from the UTC day', () => {
    assert.equal(taipeiDateOf(new Date('2026-11-22T16:30:00Z')), '2026-11-23');
    assert.equal(taipeiDateOf(new Date('2026-11-22T15:59:59.999Z')), '2026-11-22');
    assert.equal(taipeiDateOf(new Date('2026-11-22T16:00:00Z')), '2026-11-23');
  });

  test('start and end of a Taipei day', () => {
    assert.equal(startOfTaipeiDay('2026-11-23').toISOString(), '2026-11-22T16:00:00.000Z');
    assert.equal(endOfTaipeiDay('2026-11-23').toISOString(), '2026-11-23T15:59:59.999Z');
    assert.equal(endOfTaipeiDay('2026-12-31').toISOString(), '2026-12-31T15:59:59.999Z');
    assert.equal(taipeiDateOf(endOfTaipeiDay('2028-02-29')), '2028-02-29');
    assert.equal(taipeiDateOf(startOfTaipeiDay('2028-02-29')), '2028-02-29');
  });

  test('an invalid Date is refused', () => {
    assert.throws(() => taipeiDateOf(new Date('nope')), RangeError);
  });
});

describe('calendar arithmetic', () => {
  test('validates LocalDate strings', () => {
    for (const ok of ['2026-01-01', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      assert.equal(isValidLocalDate(ok), true, ok);
    }
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00', ' 2026-01-01', '', null, 20260101]) {
      assert.equal(isValidLocalDate(bad), false, String(bad));
    }
    assert.throws(() => addCalendarDays('2026-02-30', 1), RangeError);
    assert.throws(() => addCalendarDays('2026-02-01', 1.5), RangeError);
  });

  test('adds calendar days across month and year ends and leap days', () => {
    assert.equal(addCalendarDays('2026-01-31', 1), '2026-02-01');
    assert.equal(addCalendarDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addCalendarDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addCalendarDays('2028-02-29', 1), '2028-03-01');
    assert.equal(addCalendarDays('2027-02-28', 1), '2027-03-01');
    assert.equal(addCalendarDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addCalendarDays('2026-01-01', 365), '2027-01-01');
    assert.equal(addCalendarDays('2026-05-10', 60), '2026-07-09');
  });

  test('adds months clamped to the month end', () => {
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2028-02-29', 12), '2029-02-28');
    assert.equal(addMonths('2026-08-31', 1), '2026-09-30');
    assert.equal(addMonths('2026-11-30', 2), '2027-01-30');
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2026-01-15', -13), '2024-12-15');
  });

  test('counts and compares days', () => {
    assert.equal(daysBetween('2026-01-01', '2026-01-02'), 1);
    assert.equal(daysBetween('2026-01-02', '2026-01-01'), -1);
    assert.equal(daysBetween('2028-02-01', '2028-03-01'), 29);
    assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
    assert.equal(compareDates('2026-01-01', '2026-01-02'), -1);
    assert.equal(compareDates('2026-01-02', '2026-01-02'), 0);
    assert.equal(compareDates('2027-01-01', '2026-12-31'), 1);
    assert.deepEqual(['2026-03-01', '2025-12-31', '2026-01-15'].sort(compareDates), ['2025-12-31', '2026-01-15', '2026-03-01']);
  });
});

describe('working days', () => {
  test('weekends are not working days', () => {
    assert.equal(isWorkingDay('2026-11-20', plain), true); // Friday
    assert.equal(isWorkingDay('2026-11-21', plain), false); // Saturday
    assert.equal(isWorkingDay('2026-11-22', plain), false); // Sunday
    assert.equal(isWorkingDay('2026-11-23', plain), true); // Monday
  });

  test('holidays and makeup workdays', () => {
    assert.equal(isWorkingDay('2026-02-16', taiwan), false); // Lunar New Year's Eve, Monday
    assert.equal(isWorkingDay('2026-02-20', taiwan), false); // compensatory day, Friday
    assert.equal(isWorkingDay('2026-02-23', taiwan), true);
    assert.equal(isWorkingDay('2025-01-27', taiwan), false); // bridge holiday
    assert.equal(isWorkingDay('2025-02-08', taiwan), true); // makeup Saturday
    assert.equal(isWorkingDay('2025-02-15', taiwan), false); // ordinary Saturday
  });

  test('addWorkingDays skips weekends and does not count the start day', () => {
    assert.equal(addWorkingDays('2026-11-20', 1, plain), '2026-11-23'); // Fri + 1 → Mon
    assert.equal(addWorkingDays('2026-11-20', 3, plain), '2026-11-25'); // Fri + 3 → Wed
    assert.equal(addWorkingDays('2026-11-21', 1, plain), '2026-11-23'); // Sat + 1 → Mon
    assert.equal(addWorkingDays('2026-11-18', 5, plain), '2026-11-25');
    assert.equal(addWorkingDays('2026-01-30', 1, plain), '2026-02-02'); // across a month end
  });

  test('addWorkingDays with 0 is the day itself or the next working day', () => {
    assert.equal(addWorkingDays('2026-11-20', 0, plain), '2026-11-20');
    assert.equal(addWorkingDays('2026-11-21', 0, plain), '2026-11-23');
    assert.equal(addWorkingDays('2026-02-14', 0, taiwan), '2026-02-23');
    assert.throws(() => addWorkingDays('2026-11-20', -1, plain), RangeError);
  });

  test('addWorkingDays across Lunar New Year and a makeup workday', () => {
    // Submitted Friday 13 Feb 2026; the 9-day holiday runs 14–22 Feb.
    assert.equal(addWorkingDays('2026-02-13', 3, taiwan), '2026-02-25');
    // 2025: 25 Jan–2 Feb off, Saturday 8 Feb worked.
    assert.equal(addWorkingDays('2025-01-24', 1, taiwan), '2025-02-03');
    assert.equal(addWorkingDays('2025-02-06', 2, taiwan), '2025-02-08'); // Thu + 2 → the makeup Saturday
    assert.equal(addWorkingDays('2025-02-07', 3, taiwan), '2025-02-11');
  });

  test('addWorkingDays across a leap day', () => {
    assert.equal(addWorkingDays('2028-02-28', 1, plain), '2028-02-29'); // Mon → Tue 29 Feb
    assert.equal(addWorkingDays('2028-02-25', 3, plain), '2028-03-01');
  });

  test('workingDaysBetween counts (a, b] and inverts addWorkingDays', () => {
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-25', plain), 3);
    assert.equal(workingDaysBetween('2026-11-25', '2026-11-20', plain), -3);
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-20', plain), 0);
    assert.equal(workingDaysBetween('2026-02-13', '2026-02-22', taiwan), 0);
    for (const start of ['2026-02-12', '2026-04-02', '2025-01-24', '2027-12-23']) {
      for (const n of [1, 3, 5, 10]) {
        assert.equal(workingDaysBetween(start, addWorkingDays(start, n, taiwan), taiwan), n, `${start} + ${n}`);
      }
    }
  });
});

describe('election freezes', () => {
  test('isFrozen includes both ends', () => {
    const cfg = withFreezes(['2026-09-29', '2026-11-29']);
    assert.equal(isFrozen('2026-09-28', cfg), false);
    assert.equal(isFrozen('2026-09-29', cfg), true);
    assert.equal(isFrozen('2026-11-29', cfg), true);
    assert.equal(isFrozen('2026-11-30', cfg), false);
    assert.equal(isFrozen('2026-10-15', withFreezes(['2026-11-01', '2026-10-01'])), false); // reversed: empty
  });

  test('frozenDaysBetween clips to [a, b] and counts overlaps once', () => {
    const cfg = withFreezes(['2026-03-10', '2026-03-19'], ['2026-03-15', '2026-03-24'], ['2026-03-12', '2026-03-13']);
    assert.equal(frozenDaysBetween('2026-03-01', '2026-03-31', cfg), 15); // 10th–24th
    assert.equal(frozenDaysBetween('2026-03-20', '2026-03-31', cfg), 5);
    assert.equal(frozenDaysBetween('2026-03-01', '2026-03-10', cfg), 1);
    assert.equal(frozenDaysBetween('2026-03-25', '2026-03-31', cfg), 0);
    assert.equal(frozenDaysBetween('2026-03-31', '2026-03-01', cfg), 0);
    const disjoint = withFreezes(['2026-02-25', '2026-03-02'], ['2026-03-05', '2026-03-05']);
    assert.equal(frozenDaysBetween('2026-02-01', '2026-03-31', disjoint), 7); // 2026 is not a leap year
  });

  test('a deadline is extended by the frozen days since the start', () => {
    const cfg = withFreezes(['2026-03-10', '2026-03-19']);
    assert.equal(extendByFreezes('2026-03-31', '2026-03-01', cfg), '2026-04-10');
    assert.equal(extendByFreezes('2026-03-31', '2026-03-15', cfg), '2026-04-05'); // started inside the freeze
    assert.equal(extendByFreezes('2026-03-31', '2026-03-20', cfg), '2026-03-31'); // freeze already over
    assert.equal(extendByFreezes('2026-03-05', '2026-03-01', cfg), '2026-03-05'); // freeze comes later
    assert.equal(extendByFreezes('2026-02-01', '2026-03-01', cfg), '2026-02-01'); // deadline before start
  });

  test('an extension that runs into a freeze is extended again', () => {
    // 60-day window 1 Jan–1 Mar; frozen 10–19 Feb (10 days) pushes it to 11 Mar,
    // which runs into a second freeze 5–14 Mar (10 days) → 21 Mar.
    const cfg = withFreezes(['2026-02-10', '2026-02-19'], ['2026-03-05', '2026-03-14']);
    assert.equal(extendByFreezes('2026-03-01', '2026-01-01', cfg), '2026-03-21');
  });

  test('a deadline landing inside a freeze moves past its end', () => {
    const cfg = withFreezes(['2026-03-10', '2026-03-19']);
    // Deadline 12 Mar: 3 frozen days before it, then the extension itself runs through the rest.
    assert.equal(extendByFreezes('2026-03-12', '2026-03-01', cfg), '2026-03-22');
    assert.equal(isFrozen(extendByFreezes('2026-03-12', '2026-03-01', cfg), cfg), false);
  });

  test('overlapping freezes extend once per frozen day', () => {
    const cfg = withFreezes(['2026-03-10', '2026-03-19'], ['2026-03-15', '2026-03-24']);
    assert.equal(extendByFreezes('2026-03-31', '2026-03-01', cfg), '2026-04-15');
  });

  test('the extended window keeps as many unfrozen days as the original had days', () => {
    const cfg = withFreezes(['2026-02-10', '2026-02-19'], ['2026-03-05', '2026-03-14'], ['2026-03-20', '2026-03-20']);
    const since = '2026-01-01';
    const deadline = '2026-03-01';
    const extended = extendByFreezes(deadline, since, cfg);
    const unfrozen = daysBetween(since, extended) + 1 - frozenDaysBetween(since, extended, cfg);
    assert.equal(unfrozen, daysBetween(since, deadline) + 1);
  });
});

describe('ROC calendar and display', () => {
  test('rocYear', () => {
    assert.equal(rocYear('2026-11-22'), 115);
    assert.equal(rocYear('1912-01-01'), 1);
    assert.equal(rocYear(new Date('2026-12-31T16:30:00Z')), 116); // already 2027 in Taipei
  });

  test('formatDate in zh-TW and en', () => {
    assert.equal(formatDate('2026-11-22', 'zh-TW'), '2026年11月22日（民國115年）');
    assert.equal(formatDate('2026-11-22', 'en'), '22 Nov 2026');
    assert.equal(formatDate('2028-02-29', 'zh-TW'), '2028年2月29日（民國117年）');
    assert.equal(formatDate('2026-09-05', 'en'), '5 Sep 2026');
    assert.equal(formatDate('1911-10-10', 'zh-TW'), '1911年10月10日（民國前1年）');
  });

  test('a Date is shown as its Taipei day', () => {
    const instant = new Date('2026-11-22T16:30:00Z');
    assert.equal(formatDate(instant, 'zh-TW'), '2026年11月23日（民國115年）');
    assert.equal(formatDate(instant, 'en'), '23 Nov 2026');
    assert.equal(formatDateTime(instant, 'zh-TW'), '2026年11月23日（民國115年）00:30');
    assert.equal(formatDateTime(instant, 'en'), '23 Nov 2026, 00:30');
    assert.equal(formatDateTime(new Date('2026-01-05T09:05:00Z'), 'en'), '5 Jan 2026, 17:05');
  });
});

describe('default Taiwan holidays', () => {
  test('entries are valid, unique, sorted and named in both languages', () => {
    const dates = defaultTaiwanHolidays.holidays.map((h) => h.date);
    assert.ok(dates.every(isValidLocalDate));
    assert.equal(new Set(dates).size, dates.length);
    assert.deepEqual([...dates].sort(compareDates), dates);
    for (const h of [...defaultTaiwanHolidays.holidays, ...defaultTaiwanHolidays.makeupWorkdays]) {
      assert.ok(h.nameZh.length > 0 && h.nameEn.length > 0, h.date);
    }
    const makeup = defaultTaiwanHolidays.makeupWorkdays.map((m) => m.date);
    assert.ok(makeup.every((d) => !dates.includes(d)));
  });

  test('days off per year match the DGPA totals', () => {
    const daysOffIn = (year: number) => {
      let count = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addCalendarDays(d, 1)) {
        if (!isWorkingDay(d, taiwan)) count += 1;
      }
      return count;
    };
    assert.equal(daysOffIn(2025), 118); // 115 in the original 114年 calendar + 3 added in June 2025
    assert.equal(daysOffIn(2026), 120); // 115年辦公日曆表
  });

  test('working days of a known week', () => {
    // 2026-04-03 (Fri) and 04-06 (Mon) are compensatory days around Children's Day and Tomb Sweeping Day.
    assert.equal(addWorkingDays('2026-04-02', 1, taiwan), '2026-04-07');
    assert.equal(isWorkingDay('2026-10-09', taiwan), false);
    assert.equal(isWorkingDay('2027-12-31', taiwan), false);
  });
});
