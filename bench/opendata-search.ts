/**
 * Open data catalog search: loads DATASETS (default 50,000) generated datasets into a fresh database
 * (a temporary SQLite file, or a private schema when DATABASE_URL points to PostgreSQL), then
 * measures CKAN package_search over HTTP with a Chinese query and two facets:
 *   import_s         bulk load time (batched multi-row inserts, full-text indexing included)
 *   search_p50_ms, search_p99_ms, search_rps   32 concurrent clients repeating the ten searches, as
 *                    popular searches repeat (anonymous answers are reused until the catalog changes)
 *   search_uncached_{p50_ms,p99_ms,rps}         the same load with every request made unique (an
 *                    ignored parameter), so each one runs the full search: the worst case
 *   search_single_p50_ms, search_single_uncached_p50_ms   one client at a time
 *   raw_fts_p50_ms   the bare full-text query (core search adapter) for the same queries
 *   api_fts_ratio    search_single_uncached_p50_ms / raw_fts_p50_ms: the API's own overhead
 * Prints name=value lines only. BENCH_SECONDS (default 5) sets the concurrent run's length.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import { openPostgres } from '../src/core/db/index.js';
import { searchDocuments } from '../src/core/db/search-adapter.js';
import { newId } from '../src/core/ids.js';
import { buildApp } from '../src/app.js';
import { migrate, openPlatform } from '../src/platform.js';
import { seedAgencies } from '../src/modules/agencies/seed.js';
import { bulkLoadDatasets } from '../src/modules/opendata/catalog/generator.js';

const count = Number(process.env.DATASETS ?? '50000');
const seconds = Number(process.env.BENCH_SECONDS ?? '5');
const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : null;

const queries = ['公車', '空氣品質', '停車場', '地震', '人口統計', '觀光景點', '疫苗', '預算', '臺北市 自行車', '醫療院所'];
const facetPairs = [
  ['organization', 'res_format'],
  ['groups', 'license_id'],
  ['res_format', 'update_frequency'],
];
const urls = queries.map((q, i) => `/api/3/action/package_search?q=${encodeURIComponent(q)}&facet.field=${encodeURIComponent(JSON.stringify(facetPairs[i % facetPairs.length]))}&rows=10`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-od-'));
let schema: string | null = null;
let databaseUrl = `sqlite:${path.join(dataDir, 'opengov.db')}`;
if (pgUrl) {
  schema = `bench_${newId().replace(/-/g, '').slice(-12)}`;
  const admin = openPostgres(pgUrl, 1);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  databaseUrl = url.toString();
}
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SECRET: 'bench-secret-0123456789-0123456789-abcdef', BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'silent', JOBS: 'false' });
const platform = openPlatform(config);
const { services } = platform;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(port: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

const loadScript = `
const http = require('node:http');
const { port, urls, concurrency, seconds, unique } = JSON.parse(process.env.LOAD);
let nonce = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let done = 0, failed = 0;
const until = Date.now() + seconds * 1000;
const get = (url) => new Promise((resolve) => {
  const t0 = performance.now();
  http.get({ host: '127.0.0.1', port, path: unique ? url + '&bench_nonce=' + nonce++ : url, agent }, (res) => {
    res.resume();
    res.on('end', () => { latencies.push(performance.now() - t0); if (res.statusCode === 200) done++; else failed++; resolve(); });
  }).on('error', () => { failed++; resolve(); });
});
Promise.all(Array.from({ length: concurrency }, async (_, w) => { for (let i = w; Date.now() < until; i += concurrency) await get(urls[i % urls.length]); })).then(() => {
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  process.stdout.write(JSON.stringify({ done, failed, p50: at(0.5), p99: at(0.99) }));
  agent.destroy();
});
`;

function concurrentLoad(port: number, paths: string[], concurrency: number, duration: number, unique: boolean): Promise<{ done: number; p50: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', loadScript], { env: { ...process.env, LOAD: JSON.stringify({ port, urls: paths, concurrency, seconds: duration, unique }) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const result = JSON.parse(out) as { done: number; failed: number; p50: number; p99: number };
        if (result.failed > result.done * 0.01) return reject(new Error(`${result.failed} failed requests under load`));
        resolve(result);
      } catch {
        reject(new Error(`load generator printed no result: ${out}`));
      }
    });
  });
}

try {
  await migrate(services);
  await seedAgencies(services);
  const start = performance.now();
  await bulkLoadDatasets(services, { count });
  const importSeconds = (performance.now() - start) / 1000;

  const { app } = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  try {
    for (let i = 0; i < 50; i++) await get(port, urls[i % urls.length]!); // warm-up: snapshot, JIT, caches

    const single = async (unique: boolean) => {
      const latencies: number[] = [];
      for (let i = 0; i < 400; i++) {
        const t0 = performance.now();
        await get(port, unique ? `${urls[i % urls.length]!}&bench_nonce=single${i}` : urls[i % urls.length]!);
        latencies.push(performance.now() - t0);
      }
      return latencies;
    };
    const singleCached = await single(false);
    const singleUncached = await single(true);

    // The 32 concurrent clients run in a child process, so the load generator does not share the
    // server's event loop (the machine has two cores: one each).
    const load = await concurrentLoad(port, urls, 32, seconds, false);
    const uncached = await concurrentLoad(port, urls, 32, seconds, true);
    const raw: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t0 = performance.now();
      await searchDocuments(services.db, services.dialect, 'dataset', queries[i % queries.length]!);
      raw.push(performance.now() - t0);
    }

    const singleUncachedP50 = percentile(singleUncached, 0.5);
    const rawP50 = percentile(raw, 0.5);
    const lines: [string, number | string][] = [
      ['engine', services.dialect],
      ['datasets', count],
      ['import_s', round(importSeconds, 1)],
      ['search_p50_ms', round(load.p50)],
      ['search_p99_ms', round(load.p99)],
      ['search_rps', Math.round(load.done / seconds)],
      ['search_uncached_p50_ms', round(uncached.p50)],
      ['search_uncached_p99_ms', round(uncached.p99)],
      ['search_uncached_rps', Math.round(uncached.done / seconds)],
      ['search_single_p50_ms', round(percentile(singleCached, 0.5))],
      ['search_single_uncached_p50_ms', round(singleUncachedP50)],
      ['search_single_uncached_p99_ms', round(percentile(singleUncached, 0.99))],
      ['raw_fts_p50_ms', round(rawP50)],
      ['api_fts_ratio', round(singleUncachedP50 / rawP50)],
    ];
    for (const [name, value] of lines) console.log(`${name}=${value}`);
  } finally {
    await app.close();
  }
} finally {
  agent.destroy();
  await platform.dbHandle.close();
  if (schema && pgUrl) {
    const admin = openPostgres(pgUrl, 1);
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
