// Forgotten password: ask for a link (same answer whether or not the address has an account), then
// set a new password from the link. A reset signs the account out everywhere.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ErrorSummary, Field, HiddenFields, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { passwordReset, passwordResetRequest } from '../../actions/password.js';
import { Password } from '../../schemas.js';
import { clearSessionCookie } from '../auth-plugin.js';
import { AUTH_RATE_LIMITS, FormLayout, formFailure, formFields, formText } from './shared.js';
import { LinkInvalidPage } from './verify-email.js';

function ForgotPage({ ctx, state }: { ctx: PageContext; state: FormState }) {
  return (
    <FormLayout ctx={ctx} title={ctx.t('accounts.forgot_title')}>
      <h1>{ctx.t('accounts.forgot_title')}</h1>
      <p>{ctx.t('accounts.forgot_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/password/forgot">
        <Field ctx={ctx} state={state} name="email" type="email" label={ctx.t('accounts.field.email')} autocomplete="email" required maxLength={254} />
        <SubmitButton>{ctx.t('accounts.forgot_button')}</SubmitButton>
      </PostForm>
    </FormLayout>
  );
}

function ResetPage({ ctx, state, token }: { ctx: PageContext; state: FormState; token: string }) {
  return (
    <FormLayout ctx={ctx} title={ctx.t('accounts.reset_title')}>
      <h1>{ctx.t('accounts.reset_title')}</h1>
      <p>{ctx.t('accounts.reset_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/password/reset">
        <HiddenFields values={{ token }} />
        <Field ctx={ctx} state={state} name="password" type="password" label={ctx.t('accounts.field.new_password')} hint={ctx.t('accounts.password_rule', { min: Password.minLength! })} autocomplete="new-password" required maxLength={200} />
        <Field ctx={ctx} state={state} name="passwordConfirm" type="password" label={ctx.t('accounts.field.password_confirm')} autocomplete="new-password" required maxLength={200} />
        <SubmitButton>{ctx.t('accounts.reset_button')}</SubmitButton>
      </PostForm>
    </FormLayout>
  );
}

export async function passwordPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/password/forgot', async (request, reply) => {
    return sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={emptyForm()} />);
  });

  app.post('/password/forgot', { config: { rateLimit: AUTH_RATE_LIMITS.passwordForgot, runs: [passwordResetRequest] } }, async (request, reply) => {
    const values = { email: formText(request.body, 'email') };
    try {
      await runAction(deps, request, passwordResetRequest, formFields(request.body, ['email']));
    } catch (error) {
      const failed = formFailure(error, values);
      return sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={failed.state} />, failed.status);
    }
    return redirectWithFlash(reply, '/signin', { kind: 'info', message: 'accounts.flash.reset_sent' });
  });

  app.get('/password/reset', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).token;
    const token = typeof raw === 'string' ? raw.slice(0, 300) : '';
    if (!token) return sendPage(reply, <LinkInvalidPage ctx={pageContext(request, reply)} kind="reset" />, 410);
    return sendPage(reply, <ResetPage ctx={pageContext(request, reply)} state={emptyForm()} token={token} />);
  });

  app.post('/password/reset', { config: { rateLimit: AUTH_RATE_LIMITS.passwordReset, runs: [passwordReset] } }, async (request, reply) => {
    const body = request.body;
    const token = formText(body, 'token');
    let result;
    try {
      if (formText(body, 'password') !== formText(body, 'passwordConfirm')) {
        throw new AppError('INVALID', 'error.invalid_input', [{ field: 'passwordConfirm', message: 'accounts.password_mismatch' }]);
      }
      result = await runAction(deps, request, passwordReset, { token, ...formFields(body, ['password']) });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'GONE' || (error.code === 'INVALID' && error.fields.some((f) => f.field === 'token')))) {
        return sendPage(reply, <LinkInvalidPage ctx={pageContext(request, reply)} kind="reset" />, 410);
      }
      const failed = formFailure(error, {});
      return sendPage(reply, <ResetPage ctx={pageContext(request, reply)} state={failed.state} token={token} />, failed.status);
    }
    // Every session of the account was revoked, including this browser's if it had one.
    if (request.actor?.userId === result.userId) clearSessionCookie(reply);
    const review = result.revokedTokens > 0 || result.suspendedPasskeys > 0;
    return redirectWithFlash(reply, '/signin', { kind: 'success', message: review ? 'accounts.flash.password_changed_review' : 'accounts.flash.password_changed' });
  });
}
