// The one list of enabled modules, in dependency order (agencies before accounts, which reference them).
import type { ModuleManifest } from './manifest.js';
import { agenciesModule } from './modules/agencies/manifest.js';
import { accountsModule } from './modules/accounts/manifest.js';
import { siteModule } from './modules/site/manifest.js';
import { opendataModule } from './modules/opendata/manifest.js';
import { adminModule } from './modules/admin/manifest.js';
import { deliberationModule } from './modules/deliberation/manifest.js';
import { petitionsModule } from './modules/petitions/manifest.js';
import { identityModule } from './modules/identity/manifest.js';

export const modules: ModuleManifest[] = [agenciesModule, accountsModule, siteModule, opendataModule, adminModule, deliberationModule, petitionsModule, identityModule];
