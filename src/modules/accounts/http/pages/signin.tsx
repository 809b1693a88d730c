// Sign-up, sign-in and sign-out.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../../core/errors.js';
import { validate } from '../../../../core/validation.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { Checkbox, ErrorSummary, Field, HiddenFields, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { accountRegister } from '../../actions/register.js';
import { accountSignIn, accountSignOut } from '../../actions/sign-in.js';
import { SESSION_COOKIE } from '../auth-plugin.js';
import { SIGN_IN_THROTTLE_MINUTES } from '../../model.js';
import { Password } from '../../schemas.js';
import { clearSessionCookie } from '../auth-plugin.js';
import { AUTH_RATE_LIMITS, FormLayout, formFailure, formFields, formText, safeNext, startSession } from './shared.js';

function SignUpPage({ ctx, state }: { ctx: PageContext; state: FormState }) {
  return (
    <FormLayout ctx={ctx} title={ctx.t('accounts.signup_title')}>
      <h1>{ctx.t('accounts.signup_title')}</h1>
      <p class="usa-intro">{ctx.t('accounts.signup_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/signup" large>
        <Field ctx={ctx} state={state} name="email" type="email" label={ctx.t('accounts.field.email')} autocomplete="email" required maxLength={254} />
        <Field ctx={ctx} state={state} name="password" type="password" label={ctx.t('accounts.field.password')} hint={ctx.t('accounts.password_rule', { min: Password.minLength! })} autocomplete="new-password" required maxLength={200} />
        <Field ctx={ctx} state={state} name="passwordConfirm" type="password" label={ctx.t('accounts.field.password_confirm')} autocomplete="new-password" required maxLength={200} />
        <Field ctx={ctx} state={state} name="name" label={ctx.t('accounts.field.name')} hint={ctx.t('accounts.hint.name')} autocomplete="name" maxLength={100} />
        <Field ctx={ctx} state={state} name="nickname" label={ctx.t('accounts.field.nickname')} hint={ctx.t('accounts.hint.nickname')} autocomplete="nickname" maxLength={50} />
        <section class="og-consent" aria-labelledby="signup-privacy-heading">
          <h2 id="signup-privacy-heading" class="font-heading-md">
            {ctx.t('accounts.privacy.heading')}
          </h2>
          <p>{ctx.t('accounts.privacy.collected')}</p>
          <p>{ctx.t('accounts.privacy.purpose')}</p>
          <p>
            <a href="/privacy">{ctx.t('accounts.privacy.read_notice')}</a>
          </p>
          <Checkbox ctx={ctx} state={state} name="privacyConsent" label={ctx.t('accounts.privacy.consent_label')} required />
        </section>
        <SubmitButton>{ctx.t('accounts.signup_button')}</SubmitButton>
      </PostForm>
      <p>
        {ctx.t('accounts.have_account')} <a href="/signin">{ctx.t('layout.sign_in')}</a>
      </p>
    </FormLayout>
  );
}

function SignInPage({ ctx, state, next, certificate, mobileId }: { ctx: PageContext; state: FormState; next: string; certificate: boolean; mobileId: boolean }) {
  const nextQuery = `?next=${encodeURIComponent(next)}`;
  return (
    <FormLayout ctx={ctx} title={ctx.t('layout.sign_in')}>
      <h1>{ctx.t('layout.sign_in')}</h1>
      <ErrorSummary ctx={ctx} state={state} />
      {mobileId && <MobileIdChoice ctx={ctx} nextQuery={nextQuery} />}
      <PostForm ctx={ctx} action="/signin">
        <HiddenFields values={{ next }} />
        <Field ctx={ctx} state={state} name="email" type="email" label={ctx.t('accounts.field.email')} autocomplete="username" required maxLength={254} />
        <Field ctx={ctx} state={state} name="password" type="password" label={ctx.t('accounts.field.password')} autocomplete="current-password" required maxLength={200} />
        <SubmitButton>{ctx.t('layout.sign_in')}</SubmitButton>
      </PostForm>
      <ul class="usa-list">
        <li>
          <a href={`/signin/passkey${nextQuery}`}>{ctx.t('accounts.signin_with_passkey')}</a>
        </li>
        {certificate && (
          <li>
            <a href={`/signin/certificate${nextQuery}`}>{ctx.t('accounts.signin_with_certificate')}</a>
          </li>
        )}
        <li>
          <a href="/password/forgot">{ctx.t('accounts.forgot_link')}</a>
        </li>
        <li>
          {ctx.t('accounts.no_account')} <a href="/signup">{ctx.t('layout.sign_up')}</a>
        </li>
      </ul>
    </FormLayout>
  );
}

/** The external provider's sign-in (identity module), offered first when configured: most people have it on their phone. */
function MobileIdChoice({ ctx, nextQuery }: { ctx: PageContext; nextQuery: string }) {
  return (
    <>
      <section aria-labelledby="mobile-id-heading" class="margin-bottom-4">
      <h2 id="mobile-id-heading" class="font-heading-md">
        {ctx.t('accounts.mobile_id_heading')}
      </h2>
      <p>
        <a class="usa-button usa-button--big width-full mobile-lg:width-auto" href={`/signin/mobile-id/start${nextQuery}`}>
          {ctx.t('accounts.signin_with_mobile_id')}
        </a>
      </p>
      <p class="usa-hint">
        {ctx.t('accounts.mobile_id_hint')} <a href={`/signin/mobile-id${nextQuery}`}>{ctx.t('accounts.mobile_id_more')}</a>
      </p>
      </section>
      <h2 class="font-heading-md">{ctx.t('accounts.password_heading')}</h2>
    </>
  );
}

const signUpFields = ['email', 'password', 'name', 'nickname'];

export async function signInPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // The identity module's certificate listener, when one is configured (its page is /signin/certificate).
  const certificateSignIn = deps.services.config.identityCertificates.publicUrl !== null;
  // The identity module's external provider (the mobile citizen certificate), when one is configured.
  const mobileId = deps.services.config.federation !== null;
  app.get('/signup', async (request, reply) => {
    if (request.actor) return reply.redirect('/account', 303);
    return sendPage(reply, <SignUpPage ctx={pageContext(request, reply)} state={emptyForm()} />);
  });

  app.post('/signup', { config: { rateLimit: AUTH_RATE_LIMITS.signUp, runs: [accountRegister, accountSignIn] } }, async (request, reply) => {
    const body = request.body;
    const consented = formText(body, 'privacyConsent') === '1';
    const values = { email: formText(body, 'email'), name: formText(body, 'name'), nickname: formText(body, 'nickname'), privacyConsent: consented ? '1' : '' };
    const input = { ...formFields(body, signUpFields), privacyConsent: consented };
    try {
      // Problems the action cannot see (the confirmation) or would report alone (consent) are
      // reported together with whatever else is wrong, in one round trip.
      const formProblems = [];
      if (formText(body, 'password') !== formText(body, 'passwordConfirm')) formProblems.push({ field: 'passwordConfirm', message: 'accounts.password_mismatch' });
      if (!consented) formProblems.push({ field: 'privacyConsent', message: 'accounts.privacy_consent_required' });
      if (formProblems.length > 0) {
        try {
          validate(accountRegister.input, input);
        } catch (error) {
          if (error instanceof AppError) throw new AppError('INVALID', 'error.invalid_input', [...error.fields, ...formProblems]);
          throw error;
        }
        throw new AppError('INVALID', 'error.invalid_input', formProblems);
      }
      await runAction(deps, request, accountRegister, input);
    } catch (error) {
      const failed = formFailure(error, values);
      return sendPage(reply, <SignUpPage ctx={pageContext(request, reply)} state={failed.state} />, failed.status);
    }
    const signedIn = await runAction(deps, request, accountSignIn, { email: formText(body, 'email'), password: formText(body, 'password') });
    if (!signedIn.ok) return redirectWithFlash(reply, '/signin', { kind: 'success', message: 'accounts.flash.signed_up_sign_in' });
    return startSession(deps, reply, signedIn.session, '/account', { kind: 'success', message: 'accounts.flash.signed_up' });
  });

  app.get('/signin', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (request.actor) return reply.redirect(next, 303);
    return sendPage(reply, <SignInPage ctx={pageContext(request, reply)} state={emptyForm()} next={next} certificate={certificateSignIn} mobileId={mobileId} />);
  });

  app.post('/signin', { config: { rateLimit: AUTH_RATE_LIMITS.signIn, runs: [accountSignIn] } }, async (request, reply) => {
    const body = request.body;
    const next = safeNext(formText(body, 'next'));
    const values = { email: formText(body, 'email') };
    let result;
    try {
      result = await runAction(deps, request, accountSignIn, formFields(body, ['email', 'password']));
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') {
        const state = { values, errors: [{ field: '_', message: 'accounts.sign_in_throttled', params: { minutes: SIGN_IN_THROTTLE_MINUTES } }] };
        reply.header('retry-after', String(SIGN_IN_THROTTLE_MINUTES * 60));
        return sendPage(reply, <SignInPage ctx={pageContext(request, reply)} state={state} next={next} certificate={certificateSignIn} mobileId={mobileId} />, error.status);
      }
      const failed = formFailure(error, values);
      return sendPage(reply, <SignInPage ctx={pageContext(request, reply)} state={failed.state} next={next} certificate={certificateSignIn} mobileId={mobileId} />, failed.status);
    }
    if (!result.ok) {
      // One message whether the address is unknown or the password wrong: no account enumeration.
      const state = { values, errors: [{ field: '_', message: 'accounts.bad_credentials' }] };
      return sendPage(reply, <SignInPage ctx={pageContext(request, reply)} state={state} next={next} certificate={certificateSignIn} mobileId={mobileId} />, 400);
    }
    return startSession(deps, reply, result.session, next, { kind: 'success', message: 'accounts.flash.signed_in' });
  });

  app.post('/signout', { config: { runs: [accountSignOut] } }, async (request, reply) => {
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) await runAction(deps, request, accountSignOut, { sessionToken });
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/', { kind: 'info', message: 'accounts.flash.signed_out' });
  });
}
