// Who may run opendata's restricted actions (the matrix must name every one). The fixture belongs
// to moda: one published dataset and one private, a data request by the citizen, a harvest source,
// an inventory item, a pending showcase and a comment, so every input is valid and only the caller
// differs.
import { after, before, test } from 'node:test';
import { actorFor, admin, type TestPlatform } from '../../../test/helpers.js';
import { assertPermissionMatrix, type Cast } from '../../../test/permission-matrix.js';
import { opendataModule } from './manifest.js';
import { datasetInput, opendataPlatform, type Fixture } from './test/fixtures.js';
import { packageCreate } from './catalog/actions/package_create.js';
import { packagePatch } from './catalog/actions/package_patch.js';
import { packageUpdate } from './catalog/actions/package_update.js';
import { dataRequestCreate } from './requests/actions/data_request_create.js';
import { inventorySave } from './requests/actions/inventory_save.js';
import { harvestSourceCreate } from './harvest/actions/harvest_source_create.js';
import { showcaseCreate } from './community/actions/showcase_create.js';
import { datasetCommentCreate } from './community/actions/dataset_comment_create.js';

let t: TestPlatform & Fixture;
let cast: Cast;
const ids = { dataset: '', datasetIdentifier: '', resource: '', draft: '', draftResource: '', request: '', source: '', item: '', showcase: '', comment: '' };

before(async () => {
  t = await opendataPlatform();
  const moda = t.agencyIds.moda!;
  const moenv = t.agencyIds.moenv!;
  cast = {
    anonymous: null,
    citizen: actorFor({ id: 'u-citizen', role: 'citizen' }),
    unverified_citizen: actorFor({ id: 'u-unverified', role: 'citizen' }, { emailVerified: false }),
    staff: actorFor({ id: 'u-moda-staff', role: 'agency_staff', agencyId: moda }),
    agency_admin: actorFor({ id: 'u-moda-admin', role: 'agency_admin', agencyId: moda }),
    other_staff: actorFor({ id: 'u-moenv-staff', role: 'agency_staff', agencyId: moenv }),
    other_admin: actorFor({ id: 'u-moenv-admin', role: 'agency_admin', agencyId: moenv }),
    moderator: actorFor({ id: 'u-moderator', role: 'platform_moderator' }),
    platform_admin: admin,
  };
  const call = t.deps.registry.call.bind(t.deps.registry);
  const dataset = await call(packageCreate, datasetInput({ owner_org: 'moda' }), { actor: cast.staff! });
  Object.assign(ids, { dataset: dataset.id, datasetIdentifier: dataset.identifier, resource: dataset.resources[0]!.id });
  const draft = await call(packageCreate, { ...datasetInput({ owner_org: 'moda', title: '未公開資料集' }), private: true }, { actor: cast.staff! });
  Object.assign(ids, { draft: draft.id, draftResource: draft.resources[0]!.id });
  ids.request = (await call(dataRequestCreate, { agency: 'moda', title: '公共自行車借還紀錄', description: '各站每日借還次數' }, { actor: cast.citizen! })).id;
  ids.source = (await call(harvestSourceCreate, { agency: 'moda', kind: 'ckan', url: 'https://data.example.gov.tw', every_hours: 24 }, { actor: admin })).id;
  ids.item = (await call(inventorySave, { agency: 'moda', name: '公文統計', description: '每月公文數量', openness: 'not_open', legal_reason: 'copyright' }, { actor: cast.staff! })).id;
  ids.showcase = (await call(showcaseCreate, { title: '空品地圖', url: 'https://app.example.org', description: '即時空品地圖', datasets: [dataset.name] }, { actor: cast.citizen! })).id;
  ids.comment = (await call(datasetCommentCreate, { dataset_id: dataset.id, body: '請問多久更新一次？' }, { actor: cast.citizen! })).id;
});

after(async () => {
  await t?.close();
});

const signedIn = ['citizen', 'unverified_citizen', 'staff', 'agency_admin', 'other_staff', 'other_admin', 'moderator', 'platform_admin'];
const publishers = ['staff', 'agency_admin', 'other_staff', 'other_admin', 'platform_admin'];
const ownAgencyPublishers = ['staff', 'agency_admin', 'platform_admin'];
const ownAgencyImporters = ['agency_admin', 'platform_admin'];
const moderators = ['moderator', 'platform_admin'];

test('opendata permission matrix', async () => {
  await assertPermissionMatrix(t.deps.registry, opendataModule.actions, cast, {
    package_create: { allowed: ownAgencyPublishers, input: datasetInput({ owner_org: 'moda', title: '新資料集' }) },
    package_show: { allowed: ownAgencyPublishers, input: { id: ids.draft }, refusedAs: 'NOT_FOUND' },
    package_history: { allowed: ownAgencyPublishers, input: { id: ids.draft }, refusedAs: 'NOT_FOUND' },
    package_tombstone: { allowed: [], input: { id: ids.draft }, refusedAs: 'NOT_FOUND' },
    resource_show: { allowed: ownAgencyPublishers, input: { id: ids.draftResource }, refusedAs: 'NOT_FOUND' },
    dataset_comment_list: { allowed: ownAgencyPublishers, input: { dataset_id: ids.draft }, refusedAs: 'NOT_FOUND' },
    showcase_show: { allowed: ['citizen', ...moderators], input: { id: ids.showcase }, refusedAs: 'NOT_FOUND' },
    package_update: { allowed: ownAgencyPublishers, input: { ...datasetInput(), id: ids.dataset } },
    package_patch: { allowed: ownAgencyPublishers, input: { id: ids.dataset, title: '改名' } },
    package_delete: { allowed: ownAgencyPublishers, input: { id: ids.dataset } },
    package_publish: { allowed: ownAgencyPublishers, input: { id: ids.dataset } },
    package_unpublish: { allowed: ownAgencyPublishers, input: { id: ids.dataset, reason: '資料更正中' } },
    package_list_for_staff: { allowed: publishers, input: {} },
    package_import: { allowed: ownAgencyPublishers, input: { ...datasetInput(), identifier: ids.datasetIdentifier, match: 'identifier' } },
    resource_create: { allowed: ownAgencyPublishers, input: { package_id: ids.dataset, name: 'JSON', url: 'https://data.example.gov.tw/aqi.json', format: 'json' } },
    resource_update: { allowed: ownAgencyPublishers, input: { id: ids.resource, name: '監測資料', url: 'https://data.example.gov.tw/aqi.csv', format: 'csv' } },
    resource_delete: { allowed: ownAgencyPublishers, input: { id: ids.resource } },
    category_save: { allowed: ['platform_admin'], input: { code: 'weather', name_zh: '氣象', name_en: 'Weather' } },
    dataset_comment_create: { allowed: signedIn, input: { dataset_id: ids.dataset, body: '謝謝' } },
    dataset_comment_hide: { allowed: moderators, input: { id: ids.comment, reason: '離題' } },
    showcase_create: { allowed: signedIn, input: { title: '應用', url: 'https://app.example.org/2', description: '說明', datasets: [ids.dataset] } },
    showcase_moderate: { allowed: moderators, input: { id: ids.showcase, decision: 'approved' } },
    showcase_list: { allowed: moderators, input: { status: 'pending' } },
    harvest_source_create: { allowed: ownAgencyImporters, input: { agency: 'moda', kind: 'dcat', url: 'https://data.example.gov.tw/dcat', every_hours: 12 } },
    harvest_source_list: { allowed: ['agency_admin', 'other_admin', 'platform_admin'], input: {} },
    harvest_source_run_now: { allowed: ownAgencyImporters, input: { id: ids.source } },
    harvest_source_set_enabled: { allowed: ownAgencyImporters, input: { id: ids.source, enabled: false } },
    harvest_source_delete: { allowed: ownAgencyImporters, input: { id: ids.source } },
    data_request_create: { allowed: signedIn.filter((who) => who !== 'unverified_citizen'), input: { agency: 'moda', title: '路燈位置', description: '全市路燈座標' } },
    data_request_inbox: { allowed: ['staff', 'agency_admin', 'other_staff', 'other_admin', 'moderator', 'platform_admin'], input: {} },
    data_request_decide: { allowed: ['staff', 'agency_admin'], input: { id: ids.request, decision: 'terms', terms: '僅供研究使用' } },
    data_request_escalate: { allowed: ['citizen'], input: { id: ids.request } },
    data_request_rule: { allowed: moderators, input: { id: ids.request, ruling: 'uphold', reason: '維持原決定' } },
    inventory_save: { allowed: ownAgencyPublishers, input: { agency: 'moda', id: ids.item, name: '公文統計', description: '每月公文數量', openness: 'not_open', legal_reason: 'copyright' } },
    inventory_delete: { allowed: ownAgencyPublishers, input: { id: ids.item } },
  });
});

test("a dataset is created in, or moved to, only the caller's own agency (platform admins: any)", async () => {
  const moenvPublishers = ['other_staff', 'other_admin', 'platform_admin'];
  await assertPermissionMatrix(t.deps.registry, [packageCreate, packageUpdate, packagePatch], cast, {
    package_create: { allowed: moenvPublishers, input: datasetInput({ owner_org: 'moenv', title: '環境部資料集' }) },
    // moda's dataset moved to moenv: moda's staff may not place it there, moenv's may not touch it.
    package_update: { allowed: ['platform_admin'], input: { ...datasetInput({ owner_org: 'moenv' }), id: ids.dataset } },
    package_patch: { allowed: ['platform_admin'], input: { id: ids.dataset, owner_org: 'moenv' } },
  });
  // Without owner_org a dataset goes to the caller's own agency: every publisher may create one.
  await assertPermissionMatrix(t.deps.registry, [packageCreate], cast, {
    package_create: { allowed: publishers, input: datasetInput({ owner_org: undefined, title: '自家機關' }) },
  });
});
