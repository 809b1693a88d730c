/**
 * HTTP throughput of the platform next to a bare Fastify hello-world on the same machine: requests
 * per second and p99 latency of the home page, of a JSON API read with a bearer token
 * (GET /api/v1/me: token lookup, action, response schema), of the agency list (GET /api/v1/agencies)
 * and of hello-world, with the ratios to hello-world. This process serves both apps (SQLite file
 * in a temporary folder, demo data); autocannon runs in a child process so the load generator does
 * not share the server's event loop (the machine has two cores: one each). Prints name=value lines
 * only. BENCH_SECONDS (default 10) sets the length of each measurement, BENCH_CONNECTIONS (default 50)
 * the concurrent connections.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { runAutocannon, type AutocannonSummary } from './autocannon.js';
import { loadConfig } from '../src/core/config.js';
import { buildApp } from '../src/app.js';
import { migrate, openPlatform, seedDemo } from '../src/platform.js';
import { apiTokenCreate } from '../src/modules/accounts/actions/tokens.js';
import { findUserByEmail } from '../src/modules/accounts/queries.js';
import { accountsDb } from '../src/modules/accounts/tables.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const connections = Number(process.env.BENCH_CONNECTIONS ?? '50');
if (!(seconds >= 1)) throw new Error('BENCH_SECONDS must be a number of seconds, at least 1');
if (!(connections >= 1)) throw new Error('BENCH_CONNECTIONS must be at least 1');

function load(url: string, durationSeconds: number, headers: Record<string, string> = {}): Promise<AutocannonSummary> {
  return runAutocannon({ url, connections, durationSeconds, headers });
}

/** A short warm-up (JIT, statement cache, connection pool), then the measurement. */
async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<AutocannonSummary> {
  await load(url, 1, headers);
  const result = await load(url, seconds, headers);
  if (result.total === 0 || result.non2xx + result.errors > result.total * 0.01) {
    throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors out of ${result.total} requests; the figures would not mean anything`);
  }
  return result;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${path.join(dataDir, 'opengov.db')}`,
  SECRET: 'bench-secret-0123456789-0123456789-abcdef',
  BASE_URL: 'http://127.0.0.1:3000',
  LOG_LEVEL: 'silent',
  JOBS: 'false',
});
const platform = openPlatform(config);
await migrate(platform.services);
await seedDemo(platform.deps);
const { app } = await buildApp(platform.services);
await app.listen({ port: 0, host: '127.0.0.1' });
const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const user = await findUserByEmail(accountsDb(platform.services.db), 'citizen@demo.opengov.tw');
if (!user) throw new Error('demo citizen missing');
const actor = { userId: user.id, role: user.role, agencyId: user.agency_id, emailVerified: true, mobileVerified: true, via: 'cli' as const, level: 2 as const };
const { token } = await platform.deps.registry.call(apiTokenCreate, { name: 'bench' }, { actor });

const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
await hello.listen({ port: 0, host: '127.0.0.1' });
const helloUrl = `http://127.0.0.1:${(hello.server.address() as { port: number }).port}/`;

try {
  const helloResult = await measure('hello', helloUrl);
  const home = await measure('home', `${appUrl}/`);
  const api = await measure('api', `${appUrl}/api/v1/me`, { authorization: `Bearer ${token}` });
  const agencies = await measure('agencies', `${appUrl}/api/v1/agencies`);

  const lines: [string, number][] = [
    ['home_rps', Math.round(home.rps)],
    ['home_p99_ms', home.p99],
    ['api_rps', Math.round(api.rps)],
    ['api_p99_ms', api.p99],
    ['agencies_rps', Math.round(agencies.rps)],
    ['agencies_p99_ms', agencies.p99],
    ['hello_rps', Math.round(helloResult.rps)],
    ['hello_p99_ms', helloResult.p99],
    ['home_rps_ratio', Number((home.rps / helloResult.rps).toFixed(4))],
    ['api_rps_ratio', Number((api.rps / helloResult.rps).toFixed(4))],
    ['agencies_rps_ratio', Number((agencies.rps / helloResult.rps).toFixed(4))],
  ];
  for (const [name, value] of lines) console.log(`${name}=${value}`);
} finally {
  await hello.close();
  await app.close();
  await platform.dbHandle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
