// Caches across processes: a change made through one app process (or the CLI) is served fresh by
// another process within a second, for the anonymous proposal page and the catalog search / CKAN
// read path. Real `opengov serve` processes on one database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { migrate, openPlatform } from '../src/platform.js';
import { csvColumns } from '../src/modules/opendata/catalog/export.js';
import { datasetInput } from '../src/modules/opendata/test/fixtures.js';
import { apiTokenFor, insertUser, openProposal, setSettings, setupFixtures } from '../src/modules/petitions/test-support.js';
import { createTestSchema, testDatabaseUrl, withSchemasKept, type TestPlatform } from './helpers.js';
import { opengovCli, repositoryRoot, startOpengovServers, type ProcessGroup, type RunningProcess } from './processes.js';

const SECRET = 'caches-multiprocess-secret-0123456789-abcdef';

/** Milliseconds until `check` holds (polled every 20 ms), failing past `withinMs`. */
async function within(withinMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) assert.fail(`${what}: still stale after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const searchCount = async (server: RunningProcess, q: string) => {
  const body = (await (await fetch(`${server.base}/api/3/action/package_search?q=${encodeURIComponent(q)}`)).json()) as { result: { count: number } };
  return body.result.count;
};

test('PostgreSQL, two app processes: a change through one is served fresh by the other within a second', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set (run `npm run test:pg`)', timeout: 300_000 }, async () => {
  const database = await createTestSchema('cache_mp');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-cache-mp-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SECRET, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'false' };
  const config = loadConfig({ NODE_ENV: 'test', SECRET, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const clock = new FakeClock(new Date(Date.now() - 2 * 86_400_000));
  const platform = openPlatform(config, { clock });
  let servers: ProcessGroup | undefined;
  try {
    await withSchemasKept(() => migrate(platform.services));
    const t = { deps: platform.deps, clock, config } as unknown as TestPlatform;
    const f = await setupFixtures(t);
    // Pages are kept a whole minute, so only an invalidation can explain a fresh answer.
    await setSettings(t, { pageCacheSeconds: 60, rules: { stages: [{ threshold: 1, days: 60 }] } });
    const id = await openProposal(t, f, { title: '快取跨程序測試' });
    const citizen = await insertUser(platform.services.db, new Date().toISOString());
    const citizenToken = await apiTokenFor(platform.services.db, citizen.id, new Date());
    const staffToken = await apiTokenFor(platform.services.db, f.modaStaff.id, new Date());

    servers = await withSchemasKept(() => startOpengovServers(2, env));
    const [writer, reader] = servers.processes as [RunningProcess, RunningProcess];

    // The proposal page: cached by the reader, then established (1 endorsement) through the writer.
    const page = () => fetch(`${reader.base}/proposals/${id}`).then((r) => r.text());
    const before = await page();
    assert.equal(await page(), before, 'the reader answers from its page cache');
    const endorsed = await fetch(`${writer.base}/api/v1/proposals/${id}/endorsements`, { method: 'POST', headers: { authorization: `Bearer ${citizenToken}` } });
    const endorsement = await endorsed.text();
    assert.equal(endorsed.status, 201, endorsement);
    assert.equal((JSON.parse(endorsement) as { established: boolean }).established, true);
    const pageMs = await within(1_000, 'proposal page', async () => (await page()) !== before);

    // The catalog: a search and a dataset cached by the reader, then a new dataset through the writer.
    assert.equal(await searchCount(reader, '跨程序快取'), 0);
    assert.equal(await searchCount(reader, '跨程序快取'), 0);
    const created = await fetch(`${writer.base}/api/3/action/package_create`, {
      method: 'POST',
      headers: { authorization: staffToken, 'content-type': 'application/json' },
      body: JSON.stringify(datasetInput({ name: 'cross-process-cache', title: '跨程序快取資料', owner_org: 'moda' })),
    });
    assert.equal(created.status, 200, await created.text());
    const searchMs = await within(1_000, 'package_search', async () => (await searchCount(reader, '跨程序快取')) === 1);
    const pageSearch = async () => (await (await fetch(`${reader.base}/datasets?q=${encodeURIComponent('跨程序快取')}`)).text()).includes('跨程序快取資料');
    await within(1_000, 'search page', pageSearch);
    console.log(`# fresh on the other process after: proposal page ${pageMs} ms, package_search ${searchMs} ms`);
  } catch (error) {
    throw servers ? servers.withLogs(error) : error;
  } finally {
    await servers?.stop();
    await platform.dbHandle.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('SQLite: a catalog import made by the CLI is served by the running app within a second', { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-cache-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SECRET, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'false' };
  let server: ProcessGroup | undefined;
  try {
    const seeded = spawnSync(process.execPath, [opengovCli, 'seed', '--demo'], { cwd: repositoryRoot, env: { ...env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(seeded.status, 0, seeded.stderr);
    server = await startOpengovServers(1, env);
    const app = server.processes[0]!;
    assert.equal(await searchCount(app, 'CLI快取'), 0);
    assert.equal(await searchCount(app, 'CLI快取'), 0, 'answered from the CKAN read cache');

    const file = path.join(dataDir, 'catalog.csv');
    fs.writeFileSync(file, `\uFEFF${csvColumns.join(',')}\n930001,CLI快取資料,開放資料,交通及通訊,,CSV,https://example.gov.tw/930001.csv,UTF-8,,說明,,,王,,,每月\n`);
    const imported = spawnSync(process.execPath, [opengovCli, 'opendata', 'import-csv', file, '--agency', 'moda'], { cwd: repositoryRoot, env: { ...env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(imported.status, 0, imported.stderr);
    await within(1_000, 'package_search after a CLI import', async () => (await searchCount(app, 'CLI快取')) === 1);
  } catch (error) {
    throw server ? server.withLogs(error) : error;
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
