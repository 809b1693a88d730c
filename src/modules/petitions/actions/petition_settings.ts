import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { forgetSettings, loadSettings, PetitionRulesSchema, PetitionSettingsSchema, type PetitionSettings } from '../settings.js';
import { moderator, platformAdmin } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/** A copy of a schema without `default` annotations (TypeBox keeps its own keys as symbols). */
function withoutDefaults<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutDefaults) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(schema)) {
    if (key === 'default') continue;
    out[key] = withoutDefaults((schema as Record<string | symbol, unknown>)[key]);
  }
  return out as T;
}

/** Only the keys given change; `rules` may name only the rules that change. */
const SettingsChanges = withoutDefaults(
  Type.Partial(Type.Object({ ...PetitionSettingsSchema.properties, rules: Type.Partial(PetitionRulesSchema, { additionalProperties: false }) }), { additionalProperties: false }),
);

export const petitionSettingsShow = defineAction({
  name: 'petition_settings_show',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: moderator,
  async run(ctx): Promise<PetitionSettings> {
    return loadSettings(ctx.db, ctx.services.cache);
  },
});

/**
 * Changes operator settings. Rules apply to proposals submitted from now on (each proposal keeps the
 * rules it was submitted under); holidays and election days apply to every running deadline.
 */
export const petitionSettingsUpdate = defineAction({
  name: 'petition_settings_update',
  input: SettingsChanges,
  caller: platformAdmin,
  async run(ctx, input) {
    const current = await loadSettings(ctx.db);
    const changes = { ...input } as Partial<PetitionSettings>;
    if (input.rules) changes.rules = { ...current.rules, ...input.rules };
    if (changes.rules) {
      const thresholds = changes.rules.stages.map((s) => s.threshold);
      if (thresholds.some((t, i) => i > 0 && t <= thresholds[i - 1])) {
        throw new AppError('INVALID', 'error.invalid_input', [{ field: 'rules.stages', message: 'petitions.settings.stages_increasing' }]);
      }
    }
    const now = ctx.clock.now().toISOString();
    const keys = Object.keys(changes) as Array<keyof PetitionSettings>;
    for (const key of keys) {
      const value = JSON.stringify(changes[key]);
      await petitionsDb(ctx.db)
        .insertInto('petition_settings')
        .values({ key, value, updated_at: now, updated_by: ctx.actor!.userId })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: ctx.actor!.userId }))
        .execute();
    }
    await ctx.audit({ action: 'petition_settings_update', subjectType: 'petition_settings', subjectId: null, data: { changes } });
    ctx.afterCommit(() => forgetSettings(ctx.services.cache));
    return loadSettings(ctx.db);
  },
});
