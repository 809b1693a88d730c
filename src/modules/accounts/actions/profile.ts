import { randomInt } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { hashToken } from '../../../core/ids.js';
import { MOBILE_CODE_MAX_ATTEMPTS, MOBILE_CODE_MINUTES, MOBILE_SENDS_PER_ACCOUNT, MOBILE_SENDS_PER_NUMBER, MOBILE_SEND_WINDOW_MS, normalizeMobile, toMe } from '../model.js';
import { isUniqueViolation } from '../../../core/db/adapters.js';
import { verifyPassword } from '../passwords.js';
import { findUserById, issueUserToken, revokeAllSessions } from '../queries.js';
import { Me, Mobile, ProfileChanges } from '../schemas.js';
import type { UsersTable } from '../tables.js';
import { accountsDb } from '../tables.js';
import type { AnyDb } from '../../../core/db/types.js';

async function currentUser(ctx: { db: AnyDb; actor: { userId: string } | null }): Promise<UsersTable> {
  const user = await findUserById(accountsDb(ctx.db), ctx.actor!.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return user;
}

export const meShow = defineAction({
  name: 'me_show',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx): Promise<Me> {
    return toMe(await currentUser(ctx));
  },
});

export const meUpdate = defineAction({
  name: 'me_update',
  description: 'Changes profile fields; changing the mobile number clears its verification.',
  input: ProfileChanges,
  caller: signedIn,
  async run(ctx, input): Promise<Me> {
    const user = await currentUser(ctx);
    const set: Partial<UsersTable> = {};
    const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
    if (input.name !== undefined) set.name = blankToNull(input.name) ?? null;
    if (input.nickname !== undefined) set.nickname = blankToNull(input.nickname) ?? null;
    if (input.phone !== undefined) set.phone = blankToNull(input.phone) ?? null;
    if (input.address !== undefined) set.address = blankToNull(input.address) ?? null;
    if (input.nationality !== undefined && input.nationality !== user.nationality) {
      // A verified nationality is the certificate's, not the person's to change; a form without the
      // field (the page shows it as text) sends a blank, which changes nothing.
      if (!user.nationality_verified_at) set.nationality = input.nationality;
      else if (input.nationality !== null) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'nationality', message: 'accounts.nationality_verified' }]);
    }
    if (input.birthYear !== undefined) set.birth_year = input.birthYear;
    if (input.preferredLocale !== undefined) set.preferred_locale = input.preferredLocale;
    if (input.mobile !== undefined) {
      const mobile = input.mobile === null ? null : normalizeMobile(input.mobile);
      if (mobile !== user.mobile) {
        set.mobile = mobile;
        set.mobile_verified_at = null;
      }
    }
    if (Object.keys(set).length === 0) return toMe(user);
    set.updated_at = ctx.clock.now().toISOString();
    await accountsDb(ctx.db).updateTable('users').set(set).where('id', '=', user.id).execute();
    await ctx.audit({ action: 'me_update', subjectType: 'user', subjectId: user.id, data: { fields: Object.keys(set).filter((k) => k !== 'updated_at') } });
    return toMe({ ...user, ...set });
  },
});

export const mobileCodeSend = defineAction({
  name: 'mobile_code_send',
  description: 'Sends a 6-digit one-time code by SMS to the given mobile number (saved to the profile).',
  input: Type.Object({ mobile: Mobile }),
  caller: signedIn,
  async run(ctx, input) {
    const user = await currentUser(ctx);
    const mobile = normalizeMobile(input.mobile);
    const now = ctx.clock.now();
    // Besides the per-address limit of the route: per number (nobody gets a stranger's phone
    // flooded by rotating addresses or accounts) and per account (nobody cycles through numbers).
    const [perNumber, perAccount] = await ctx.services.rateLimits.hit([
      { key: `accounts.mobile_send|number|${mobile}`, windowMs: MOBILE_SEND_WINDOW_MS },
      { key: `accounts.mobile_send|account|${user.id}`, windowMs: MOBILE_SEND_WINDOW_MS },
    ]);
    if (perNumber!.current > MOBILE_SENDS_PER_NUMBER || perAccount!.current > MOBILE_SENDS_PER_ACCOUNT) throw new AppError('RATE_LIMITED', 'accounts.mobile_send_limited');
    if (mobile !== user.mobile) {
      await accountsDb(ctx.db).updateTable('users').set({ mobile, mobile_verified_at: null, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await issueUserToken(accountsDb(ctx.db), user.id, 'verify_mobile', now, MOBILE_CODE_MINUTES * 60_000, `${user.id}:${code}`, mobile);
    await ctx.services.sms.queue(accountsDb(ctx.db), mobile, t(ctx.request.locale, 'accounts.sms.code', { code, minutes: MOBILE_CODE_MINUTES }));
    ctx.afterCommit(() => ctx.services.sms.flush().then(() => undefined));
    return { sentTo: mobile };
  },
});

export const mobileCodeVerify = defineAction({
  name: 'mobile_code_verify',
  input: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }),
  caller: signedIn,
  async run(ctx, input) {
    const user = await currentUser(ctx);
    const now = ctx.clock.now();
    const pending = await accountsDb(ctx.db)
      .selectFrom('user_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'verify_mobile')
      .where('used_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!pending || new Date(pending.expires_at) <= now || pending.attempts >= MOBILE_CODE_MAX_ATTEMPTS || pending.target !== user.mobile) {
      return { ok: false as const, reason: 'accounts.code_expired' };
    }
    if (pending.token_hash !== hashToken(`${user.id}:${input.code}`)) {
      await accountsDb(ctx.db).updateTable('user_tokens').set({ attempts: pending.attempts + 1 }).where('id', '=', pending.id).execute();
      return { ok: false as const, reason: 'accounts.code_wrong' };
    }
    // One verified number, one account. Said only to whoever proved they hold the number (the code),
    // never when a code is asked for, so nobody can probe which numbers have accounts. The partial
    // unique index users_verified_mobile settles a race the guard cannot see.
    const db = accountsDb(ctx.db);
    const verified = await db
      .updateTable('users')
      .set({ mobile_verified_at: now.toISOString(), updated_at: now.toISOString() })
      .where('id', '=', user.id)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('users as holder').select('holder.id').where('holder.mobile', '=', pending.target).where('holder.mobile_verified_at', 'is not', null).where('holder.id', '!=', user.id))),
      )
      .executeTakeFirst()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'accounts.mobile_taken');
        throw error;
      });
    if (Number(verified.numUpdatedRows) !== 1) return { ok: false as const, reason: 'accounts.mobile_taken' };
    await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('id', '=', pending.id).execute();
    await ctx.audit({ action: 'mobile_verify', subjectType: 'user', subjectId: user.id });
    return { ok: true as const };
  },
});

export const accountDelete = defineAction({
  name: 'account_delete',
  description: 'Deletes the account: personal data is erased, the record of public acts stays anonymised.',
  input: Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }),
  caller: signedIn,
  async run(ctx, input) {
    const user = await currentUser(ctx);
    if (!(await verifyPassword(user.password_hash, input.password))) {
      throw new AppError('INVALID', 'error.invalid_input', [{ field: 'password', message: 'accounts.password_wrong' }]);
    }
    const now = ctx.clock.now().toISOString();
    await accountsDb(ctx.db)
      .updateTable('users')
      .set({
        email: `deleted-${user.id}@deleted.invalid`,
        email_verified_at: null,
        password_hash: null,
        name: null,
        nickname: null,
        phone: null,
        mobile: null,
        mobile_verified_at: null,
        address: null,
        nationality: null,
        birth_year: null,
        role: 'citizen',
        agency_id: null,
        deleted_at: now,
        updated_at: now,
      })
      .where('id', '=', user.id)
      .execute();
    await revokeAllSessions(accountsDb(ctx.db), user.id, now);
    await accountsDb(ctx.db).updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    await accountsDb(ctx.db).deleteFrom('passkeys').where('user_id', '=', user.id).execute();
    await accountsDb(ctx.db).deleteFrom('user_tokens').where('user_id', '=', user.id).execute();
    await ctx.audit({ action: 'account_delete', subjectType: 'user', subjectId: user.id });
    return { ok: true };
  },
});
