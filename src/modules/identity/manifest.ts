import type { ModuleManifest } from '../../manifest.js';
import { pruneExpiredRecords } from './adapter.js';
import { oidcAuthorizationContext } from './actions/authorization.js';
import { certificateSignInComplete } from './actions/certificate-sign-in.js';
import { pruneSignInCodes } from './certificates/codes.js';
import { clientActions } from './actions/clients.js';
import { consentActions } from './actions/consents.js';
import { federationActions } from './actions/federation.js';
import { identityKeysRotate } from './actions/keys.js';
import { cli } from './cli.js';
import { identityRoutes } from './http/routes.js';
import { identityMessages } from './messages.js';
import { identityMigrations } from './migrations.js';

export const identityModule: ModuleManifest = {
  name: 'identity',
  actions: [...clientActions, ...consentActions, ...federationActions, oidcAuthorizationContext, identityKeysRotate, certificateSignInComplete],
  migrations: identityMigrations,
  messages: identityMessages,
  nav: [{ href: '/admin/oidc-clients', label: 'identity.admin_title', area: 'admin', roles: ['platform_admin', 'agency_admin'] }],
  routes: identityRoutes,
  jobs: ({ services }) => [
    { name: 'identity.prune_records', everySeconds: 3600, run: async () => void (await pruneExpiredRecords(services.db, services.clock.now())) },
    { name: 'identity.prune_sign_in_codes', everySeconds: 3600, run: () => pruneSignInCodes(services.db, services.clock.now()) },
    ...(services.config.identityCertificates.port === null
      ? []
      : [{ name: 'identity.refresh_crls', everySeconds: services.config.identityCertificates.crlRefreshSeconds, run: async () => (await import('./certificates/trust.js')).refreshCrlsJob(services) }]),
  ],
  servers: async ({ services }) => {
    const { startCertificateListener } = await import('./certificates/listener.js');
    const listener = await startCertificateListener(services);
    return listener ? [listener] : [];
  },
  cli,
};

// The registry actions other modules' pages and test scenes call.
export { oidcClientCreate } from './actions/clients.js';
