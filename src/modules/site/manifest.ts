import type { ModuleManifest } from '../../manifest.js';
import { siteStats } from './actions.js';
import { siteMessages } from './messages.js';
import { noticeMessages } from './notice-messages.js';
import { sitePages } from './http/pages.js';

export const siteModule: ModuleManifest = {
  name: 'site',
  actions: [siteStats],
  migrations: [],
  messages: { 'zh-TW': { ...siteMessages['zh-TW'], ...noticeMessages['zh-TW'] }, en: { ...siteMessages.en, ...noticeMessages.en } },
  routes: sitePages,
};
