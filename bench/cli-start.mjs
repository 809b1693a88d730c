/**
 * Start-up of the built CLI against the same sources run through tsx (how every start ran before
 * the build step), in one run so the ratios cancel the machine's own speed:
 * - `opengov --help`: cli_help_ms_p50 (bin/opengov.mjs, built) and cli_help_tsx_ms_p50
 *   (node --import tsx src/main.ts), cli_help_tsx_ratio = tsx / built;
 * - `opengov serve` until /healthz answers, on a migrated SQLite database with demo data:
 *   serve_healthz_ms_p50 and serve_healthz_tsx_ms_p50, serve_healthz_tsx_ratio;
 * - build_ms: `node scripts/build.mjs` (islands checked, the server written into dist/).
 * Prints name=value lines only. BENCH_RUNS (default 7) sets the runs of each --help, a third of it
 * (at least 1) the runs of each serve.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? '7');
if (!(runs >= 1)) throw new Error('BENCH_RUNS must be at least 1');
const serveRuns = Math.max(1, Math.round(runs / 3));

const built = [path.join(root, 'bin', 'opengov.mjs')];
const tsx = ['--import', 'tsx', path.join(root, 'src', 'main.ts')];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function timed(args, env = process.env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return ms(start);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `serve`, polls /healthz every 20 ms, and returns the time to the first 200. */
async function timeToHealthz(args, env) {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [...args, 'serve'], { cwd: root, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk.toString()));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  try {
    for (;;) {
      if (exited !== null) throw new Error(`serve exited with ${exited}: ${err}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.status === 200) return ms(start);
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (ms(start) > 120_000) throw new Error('serve did not answer /healthz within 120 s');
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (exited !== null ? resolve() : child.once('exit', resolve)));
  }
}

const buildStart = process.hrtime.bigint();
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`the build failed: ${build.stderr}`);
const buildMs = ms(buildStart);

// One warm-up each, so that neither side pays for a cold file cache.
timed([...built, '--help']);
timed([...tsx, '--help']);
const help = [];
const helpTsx = [];
for (let i = 0; i < runs; i += 1) {
  help.push(timed([...built, '--help']));
  helpTsx.push(timed([...tsx, '--help']));
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-start-'));
const env = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', SECRET: 'bench-secret-bench-secret-bench-secret', JOBS: 'false' };
const serve = [];
const serveTsx = [];
try {
  timed([...built, 'seed', '--demo'], env);
  for (let i = 0; i < serveRuns; i += 1) {
    serve.push(await timeToHealthz(built, env));
    serveTsx.push(await timeToHealthz(tsx, env));
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const lines = {
  build_ms: buildMs,
  cli_help_ms_p50: median(help),
  cli_help_tsx_ms_p50: median(helpTsx),
  cli_help_tsx_ratio: median(helpTsx) / median(help),
  serve_healthz_ms_p50: median(serve),
  serve_healthz_tsx_ms_p50: median(serveTsx),
  serve_healthz_tsx_ratio: median(serveTsx) / median(serve),
};
for (const [name, value] of Object.entries(lines)) console.log(`${name}=${name.endsWith('ratio') ? value.toFixed(2) : Math.round(value)}`);
