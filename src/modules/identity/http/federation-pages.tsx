// Signing in with the mobile citizen certificate: the platform as a relying party of the external
// provider. /signin/mobile-id explains and offers the choice (and links a signed-in account);
// /start sends the person to the provider; /callback verifies what comes back and opens a session,
// or shows a page that says what went wrong. Only mounted when FEDERATION_ISSUER is set.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { DEFAULT_LANDING, safeNext, startSession } from '../../accounts/manifest.js';
import { federationSignInBegin, federationSignInFinish, federationSignInTake, FEDERATION_SIGN_IN_MINUTES } from '../actions/federation.js';
import { FederationError, type FederationFailure } from '../federation-rules.js';
import { authorizationUrl, FEDERATION_CALLBACK_PATH, relyingParty, verifiedIdentity } from '../relying-party.js';

export const MOBILE_ID_PATH = '/signin/mobile-id';
const START_PATH = `${MOBILE_ID_PATH}/start`;
/** Holds the state of the sign-in this browser began, so a callback from another browser is refused. */
const STATE_COOKIE = 'og_mobile_id';
const RATE_LIMIT = { max: 20, timeWindow: 60_000 };

const startHref = (next: string) => `${START_PATH}?next=${encodeURIComponent(next)}`;

function ChoicePage({ ctx, next, signedInAs }: { ctx: PageContext; next: string; signedInAs: string | null }) {
  const title = ctx.t('identity.federation.title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ href: '/signin', label: ctx.t('layout.sign_in') }, { label: title }]}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{title}</h1>
          <p class="usa-intro">{ctx.t('identity.federation.intro')}</p>
          <p>{signedInAs ? ctx.t('identity.federation.link_account', { account: signedInAs }) : ctx.t('identity.federation.first_use')}</p>
          <p>
            <a class="usa-button usa-button--big width-full mobile-lg:width-auto" href={startHref(next)}>
              {ctx.t(signedInAs ? 'identity.federation.link_button' : 'identity.federation.button')}
            </a>
          </p>
          <p class="usa-hint">{ctx.t('identity.federation.time_limit', { minutes: FEDERATION_SIGN_IN_MINUTES })}</p>
        </div>
      </div>
    </Layout>
  );
}

const failureStatus: Record<FederationFailure, number> = {
  unavailable: 503,
  state_mismatch: 400,
  replayed: 400,
  cancelled: 400,
  rejected: 400,
  bad_token: 400,
  level_too_low: 403,
  no_national_id: 403,
  bound_elsewhere: 409,
  account_has_other_person: 409,
  not_signed_in: 403,
};

function FailurePage({ ctx, failure, next }: { ctx: PageContext; failure: FederationFailure; next: string }) {
  const title = ctx.t(`identity.federation.failure.${failure}.title`);
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ href: '/signin', label: ctx.t('layout.sign_in') }, { label: title }]}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">
          <h1>{title}</h1>
          <p class="usa-intro">{ctx.t(`identity.federation.failure.${failure}.text`)}</p>
          <ul class="usa-button-group">
            {failure === 'not_signed_in' ? (
              <li class="usa-button-group__item">
                <a class="usa-button" href={`/signin?next=${encodeURIComponent(`${MOBILE_ID_PATH}?next=${encodeURIComponent(next)}`)}`}>
                  {ctx.t('identity.federation.sign_in_first')}
                </a>
              </li>
            ) : (
              <li class="usa-button-group__item">
                <a class="usa-button" href={startHref(next)}>
                  {ctx.t('identity.federation.try_again')}
                </a>
              </li>
            )}
            <li class="usa-button-group__item">
              <a class="usa-button usa-button--outline" href={`/signin?next=${encodeURIComponent(next)}`}>
                {ctx.t('identity.federation.other_ways')}
              </a>
            </li>
          </ul>
        </div>
      </div>
    </Layout>
  );
}

const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) });
const CallbackQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 200 })),
    code: Type.Optional(Type.String({ maxLength: 2000 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);

export async function federationPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { services } = deps;
  if (!services.config.federation) return;
  const secure = services.config.baseUrl.startsWith('https:');

  const fail = (request: FastifyRequest, reply: FastifyReply, failure: FederationFailure, next = DEFAULT_LANDING) => {
    reply.clearCookie(STATE_COOKIE, { path: MOBILE_ID_PATH });
    if (failure !== 'cancelled') request.log.warn({ failure }, 'mobile citizen certificate sign-in failed');
    return sendPage(reply, <FailurePage ctx={pageContext(request, reply)} failure={failure} next={next} />, failureStatus[failure]);
  };

  app.get(MOBILE_ID_PATH, { schema: { hide: true, querystring: NextQuery } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    return sendPage(reply, <ChoicePage ctx={pageContext(request, reply)} next={next} signedInAs={request.actor ? (request.viewer?.displayName ?? '') : null} />);
  });

  app.get(START_PATH, { schema: { hide: true, querystring: NextQuery }, config: { rateLimit: RATE_LIMIT } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    try {
      // Discovery first: a provider that is down costs no stored sign-in.
      await relyingParty(services);
      const pending = await runAction(deps, request, federationSignInBegin, { next });
      const to = await authorizationUrl(services, pending, request.locale);
      reply.setCookie(STATE_COOKIE, pending.state, { path: MOBILE_ID_PATH, httpOnly: true, sameSite: 'lax', secure, maxAge: FEDERATION_SIGN_IN_MINUTES * 60 });
      return reply.redirect(to.href, 303);
    } catch (error) {
      if (error instanceof FederationError) return fail(request, reply, error.failure, next);
      throw error;
    }
  });

  app.get(FEDERATION_CALLBACK_PATH, { schema: { hide: true, querystring: CallbackQuery }, config: { rateLimit: RATE_LIMIT } }, async (request, reply) => {
    const query = request.query as { state?: string; error?: string };
    const expected = request.cookies[STATE_COOKIE];
    if (!query.state || !expected || query.state !== expected) return fail(request, reply, 'state_mismatch');
    const taken = await runAction(deps, request, federationSignInTake, { state: query.state });
    if (!taken.ok) return fail(request, reply, taken.failure);
    if (query.error) return fail(request, reply, query.error === 'access_denied' ? 'cancelled' : 'rejected', taken.next);
    let identity;
    try {
      identity = await verifiedIdentity(services, new URL(request.url, services.config.baseUrl), taken.pending);
    } catch (error) {
      if (error instanceof FederationError) {
        request.log.info({ err: error }, 'external provider refused or failed the sign-in');
        return fail(request, reply, error.failure, taken.next);
      }
      throw error;
    }
    const finished = await runAction(deps, request, federationSignInFinish, { state: query.state, identity });
    if (!finished.ok) return fail(request, reply, finished.failure, taken.next);
    reply.clearCookie(STATE_COOKIE, { path: MOBILE_ID_PATH });
    return startSession(deps, reply, finished.session, finished.next, { kind: 'success', message: finished.boundNow ? 'identity.federation.flash_bound' : 'identity.federation.flash_signed_in' });
  });
}
