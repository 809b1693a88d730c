// The operator's working-day calendar: the default Taiwan holidays, plus or instead of the days in
// the JSON file named by CALENDAR_FILE (holidays, makeup workdays, election-freeze periods).
import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { calendarConfigFrom, defaultTaiwanHolidays, type CalendarConfig, type HolidayCalendar } from './calendar.js';
import { validate } from './validation.js';

const LocalDateString = Type.String({ format: 'date' });
const NamedDaySchema = Type.Object({ date: LocalDateString, nameZh: Type.String({ maxLength: 100 }), nameEn: Type.String({ maxLength: 100 }) });

export const CalendarFile = Type.Object(
  {
    replaceDefaults: Type.Optional(Type.Boolean()),
    holidays: Type.Optional(Type.Array(NamedDaySchema)),
    makeupWorkdays: Type.Optional(Type.Array(NamedDaySchema)),
    freezes: Type.Optional(Type.Array(Type.Object({ start: LocalDateString, end: LocalDateString, label: Type.String({ maxLength: 200 }) }))),
  },
  { additionalProperties: false },
);
export type CalendarFile = Static<typeof CalendarFile>;

export interface CalendarSettings {
  config: CalendarConfig;
  named: HolidayCalendar;
}

export function calendarSettingsFrom(file: CalendarFile | null): CalendarSettings {
  const base: HolidayCalendar = file?.replaceDefaults ? { holidays: [], makeupWorkdays: [] } : defaultTaiwanHolidays;
  const named: HolidayCalendar = {
    holidays: [...base.holidays, ...(file?.holidays ?? [])],
    makeupWorkdays: [...base.makeupWorkdays, ...(file?.makeupWorkdays ?? [])],
  };
  return { named, config: calendarConfigFrom(named, file?.freezes ?? []) };
}

/** Reads and validates CALENDAR_FILE; a bad file stops the start with a message naming the problem. */
export function loadCalendarSettings(path: string | null): CalendarSettings {
  if (!path) return calendarSettingsFrom(null);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`CALENDAR_FILE ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  try {
    return calendarSettingsFrom(validate(CalendarFile, parsed));
  } catch (error) {
    const fields = (error as { fields?: Array<{ field: string; message: string }> }).fields ?? [];
    throw new Error(`CALENDAR_FILE ${path} is not valid: ${fields.map((f) => `${f.field} (${f.message})`).join(', ')}`);
  }
}
