/**
 * The server side of bench/oidc.ts, in its own process(es) so the bench's clients do not share its
 * CPU (in a folder of its own, so `npm run bench` does not take it for a bench): the platform app on BENCH_PORT, as `opengov serve` runs it (production settings, logging off). With
 * BENCH_SERVERS > 1, a cluster of that many processes shares the port (the primary hands connections
 * round-robin); that only makes sense on PostgreSQL. Prints `ready` once listening; exits on SIGTERM
 * (so `--cpu-prof` can write its profile).
 */
import cluster from 'node:cluster';
import { loadConfig } from '../../src/core/config.js';
import { buildApp } from '../../src/app.js';
import { openPlatform } from '../../src/platform.js';

const servers = Number(process.env.BENCH_SERVERS ?? '1');
const port = Number(process.env.BENCH_PORT);

if (cluster.isPrimary && servers > 1) {
  let ready = 0;
  for (let i = 0; i < servers; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'ready' && ++ready === servers) console.log('ready');
    });
  }
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
} else {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JOBS: 'false', DATA_DIR: process.env.DATA_DIR, SECRET: process.env.SECRET, BASE_URL: process.env.BASE_URL, ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }) });
  const platform = openPlatform(config);
  const { app } = await buildApp(platform.services);
  await app.listen({ port, host: '127.0.0.1' });
  if (process.send) process.send('ready');
  else console.log('ready');
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => platform.services.cache.close())
      .then(() => platform.dbHandle.close())
      .finally(() => process.exit(0));
  });
}
