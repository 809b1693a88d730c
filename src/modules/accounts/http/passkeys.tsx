// Passkey pages and the JSON endpoints their client island calls (options → browser → verify).
// The pages render the ceremony controls hidden behind a plain "needs JavaScript" notice; the
// island (/assets/js/passkeys.js) swaps them when the browser can do WebAuthn.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/errors.js';
import { runAction } from '../../../http/actions.js';
import { actionFields, described, problemResponses } from '../../../http/schemas.js';
import { pageContext, redirectWithFlash, sendPage, setFlash } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { ActionForm, DataTable, DateText, Field, PaginatedList } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import {
  AuthenticationOptions,
  PasskeyName,
  PasskeySummary,
  RegistrationOptions,
  passkeyConfirm,
  passkeyDelete,
  passkeyList,
  passkeyLogin,
  passkeyLoginOptions,
  passkeyRegister,
  passkeyRegistrationOptions,
  passkeySecondFactor,
  passkeySecondFactorOptions,
  type CeremonyFailure,
} from '../actions/passkeys.js';
import { accountSignOut } from '../actions/sign-in.js';
import { SESSION_COOKIE, setSessionCookie } from './auth-plugin.js';
import { AccountLayout, FormLayout, requireActor, safeNext, secureCookies } from './pages/shared.js';

export const PASSKEY_SCRIPT = '/assets/js/passkeys.js';
const PASSKEYS_PAGE = '/account/passkeys';
const API = '/api/v1/passkeys';

/** Per-IP limits: starting a ceremony writes a challenge row; finishing one checks a signature. */
const RATE_LIMITS = {
  options: { max: 30, timeWindow: 60_000 },
  verify: { max: 20, timeWindow: 60_000 },
} as const;

type CeremonyKind = 'register' | 'login' | 'second-factor';

/** Client-side messages the island may show, rendered here so they go through i18n. */
const islandMessages = ['working', 'cancelled', 'unsupported', 'duplicate', 'network'] as const;

/**
 * The island's root: endpoints, CSRF token and messages as data attributes; the notice shown when
 * the island does not run; the hidden form it reveals; a live region for progress and errors.
 */
function Ceremony(props: { ctx: PageContext; ceremony: CeremonyKind; next?: string; noScript: string; children: ComponentChildren }) {
  const { ctx, ceremony } = props;
  const base = ceremony === 'register' ? `${API}/registration` : ceremony === 'login' ? `${API}/login` : `${API}/second-factor`;
  const data: Record<string, string> = {};
  for (const key of islandMessages) data[`data-msg-${key}`] = ctx.t(`accounts.passkey.client.${key}`);
  return (
    <div class="og-passkey" data-passkey-ceremony={ceremony} data-csrf-token={ctx.csrfToken} data-options-url={`${base}/options`} data-verify-url={base} data-next={props.next} {...data}>
      <div class="usa-alert usa-alert--info usa-alert--slim" data-passkey-notice>
        <div class="usa-alert__body">
          <p class="usa-alert__text" data-passkey-notice-text>
            {props.noScript}
          </p>
        </div>
      </div>
      <form class="usa-form" data-passkey-form hidden>
        {props.children}
      </form>
      <div class="og-passkey-status" data-passkey-status role="status" aria-live="polite"></div>
    </div>
  );
}

type Passkey = (typeof PasskeySummary)['static'];

function PasskeysPage({ ctx, passkeys }: { ctx: PageContext; passkeys: Passkey[] }) {
  const title = ctx.t('accounts.passkey.title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('accounts.passkey.intro')}</p>
      {passkeys.some((p) => p.suspendedAt) && (
        <div class="usa-alert usa-alert--warning" role="region" aria-labelledby="passkey-review-heading">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading" id="passkey-review-heading">
              {ctx.t('accounts.passkey.review_heading')}
            </h2>
            <p class="usa-alert__text">{ctx.t('accounts.passkey.review_text')}</p>
          </div>
        </div>
      )}
      <section aria-labelledby="passkey-list-heading">
        <h2 id="passkey-list-heading">{ctx.t('accounts.passkey.list_heading')}</h2>
        <PaginatedList ctx={ctx} total={passkeys.length} emptyMessage={ctx.t('accounts.passkey.empty')}>
          <DataTable<Passkey>
            caption={ctx.t('accounts.passkey.list_heading')}
            rows={passkeys}
            columns={[
              {
                header: ctx.t('accounts.passkey.col.name'),
                cell: (p) => (
                  <>
                    {p.name}
                    {p.suspendedAt && (
                      <>
                        {' '}
                        <span class="usa-tag">{ctx.t('accounts.passkey.suspended_tag')}</span>
                      </>
                    )}
                  </>
                ),
              },
              { header: ctx.t('accounts.passkey.col.created'), cell: (p) => <DateText ctx={ctx} value={p.createdAt} withTime /> },
              { header: ctx.t('accounts.passkey.col.last_used'), cell: (p) => (p.lastUsedAt ? <DateText ctx={ctx} value={p.lastUsedAt} withTime /> : ctx.t('accounts.passkey.never_used')) },
              {
                header: ctx.t('accounts.passkey.col.actions'),
                cell: (p) => (
                  <>
                    {p.suspendedAt && (
                      <ActionForm ctx={ctx} action={`${PASSKEYS_PAGE}/${encodeURIComponent(p.id)}/confirm`} class="og-inline-form">
                        <button type="submit" class="usa-button usa-button--small">
                          {ctx.t('accounts.passkey.confirm')}
                          <span class="usa-sr-only"> {p.name}</span>
                        </button>
                      </ActionForm>
                    )}
                    <ActionForm ctx={ctx} action={`${PASSKEYS_PAGE}/${encodeURIComponent(p.id)}/delete`} class="og-inline-form">
                      <button type="submit" class="usa-button usa-button--secondary usa-button--small">
                        {ctx.t('accounts.passkey.delete')}
                        <span class="usa-sr-only"> {p.name}</span>
                      </button>
                    </ActionForm>
                  </>
                ),
              },
            ]}
          />
        </PaginatedList>
      </section>
      <section aria-labelledby="passkey-add-heading">
        <h2 id="passkey-add-heading">{ctx.t('accounts.passkey.add_heading')}</h2>
        <Ceremony ctx={ctx} ceremony="register" noScript={ctx.t('accounts.passkey.needs_js_register')}>
          <Field ctx={ctx} name="name" label={ctx.t('accounts.passkey.name_label')} hint={ctx.t('accounts.passkey.name_hint')} required maxLength={PasskeyName.maxLength} />
          <button type="submit" class="usa-button">
            {ctx.t('accounts.passkey.add_button')}
          </button>
        </Ceremony>
      </section>
      <script type="module" src={PASSKEY_SCRIPT}></script>
    </AccountLayout>
  );
}

function SignInPasskeyPage({ ctx, next }: { ctx: PageContext; next: string }) {
  const title = ctx.t('accounts.passkey.signin_title');
  return (
    <FormLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('accounts.passkey.signin_intro')}</p>
      <Ceremony ctx={ctx} ceremony="login" next={next} noScript={ctx.t('accounts.passkey.needs_js_signin')}>
        <button type="submit" class="usa-button usa-button--big">
          {ctx.t('accounts.passkey.signin_button')}
        </button>
      </Ceremony>
      <p>
        <a href={`/signin?next=${encodeURIComponent(next)}`}>{ctx.t('accounts.passkey.use_password')}</a>
      </p>
      <script type="module" src={PASSKEY_SCRIPT}></script>
    </FormLayout>
  );
}

function SecondFactorPage({ ctx, next }: { ctx: PageContext; next: string }) {
  const title = ctx.t('accounts.passkey.twofa_title');
  return (
    <FormLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('accounts.passkey.twofa_intro')}</p>
      <Ceremony ctx={ctx} ceremony="second-factor" next={next} noScript={ctx.t('accounts.passkey.needs_js_twofa')}>
        <button type="submit" class="usa-button usa-button--big">
          {ctx.t('accounts.passkey.twofa_button')}
        </button>
      </Ceremony>
      <section aria-labelledby="twofa-cancel-heading">
        <h2 id="twofa-cancel-heading">{ctx.t('accounts.passkey.cancel_heading')}</h2>
        <p>{ctx.t('accounts.passkey.cancel_text')}</p>
        <ActionForm ctx={ctx} action="/signin/2fa/cancel">
          <button type="submit" class="usa-button usa-button--outline">
            {ctx.t('accounts.passkey.cancel_button')}
          </button>
        </ActionForm>
      </section>
      <script type="module" src={PASSKEY_SCRIPT}></script>
    </FormLayout>
  );
}

/** Ceremony failures are returned (so the consumed challenge stays consumed) and become 400 here. */
function ensureOk<T extends { ok: true }>(result: T | CeremonyFailure): T {
  if (!result.ok) throw new AppError('INVALID', result.error);
  return result;
}

const NextBody = { next: Type.Optional(Type.String({ maxLength: 500 })) };
const Redirect = Type.Object({ redirect: Type.String() });

function pendingToken(request: FastifyRequest): string {
  const token = request.cookies[SESSION_COOKIE];
  if (!request.pendingSessionId || !token) throw new AppError('UNAUTHENTICATED', 'accounts.passkey.no_pending');
  return token;
}

function signInWith(deps: AppDeps, reply: FastifyReply, session: { token: string; expiresAt: string }, next: string) {
  setSessionCookie(reply, session.token, session.expiresAt, secureCookies(deps));
  setFlash(reply, { kind: 'success', message: 'accounts.passkey.flash.signed_in' });
  return { redirect: next };
}

export async function passkeyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- pages ----

  api.get(PASSKEYS_PAGE, async (request, reply) => {
    if (!request.actor && request.pendingSessionId) return reply.redirect(`/signin/2fa?next=${encodeURIComponent(PASSKEYS_PAGE)}`, 303);
    requireActor(request);
    const passkeys = await runAction(deps, request, passkeyList, {});
    return sendPage(reply, <PasskeysPage ctx={pageContext(request, reply)} passkeys={passkeys} />);
  });

  api.post(`${PASSKEYS_PAGE}/:id/delete`, { schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) }, config: { runs: [passkeyDelete] } }, async (request, reply) => {
    requireActor(request);
    const deleted = await runAction(deps, request, passkeyDelete, { id: request.params.id });
    return redirectWithFlash(reply, PASSKEYS_PAGE, { kind: 'success', message: 'accounts.passkey.flash.deleted', params: { name: deleted.name } });
  });

  api.post(`${PASSKEYS_PAGE}/:id/confirm`, { schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) }, config: { runs: [passkeyConfirm] } }, async (request, reply) => {
    requireActor(request);
    const confirmed = await runAction(deps, request, passkeyConfirm, { id: request.params.id });
    return redirectWithFlash(reply, PASSKEYS_PAGE, { kind: 'success', message: 'accounts.passkey.flash.confirmed', params: { name: confirmed.name } });
  });

  api.get('/signin/passkey', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.actor) return reply.redirect(next, 303);
    return sendPage(reply, <SignInPasskeyPage ctx={pageContext(request, reply)} next={next} />);
  });

  api.get('/signin/2fa', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.actor) return reply.redirect(next, 303);
    if (!request.pendingSessionId) return reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
    return sendPage(reply, <SecondFactorPage ctx={pageContext(request, reply)} next={next} />);
  });

  api.post('/signin/2fa/cancel', { schema: { hide: true }, config: { runs: [accountSignOut] } }, async (request, reply) => {
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) await runAction(deps, request, accountSignOut, { sessionToken });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirectWithFlash(reply, '/signin', { kind: 'info', message: 'accounts.passkey.flash.cancelled' });
  });

  // ---- JSON endpoints for the island (cookie session + x-csrf-token header) ----

  const tags = ['passkeys'];

  api.get(API, {
    schema: { tags, operationId: passkeyList.name, summary: "The signed-in user's passkeys", security: [{ bearer: [] }], response: { 200: described('The passkeys, without their keys', Type.Array(PasskeySummary)), ...problemResponses(401) } },
    handler: (request) => runAction(deps, request, passkeyList, {}),
  });

  api.delete(`${API}/:id`, {
    schema: {
      tags,
      operationId: passkeyDelete.name,
      summary: 'Delete one of your passkeys (browser session only)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 204: described('Removed', Type.Null()), ...problemResponses(401, 403, 404) },
    },
    config: { runs: [passkeyDelete] },
    handler: async (request, reply) => {
      await runAction(deps, request, passkeyDelete, { id: request.params.id });
      return reply.status(204).send(null);
    },
  });

  api.post(`${API}/registration/options`, {
    schema: { tags, operationId: passkeyRegistrationOptions.name, summary: 'Start adding a passkey (browser session only)', response: { 200: described('WebAuthn creation options for the browser', RegistrationOptions), ...problemResponses(401, 403, 429) } },
    config: { rateLimit: RATE_LIMITS.options, runs: [passkeyRegistrationOptions] },
    handler: (request) => runAction(deps, request, passkeyRegistrationOptions, {}),
  });

  api.post(`${API}/registration`, {
    schema: {
      tags,
      operationId: passkeyRegister.name,
      summary: 'Finish adding a passkey',
      body: actionFields(passkeyRegister.input, []),
      response: { 201: described('The passkey added, and where to go next', Type.Object({ passkey: PasskeySummary, redirect: Type.String() })), ...problemResponses(400, 401, 403, 429) },
    },
    config: { rateLimit: RATE_LIMITS.verify, runs: [passkeyRegister] },
    handler: async (request, reply) => {
      const { passkey } = ensureOk(await runAction(deps, request, passkeyRegister, request.body));
      setFlash(reply, { kind: 'success', message: 'accounts.passkey.flash.added', params: { name: passkey.name } });
      return reply.status(201).send({ passkey, redirect: PASSKEYS_PAGE });
    },
  });

  api.post(`${API}/login/options`, {
    schema: { tags, operationId: passkeyLoginOptions.name, summary: 'Start a passwordless sign-in', response: { 200: described('WebAuthn request options for the browser', AuthenticationOptions), ...problemResponses(429) } },
    config: { rateLimit: RATE_LIMITS.options, runs: [passkeyLoginOptions] },
    handler: (request) => runAction(deps, request, passkeyLoginOptions, {}),
  });

  api.post(`${API}/login`, {
    schema: {
      tags,
      operationId: passkeyLogin.name,
      summary: 'Finish a passwordless sign-in; sets the session cookie',
      body: actionFields(passkeyLogin.input, [], NextBody),
      response: { 200: described('Signed in: the session cookie is set; where to go next', Redirect), ...problemResponses(400, 429) },
    },
    config: { rateLimit: RATE_LIMITS.verify, runs: [passkeyLogin, accountSignOut] },
    handler: async (request, reply) => {
      const { session } = ensureOk(await runAction(deps, request, passkeyLogin, { response: request.body.response }));
      // A password sign-in left waiting for its second factor is superseded by this one.
      const pendingToken = request.pendingSessionId ? request.cookies[SESSION_COOKIE] : undefined;
      if (pendingToken) await runAction(deps, request, accountSignOut, { sessionToken: pendingToken });
      return signInWith(deps, reply, session, safeNext(request.body.next));
    },
  });

  api.post(`${API}/second-factor/options`, {
    schema: { tags, operationId: passkeySecondFactorOptions.name, summary: 'Start the passkey check of a password sign-in', response: { 200: described('WebAuthn request options for the browser', AuthenticationOptions), ...problemResponses(401, 404, 429) } },
    config: { rateLimit: RATE_LIMITS.options, runs: [passkeySecondFactorOptions] },
    handler: (request) => runAction(deps, request, passkeySecondFactorOptions, { sessionToken: pendingToken(request) }),
  });

  api.post(`${API}/second-factor`, {
    schema: {
      tags,
      operationId: passkeySecondFactor.name,
      summary: 'Finish the passkey check; the session is signed in under a new cookie',
      body: actionFields(passkeySecondFactor.input, ['sessionToken'], NextBody),
      response: { 200: described('Signed in: the session cookie is set; where to go next', Redirect), ...problemResponses(400, 401, 429) },
    },
    config: { rateLimit: RATE_LIMITS.verify, runs: [passkeySecondFactor] },
    handler: async (request, reply) => {
      const { session } = ensureOk(await runAction(deps, request, passkeySecondFactor, { sessionToken: pendingToken(request), response: request.body.response }));
      return signInWith(deps, reply, session, safeNext(request.body.next));
    },
  });
}
