import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { RESET_TOKEN_MINUTES, normalizeEmail } from '../model.js';
import { hashPassword } from '../passwords.js';
import { consumeLinkToken, findUserByEmail, issueUserToken, revokeAllSessions } from '../queries.js';
import { Password } from '../schemas.js';
import { accountsDb } from '../tables.js';

export const passwordResetRequest = defineAction({
  name: 'password_reset_request',
  description: 'Emails a reset link if the address has an account; answers the same either way.',
  input: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }),
  caller: anyone,
  async run(ctx, input) {
    const user = await findUserByEmail(accountsDb(ctx.db), normalizeEmail(input.email));
    if (user) {
      const token = await issueUserToken(accountsDb(ctx.db), user.id, 'reset_password', ctx.clock.now(), RESET_TOKEN_MINUTES * 60_000);
      const link = `${ctx.config.baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
      await ctx.services.mail.queue(accountsDb(ctx.db), {
        to: user.email,
        subject: t(ctx.request.locale, 'accounts.mail.reset_subject'),
        text: t(ctx.request.locale, 'accounts.mail.reset_body', { link, minutes: RESET_TOKEN_MINUTES }),
      });
      ctx.afterCommit(() => ctx.services.mail.flush().then(() => undefined));
    }
    return { ok: true };
  },
});

export const passwordReset = defineAction({
  name: 'password_reset',
  input: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }), password: Password }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    const userId = await consumeLinkToken(accountsDb(ctx.db), 'reset_password', input.token, now);
    if (!userId) throw new AppError('GONE', 'accounts.link_invalid');
    const passwordHash = await hashPassword(input.password);
    await accountsDb(ctx.db)
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    // Whoever knew the old password loses every foothold it gave: sessions and API tokens are revoked,
    // and passkeys (which sign in without the password) are suspended until the owner confirms each one.
    const at = now.toISOString();
    await revokeAllSessions(accountsDb(ctx.db), userId, at);
    const tokens = await accountsDb(ctx.db).updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    const passkeys = await accountsDb(ctx.db).updateTable('passkeys').set({ suspended_at: at }).where('user_id', '=', userId).where('suspended_at', 'is', null).executeTakeFirst();
    const revokedTokens = Number(tokens.numUpdatedRows);
    const suspendedPasskeys = Number(passkeys.numUpdatedRows);
    await ctx.audit({ action: 'password_reset', subjectType: 'user', subjectId: userId, data: { revokedTokens, suspendedPasskeys } });
    return { userId, revokedTokens, suspendedPasskeys };
  },
});
