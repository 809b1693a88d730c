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
} from './actions/package.js';
import { packageSearch } from './actions/search.js';
import { resourceCreate, resourceDelete, resourceShow, resourceUpdate } from './actions/resource.js';
import { categorySave, groupList, groupShow, organizationList, organizationShow, tagList } from './actions/organization.js';
import { opendataMessages } from './messages.js';
import { opendataMigrations } from './migrations.js';
import { opendataRoutes } from './http/routes.js';
import { seedDemoCatalog } from './demo.js';

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
  ],
  migrations: opendataMigrations,
  messages: opendataMessages,
  nav: [{ href: '/datasets', label: 'opendata.nav', area: 'main' }],
  home: [{ href: '/datasets', title: 'opendata.home.title', text: 'opendata.home.text', action: 'opendata.home.action' }],
  routes: opendataRoutes,
  seedDemo: seedDemoCatalog,
};
