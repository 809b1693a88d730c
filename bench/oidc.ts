/**
 * Complete OpenID Connect code flows per second: a person with a platform session and remembered
 * consent is sent by an RP to the provider (authorization, the interaction page that signs them in,
 * back to the authorization endpoint, the code), the RP exchanges the code (client_secret_basic,
 * PKCE) and reads userinfo. `fresh` flows start without a provider session cookie (every step);
 * `returning` flows keep it (authorization answers with the code at once). The flows run in this
 * process, BENCH_CONCURRENCY at a time (default 8) for BENCH_SECONDS each (default 10), after one
 * unmeasured flow per person (consent, the provider built), against the platform served by
 * bench/support/oidc-server.ts in a child process (BENCH_SERVERS processes sharing the port, default 1; more
 * only on PostgreSQL), so the clients and the server each have a core. BENCH_PROFILE=DIR writes the
 * server's CPU profile there.
 *
 * Then the token endpoint alone: refresh-token grants (client_secret_basic; each answer a new access
 * token and a signed ID token) sent by autocannon from a child process on BENCH_CONNECTIONS
 * connections (default 16), and a bare Fastify POST of the same request as the baseline;
 * `*_token_ratio` is grants per second over baseline requests per second, the figure to compare
 * across machines. SQLite file in a temporary folder, or DATABASE_URL. Prints name=value lines only;
 * `oidc_load_average` is the machine's one-minute load average when the bench started.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { runAutocannon, type AutocannonSummary } from './autocannon.js';
import { loadConfig } from '../src/core/config.js';
import { systemActor } from '../src/core/actor.js';
import { migrate, openPlatform } from '../src/platform.js';
import { oidcClientCreate } from '../src/modules/identity/manifest.js';
import { CookieClient, signedInPerson } from '../src/modules/identity/test/support.js';
import { freePort } from '../test/helpers.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '8');
const servers = Number(process.env.BENCH_SERVERS ?? '1');
const connections = Number(process.env.BENCH_CONNECTIONS ?? '16');
const RP = 'http://127.0.0.1:9/cb';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-oidc-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const loadAverage = os.loadavg()[0]!;
const serverEnv = { DATA_DIR: dataDir, SECRET: 'bench-oidc-secret-0123456789-0123456789', BASE_URL: base, ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }) };
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JOBS: 'false', ...serverEnv });
const platform = openPlatform(config);
await migrate(platform.services);

const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
const server = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(import.meta.dirname, 'support', 'oidc-server.ts')], {
  env: { PATH: process.env.PATH, ...serverEnv, BENCH_PORT: String(port), BENCH_SERVERS: String(servers) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let serverOut = '';
server.stdout.on('data', (chunk: Buffer) => (serverOut += chunk.toString()));
await Promise.race([
  new Promise<void>((resolve) => server.stdout.on('data', () => serverOut.includes('ready') && resolve())),
  once(server, 'exit').then(() => {
    throw new Error(`bench server exited: ${serverOut}`);
  }),
]);

const { client, clientSecret } = await platform.deps.registry.call(
  oidcClientCreate,
  { name: 'bench', redirectUris: [RP], scopes: ['openid', 'email', 'offline_access'], claims: ['email'], sector: 'bench', authMethod: 'client_secret_basic' },
  { actor: systemActor('cli') },
);
const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(clientSecret!)}`).toString('base64')}`;
const people = await Promise.all(Array.from({ length: concurrency }, () => signedInPerson(platform.services.db, new Date())));

async function flow(browser: CookieClient): Promise<void> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({ client_id: client.clientId, redirect_uri: RP, response_type: 'code', scope: 'openid email', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
  let step = await browser.follow(`/oidc/auth?${query}`);
  if (step.response.status === 200) step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  const code = step.url.searchParams.get('code');
  if (!code) throw new Error(`no code: ${step.url}`);
  const token = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: RP, code_verifier: verifier }) });
  const { access_token } = (await token.json()) as { access_token: string };
  const info = await fetch(`${base}/oidc/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
  if (info.status !== 200) throw new Error(`userinfo ${info.status}`);
  await info.arrayBuffer();
}

/**
 * CPU seconds the server processes have used so far (Linux: /proc, the server and its cluster workers).
 * CPU per flow or per request is the figure a loaded machine distorts least: a busy neighbour slows
 * the server down, but does not make it do more work.
 */
function serverCpuSeconds(): number | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  // The fields after the command name: state, ppid, ..., utime and stime (in 1/100 s) at 11 and 12.
  const stat = (pid: string) => {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  const pids = new Set([String(server.pid)]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (pids.has(stat(entry)[1]!)) pids.add(entry);
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  for (const pid of pids) {
    const fields = stat(pid);
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/** Runs `once` in a loop on each of the people's clients for the measured window; the rate, latencies and server CPU per run. */
async function measure<C>(clients: C[], once: (client: C) => Promise<void>): Promise<{ rate: number; p50: number; p99: number; cpuMs?: number }> {
  const cpuBefore = serverCpuSeconds();
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < until) {
        const started = performance.now();
        await once(client);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const cpuAfter = serverCpuSeconds();
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / latencies.length;
  return { rate: latencies.length / seconds, p50: at(0.5), p99: at(0.99), cpuMs };
}

function print(name: string, r: { rate: number; p50: number; p99: number; cpuMs?: number }): void {
  console.log(`${name}_flows_per_s=${r.rate.toFixed(1)}`);
  console.log(`${name}_flow_p50_ms=${r.p50.toFixed(1)}`);
  console.log(`${name}_flow_p99_ms=${r.p99.toFixed(1)}`);
  if (r.cpuMs !== undefined) console.log(`${name}_server_cpu_ms_per_flow=${r.cpuMs.toFixed(2)}`);
}

const browserOf = (person: { sessionToken: string }) => {
  const browser = new CookieClient(base);
  browser.cookies.set('og_session', person.sessionToken);
  return browser;
};
// Consent given once per person and a provider session for the returning flows, outside the measurement.
const returningBrowsers = people.map(browserOf);
await Promise.all(returningBrowsers.map(flow));

const engine = platform.services.dialect;
print(`oidc_${engine}_fresh`, await measure(people, (person) => flow(browserOf(person))));
print(`oidc_${engine}_returning`, await measure(returningBrowsers, flow));

/** A refresh token: offline_access needs consent asked again (prompt=consent). */
async function refreshToken(browser: CookieClient): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({ client_id: client.clientId, redirect_uri: RP, response_type: 'code', scope: 'openid email offline_access', prompt: 'consent', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
  let step = await browser.follow(`/oidc/auth?${query}`);
  if (step.response.status === 200) step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  const code = step.url.searchParams.get('code');
  if (!code) throw new Error(`no code: ${step.url}`);
  const token = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: RP, code_verifier: verifier }) });
  const { refresh_token } = (await token.json()) as { refresh_token?: string };
  if (!refresh_token) throw new Error('no refresh token');
  return refresh_token;
}

/** One autocannon run of the token request; refuses a run with more than 1 % failures. */
async function load(url: string, durationSeconds: number, body: string): Promise<AutocannonSummary> {
  const headers = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
  const result = await runAutocannon({ url, connections, durationSeconds, method: 'POST', body, headers });
  if (result.total === 0 || result.non2xx + result.errors > result.total * 0.01) {
    throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors out of ${result.total} requests`);
  }
  return result;
}

const refresh = await refreshToken(returningBrowsers[0]!);
const refreshBody = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }).toString();
const check = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: refreshBody });
const checked = (await check.json()) as { id_token?: string; refresh_token?: string };
if (check.status !== 200 || !checked.id_token) throw new Error(`refresh ${check.status}`);
// The provider rotates a refresh token only near the end of its life, so every request may send the same one.
if (checked.refresh_token !== refresh) throw new Error('refresh token rotated');
await load(`${base}/oidc/token`, 1, refreshBody);
const tokenCpuBefore = serverCpuSeconds();
const token = await load(`${base}/oidc/token`, seconds, refreshBody);
const tokenCpuAfter = serverCpuSeconds();

const hello = Fastify({ logger: false });
hello.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
hello.post('/token', async () => ({ access_token: 'x', token_type: 'Bearer', expires_in: 600 }));
await hello.listen({ port: 0, host: '127.0.0.1' });
const helloUrl = `http://127.0.0.1:${(hello.server.address() as { port: number }).port}/token`;
await load(helloUrl, 1, refreshBody);
const helloCpuBefore = process.cpuUsage();
const baseline = await load(helloUrl, seconds, refreshBody);
const helloCpu = process.cpuUsage(helloCpuBefore);

console.log(`oidc_${engine}_token_refresh_per_s=${Math.round(token.rps)}`);
console.log(`oidc_${engine}_token_refresh_p50_ms=${token.p50}`);
console.log(`oidc_${engine}_token_refresh_p99_ms=${token.p99}`);
console.log(`oidc_baseline_post_per_s=${Math.round(baseline.rps)}`);
console.log(`oidc_${engine}_token_ratio=${(token.rps / baseline.rps).toFixed(4)}`);
const baselineCpuMs = (helloCpu.user + helloCpu.system) / 1000 / baseline.total;
console.log(`oidc_baseline_cpu_ms_per_request=${baselineCpuMs.toFixed(3)}`);
if (tokenCpuBefore !== undefined && tokenCpuAfter !== undefined) {
  const tokenCpuMs = ((tokenCpuAfter - tokenCpuBefore) * 1000) / token.total;
  console.log(`oidc_${engine}_token_server_cpu_ms_per_request=${tokenCpuMs.toFixed(2)}`);
  console.log(`oidc_${engine}_token_cpu_ratio=${(baselineCpuMs / tokenCpuMs).toFixed(4)}`);
}

console.log(`oidc_${engine}_servers=${servers}`);
console.log(`oidc_load_average=${loadAverage.toFixed(2)}`);

await hello.close();
server.kill('SIGTERM');
await once(server, 'exit');
platform.services.cache.close();
await platform.dbHandle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
