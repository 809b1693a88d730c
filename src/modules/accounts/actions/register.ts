import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn, type ActionContext } from '../../../core/action.js';
import { isUniqueViolation } from '../../../core/db/adapters.js';
import { AppError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { newId } from '../../../core/ids.js';
import { EMAIL_TOKEN_HOURS, PRIVACY_NOTICE_VERSION, newUserRow, normalizeEmail } from '../model.js';
import { hashPassword } from '../passwords.js';
import { consumeLinkToken, findUserById, issueUserToken } from '../queries.js';
import { Email, Password } from '../schemas.js';
import { accountsDb } from '../tables.js';

export async function sendVerificationEmail(ctx: ActionContext, userId: string, email: string): Promise<void> {
  const now = ctx.clock.now();
  const token = await issueUserToken(accountsDb(ctx.db), userId, 'verify_email', now, EMAIL_TOKEN_HOURS * 3_600_000);
  const link = `${ctx.config.baseUrl}/verify-email?token=${encodeURIComponent(token)}`;
  const locale = ctx.request.locale;
  await ctx.services.mail.queue(accountsDb(ctx.db), {
    to: email,
    subject: t(locale, 'accounts.mail.verify_subject'),
    text: t(locale, 'accounts.mail.verify_body', { link, hours: EMAIL_TOKEN_HOURS }),
  });
  ctx.afterCommit(() => ctx.services.mail.flush().then(() => undefined));
}

export const accountRegister = defineAction({
  name: 'account_register',
  description: 'Creates a citizen account, recording consent to the privacy notice, and sends an email verification link.',
  input: Type.Object(
    {
      email: Email,
      password: Password,
      name: Type.Optional(Type.String({ maxLength: 100 })),
      nickname: Type.Optional(Type.String({ maxLength: 50 })),
      /** The person agreed to the privacy notice (/privacy); an account is never made without it. */
      privacyConsent: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  caller: anyone,
  async run(ctx, input) {
    if (input.privacyConsent !== true) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'privacyConsent', message: 'accounts.privacy_consent_required' }]);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    const email = normalizeEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    try {
      await accountsDb(ctx.db)
        .insertInto('users')
        .values(
          newUserRow({
            id,
            email,
            password_hash: passwordHash,
            role: 'citizen',
            name: input.name?.trim() || null,
            nickname: input.nickname?.trim() || null,
            preferred_locale: ctx.request.locale,
            privacy_consent_at: now,
            privacy_notice_version: PRIVACY_NOTICE_VERSION,
            created_at: now,
          }),
        )
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'email', message: 'accounts.email_taken' }]);
      throw error;
    }
    await ctx.audit({ action: 'account_register', subjectType: 'user', subjectId: id, data: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION } });
    await sendVerificationEmail(ctx, id, email);
    return { userId: id };
  },
});

export const accountVerifyEmail = defineAction({
  name: 'account_verify_email',
  input: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    const userId = await consumeLinkToken(accountsDb(ctx.db), 'verify_email', input.token, now);
    if (!userId) throw new AppError('GONE', 'accounts.link_invalid');
    await accountsDb(ctx.db).updateTable('users').set({ email_verified_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', userId).where('email_verified_at', 'is', null).execute();
    await ctx.audit({ action: 'account_verify_email', subjectType: 'user', subjectId: userId });
    return { userId };
  },
});

export const accountResendVerification = defineAction({
  name: 'account_resend_verification',
  input: Type.Object({}),
  caller: signedIn,
  async run(ctx) {
    const user = await findUserById(accountsDb(ctx.db), ctx.actor!.userId);
    if (!user) throw new AppError('NOT_FOUND', 'error.not_found');
    if (user.email_verified_at) return { alreadyVerified: true };
    await sendVerificationEmail(ctx, user.id, user.email);
    return { alreadyVerified: false };
  },
});
