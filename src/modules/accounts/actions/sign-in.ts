import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn, type ActionContext } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { hashToken, newId, randomToken } from '../../../core/ids.js';
import { afterFailedLogin, isLocked, normalizeEmail } from '../model.js';
import { verifyPassword } from '../passwords.js';
import { findUserByEmail } from '../queries.js';
import { ownsRecord } from '../policy.js';
import { accountsDb } from '../tables.js';

export interface NewSession {
  sessionId: string;
  token: string;
  expiresAt: string;
  mfaPending: boolean;
}

export async function createSession(ctx: ActionContext, userId: string, mfaPending: boolean, signInMethods: string): Promise<NewSession> {
  const now = ctx.clock.now();
  const token = randomToken();
  const session: NewSession = {
    sessionId: newId(),
    token,
    expiresAt: new Date(now.getTime() + ctx.config.sessionDays * 86_400_000).toISOString(),
    mfaPending,
  };
  await accountsDb(ctx.db)
    .insertInto('sessions')
    .values({
      id: session.sessionId,
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: session.expiresAt,
      ip: ctx.request.ip,
      user_agent: ctx.request.userAgent?.slice(0, 300) ?? null,
      revoked_at: null,
      mfa_pending: mfaPending ? 1 : 0,
      webauthn_challenge: null,
      sign_in_methods: signInMethods,
    })
    .execute();
  return session;
}

export const accountSignIn = defineAction({
  name: 'account_sign_in',
  description: 'Checks email and password; opens a session (pending a passkey when the user has one).',
  input: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    const user = await findUserByEmail(accountsDb(ctx.db), normalizeEmail(input.email));
    if (user && isLocked(user, now)) throw new AppError('LOCKED', 'error.locked');
    const ok = await verifyPassword(user?.password_hash ?? null, input.password);
    if (!user || !ok) {
      if (user) {
        const next = afterFailedLogin(user.failed_logins, now);
        await accountsDb(ctx.db).updateTable('users').set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil }).where('id', '=', user.id).execute();
        if (next.lockedUntil) await ctx.audit({ action: 'account_locked', subjectType: 'user', subjectId: user.id, data: { until: next.lockedUntil } });
      }
      // The failure counter must be saved even though the action fails, so return a marker
      // instead of throwing inside the transaction.
      return { ok: false as const };
    }
    if (user.failed_logins > 0 || user.locked_until) {
      await accountsDb(ctx.db).updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
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
