import type { ModuleManifest } from '../../manifest.js';
import {
  currentPackageListWithResources,
  packageAutocomplete,
  packageCreate,
  packageDelete,
  packageHistory,
  packageList,
  packagePatch,
  packagePublish,
  packageShow,
  packageUnpublish,
  packageUpdate,
} from './catalog/actions/package.js';
import { packageSearch } from './search/actions/search.js';
import { resourceCreate, resourceDelete, resourceShow, resourceUpdate } from './catalog/actions/resource.js';
import { categorySave, groupList, groupShow, organizationList, organizationShow, tagList } from './catalog/actions/organization.js';
import { datasetCommentCreate, datasetCommentHide, datasetCommentList, packageListForStaff, packageTombstone, showcaseCreate, showcaseList, showcaseModerate, showcaseShow } from './community/actions/community.js';
import { packageImport } from './harvest/actions/import.js';
import { catalogStatsShow } from './stats/stats.js';
import { opendataMessages } from './messages.js';
import { opendataMigrations } from './catalog/migrations.js';
import { qualityMigrations } from './quality/migrations.js';
import { requestMigrations } from './requests/migrations.js';
import { requestActions } from './requests/actions/requests.js';
import { opendataRoutes } from './http/routes.js';
import { seedDemoCatalog } from './catalog/demo.js';
import { harvestActions, runDueHarvests } from './harvest/harvest.js';
import { runQualityChecks } from './quality/quality-check.js';
import { searchDatasets } from './search/http/site-search.js';
import { cli } from './cli.js';

export const opendataModule: ModuleManifest = {
  name: 'opendata',
  actions: [
    packageShow,
    packageCreate,
    packageUpdate,
    packagePatch,
    packageDelete,
    packagePublish,
    packageUnpublish,
    packageHistory,
    packageList,
    packageSearch,
    currentPackageListWithResources,
    packageAutocomplete,
    resourceShow,
    resourceCreate,
    resourceUpdate,
    resourceDelete,
    organizationList,
    organizationShow,
    groupList,
    groupShow,
    tagList,
    categorySave,
    datasetCommentCreate,
    datasetCommentHide,
    datasetCommentList,
    showcaseCreate,
    showcaseModerate,
    showcaseShow,
    showcaseList,
    packageTombstone,
    packageListForStaff,
    packageImport,
    catalogStatsShow,
    ...harvestActions,
    ...requestActions,
  ],
  migrations: [...opendataMigrations, ...qualityMigrations, ...requestMigrations],
  messages: opendataMessages,
  nav: [
    { href: '/datasets', label: 'opendata.nav', area: 'main' },
    { href: '/showcases', label: 'opendata.showcase.nav', area: 'main' },
    { href: '/admin/datasets', label: 'opendata.nav_admin', area: 'admin', roles: ['agency_staff', 'agency_admin', 'platform_admin'] },
    { href: '/datasets/import', label: 'opendata.import.title', area: 'admin', roles: ['agency_admin', 'platform_admin'] },
    { href: '/datasets/harvest', label: 'opendata.harvest.title', area: 'admin', roles: ['agency_admin', 'platform_admin'] },
    { href: '/admin/data-requests', label: 'opendata.requests.nav_inbox', area: 'admin', roles: ['agency_staff', 'agency_admin', 'platform_moderator', 'platform_admin'] },
    { href: '/datasets/inventory', label: 'opendata.inventory.nav', area: 'admin', roles: ['agency_staff', 'agency_admin'] },
    { href: '/admin/showcases', label: 'opendata.showcase.queue_title', area: 'admin', roles: ['platform_moderator', 'platform_admin'] },
  ],
  home: [{ href: '/datasets', title: 'opendata.home.title', text: 'opendata.home.text', action: 'opendata.home.action' }],
  jobs: (deps) => [
    { name: 'opendata.harvest', everySeconds: 300, run: () => runDueHarvests(deps).then(() => undefined) },
    { name: 'opendata.quality_check', everySeconds: 600, run: () => runQualityChecks(deps).then(() => undefined) },
  ],
  siteSearch: searchDatasets,
  routes: opendataRoutes,
  cli,
  seedDemo: seedDemoCatalog,
};
