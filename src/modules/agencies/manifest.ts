import type { ModuleManifest } from '../../manifest.js';
export * from './published.js';
import { agencyCreate, agencyList, agencyShow, agencyUpdate, indexAgency } from './actions/agencies.js';
import { agencyMessages } from './messages.js';
import { agencyMigrations } from './migrations.js';
import { seedAgencies } from './seed.js';
import { agencyRoutes } from './http/routes.js';
import { searchAgencies } from './http/site-search.js';

export const agenciesModule: ModuleManifest = {
  name: 'agencies',
  actions: [agencyList, agencyShow, agencyCreate, agencyUpdate],
  migrations: agencyMigrations,
  messages: agencyMessages,
  nav: [
    { href: '/agencies', label: 'agencies.directory', area: 'main' },
    { href: '/admin/agencies', label: 'agencies.admin_title', area: 'admin', roles: ['platform_admin'] },
  ],
  siteSearch: searchAgencies,
  routes: agencyRoutes,
  seedDemo: async ({ services }) => {
    await seedAgencies(services);
  },
};

export { indexAgency };

// The agency actions other modules call (pickers, the admin pages).
export { agencyCreate, agencyList, agencyShow, agencyUpdate } from './actions/agencies.js';
