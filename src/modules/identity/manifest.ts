import type { ModuleManifest } from '../../manifest.js';
import { pruneExpiredRecords } from './adapter.js';
import { oidcAuthorizationContext } from './actions/authorization.js';
import { clientActions } from './actions/clients.js';
import { consentActions } from './actions/consents.js';
import { identityKeysRotate } from './actions/keys.js';
import { cli } from './cli.js';
import { identityRoutes } from './http/routes.js';
import { identityMessages } from './messages.js';
import { identityMigrations } from './migrations.js';

export const identityModule: ModuleManifest = {
  name: 'identity',
  actions: [...clientActions, ...consentActions, oidcAuthorizationContext, identityKeysRotate],
  migrations: identityMigrations,
  messages: identityMessages,
  nav: [{ href: '/admin/oidc-clients', label: 'identity.admin_title', area: 'admin', roles: ['platform_admin', 'agency_admin'] }],
  routes: identityRoutes,
  jobs: ({ services }) => [{ name: 'identity.prune_records', everySeconds: 3600, run: async () => void (await pruneExpiredRecords(services.db, services.clock.now())) }],
  cli,
};

// The registry actions other modules' pages and test scenes call.
export { oidcClientCreate } from './actions/clients.js';
