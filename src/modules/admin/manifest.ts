import type { ModuleManifest } from '../../manifest.js';
import { adminOverview, auditCheckpointShow, auditList, auditVerify, outboxList } from './actions.js';
import { adminMessages } from './messages.js';
import { adminPages } from './http/pages.js';

/** The admin area. Its pages drive other modules' actions (users, agencies) through the registry. */
export const adminModule: ModuleManifest = {
  name: 'admin',
  actions: [adminOverview, outboxList, auditList, auditVerify, auditCheckpointShow],
  migrations: [],
  messages: adminMessages,
  nav: [
    { href: '/admin/outbox', label: 'admin.outbox', area: 'admin', roles: ['platform_admin'] },
    { href: '/admin/audit', label: 'admin.audit', area: 'admin', roles: ['platform_admin'] },
  ],
  routes: adminPages,
};
