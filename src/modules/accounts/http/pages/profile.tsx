// The account page (profile and verification status) and mobile number verification.
import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { validate } from '../../../../core/validation.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, ErrorSummary, Field, PostForm, Select, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { meShow, meUpdate, mobileCodeSend, mobileCodeVerify } from '../../actions/profile.js';
import { MOBILE_CODE_MINUTES } from '../../model.js';
import { ProfileChanges, type Me } from '../../schemas.js';
import { AUTH_RATE_LIMITS, AccountLayout, formFailure, formText, requireActor } from './shared.js';

const profileFields = ['name', 'nickname', 'phone', 'mobile', 'address', 'nationality', 'birthYear', 'preferredLocale'] as const;

/**
 * ProfileChanges with the "or null" taken off each field. A form sends blanks for "clear it", which
 * become nulls; the filled-in fields are checked against this first so a bad mobile number reads
 * "the format is not right" rather than "choose one of the options" (what a failed union says).
 */
const FilledProfileFields = Type.Object(
  Object.fromEntries(
    Object.entries(ProfileChanges.properties).map(([name, schema]) => {
      const members = ((schema as { anyOf?: TSchema[] }).anyOf ?? [schema]).filter((m) => m.type !== 'null');
      return [name, Type.Optional(members.length === 1 ? members[0]! : Type.Union(members))];
    }),
  ),
);

/** People type mobile numbers with spaces and dashes (0912-345-678); the schema wants digits. */
const compactNumber = (text: string) => text.replace(/[\s-]/g, '');

function profileInput(body: unknown): { filled: Record<string, unknown>; changes: Record<string, unknown> } {
  const filled: Record<string, unknown> = {};
  const changes: Record<string, unknown> = {};
  for (const name of profileFields) {
    const raw = formText(body, name).trim();
    const text = name === 'mobile' ? compactNumber(raw) : raw;
    const value = name === 'birthYear' && /^\d{1,6}$/.test(text) ? Number(text) : text;
    if (text !== '') filled[name] = value;
    changes[name] = text === '' ? null : value;
  }
  return { filled, changes };
}

const profileValues = (me: Me): Record<string, unknown> => ({
  name: me.name,
  nickname: me.nickname,
  phone: me.phone,
  mobile: me.mobile,
  address: me.address,
  nationality: me.nationality,
  birthYear: me.birthYear,
  preferredLocale: me.preferredLocale,
});

function StatusTag({ ctx, ok }: { ctx: PageContext; ok: boolean }) {
  // The words carry the meaning; the colour only repeats it.
  return <span class={`usa-tag ${ok ? 'bg-green' : 'bg-secondary-dark'}`}>{ctx.t(ok ? 'accounts.status.verified' : 'accounts.status.unverified')}</span>;
}

function AccountPage({ ctx, me, state }: { ctx: PageContext; me: Me; state: FormState }) {
  const title = ctx.t('accounts.account_title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <section aria-labelledby="verification-heading">
        <h2 id="verification-heading">{ctx.t('accounts.verification_heading')}</h2>
        <dl>
          <dt>{ctx.t('accounts.field.email')}</dt>
          <dd>
            {me.email} <StatusTag ctx={ctx} ok={me.emailVerified} />
            {!me.emailVerified && (
              <ActionForm ctx={ctx} action="/account/verify-email/resend" class="margin-top-1">
                <p class="margin-y-05">{ctx.t('accounts.email_unverified_help')}</p>
                <SubmitButton secondary>{ctx.t('accounts.resend_verification')}</SubmitButton>
              </ActionForm>
            )}
          </dd>
          <dt>{ctx.t('accounts.field.mobile')}</dt>
          <dd>
            {me.mobile ? (
              <>
                {me.mobile} <StatusTag ctx={ctx} ok={me.mobileVerified} />
              </>
            ) : (
              ctx.t('accounts.not_set')
            )}{' '}
            <a href="/account/mobile">{ctx.t(me.mobileVerified ? 'accounts.mobile_change_link' : 'accounts.mobile_verify_link')}</a>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{ctx.t('accounts.profile_heading')}</h2>
        <ErrorSummary ctx={ctx} state={state} />
        <PostForm ctx={ctx} action="/account/profile" large>
          <Field ctx={ctx} state={state} name="name" label={ctx.t('accounts.field.name')} hint={ctx.t('accounts.hint.name')} autocomplete="name" maxLength={100} />
          <Field ctx={ctx} state={state} name="nickname" label={ctx.t('accounts.field.nickname')} hint={ctx.t('accounts.hint.nickname')} autocomplete="nickname" maxLength={50} />
          <Field ctx={ctx} state={state} name="phone" type="tel" label={ctx.t('accounts.field.phone')} hint={ctx.t('accounts.hint.phone')} autocomplete="tel" maxLength={30} />
          <Field ctx={ctx} state={state} name="mobile" type="tel" label={ctx.t('accounts.field.mobile')} hint={ctx.t('accounts.hint.mobile_change')} autocomplete="tel" maxLength={20} />
          <Field ctx={ctx} state={state} name="address" label={ctx.t('accounts.field.address')} autocomplete="street-address" maxLength={300} />
          {me.nationalityVerified ? (
            <div class="usa-form-group">
              <p class="usa-label" id="field-nationality">
                {ctx.t('accounts.field.nationality')}
              </p>
              <p>
                {me.nationality ? ctx.t(`accounts.nationality.${me.nationality}`) : ctx.t('accounts.not_given')} <StatusTag ctx={ctx} ok={true} />
              </p>
              <p class="usa-hint">{ctx.t('accounts.hint.nationality_verified')}</p>
            </div>
          ) : (
            <Select
              ctx={ctx}
              state={state}
              name="nationality"
              label={ctx.t('accounts.field.nationality')}
              hint={ctx.t('accounts.hint.nationality')}
              emptyLabel={ctx.t('accounts.not_given')}
              options={['roc', 'residence_permit', 'other'].map((v) => ({ value: v, label: ctx.t(`accounts.nationality.${v}`) }))}
            />
          )}
          <Field ctx={ctx} state={state} name="birthYear" label={ctx.t('accounts.field.birth_year')} hint={ctx.t('accounts.hint.birth_year')} inputMode="numeric" maxLength={4} />
          <Select
            ctx={ctx}
            state={state}
            name="preferredLocale"
            label={ctx.t('accounts.field.preferred_locale')}
            hint={ctx.t('accounts.hint.preferred_locale')}
            emptyLabel={ctx.t('accounts.not_given')}
            options={[
              { value: 'zh-TW', label: '中文（臺灣）' },
              { value: 'en', label: 'English' },
            ]}
          />
          <SubmitButton>{ctx.t('accounts.save_profile')}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="security-heading">
        <h2 id="security-heading">{ctx.t('accounts.security_heading')}</h2>
        <ul class="usa-list">
          <li>
            <a href="/account/sessions">{ctx.t('accounts.nav.sessions')}</a>
          </li>
          <li>
            <a href="/account/tokens">{ctx.t('accounts.nav.tokens')}</a>
          </li>
          <li>
            <a href="/account/passkeys">{ctx.t('accounts.nav.passkeys')}</a>
          </li>
          <li>
            <a href="/account/connected-services">{ctx.t('accounts.nav.connected_services')}</a>
          </li>
          <li>
            <a href="/password/forgot">{ctx.t('accounts.change_password_link')}</a>
          </li>
          <li>
            <a href="/account/delete">{ctx.t('accounts.nav.delete')}</a>
          </li>
        </ul>
      </section>
    </AccountLayout>
  );
}

function MobilePage({ ctx, me, sendState, codeState }: { ctx: PageContext; me: Me; sendState: FormState; codeState: FormState }) {
  const title = ctx.t('accounts.mobile_title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        {me.mobile ? ctx.t('accounts.mobile_current', { mobile: me.mobile }) : ctx.t('accounts.mobile_none')} {me.mobile && <StatusTag ctx={ctx} ok={me.mobileVerified} />}
      </p>
      <p>{ctx.t('accounts.mobile_intro')}</p>
      <section aria-labelledby="send-heading">
        <h2 id="send-heading">{ctx.t('accounts.mobile_send_heading')}</h2>
        <ErrorSummary ctx={ctx} state={sendState} />
        <PostForm ctx={ctx} action="/account/mobile">
          <Field ctx={ctx} state={sendState} name="mobile" type="tel" label={ctx.t('accounts.field.mobile')} hint={ctx.t('accounts.hint.mobile')} autocomplete="tel" required maxLength={20} />
          <SubmitButton>{ctx.t('accounts.mobile_send_button')}</SubmitButton>
        </PostForm>
      </section>
      {me.mobile && !me.mobileVerified && (
        <section aria-labelledby="code-heading">
          <h2 id="code-heading">{ctx.t('accounts.mobile_code_heading')}</h2>
          <ErrorSummary ctx={ctx} state={codeState} />
          <PostForm ctx={ctx} action="/account/mobile/verify">
            <Field ctx={ctx} state={codeState} name="code" label={ctx.t('accounts.field.code')} hint={ctx.t('accounts.hint.code', { minutes: MOBILE_CODE_MINUTES })} autocomplete="one-time-code" inputMode="numeric" required maxLength={6} />
            <SubmitButton>{ctx.t('accounts.mobile_verify_button')}</SubmitButton>
          </PostForm>
        </section>
      )}
    </AccountLayout>
  );
}

export async function profilePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/account', async (request, reply) => {
    requireActor(request);
    const me = await runAction(deps, request, meShow, {});
    return sendPage(reply, <AccountPage ctx={pageContext(request, reply)} me={me} state={emptyForm(profileValues(me))} />);
  });

  app.post('/account/profile', { config: { runs: [meUpdate, meShow] } }, async (request, reply) => {
    requireActor(request);
    const { filled, changes } = profileInput(request.body);
    try {
      validate(FilledProfileFields, filled);
      await runAction(deps, request, meUpdate, changes);
    } catch (error) {
      const failed = formFailure(error, Object.fromEntries(profileFields.map((f) => [f, formText(request.body, f)])));
      const me = await runAction(deps, request, meShow, {});
      return sendPage(reply, <AccountPage ctx={pageContext(request, reply)} me={me} state={failed.state} />, failed.status);
    }
    return redirectWithFlash(reply, '/account', { kind: 'success', message: 'accounts.flash.profile_saved' });
  });

  app.get('/account/mobile', async (request, reply) => {
    requireActor(request);
    const me = await runAction(deps, request, meShow, {});
    return sendPage(reply, <MobilePage ctx={pageContext(request, reply)} me={me} sendState={emptyForm({ mobile: me.mobile })} codeState={emptyForm()} />);
  });

  app.post('/account/mobile', { config: { rateLimit: AUTH_RATE_LIMITS.mobileSend, runs: [mobileCodeSend, meShow] } }, async (request, reply) => {
    requireActor(request);
    let sent;
    try {
      const mobile = compactNumber(formText(request.body, 'mobile'));
      sent = await runAction(deps, request, mobileCodeSend, mobile ? { mobile } : {});
    } catch (error) {
      const failed = formFailure(error, { mobile: formText(request.body, 'mobile') });
      const me = await runAction(deps, request, meShow, {});
      return sendPage(reply, <MobilePage ctx={pageContext(request, reply)} me={me} sendState={failed.state} codeState={emptyForm()} />, failed.status);
    }
    return redirectWithFlash(reply, '/account/mobile', { kind: 'success', message: 'accounts.flash.code_sent', params: { mobile: sent.sentTo } });
  });

  app.post('/account/mobile/verify', { config: { rateLimit: AUTH_RATE_LIMITS.mobileVerify, runs: [mobileCodeVerify, meShow] } }, async (request, reply) => {
    requireActor(request);
    const code = formText(request.body, 'code').replace(/\s/g, '');
    let result;
    try {
      result = await runAction(deps, request, mobileCodeVerify, { code });
    } catch (error) {
      const failed = formFailure(error, {});
      const state = { values: {}, errors: failed.state.errors.map((e) => (e.field === 'code' ? { field: 'code', message: 'accounts.code_format' } : e)) };
      const me = await runAction(deps, request, meShow, {});
      return sendPage(reply, <MobilePage ctx={pageContext(request, reply)} me={me} sendState={emptyForm({ mobile: me.mobile })} codeState={state} />, failed.status);
    }
    if (!result.ok) {
      const me = await runAction(deps, request, meShow, {});
      const state = { values: {}, errors: [{ field: 'code', message: result.reason }] };
      return sendPage(reply, <MobilePage ctx={pageContext(request, reply)} me={me} sendState={emptyForm({ mobile: me.mobile })} codeState={state} />, 400);
    }
    return redirectWithFlash(reply, '/account', { kind: 'success', message: 'accounts.flash.mobile_verified' });
  });
}
