import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isFrozen, isWorkingDay } from './calendar.js';
import { loadCalendarSettings } from './calendar-settings.js';

function writeFile(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'og-cal-')), 'calendar.json');
  fs.writeFileSync(file, content);
  return file;
}

test('without a file the default Taiwan holidays apply', () => {
  const { config } = loadCalendarSettings(null);
  assert.equal(isWorkingDay('2026-10-09', config), false, 'National Day bridge');
  assert.equal(isWorkingDay('2026-10-08', config), true);
});

test('a calendar file adds typhoon days and election freezes to the defaults', () => {
  const file = writeFile(JSON.stringify({
    holidays: [{ date: '2026-08-05', nameZh: '颱風停班', nameEn: 'Typhoon day off' }],
    freezes: [{ start: '2027-11-28', end: '2028-01-16', label: '2028 presidential election' }],
  }));
  const { config } = loadCalendarSettings(file);
  assert.equal(isWorkingDay('2026-08-05', config), false);
  assert.equal(isWorkingDay('2026-10-09', config), false, 'defaults kept');
  assert.equal(isFrozen('2028-01-01', config), true);
});

test('replaceDefaults drops the built-in holidays; a bad file is a clear error', () => {
  const { config } = loadCalendarSettings(writeFile(JSON.stringify({ replaceDefaults: true })));
  assert.equal(isWorkingDay('2026-10-09', config), true);
  assert.throws(() => loadCalendarSettings(writeFile('{not json')), /cannot be read as JSON/);
  assert.throws(() => loadCalendarSettings(writeFile(JSON.stringify({ holidays: [{ date: '2026-02-30', nameZh: 'x', nameEn: 'x' }] }))), /holidays\.0\.date/);
});
