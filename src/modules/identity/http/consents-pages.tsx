// The account page of connected services: every relying party the person allowed, what it may
// receive, and a button that withdraws the consent (its tokens stop working at once).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { ActionForm, SubmitButton } from '../../../web/kit/form.js';
import { EmptyState } from '../../../web/kit/lists.js';
import { DataTable } from '../../../web/kit/tables.js';
import { DateText } from '../../../web/kit/dates.js';
import { oidcConsentList, oidcConsentRevoke } from '../actions/consents.js';
import type { OidcConsent } from '../schemas.js';

export const CONNECTED_SERVICES = '/account/connected-services';

function ConnectedServicesPage({ ctx, consents }: { ctx: PageContext; consents: OidcConsent[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.connected_title')} breadcrumbs={[{ href: '/account', label: ctx.t('identity.account') }, { label: ctx.t('identity.connected_title') }]}>
      <h1>{ctx.t('identity.connected_title')}</h1>
      <p class="usa-intro">{ctx.t('identity.connected_intro')}</p>
      {consents.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('identity.connected_none')} />
      ) : (
        <DataTable
          caption={ctx.t('identity.connected_title')}
          captionHidden
          rows={consents}
          columns={[
            { header: ctx.t('identity.connected_service'), cell: (c) => c.clientName },
            { header: ctx.t('identity.connected_receives'), cell: (c) => c.scopes.map((s) => ctx.t(`identity.scope.${s}`)).join('、') },
            { header: ctx.t('identity.connected_since'), cell: (c) => <DateText ctx={ctx} value={c.grantedAt} /> },
            {
              header: ctx.t('identity.connected_actions'),
              cell: (c) => (
                <ActionForm ctx={ctx} action={`${CONNECTED_SERVICES}/${encodeURIComponent(c.clientId)}/revoke`}>
                  <SubmitButton secondary>
                    {ctx.t('identity.connected_revoke')}
                    <span class="usa-sr-only"> {c.clientName}</span>
                  </SubmitButton>
                </ActionForm>
              ),
            },
          ]}
        />
      )}
    </Layout>
  );
}

export async function consentPages(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(CONNECTED_SERVICES, async (request, reply) => {
    if (!request.actor) return reply.redirect(`/signin?next=${encodeURIComponent(CONNECTED_SERVICES)}`, 303);
    const consents = await runAction(deps, request, oidcConsentList, {});
    return sendPage(reply, <ConnectedServicesPage ctx={pageContext(request, reply)} consents={consents} />);
  });

  app.post(
    `${CONNECTED_SERVICES}/:clientId/revoke`,
    { schema: { hide: true, params: Type.Object({ clientId: Type.String({ maxLength: 100 }) }) }, config: { runs: [oidcConsentRevoke] } },
    async (request, reply) => {
      await runAction(deps, request, oidcConsentRevoke, { clientId: request.params.clientId });
      return redirectWithFlash(reply, CONNECTED_SERVICES, { kind: 'success', message: 'identity.flash.consent_revoked' });
    },
  );
}
