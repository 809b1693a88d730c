import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { actorFor, admin } from '../../../../test/helpers.js';
import { AppError } from '../../../core/errors.js';
import { harvestSourceCreate } from './actions/harvest_source_create.js';
import { harvestSourceDelete } from './actions/harvest_source_delete.js';
import { harvestSourceList } from './actions/harvest_source_list.js';
import { harvestSourceRunNow } from './actions/harvest_source_run_now.js';
import { harvestSourceSetEnabled } from './actions/harvest_source_set_enabled.js';
import { runDueHarvests, type HarvestReport } from './harvest.js';
import { packageCreate } from '../catalog/actions/package_create.js';
import { citizen, datasetInput, opendataApp, opendataPlatform } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

const HOUR = 3_600_000;

type Package = Record<string, unknown> & { name: string; metadata_modified: string };

/** A package as a CKAN site returns it (timestamps in UTC without a zone, as CKAN writes them). */
function ckanPackage(name: string, title: string, modified: string): Package {
  return {
    id: `remote-${name}`,
    name,
    title,
    notes: `${title}（遠端說明）`,
    metadata_modified: modified,
    license_id: 'cc-by-4.0',
    organization: { title: '遠端機關' },
    tags: [{ name: '遠端' }],
    resources: [{ name: title, url: `https://remote.example.gov.tw/${name}.csv`, format: 'CSV' }],
  };
}

/** A CKAN-like site that answers package_search (with the metadata_modified fq) and records requests. */
async function ckanSite() {
  const packages = new Map<string, Package>();
  const requests: URL[] = [];
  const state = { down: false };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://remote');
    requests.push(url);
    if (state.down) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      return;
    }
    if (url.pathname !== '/api/3/action/package_search') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false }));
      return;
    }
    const since = /^metadata_modified:\[(\S+) TO \*\]$/.exec(url.searchParams.get('fq') ?? '')?.[1];
    const matching = [...packages.values()].filter((p) => !since || Date.parse(`${p.metadata_modified}Z`) >= Date.parse(since));
    const start = Number(url.searchParams.get('start') ?? 0);
    const rows = Number(url.searchParams.get('rows') ?? 10);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, result: { count: matching.length, results: matching.slice(start, start + rows) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    packages,
    requests,
    state,
    searches: () => requests.filter((u) => u.pathname === '/api/3/action/package_search'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Platform = Awaited<ReturnType<typeof opendataPlatform>>;

const agencyAdmin = (t: Platform, code: string) => actorFor({ id: `u-admin-${code}`, role: 'agency_admin', agencyId: t.agencyIds[code]! });

async function sourceRow(t: Platform, id: string) {
  const row = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_harvest_sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...row, report: JSON.parse(row.last_report ?? 'null') as HarvestReport | null };
}

async function datasetTitles(t: Platform): Promise<string[]> {
  const rows = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select('title').orderBy('title').execute();
  return rows.map((r) => r.title);
}

function fieldOf(error: unknown): string[] {
  assert.ok(error instanceof AppError, String(error));
  return error.fields.map((f) => `${f.field}:${f.message}`);
}

test('harvest: a CKAN source is harvested on schedule, then incrementally with the metadata_modified fq', async () => {
  const site = await ckanSite();
  const t = await opendataPlatform();
  try {
    site.packages.set('bikes', ckanPackage('bikes', '公共自行車站點', '2026-01-10T08:00:00.000000'));
    site.packages.set('parks', ckanPackage('parks', '公園綠地', '2026-01-11T08:00:00.000000'));
    site.packages.set('broken', { ...ckanPackage('broken', '壞掉的資料集', '2026-01-12T08:00:00.000000'), resources: [{ url: 'javascript:alert(1)', format: 'CSV' }] });
    const boss = agencyAdmin(t, 'moda');
    const { id } = await t.deps.registry.call(harvestSourceCreate, { agency: 'moda', kind: 'ckan', url: site.base, every_hours: 24, allowLoopback: true }, { actor: boss });

    const firstRunAt = t.clock.now().toISOString();
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    let row = await sourceRow(t, id);
    assert.deepEqual([row.report!.created, row.report!.updated, row.report!.failed], [2, 0, 1], JSON.stringify(row.report));
    assert.deepEqual(row.report!.failedRows.map((r) => r.key), ['broken']);
    assert.match(row.report!.failedRows[0]!.reasons.join(), /resources\.0\.url/);
    assert.equal(row.report!.since, undefined, 'the first run reads everything');
    assert.equal(site.searches()[0]!.searchParams.get('fq'), null);
    assert.equal(row.last_success_at, firstRunAt);
    assert.equal(row.next_run_at, new Date(Date.parse(firstRunAt) + 24 * HOUR).toISOString());
    assert.deepEqual(await datasetTitles(t), ['公共自行車站點', '公園綠地']);
    const owners = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select('agency_id').distinct().execute();
    assert.deepEqual(owners, [{ agency_id: t.agencyIds.moda }]);

    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [], 'not due again before every_hours');

    t.clock.advance(24 * HOUR);
    site.packages.set('bikes', ckanPackage('bikes', '公共自行車站點（更新）', t.clock.now().toISOString().replace('Z', '000')));
    site.requests.length = 0;
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    row = await sourceRow(t, id);
    assert.deepEqual([row.report!.created, row.report!.updated, row.report!.failed], [0, 1, 0], JSON.stringify(row.report));
    const fq = site.searches()[0]!.searchParams.get('fq');
    assert.ok(row.report!.since && Date.parse(row.report!.since) <= Date.parse(firstRunAt), 'counts from the last success (with a little overlap)');
    assert.equal(fq, `metadata_modified:[${row.report!.since} TO *]`);
    assert.deepEqual(await datasetTitles(t), ['公共自行車站點（更新）', '公園綠地']);
    const count = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2, 'updated in place, never duplicated');
  } finally {
    await t.close();
    await site.close();
  }
});

test('harvest: a failing remote is recorded in the report and rescheduled; the next good run is a full one', async () => {
  const site = await ckanSite();
  const t = await opendataPlatform();
  try {
    site.packages.set('bikes', ckanPackage('bikes', '公共自行車站點', '2026-01-10T08:00:00.000000'));
    site.state.down = true;
    const { id } = await t.deps.registry.call(harvestSourceCreate, { agency: 'moenv', kind: 'ckan', url: site.base, every_hours: 6, allowLoopback: true }, { actor: admin });
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    const failed = await sourceRow(t, id);
    assert.match(failed.report!.error ?? '', /503/);
    assert.deepEqual([failed.report!.created, failed.report!.updated, failed.report!.failed], [0, 0, 0]);
    assert.equal(failed.last_success_at, null);
    assert.equal(failed.last_finished_at, t.clock.now().toISOString());
    assert.equal(failed.next_run_at, new Date(t.clock.now().getTime() + 6 * HOUR).toISOString());

    site.state.down = false;
    t.clock.advance(6 * HOUR);
    site.requests.length = 0;
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    const recovered = await sourceRow(t, id);
    assert.equal(recovered.report!.error, undefined);
    assert.equal(recovered.report!.created, 1);
    assert.equal(site.searches()[0]!.searchParams.get('fq'), null, 'no success yet, so the whole site is read');
  } finally {
    await t.close();
    await site.close();
  }
});

test('harvest: two concurrent runners harvest a due source once; run-now makes it due again', async () => {
  const site = await ckanSite();
  const t = await opendataPlatform();
  try {
    site.packages.set('bikes', ckanPackage('bikes', '公共自行車站點', '2026-01-10T08:00:00.000000'));
    const { id } = await t.deps.registry.call(harvestSourceCreate, { agency: 'moda', kind: 'ckan', url: site.base, every_hours: 24, allowLoopback: true }, { actor: admin });
    const [a, b] = await Promise.all([runDueHarvests(t.deps, { allowLoopback: true }), runDueHarvests(t.deps, { allowLoopback: true })]);
    assert.deepEqual([...a, ...b], [id]);
    assert.equal(site.searches().length, 1);

    await t.deps.registry.call(harvestSourceRunNow, { id }, { actor: agencyAdmin(t, 'moda') });
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    assert.equal(site.searches().length, 2);

    await t.deps.registry.call(harvestSourceSetEnabled, { id, enabled: false }, { actor: admin });
    await t.deps.registry.call(harvestSourceRunNow, { id }, { actor: admin });
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [], 'disabled sources are not harvested');
  } finally {
    await t.close();
    await site.close();
  }
});

test('harvest: a DCAT feed is re-read in full each run and updates in place', async () => {
  const portal = await opendataApp();
  const t = await opendataPlatform();
  try {
    await portal.deps.registry.call(packageCreate, datasetInput(), { actor: portal.moda });
    await portal.app.listen({ port: 0, host: '127.0.0.1' });
    const feed = `http://127.0.0.1:${(portal.app.server.address() as AddressInfo).port}/catalog.ttl`;
    const { id } = await t.deps.registry.call(harvestSourceCreate, { agency: 'moenv', kind: 'dcat', url: feed, every_hours: 1, allowLoopback: true }, { actor: admin });
    await runDueHarvests(t.deps, { allowLoopback: true });
    const first = await sourceRow(t, id);
    assert.deepEqual([first.report!.created, first.report!.updated, first.report!.failed, first.report!.error], [1, 0, 0, undefined], JSON.stringify(first.report));
    t.clock.advance(HOUR);
    assert.deepEqual(await runDueHarvests(t.deps, { allowLoopback: true }), [id]);
    const second = await sourceRow(t, id);
    assert.deepEqual([second.report!.created, second.report!.updated, second.report!.failed, second.report!.since], [0, 1, 0, undefined]);
    assert.deepEqual(await datasetTitles(t), ['空氣品質監測資料']);
  } finally {
    await t.close();
    await portal.close();
  }
});

test('harvest permissions: only admins of the agency (or platform admins) manage its sources', async () => {
  const t = await opendataPlatform();
  try {
    const modaAdmin = agencyAdmin(t, 'moda');
    const moenvAdmin = agencyAdmin(t, 'moenv');
    const input = { agency: 'moda', kind: 'ckan' as const, url: 'https://data.example.gov.tw', every_hours: 24 };
    await assert.rejects(t.deps.registry.call(harvestSourceCreate, input, { actor: citizen }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    await assert.rejects(t.deps.registry.call(harvestSourceCreate, input, { actor: moenvAdmin }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    await assert.rejects(t.deps.registry.call(harvestSourceCreate, input, { actor: t.moda }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN', 'agency staff are not admins');
    await assert.rejects(t.deps.registry.call(harvestSourceCreate, input, { actor: null }), (e: unknown) => e instanceof AppError && e.code === 'UNAUTHENTICATED');

    const { id } = await t.deps.registry.call(harvestSourceCreate, input, { actor: modaAdmin });
    const other = await t.deps.registry.call(harvestSourceCreate, { ...input, agency: 'moenv' }, { actor: admin });
    for (const [action, payload] of [
      [harvestSourceRunNow, { id }],
      [harvestSourceSetEnabled, { id, enabled: false }],
      [harvestSourceDelete, { id }],
    ] as const) {
      await assert.rejects(t.deps.registry.call(action, payload, { actor: moenvAdmin }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN', action.name);
      await assert.rejects(t.deps.registry.call(action, payload, { actor: citizen }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN', action.name);
    }
    await assert.rejects(t.deps.registry.call(harvestSourceList, {}, { actor: citizen }), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    assert.deepEqual((await t.deps.registry.call(harvestSourceList, {}, { actor: moenvAdmin })).map((s) => s.id), [other.id]);
    assert.deepEqual((await t.deps.registry.call(harvestSourceList, {}, { actor: modaAdmin })).map((s) => s.id), [id]);
    assert.deepEqual((await t.deps.registry.call(harvestSourceList, {}, { actor: admin })).map((s) => s.id).sort(), [id, other.id].sort());

    await t.deps.registry.call(harvestSourceSetEnabled, { id, enabled: false }, { actor: modaAdmin });
    await t.deps.registry.call(harvestSourceSetEnabled, { id, enabled: true }, { actor: modaAdmin });
    await t.deps.registry.call(harvestSourceDelete, { id }, { actor: modaAdmin });
    const audit = await allTables(opendataDb(t.deps.services.db)).selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['harvest_source_create', 'harvest_source_disable', 'harvest_source_enable', 'harvest_source_delete'],
    );
    assert.ok(audit.every((a) => a.actor_id === modaAdmin.userId));
    await assert.rejects(t.deps.registry.call(harvestSourceRunNow, { id }, { actor: modaAdmin }), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
  } finally {
    await t.close();
  }
});

test('harvest: bad addresses and schedules are refused with field errors', async () => {
  const t = await opendataPlatform();
  try {
    const create = (input: Record<string, unknown>) => t.deps.registry.call(harvestSourceCreate, { agency: 'moda', kind: 'ckan', url: 'https://data.example.gov.tw', every_hours: 24, ...input }, { actor: admin });
    const refused = async (input: Record<string, unknown>) => {
      try {
        await create(input);
      } catch (error) {
        return fieldOf(error);
      }
      assert.fail(`accepted ${JSON.stringify(input)}`);
    };
    assert.deepEqual(await refused({ url: 'file:///etc/passwd' }), ['url:opendata.import.refused.bad_scheme']);
    assert.deepEqual(await refused({ url: 'http://127.0.0.1:8080/' }), ['url:opendata.import.refused.blocked_address'], 'loopback needs the opt-in');
    assert.deepEqual(await refused({ url: 'http://169.254.169.254/latest/meta-data/', allowLoopback: true }), ['url:opendata.import.refused.blocked_address']);
    assert.deepEqual(await refused({ url: 'not a url' }), ['url:opendata.import.refused.bad_url']);
    assert.deepEqual(await refused({ every_hours: 0 }), ['every_hours:validation.minimum']);
    assert.deepEqual(await refused({ every_hours: 721 }), ['every_hours:validation.maximum']);
    assert.deepEqual(await refused({ kind: 'ftp' }), ['kind:validation.choice']);
    assert.deepEqual(await refused({ agency: 'nowhere' }), ['agency:opendata.unknown_agency']);
    const count = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_harvest_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  } finally {
    await t.close();
  }
});

test('harvest page: an agency admin adds a source, sees its report in zh-TW and en, and runs, disables and deletes it', async () => {
  const { signedIn, fieldError } = await import('../test/staff-support.js');
  const site = await ckanSite();
  const t = await opendataApp();
  try {
    const staff = await signedIn(t, 'staff@moda.gov.tw', 'agency_staff', 'moda');
    assert.equal((await staff.get('/datasets/harvest')).statusCode, 403);
    const resident = await signedIn(t, 'someone@example.tw', 'citizen');
    assert.equal((await resident.get('/datasets/harvest')).statusCode, 403);

    const boss = await signedIn(t, 'boss@moda.gov.tw', 'agency_admin', 'moda');
    const empty = await boss.get('/datasets/harvest');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<h1[^>]*>定期匯入來源<\/h1>/);
    assert.match(empty.body, /尚未設定任何定期匯入來源/);
    assert.doesNotMatch(empty.body, /name="agency"/, 'agency admins add sources for their own agency');

    const badScheme = await boss.submit('/datasets/harvest', '/datasets/harvest', { kind: 'ckan', url: 'file:///etc/passwd', every_hours: '24' });
    assert.equal(badScheme.statusCode, 400);
    assert.match(fieldError(badScheme.body, 'url') ?? '', /只接受 http 與 https 網址/);
    const loopback = await boss.submit('/datasets/harvest', '/datasets/harvest', { kind: 'ckan', url: site.base, every_hours: '24' });
    assert.equal(loopback.statusCode, 400);
    assert.match(fieldError(loopback.body, 'url') ?? '', /拒絕連線到內部或保留位址/);
    const badHours = await boss.submit('/datasets/harvest?lang=en', '/datasets/harvest', { kind: 'dcat', url: 'https://data.example.gov.tw/catalog.ttl', every_hours: '0' });
    assert.equal(badHours.statusCode, 400);
    assert.ok(fieldError(badHours.body, 'every_hours'));

    const added = await boss.submit('/datasets/harvest', '/datasets/harvest', { kind: 'dcat', url: 'https://data.example.gov.tw/feeds/moda.ttl', every_hours: '12' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/datasets/harvest?notice=created');

    // A harvested source (the page cannot opt in to loopback, so it is created through the action).
    site.packages.set('bikes', ckanPackage('bikes', '公共自行車站點', '2026-01-10T08:00:00.000000'));
    const boss2 = actorFor({ id: 'u-x', role: 'agency_admin', agencyId: t.agencyIds.moda! });
    const { id } = await t.deps.registry.call(harvestSourceCreate, { agency: 'moda', kind: 'ckan', url: site.base, every_hours: 24, allowLoopback: true }, { actor: boss2 });
    await allTables(opendataDb(t.deps.services.db)).updateTable('od_harvest_sources').set({ next_run_at: '2099-01-01T00:00:00.000Z' }).where('id', '!=', id).execute();
    await runDueHarvests(t.deps, { allowLoopback: true });

    const zh = await boss.get('/datasets/harvest?notice=created&lang=zh-TW');
    assert.equal(zh.statusCode, 200);
    assert.match(zh.body, /已新增來源/);
    assert.match(zh.body, /https:\/\/data\.example\.gov\.tw\/feeds\/moda\.ttl/);
    assert.match(zh.body, /每 12 小時/);
    assert.match(zh.body, /新增 1 筆、更新 0 筆、失敗 0 筆/);
    assert.match(zh.body, /尚未執行/);
    assert.match(zh.body, /民國/, 'dates carry the ROC year on zh-TW pages');
    const en = await boss.get('/datasets/harvest?lang=en');
    assert.match(en.body, /<h1[^>]*>Scheduled harvest sources<\/h1>/);
    assert.match(en.body, /1 created, 0 updated, 0 failed/);
    assert.match(en.body, /Every 24 hours/);
    assert.match(en.body, /Run now/);

    const run = await boss.submit('/datasets/harvest', `/datasets/harvest/${id}/run`, {});
    assert.equal(run.statusCode, 303);
    const disabled = await boss.submit('/datasets/harvest', `/datasets/harvest/${id}/disable`, {});
    assert.equal(disabled.headers.location, '/datasets/harvest?notice=disabled');
    assert.equal((await sourceRow(t, id)).enabled, 0);
    assert.match((await boss.get('/datasets/harvest?lang=zh-TW')).body, /已停用/);
    await boss.submit('/datasets/harvest', `/datasets/harvest/${id}/enable`, {});
    assert.equal((await sourceRow(t, id)).enabled, 1);
    const deleted = await boss.submit('/datasets/harvest', `/datasets/harvest/${id}/delete`, {});
    assert.equal(deleted.headers.location, '/datasets/harvest?notice=deleted');
    assert.equal(await allTables(opendataDb(t.deps.services.db)).selectFrom('od_harvest_sources').select('id').where('id', '=', id).executeTakeFirst(), undefined);

    const noCsrf = await boss.request({ method: 'POST', url: '/datasets/harvest', payload: 'kind=ckan&url=https%3A%2F%2Fexample.gov.tw&every_hours=24', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noCsrf.statusCode, 403);

    const otherBoss = await signedIn(t, 'boss@moenv.gov.tw', 'agency_admin', 'moenv');
    const others = await otherBoss.get('/datasets/harvest');
    assert.doesNotMatch(others.body, /feeds\/moda\.ttl/, "another agency's sources are not listed");
    assert.match(others.body, /尚未設定任何定期匯入來源/);
  } finally {
    await t.close();
    await site.close();
  }
});
