// The one list of enabled modules, in dependency order (agencies before accounts, which reference them).
import type { ModuleManifest } from './manifest.js';
import { agenciesModule } from './modules/agencies/manifest.js';
import { accountsModule } from './modules/accounts/manifest.js';
import { siteModule } from './modules/site/manifest.js';

export const modules: ModuleManifest[] = [agenciesModule, accountsModule, siteModule];
