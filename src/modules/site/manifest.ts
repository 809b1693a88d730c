import type { ModuleManifest } from '../../manifest.js';
import { siteStats } from './actions.js';
import { siteMessages } from './messages.js';
import { sitePages } from './http/pages.js';

export const siteModule: ModuleManifest = {
  name: 'site',
  actions: [siteStats],
  migrations: [],
  messages: siteMessages,
  routes: sitePages,
};
