// Operator settings of the proposals module. Every number in the participation rules is a setting
// with the spec's default; operators change them in the `petition_settings` table (one row per key,
// JSON value) through the settings page or the petition_settings_update action, without a restart.
// The rules that shape a proposal's life (PetitionRules) are copied into the proposal when it is
// submitted, so a change applies only to proposals submitted after it. Calendar facts (holidays,
// election days) apply to everything, as the spec requires deadlines to move with a freeze.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { calendarConfigFrom, defaultTaiwanHolidays, addCalendarDays, type CalendarConfig, type Freeze } from '../../core/calendar.js';
import type { AnyDb } from '../../core/db/types.js';
import type { CacheService } from '../../core/cache.js';
import { levelSetting } from '../../core/assurance.js';
// Registers the date format that LocalDateSchema uses.
import '../../core/validation.js';
import { petitionsDb } from './tables.js';

const LocalDateSchema = Type.String({ format: 'date', maxLength: 10 });

export const StageSchema = Type.Object(
  {
    threshold: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    days: Type.Integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
);

/** The rules copied into each proposal at submission. */
export const PetitionRulesSchema = Type.Object(
  {
    /** Review (檢核) deadline in working days, counted from the day after submission. */
    reviewWorkingDays: Type.Integer({ minimum: 1, maximum: 60, default: 3 }),
    /**
     * Endorsement stages: each threshold must be reached within its days, counted one after the
     * other from the day after approval; the last threshold makes the proposal 成案.
     */
    stages: Type.Array(StageSchema, { minItems: 1, maxItems: 5, default: [{ threshold: 5000, days: 60 }] }),
    /** Endorsement stays open after 成案 until the window ends. */
    keepOpenAfterThreshold: Type.Boolean({ default: true }),
    /** Calendar days the agency has to respond after 成案. */
    responseDays: Type.Integer({ minimum: 1, maximum: 3650, default: 60 }),
    /** Each extension may move the deadline at most this many months. */
    extensionMaxMonths: Type.Integer({ minimum: 1, maximum: 24, default: 2 }),
    maxExtensions: Type.Integer({ minimum: 0, maximum: 10, default: 2 }),
    /** Discussion stays open this many days after the response, for feedback on it. */
    discussionDaysAfterResponse: Type.Integer({ minimum: 0, maximum: 365, default: 3 }),
  },
  { additionalProperties: false },
);
export type PetitionRules = Static<typeof PetitionRulesSchema>;

export const ElectionSchema = Type.Object({ date: LocalDateSchema, label: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const RateLimitSchema = Type.Object(
  {
    max: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  },
  { additionalProperties: false },
);
export type RateLimitSetting = Static<typeof RateLimitSchema>;

export const PetitionSettingsSchema = Type.Object(
  {
    rules: PetitionRulesSchema,
    endorserNeedsMobile: Type.Boolean({ default: false }),
    /** National election days; proposing and endorsing pause around each. */
    elections: Type.Array(ElectionSchema, { maxItems: 50, default: [] }),
    freezeDaysBefore: Type.Integer({ minimum: 0, maximum: 365, default: 60 }),
    /** The freeze lasts until this many days after election day (至投票日翌日止: 1). */
    freezeDaysAfter: Type.Integer({ minimum: 0, maximum: 60, default: 1 }),
    /** Added to the platform's office calendar (typhoon days, later revisions). */
    extraHolidays: Type.Array(LocalDateSchema, { maxItems: 500, default: [] }),
    extraMakeupWorkdays: Type.Array(LocalDateSchema, { maxItems: 100, default: [] }),
    /** The responsible agency is warned this many days before its response is due. */
    responseWarningDays: Type.Integer({ minimum: 0, maximum: 60, default: 7 }),
    uploadMaxBytes: Type.Integer({ minimum: 1024, maximum: 20 * 1024 * 1024, default: 5 * 1024 * 1024 }),
    uploadMaxFiles: Type.Integer({ minimum: 0, maximum: 20, default: 5 }),
    proposePerAccount: Type.Object(RateLimitSchema.properties, { default: { max: 5, windowSeconds: 3600 } }),
    proposePerAddress: Type.Object(RateLimitSchema.properties, { default: { max: 30, windowSeconds: 3600 } }),
    endorsePerAccount: Type.Object(RateLimitSchema.properties, { default: { max: 30, windowSeconds: 60 } }),
    endorsePerAddress: Type.Object(RateLimitSchema.properties, { default: { max: 600, windowSeconds: 60 } }),
    /** The agency named as publisher of the module's open data in the catalog (參與平臺管理機關). */
    openDataAgencyCode: Type.String({ minLength: 1, maxLength: 40, default: 'ndc' }),
    /** Anonymous proposal pages may be served from memory this long (0 turns the cache off). */
    pageCacheSeconds: Type.Integer({ minimum: 0, maximum: 60, default: 1 }),
    /** Assurance level a proposer's session needs to submit (trust.md: 2). */
    proposeLevel: levelSetting(2, 'assurance level needed to submit a proposal'),
    /** Assurance level an endorser's session needs (see decisions.md, 2026-12-03). */
    endorseLevel: levelSetting(1, 'assurance level needed to endorse'),
  },
  { additionalProperties: false },
);
export type PetitionSettings = Static<typeof PetitionSettingsSchema>;
export type SettingKey = keyof PetitionSettings;
export const settingKeys = Object.keys(PetitionSettingsSchema.properties) as SettingKey[];

export function defaultSettings(): PetitionSettings {
  const settings = Value.Default(PetitionSettingsSchema, {}) as PetitionSettings;
  settings.rules = Value.Default(PetitionRulesSchema, {}) as PetitionRules;
  return settings;
}

/** Stored rows over the defaults; a stored value that no longer validates falls back to its default. */
export function mergeSettings(rows: Array<{ key: string; value: string }>): PetitionSettings {
  const settings = defaultSettings() as Record<string, unknown>;
  for (const row of rows) {
    if (!(row.key in PetitionSettingsSchema.properties)) continue;
    try {
      const parsed = JSON.parse(row.value) as unknown;
      const schema = PetitionSettingsSchema.properties[row.key as SettingKey];
      const value = row.key === 'rules' ? Value.Default(PetitionRulesSchema, parsed) : parsed;
      if (Value.Check(schema, value)) settings[row.key] = value;
    } catch {
      /* keep the default */
    }
  }
  return settings as PetitionSettings;
}

// The endorsement path reads settings on every request, so they are cached (core/cache): a change
// through the settings action reaches every process within the cache's sync interval; the TTL bounds
// a change made some other way (SQL by hand).
const settingsCache = (cache: CacheService) => cache.named<PetitionSettings>('petitions.settings', { ttlMs: 5_000, maxEntries: 1 });

async function readSettings(db: AnyDb): Promise<PetitionSettings> {
  return mergeSettings(await petitionsDb(db).selectFrom('petition_settings').select(['key', 'value']).execute());
}

/** The settings in force: from the cache when given one, else read now (inside a transaction, say). */
export async function loadSettings(db: AnyDb, cache?: CacheService): Promise<PetitionSettings> {
  if (!cache) return readSettings(db);
  return settingsCache(cache).getOrLoad('settings', () => readSettings(db));
}

/** The cached settings, for routes and pages: they pass the services and never hold the database. */
export function cachedSettings(services: { db: AnyDb; cache: CacheService }): Promise<PetitionSettings> {
  return loadSettings(services.db, services.cache);
}

/** After a committed change: every process reads the settings again. */
export function forgetSettings(cache: CacheService): Promise<void> {
  return settingsCache(cache).invalidate();
}

export function freezesFrom(settings: Pick<PetitionSettings, 'elections' | 'freezeDaysBefore' | 'freezeDaysAfter'>): Freeze[] {
  return settings.elections.map((e) => ({
    start: addCalendarDays(e.date, -settings.freezeDaysBefore),
    end: addCalendarDays(e.date, settings.freezeDaysAfter),
    label: e.label,
  }));
}

const calendars = new WeakMap<PetitionSettings, { base: CalendarConfig | undefined; cal: CalendarConfig }>();

/**
 * Working days and freezes for deadline arithmetic: the platform's office calendar (the DGPA
 * defaults plus CALENDAR_FILE, from core) when given, else the DGPA defaults; plus this module's
 * extra days and the freezes around the election days in the settings.
 */
export function calendarFor(settings: PetitionSettings, base?: CalendarConfig): CalendarConfig {
  const hit = calendars.get(settings);
  if (hit && hit.base === base) return hit.cal;
  const platform = base ?? calendarConfigFrom(defaultTaiwanHolidays);
  const cal: CalendarConfig = {
    holidays: [...platform.holidays, ...settings.extraHolidays],
    makeupWorkdays: [...platform.makeupWorkdays, ...settings.extraMakeupWorkdays],
    freezes: [...platform.freezes, ...freezesFrom(settings)],
  };
  calendars.set(settings, { base, cal });
  return cal;
}

// Proposals share a handful of distinct rule snapshots; parse each once.
const parsedRules = new Map<string, PetitionRules>();

/** Rules stored in a proposal; anything unreadable falls back to today's defaults. Treat as read-only. */
export function parseRules(json: string): PetitionRules {
  const hit = parsedRules.get(json);
  if (hit) return hit;
  let rules = defaultSettings().rules;
  try {
    const value = Value.Default(PetitionRulesSchema, JSON.parse(json));
    if (Value.Check(PetitionRulesSchema, value)) rules = value as PetitionRules;
  } catch {
    /* the defaults */
  }
  if (parsedRules.size > 1000) parsedRules.clear();
  parsedRules.set(json, rules);
  return rules;
}
