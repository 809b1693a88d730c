import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn, type ActionContext } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { hashToken } from '../../../core/ids.js';
import { SIGN_IN_FAILURES_PER_ADDRESS_AND_IP, SIGN_IN_THROTTLE_MINUTES, normalizeEmail } from '../model.js';
import { verifyPassword } from '../passwords.js';
import { findUserByEmail } from '../queries.js';
import { ownsRecord } from '../policy.js';
import { openSession, type OpenedSession } from '../published.js';
import { accountsDb } from '../tables.js';

export type NewSession = OpenedSession;

export function createSession(ctx: ActionContext, userId: string, mfaPending: boolean, signInMethods: string): Promise<NewSession> {
  return openSession(ctx.db, { userId, methods: signInMethods, mfaPending, now: ctx.clock.now(), days: ctx.config.sessionDays, ip: ctx.request.ip, userAgent: ctx.request.userAgent });
}

export const accountSignIn = defineAction({
  name: 'account_sign_in',
  description: 'Checks email and password; opens a session (pending a passkey when the user has one).',
  input: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
  caller: anyone,
  async run(ctx, input) {
    const email = normalizeEmail(input.email);
    // Throttled per typed address and network address, before the account is even looked up: the
    // same for every address, and a stranger's failures elsewhere never lock the owner out.
    const throttle = `accounts.sign_in_failures|${email}|${ctx.request.ip ?? ''}`;
    if ((await ctx.services.rateLimits.current(throttle)) >= SIGN_IN_FAILURES_PER_ADDRESS_AND_IP) {
      throw new AppError('RATE_LIMITED', 'accounts.sign_in_throttled', [], { minutes: SIGN_IN_THROTTLE_MINUTES });
    }
    const user = await findUserByEmail(accountsDb(ctx.db), email);
    const ok = await verifyPassword(user?.password_hash ?? null, input.password);
    if (!user || !ok) {
      await ctx.services.rateLimits.hit([{ key: throttle, windowMs: SIGN_IN_THROTTLE_MINUTES * 60_000 }]);
      return { ok: false as const };
    }
    // A suspended passkey (after a password reset, until confirmed) is no second factor.
    const passkeys = await accountsDb(ctx.db).selectFrom('passkeys').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', user.id).where('suspended_at', 'is', null).executeTakeFirst();
    const session = await createSession(ctx, user.id, Number(passkeys?.n ?? 0) > 0, 'pwd');
    await ctx.audit({ action: 'account_sign_in', subjectType: 'user', subjectId: user.id, data: { sessionId: session.sessionId, mfaPending: session.mfaPending } });
    return { ok: true as const, session, userId: user.id };
  },
});

/** Ends the session whose secret token is given: holding the token is the proof of ownership. */
export const accountSignOut = defineAction({
  name: 'account_sign_out',
  input: Type.Object({ sessionToken: Type.String({ minLength: 1, maxLength: 200 }) }),
  caller: anyone,
  async run(ctx, input) {
    await accountsDb(ctx.db)
      .updateTable('sessions')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('token_hash', '=', hashToken(input.sessionToken))
      .where('revoked_at', 'is', null)
      .execute();
    return { ok: true };
  },
});

export const sessionList = defineAction({
  name: 'session_list',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx) {
    const rows = await accountsDb(ctx.db)
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
      .where('user_id', '=', ctx.actor!.userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', ctx.clock.now().toISOString())
      .where('last_seen_at', '>=', new Date(ctx.clock.now().getTime() - ctx.config.sessionIdleMinutes * 60_000).toISOString())
      .where('mfa_pending', '=', 0)
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, ip: r.ip, userAgent: r.user_agent, current: r.id === ctx.actor!.sessionId }));
  },
});

export const sessionRevoke = defineAction({
  name: 'session_revoke',
  input: Type.Object({ sessionId: Type.String({ maxLength: 100 }) }),
  caller: signedIn,
  async load(ctx, input) {
    const session = await accountsDb(ctx.db).selectFrom('sessions').select(['id', 'user_id']).where('id', '=', input.sessionId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!session) throw new AppError('NOT_FOUND', 'error.not_found');
    return session;
  },
  policy: (ctx, _input, session) => ownsRecord(ctx.actor, session),
  async run(ctx, _input, session) {
    await accountsDb(ctx.db).updateTable('sessions').set({ revoked_at: ctx.clock.now().toISOString() }).where('id', '=', session.id).execute();
    await ctx.audit({ action: 'session_revoke', subjectType: 'user', subjectId: session.user_id, data: { sessionId: session.id } });
    return { ok: true };
  },
});
