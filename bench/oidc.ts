/**
 * Complete OpenID Connect code flows per second: a person with a platform session and remembered
 * consent is sent by an RP to the provider (authorization, the interaction page that signs them in,
 * back to the authorization endpoint, the code), the RP exchanges the code (client_secret_basic,
 * PKCE) and reads userinfo. `fresh` flows start without a provider session cookie (every step);
 * `returning` flows keep it (authorization answers with the code at once). The server runs in this
 * process (SQLite file in a temporary folder, or DATABASE_URL); BENCH_CONCURRENCY flows run at a time
 * (default 8) for BENCH_SECONDS each (default 10). Prints name=value lines only.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { systemActor } from '../src/core/actor.js';
import { buildApp } from '../src/app.js';
import { migrate, openPlatform } from '../src/platform.js';
import { oidcClientCreate } from '../src/modules/identity/manifest.js';
import { CookieClient, signedInPerson } from '../src/modules/identity/test/support.js';
import { freePort } from '../test/helpers.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '8');
const RP = 'http://127.0.0.1:9/cb';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-oidc-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SECRET: 'bench-oidc-secret-0123456789-0123456789', BASE_URL: base, LOG_LEVEL: 'silent', JOBS: 'false', ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }) });
const platform = openPlatform(config);
await migrate(platform.services);
const { app } = await buildApp(platform.services);
await app.listen({ port, host: '127.0.0.1' });

const { client, clientSecret } = await platform.deps.registry.call(
  oidcClientCreate,
  { name: 'bench', redirectUris: [RP], scopes: ['openid', 'email'], claims: ['email'], sector: 'bench', authMethod: 'client_secret_basic' },
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

async function measure(returning: boolean): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    people.map(async (person) => {
      const keep = new CookieClient(base);
      keep.cookies.set('og_session', person.sessionToken);
      await flow(keep); // consent given once, outside the measurement
      while (Date.now() < until) {
        const browser = returning ? keep : new CookieClient(base);
        browser.cookies.set('og_session', person.sessionToken);
        const started = performance.now();
        await flow(browser);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rate: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

const engine = platform.services.dialect;
for (const kind of ['fresh', 'returning'] as const) {
  const r = await measure(kind === 'returning');
  console.log(`oidc_${engine}_${kind}_flows_per_s=${r.rate.toFixed(1)}`);
  console.log(`oidc_${engine}_${kind}_flow_p50_ms=${r.p50.toFixed(1)}`);
  console.log(`oidc_${engine}_${kind}_flow_p99_ms=${r.p99.toFixed(1)}`);
}
await app.close();
platform.services.cache.close();
await platform.dbHandle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
