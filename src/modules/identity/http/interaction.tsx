// The provider's interaction pages. The person signs in with their platform session (the accounts
// sign-in page, which returns here); the provider is told who they are, which methods the session
// used (amr) and the level reached (acr). Consent is asked once per relying party and remembered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { InteractionResults } from 'oidc-provider';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { CsrfField } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { ErrorPage } from '../../../web/error-page.js';
import { Layout } from '../../../web/layout.js';
import { oidcAuthorizationContext } from '../actions/authorization.js';
import { oidcConsentRecord } from '../actions/consents.js';
import { levelOfAcr } from '../../../core/assurance.js';
import { meetsAcr, requestedAcr, statedAcr } from '../model.js';
import { interactionPath } from '../provider.js';
import { scopes } from '../schemas.js';
import { currentProvider } from './mount.js';

type Details = Awaited<ReturnType<Awaited<ReturnType<typeof currentProvider>>['interactionDetails']>>;

const Params = Type.Object({ uid: Type.String({ maxLength: 100 }) });

/** The highest level the step-up sign-in gives (password + SMS code); above it the RP is told no. */
const STEP_UP_REACHES = 2;

function ConsentPage({ ctx, uid, client, scopes }: { ctx: PageContext; uid: string; client: string; scopes: string[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.consent_title', { client })}>
      <h1>{ctx.t('identity.consent_title', { client })}</h1>
      <p class="usa-intro">{ctx.t('identity.consent_intro', { client })}</p>
      <ul class="usa-list">
        {scopes.map((scope) => (
          <li>{ctx.t(`identity.scope.${scope}`)}</li>
        ))}
      </ul>
      <p>{ctx.t('identity.consent_remembered')}</p>
      <form method="post" action={`${interactionPath(uid)}/consent`}>
        <CsrfField ctx={ctx} />
        <button class="usa-button" type="submit" name="decision" value="allow">
          {ctx.t('identity.consent_allow')}
        </button>
        <button class="usa-button usa-button--outline" type="submit" name="decision" value="deny">
          {ctx.t('identity.consent_deny')}
        </button>
      </form>
    </Layout>
  );
}

function LevelTooLowPage({ ctx, uid, client, required, current }: { ctx: PageContext; uid: string; client: string; required: string; current: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.level_too_low_title')}>
      <h1>{ctx.t('identity.level_too_low_title')}</h1>
      <p class="usa-intro">{ctx.t('identity.level_too_low_text', { client, required: ctx.t(`identity.acr.${required}`), current: ctx.t(`identity.acr.${current}`) })}</p>
      <form method="post" action={`${interactionPath(uid)}/consent`}>
        <CsrfField ctx={ctx} />
        <button class="usa-button" type="submit" name="decision" value="deny">
          {ctx.t('identity.back_to_client')}
        </button>
      </form>
    </Layout>
  );
}

/** The page's forms end in a redirect to the RP: let the browser follow it (CSP form-action). */
function allowFormRedirectsTo(reply: FastifyReply, redirectUris: string[]): void {
  const policy = reply.raw.getHeader('content-security-policy');
  if (typeof policy !== 'string') return;
  const origins = [...new Set(redirectUris.map((u) => new URL(u).origin))].join(' ');
  reply.header('content-security-policy', policy.replace(/form-action [^;]*/, `form-action 'self' ${origins}`));
}

async function interactionOrPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): Promise<Details | FastifyReply> {
  const provider = await currentProvider(deps);
  try {
    return await provider.interactionDetails(request.raw, reply.raw);
  } catch {
    const ctx = pageContext(request, reply);
    return sendPage(reply, <ErrorPage ctx={ctx} title={ctx.t('identity.error_title')} message={ctx.t('identity.interaction_expired')} />, 400);
  }
}

async function finish(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, result: InteractionResults): Promise<FastifyReply> {
  const provider = await currentProvider(deps);
  const to = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  return reply.redirect(to, 303);
}

export async function interactionPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/oidc/interaction/:uid', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const details = await interactionOrPage(deps, request, reply);
    if (!('uid' in details)) return details;
    if (!request.actor || request.authVia !== 'session') return reply.redirect(`/signin?next=${encodeURIComponent(interactionPath(details.uid))}`, 303);
    const { signIn, client } = await runAction(deps, request, oidcAuthorizationContext, { clientId: String(details.params.client_id) });
    const ctx = pageContext(request, reply);
    const wanted = requestedAcr(details.params, client.minAcr);
    // The authorization endpoint refuses unknown values first (acr-policy.ts); this only guards.
    if (!wanted.ok) return finish(deps, request, reply, { error: 'invalid_request', error_description: `acr value not supported: ${wanted.unknown}` });
    if (!meetsAcr(signIn.acr, wanted.minimum)) {
      // Below the level: the step-up sign-in adds a method and comes back here, where the login goes on.
      const needed = levelOfAcr(wanted.minimum)!;
      if (needed <= STEP_UP_REACHES) return reply.redirect(`/step-up?level=${needed}&next=${encodeURIComponent(interactionPath(details.uid))}`, 303);
      allowFormRedirectsTo(reply, client.redirectUris);
      return sendPage(reply, <LevelTooLowPage ctx={ctx} uid={details.uid} client={client.name} required={wanted.minimum} current={signIn.acr} />, 403);
    }
    // Signed in to the platform: tell the provider who (again, if the provider's session is someone
    // else's, or was signed in at another level than the platform session now has).
    const acr = statedAcr(signIn.acr, wanted.essential);
    if (details.prompt.name === 'login' || details.session?.accountId !== signIn.userId || details.session?.acr !== acr) {
      return finish(deps, request, reply, { login: { accountId: signIn.userId, acr, amr: signIn.amr, ts: signIn.authTime, remember: true } });
    }
    const asked = String(details.params.scope ?? 'openid')
      .split(' ')
      .filter((s) => (scopes as string[]).includes(s));
    allowFormRedirectsTo(reply, client.redirectUris);
    return sendPage(reply, <ConsentPage ctx={ctx} uid={details.uid} client={client.name} scopes={asked} />);
  });

  app.post('/oidc/interaction/:uid/consent', { schema: { hide: true, params: Params }, config: { runs: [oidcConsentRecord] } }, async (request, reply) => {
    const details = await interactionOrPage(deps, request, reply);
    if (!('uid' in details)) return details;
    const decision = (request.body as Record<string, unknown> | undefined)?.decision;
    if (decision !== 'allow' || details.session?.accountId !== request.actor!.userId) {
      return finish(deps, request, reply, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    }
    const provider = await currentProvider(deps);
    const clientId = String(details.params.client_id);
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: request.actor!.userId, clientId });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await runAction(deps, request, oidcConsentRecord, { clientId, grantId, scopes: (grant.getOIDCScope() ?? '').split(' ').filter(Boolean) });
    return finish(deps, request, reply, { consent: { grantId } });
  });
}
