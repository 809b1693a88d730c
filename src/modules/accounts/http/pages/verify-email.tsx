// E-mail verification. The link in the message opens a page with a button: verifying on GET would
// let mail scanners that prefetch links use the token up before the person ever sees it.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, HiddenFields, PostForm, SubmitButton } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { accountResendVerification, accountVerifyEmail } from '../../actions/register.js';
import { AUTH_RATE_LIMITS, FormLayout, formText, requireActor } from './shared.js';

function VerifyEmailPage({ ctx, token }: { ctx: PageContext; token: string }) {
  return (
    <FormLayout ctx={ctx} title={ctx.t('accounts.verify_title')}>
      <h1>{ctx.t('accounts.verify_title')}</h1>
      <p>{ctx.t('accounts.verify_intro')}</p>
      <PostForm ctx={ctx} action="/verify-email">
        <HiddenFields values={{ token }} />
        <SubmitButton>{ctx.t('accounts.verify_button')}</SubmitButton>
      </PostForm>
    </FormLayout>
  );
}

/** A used, expired or mangled link: say so and offer the way to a fresh one. */
export function LinkInvalidPage({ ctx, kind }: { ctx: PageContext; kind: 'verify' | 'reset' }) {
  return (
    <FormLayout ctx={ctx} title={ctx.t('accounts.link_invalid_title')}>
      <h1>{ctx.t('accounts.link_invalid_title')}</h1>
      <div class="usa-alert usa-alert--warning" role="alert">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{ctx.t('accounts.link_invalid')}</p>
        </div>
      </div>
      {kind === 'reset' ? (
        <p>
          <a class="usa-button" href="/password/forgot">
            {ctx.t('accounts.reset_again')}
          </a>
        </p>
      ) : ctx.actor ? (
        <ActionForm ctx={ctx} action="/account/verify-email/resend">
          <SubmitButton>{ctx.t('accounts.resend_verification')}</SubmitButton>
        </ActionForm>
      ) : (
        <p>{ctx.t('accounts.verify_sign_in_to_resend')}</p>
      )}
    </FormLayout>
  );
}

export async function verifyEmailPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/verify-email', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).token;
    const token = typeof raw === 'string' ? raw.slice(0, 300) : '';
    if (!token) return sendPage(reply, <LinkInvalidPage ctx={pageContext(request, reply)} kind="verify" />, 410);
    return sendPage(reply, <VerifyEmailPage ctx={pageContext(request, reply)} token={token} />);
  });

  app.post('/verify-email', { config: { rateLimit: AUTH_RATE_LIMITS.verifyEmail, runs: [accountVerifyEmail] } }, async (request, reply) => {
    try {
      await runAction(deps, request, accountVerifyEmail, { token: formText(request.body, 'token') });
    } catch (error) {
      // A token of the wrong shape is as dead as a used one; both get the same page.
      if (error instanceof AppError && (error.code === 'GONE' || error.code === 'INVALID')) {
        return sendPage(reply, <LinkInvalidPage ctx={pageContext(request, reply)} kind="verify" />, 410);
      }
      throw error;
    }
    return redirectWithFlash(reply, request.actor ? '/account' : '/signin', { kind: 'success', message: 'accounts.flash.email_verified' });
  });

  app.post('/account/verify-email/resend', { config: { rateLimit: AUTH_RATE_LIMITS.resendVerification, runs: [accountResendVerification] } }, async (request, reply) => {
    requireActor(request);
    const result = await runAction(deps, request, accountResendVerification, {});
    return redirectWithFlash(reply, '/account', result.alreadyVerified ? { kind: 'info', message: 'accounts.flash.already_verified' } : { kind: 'success', message: 'accounts.flash.verification_sent' });
  });
}
