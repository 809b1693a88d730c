// Step-up sign-in: a signed-in person adds a second method to their session (password + a one-time
// code by SMS to their verified mobile), the session records it in its amr values, and its assurance
// level (core/assurance.ts) is computed again on the next request. The session keeps its id and
// expiry but gets a fresh token, so a token seen before the step-up is worth nothing after it.
import { randomInt } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { signedInBySession } from '../../../core/access.js';
import { levelFor, type AssuranceLevel } from '../../../core/assurance.js';
import { AppError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { hashToken, randomToken } from '../../../core/ids.js';
import { MOBILE_CODE_MAX_ATTEMPTS, MOBILE_CODE_MINUTES, SIGN_IN_FAILURES_PER_ADDRESS_AND_IP, SIGN_IN_THROTTLE_MINUTES, sessionMethods, withMethods } from '../model.js';
import { verifyPassword } from '../passwords.js';
import { findUserById, issueUserToken } from '../queries.js';
import { accountsDb, type SessionsTable, type UsersTable } from '../tables.js';
import type { ActionContext } from '../../../core/action.js';
import type { NewSession } from './sign-in.js';

/** The amr values a password + SMS code step-up adds (RFC 8176: pwd, sms, and mfa for two factors). */
export const STEP_UP_METHODS = ['pwd', 'sms', 'mfa'] as const;

/** The code is bound to the session it completes: a code sent for one session never completes another. */
const codeSecret = (sessionId: string, code: string) => `step-up:${sessionId}:${code}`;

interface StepUpSubject {
  user: UsersTable;
  session: Pick<SessionsTable, 'id' | 'expires_at'> & { sign_in_methods: string };
}

/** The caller's live account and session (the caller check already required a session). */
async function stepUpSubject(ctx: ActionContext): Promise<StepUpSubject> {
  const user = await findUserById(accountsDb(ctx.db), ctx.actor!.userId);
  const session = ctx.actor!.sessionId
    ? await accountsDb(ctx.db)
        .selectFrom('sessions')
        .select(['id', 'sign_in_methods', 'expires_at'])
        .where('id', '=', ctx.actor!.sessionId)
        .where('revoked_at', 'is', null)
        .where('mfa_pending', '=', 0)
        .where('expires_at', '>', ctx.clock.now().toISOString())
        .executeTakeFirst()
    : undefined;
  if (!user || !session) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return { user, session };
}

/** The code goes only to a verified mobile: an unverified number proves nothing about the person. */
function hasVerifiedMobile({ user }: StepUpSubject): true {
  if (!user.mobile || !user.mobile_verified_at) throw new AppError('CONFLICT', 'accounts.step_up.no_mobile');
  return true;
}

/** What the step-up page shows: the level now, whether a code can be sent and where. */
export const stepUpStatus = defineAction({
  name: 'step_up_status',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedInBySession,
  load: stepUpSubject,
  async run(_ctx, _input, { user, session }) {
    const level: AssuranceLevel = levelFor({ methods: sessionMethods(session.sign_in_methods), emailVerified: !!user.email_verified_at, mobileVerified: !!user.mobile_verified_at });
    return { level, mobile: user.mobile_verified_at ? user.mobile : null };
  },
});

export const stepUpCodeSend = defineAction({
  name: 'step_up_code_send',
  description: 'Sends a 6-digit one-time code by SMS to the verified mobile, for adding a second method to this session.',
  input: Type.Object({}),
  caller: signedInBySession,
  load: stepUpSubject,
  policy: (_ctx, _input, subject) => hasVerifiedMobile(subject),
  async run(ctx, _input, { user, session }) {
    const now = ctx.clock.now();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // A new code replaces any earlier one (issueUserToken marks those used).
    await issueUserToken(accountsDb(ctx.db), user.id, 'step_up', now, MOBILE_CODE_MINUTES * 60_000, codeSecret(session.id, code), session.id);
    await ctx.services.sms.queue(accountsDb(ctx.db), user.mobile!, t(ctx.request.locale, 'accounts.sms.step_up_code', { code, minutes: MOBILE_CODE_MINUTES }));
    ctx.afterCommit(() => ctx.services.sms.flush().then(() => undefined));
    await ctx.audit({ action: 'step_up_code_send', subjectType: 'user', subjectId: user.id, data: { sessionId: session.id } });
    return { sentTo: user.mobile! };
  },
});

export type StepUpResult = { ok: true; session: NewSession } | { ok: false; field: 'password' | 'code'; reason: string };

export const stepUpVerify = defineAction({
  name: 'step_up_verify',
  description: 'Checks the password and the SMS code; the session gains both methods and a fresh token.',
  input: Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }), code: Type.String({ pattern: '^\\d{6}$' }) }),
  caller: signedInBySession,
  load: stepUpSubject,
  policy: (_ctx, _input, subject) => hasVerifiedMobile(subject),
  async run(ctx, input, { user, session }): Promise<StepUpResult> {
    const now = ctx.clock.now();
    const users = accountsDb(ctx.db);
    // Wrong passwords count with the sign-in's own throttle (per address and IP), so step-up is no
    // second way to guess; failures are returned, not thrown, so the attempt counts below stick.
    const throttle = `accounts.sign_in_failures|${user.email}|${ctx.request.ip ?? ''}`;
    if ((await ctx.services.rateLimits.current(throttle)) >= SIGN_IN_FAILURES_PER_ADDRESS_AND_IP) {
      throw new AppError('RATE_LIMITED', 'accounts.sign_in_throttled', [], { minutes: SIGN_IN_THROTTLE_MINUTES });
    }
    if (!(await verifyPassword(user.password_hash, input.password))) {
      await ctx.services.rateLimits.hit([{ key: throttle, windowMs: SIGN_IN_THROTTLE_MINUTES * 60_000 }]);
      return { ok: false, field: 'password', reason: 'accounts.password_wrong' };
    }
    const pending = await users
      .selectFrom('user_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'step_up')
      .where('used_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!pending || pending.target !== session.id || new Date(pending.expires_at) <= now) return { ok: false, field: 'code', reason: 'accounts.code_expired' };
    if (pending.attempts >= MOBILE_CODE_MAX_ATTEMPTS) return { ok: false, field: 'code', reason: 'accounts.code_too_many' };
    if (pending.token_hash !== hashToken(codeSecret(session.id, input.code))) {
      await users.updateTable('user_tokens').set({ attempts: pending.attempts + 1 }).where('id', '=', pending.id).execute();
      return { ok: false, field: 'code', reason: pending.attempts + 1 >= MOBILE_CODE_MAX_ATTEMPTS ? 'accounts.code_too_many' : 'accounts.code_wrong' };
    }
    const used = await users.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('id', '=', pending.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return { ok: false, field: 'code', reason: 'accounts.code_expired' };
    const token = randomToken();
    const methods = withMethods(session.sign_in_methods, STEP_UP_METHODS);
    const updated = await users
      .updateTable('sessions')
      .set({ token_hash: hashToken(token), sign_in_methods: methods, last_seen_at: now.toISOString() })
      .where('id', '=', session.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
    const level = levelFor({ methods: methods.split(' '), emailVerified: !!user.email_verified_at, mobileVerified: !!user.mobile_verified_at });
    await ctx.audit({ action: 'step_up', subjectType: 'user', subjectId: user.id, data: { sessionId: session.id, methods, level } });
    return { ok: true, session: { sessionId: session.id, token, expiresAt: session.expires_at, mfaPending: false } };
  },
});

export const stepUpActions = [stepUpStatus, stepUpCodeSend, stepUpVerify];
