// The step-up sign-in: where a page or action that needs a higher assurance level sends a signed-in
// person (`/step-up?level=N&next=PATH`). They add a second method (password + a one-time code by SMS
// to their verified mobile), the session records it and gets a fresh token, and they return to
// exactly the page they were on. `next` is only ever a path on this site (safeNext); a session that
// expired meanwhile goes to the sign-in page with the same `next`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssuranceLevel } from '../../../../core/assurance.js';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, ErrorSummary, Field, HiddenFields, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { stepUpCodeSend, stepUpStatus, stepUpVerify } from '../../actions/step-up.js';
import { setSessionCookie } from '../auth-plugin.js';
import { AUTH_RATE_LIMITS, FormLayout, formText, safeNext, secureCookies } from './shared.js';

/** Code sends per account, whatever the address: an SMS costs money and reaches a person's phone. */
const CODE_SENDS_PER_ACCOUNT = { max: 5, windowMs: 15 * 60_000 };

interface Target {
  level: AssuranceLevel;
  next: string;
}

function targetOf(source: unknown): Target {
  const raw = formText(source, 'level');
  const level = raw === '1' || raw === '3' ? (Number(raw) as AssuranceLevel) : 2;
  return { level, next: safeNext(formText(source, 'next'), '/') };
}

const query = ({ level, next }: Target) => `level=${level}&next=${encodeURIComponent(next)}`;
const signInFor = (target: Target) => `/signin?next=${encodeURIComponent(target.next)}`;

/** 0912345678 → 0912 *** 678: enough to recognise one's own number on a shared screen, no more. */
export const maskedMobile = (mobile: string) => `${mobile.slice(0, 4)} *** ${mobile.slice(-3)}`;

function StepUpPage({ ctx, target, current, mobile, state }: { ctx: PageContext; target: Target; current: AssuranceLevel; mobile: string | null; state: FormState }) {
  const title = ctx.t('accounts.step_up.title');
  return (
    <FormLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('accounts.step_up.intro', { required: ctx.t(`assurance.level.${target.level}`), current: ctx.t(`assurance.level.${current}`) })}</p>
      {target.level > 2 ? (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t('accounts.step_up.level3')}</p>
          </div>
        </div>
      ) : !mobile ? (
        <div class="usa-alert usa-alert--warning usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">
              {ctx.t('accounts.step_up.no_mobile')} <a href="/account/mobile">{ctx.t('accounts.step_up.verify_mobile')}</a>
            </p>
          </div>
        </div>
      ) : (
        <>
          <ErrorSummary ctx={ctx} state={state} />
          <h2>{ctx.t('accounts.step_up.send_heading')}</h2>
          <p>{ctx.t('accounts.step_up.send_text', { mobile: maskedMobile(mobile) })}</p>
          <ActionForm ctx={ctx} action={`/step-up/code?${query(target)}`}>
            <button class="usa-button usa-button--outline" type="submit">
              {ctx.t('accounts.step_up.send_button')}
            </button>
          </ActionForm>
          <h2>{ctx.t('accounts.step_up.confirm_heading')}</h2>
          <PostForm ctx={ctx} action={`/step-up?${query(target)}`}>
            <HiddenFields values={{ level: String(target.level), next: target.next }} />
            <Field ctx={ctx} state={state} name="password" type="password" label={ctx.t('accounts.field.password')} autocomplete="current-password" required maxLength={200} />
            <Field ctx={ctx} state={state} name="code" label={ctx.t('accounts.field.code')} hint={ctx.t('accounts.step_up.code_hint')} inputMode="numeric" autocomplete="one-time-code" required maxLength={6} />
            <SubmitButton>{ctx.t('accounts.step_up.confirm_button')}</SubmitButton>
          </PostForm>
        </>
      )}
      <p>
        <a href="/">{ctx.t('accounts.step_up.cancel')}</a>
      </p>
    </FormLayout>
  );
}

async function renderStepUp(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, target: Target, state: FormState, status = 200) {
  const { level, mobile } = await runAction(deps, request, stepUpStatus, {});
  return sendPage(reply, <StepUpPage ctx={pageContext(request, reply)} target={target} current={level} mobile={mobile} state={state} />, status);
}

/** Only a live browser session steps up; anyone else signs in first and comes back to `next`. */
const hasSession = (request: FastifyRequest) => !!request.actor && request.authVia === 'session';

export async function stepUpPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/step-up', async (request, reply) => {
    const target = targetOf(request.query);
    if (!hasSession(request)) return reply.redirect(signInFor(target), 303);
    if (request.actor!.level >= target.level) return reply.redirect(target.next, 303);
    return renderStepUp(deps, request, reply, target, emptyForm());
  });

  app.post(
    '/step-up/code',
    { config: { rateLimit: AUTH_RATE_LIMITS.mobileSend, runs: [stepUpCodeSend], returnTo: (request) => targetOf(request.query).next } },
    async (request, reply) => {
      const target = targetOf(request.query);
      if (!hasSession(request)) return reply.redirect(signInFor(target), 303);
      const [perAccount] = await deps.services.rateLimits.hit([{ key: `accounts:step-up-code:${request.actor!.userId}`, windowMs: CODE_SENDS_PER_ACCOUNT.windowMs }]);
      if (perAccount!.current > CODE_SENDS_PER_ACCOUNT.max) throw new AppError('RATE_LIMITED', 'error.rate_limited');
      const sent = await runAction(deps, request, stepUpCodeSend, {});
      return redirectWithFlash(reply, `/step-up?${query(target)}`, { kind: 'success', message: 'accounts.flash.code_sent', params: { mobile: maskedMobile(sent.sentTo) } });
    },
  );

  app.post('/step-up', { config: { rateLimit: AUTH_RATE_LIMITS.mobileVerify, runs: [stepUpVerify], returnTo: (request) => targetOf(request.query).next } }, async (request, reply) => {
    const target = targetOf(request.query);
    if (!hasSession(request)) return reply.redirect(signInFor(target), 303);
    const code = formText(request.body, 'code').replace(/\s/g, '');
    const password = formText(request.body, 'password');
    if (!/^\d{6}$/.test(code) || password === '') {
      const errors = [
        ...(password === '' ? [{ field: 'password', message: 'validation.required' }] : []),
        ...(!/^\d{6}$/.test(code) ? [{ field: 'code', message: 'accounts.code_format' }] : []),
      ];
      return renderStepUp(deps, request, reply, target, { values: {}, errors }, 400);
    }
    let result;
    try {
      result = await runAction(deps, request, stepUpVerify, { password, code });
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') return renderStepUp(deps, request, reply, target, { values: {}, errors: [{ field: '_', message: error.message, params: error.params }] }, error.status);
      throw error;
    }
    if (!result.ok) return renderStepUp(deps, request, reply, target, { values: {}, errors: [{ field: result.field, message: result.reason }] }, 400);
    setSessionCookie(reply, result.session.token, result.session.expiresAt, secureCookies(deps));
    return redirectWithFlash(reply, target.next, { kind: 'success', message: 'accounts.flash.stepped_up' });
  });
}
