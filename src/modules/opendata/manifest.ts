import type { ModuleManifest } from '../../manifest.js';
import { currentPackageListWithResources } from './catalog/actions/current_package_list_with_resources.js';
import { packageAutocomplete } from './catalog/actions/package_autocomplete.js';
import { packageCreate } from './catalog/actions/package_create.js';
import { packageDelete } from './catalog/actions/package_delete.js';
import { packageHistory } from './catalog/actions/package_history.js';
import { packageList } from './catalog/actions/package_list.js';
import { packagePatch } from './catalog/actions/package_patch.js';
import { packagePublish } from './catalog/actions/package_publish.js';
import { packageShow } from './catalog/actions/package_show.js';
import { packageUnpublish } from './catalog/actions/package_unpublish.js';
import { packageUpdate } from './catalog/actions/package_update.js';
import { packageSearch } from './search/actions/package_search.js';
import { resourceCreate } from './catalog/actions/resource_create.js';
import { resourceDelete } from './catalog/actions/resource_delete.js';
import { resourceShow } from './catalog/actions/resource_show.js';
import { resourceUpdate } from './catalog/actions/resource_update.js';
import { categorySave } from './catalog/actions/category_save.js';
import { groupList } from './catalog/actions/group_list.js';
import { groupShow } from './catalog/actions/group_show.js';
import { organizationList } from './catalog/actions/organization_list.js';
import { organizationShow } from './catalog/actions/organization_show.js';
import { tagList } from './catalog/actions/tag_list.js';
import { datasetCommentCreate } from './community/actions/dataset_comment_create.js';
import { datasetCommentHide } from './community/actions/dataset_comment_hide.js';
import { datasetCommentList } from './community/actions/dataset_comment_list.js';
import { packageListForStaff } from './catalog/actions/package_list_for_staff.js';
import { packageTombstone } from './catalog/actions/package_tombstone.js';
import { showcaseCreate } from './community/actions/showcase_create.js';
import { showcaseList } from './community/actions/showcase_list.js';
import { showcaseModerate } from './community/actions/showcase_moderate.js';
import { showcaseShow } from './community/actions/showcase_show.js';
import { packageImport } from './harvest/actions/package_import.js';
import { catalogStatsShow } from './stats/actions/catalog_stats_show.js';
import { opendataMessages } from './messages.js';
import { opendataMigrations } from './catalog/migrations.js';
import { qualityMigrations } from './quality/migrations.js';
import { requestMigrations } from './requests/migrations.js';
import { dataRequestList } from './requests/actions/data_request_list.js';
import { dataRequestInbox } from './requests/actions/data_request_inbox.js';
import { dataRequestShow } from './requests/actions/data_request_show.js';
import { dataRequestCreate } from './requests/actions/data_request_create.js';
import { dataRequestDecide } from './requests/actions/data_request_decide.js';
import { dataRequestEscalate } from './requests/actions/data_request_escalate.js';
import { dataRequestRule } from './requests/actions/data_request_rule.js';
import { inventoryList } from './requests/actions/inventory_list.js';
import { inventorySave } from './requests/actions/inventory_save.js';
import { inventoryDelete } from './requests/actions/inventory_delete.js';
import { opendataRoutes } from './http/routes.js';
import { seedDemoCatalog } from './catalog/demo.js';
import { harvestSourceCreate } from './harvest/actions/harvest_source_create.js';
import { harvestSourceList } from './harvest/actions/harvest_source_list.js';
import { harvestSourceRunNow } from './harvest/actions/harvest_source_run_now.js';
import { harvestSourceSetEnabled } from './harvest/actions/harvest_source_set_enabled.js';
import { harvestSourceDelete } from './harvest/actions/harvest_source_delete.js';
import { runDueHarvests } from './harvest/harvest.js';
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
    harvestSourceCreate,
    harvestSourceList,
    harvestSourceRunNow,
    harvestSourceSetEnabled,
    harvestSourceDelete,
    dataRequestList,
    dataRequestInbox,
    dataRequestShow,
    dataRequestCreate,
    dataRequestDecide,
    dataRequestEscalate,
    dataRequestRule,
    inventoryList,
    inventorySave,
    inventoryDelete,
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
