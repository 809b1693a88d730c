// Two real app processes on one PostgreSQL database: what one process writes (sessions, rate-limit
// counters, profile changes, users) the other sees, as it must behind a load balancer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createTestSchema, testDatabaseUrl, withSchemasKept } from './helpers.js';
import { opengovCli as cli, repositoryRoot as root, startOpengovServers, type ProcessGroup } from './processes.js';

const run = promisify(execFile);
const SECRET = 'multiprocess-secret-0123456789-0123456789';
const citizen = { email: 'citizen@demo.opengov.tw', password: 'demo-citizen-pass' };

/** A cookie jar over fetch. `ip` goes out as X-Forwarded-For (the servers trust it) so that each
 * part of the test counts against rate limits of its own. */
class Client {
  private cookies = new Map<string, string>();
  constructor(private readonly ip: string) {}

  async request(base: string, url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, ...(init.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(`${base}${url}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async csrfToken(base: string, url: string): Promise<string> {
    const page = await this.request(base, url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${base}${url} (status ${page.status})`);
    return token;
  }

  has(cookie: string): boolean {
    return this.cookies.has(cookie);
  }
}

test('two app processes on one PostgreSQL database share sessions, rate limits and writes', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set (run `npm run test:pg`)', timeout: 180_000 }, async (t) => {
  const database = await createTestSchema('mp');
  const adminPool = new pg.Pool({ connectionString: testDatabaseUrl!, max: 1 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-mp-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SECRET,
    JOBS: 'false',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    DATA_DIR: dataDir,
  };
  let servers: ProcessGroup | undefined;
  t.after(async () => {
    await servers?.stop();
    await adminPool.end();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // The CLI and both servers migrate on start: keep parallel tests from dropping schemas meanwhile.
  const apiToken = await withSchemasKept(async () => {
    await run(process.execPath, [cli, 'seed', '--demo'], { cwd: root, env });
    const created = await run(process.execPath, [cli, 'token', 'create', '--email', citizen.email, '--name', 'multiprocess'], { cwd: root, env });
    servers = await startOpengovServers(2, env);
    return created.stdout.trim().split('\n').at(-1)!;
  });
  const [A, B] = servers!.processes.map((s) => s.base) as [string, string];

  await t.test('a session opened on A works on B, and signing out on B ends it on A', async () => {
    const browser = new Client('198.51.100.1');
    const token = await browser.csrfToken(A, '/signin');
    const signIn = await browser.request(A, '/signin', { method: 'POST', form: { _csrf: token, email: citizen.email, password: citizen.password, next: '/account' } });
    assert.equal(signIn.status, 303, signIn.text.slice(0, 500));
    assert.ok(browser.has('og_session'), 'signing in sets the session cookie');

    const account = await browser.request(B, '/account');
    assert.equal(account.status, 200);
    assert.ok(account.text.includes(citizen.email), 'B shows the account signed in through A');

    const anonymous = await new Client('198.51.100.2').request(B, '/account');
    assert.equal(anonymous.status, 303, 'without the cookie B sends to sign-in');

    const signOutToken = /name="_csrf" value="([^"]+)"/.exec(account.text)?.[1];
    assert.ok(signOutToken, 'the account page carries a CSRF token for the sign-out form');
    const signOut = await browser.request(B, '/signout', { method: 'POST', form: { _csrf: signOutToken } });
    assert.equal(signOut.status, 303);
    const after = await browser.request(A, '/account');
    assert.equal(after.status, 303, 'A no longer accepts the session B signed out');
  });

  await t.test('a rate limit counts requests to both processes together', async () => {
    const client = new Client('198.51.100.3');
    const auth = { authorization: `Bearer ${apiToken}` };
    let limit = 0;
    let allowed = 0;
    const servedBy = new Set<string>();
    let limitedAt = -1;
    for (let i = 0; i < 300 && limitedAt < 0; i++) {
      const base = i % 2 === 0 ? A : B;
      const response = await client.request(base, '/api/v1/me', { method: 'PATCH', json: { nickname: `n${i}` }, headers: auth });
      if (i === 0) limit = Number(response.headers.get('x-ratelimit-limit'));
      if (response.status === 429) limitedAt = i;
      else {
        assert.equal(response.status, 200, response.text);
        allowed += 1;
        servedBy.add(base);
      }
    }
    assert.ok(limit > 0, 'the route announces its limit');
    assert.ok(limitedAt >= 0, 'a 429 arrived');
    assert.equal(servedBy.size, 2, 'both processes served requests');
    assert.equal(allowed, limit, `the 429 came after ${limit} requests counted across both processes, not ${limit} each`);
    const other = await client.request(limitedAt % 2 === 0 ? B : A, '/api/v1/me', { method: 'PATCH', json: { nickname: 'x' }, headers: auth });
    assert.equal(other.status, 429, 'the other process refuses too');
  });

  await t.test('what one process writes the other reads', async () => {
    const client = new Client('198.51.100.4');
    const auth = { authorization: `Bearer ${apiToken}` };
    for (let i = 0; i < 6; i++) {
      const [writer, reader] = i % 2 === 0 ? [A, B] : [B, A];
      const nickname = `via-${writer === A ? 'A' : 'B'}-${i}`;
      const patched = await client.request(writer, '/api/v1/me', { method: 'PATCH', json: { nickname }, headers: auth });
      assert.equal(patched.status, 200, patched.text);
      const read = await client.request(reader, '/api/v1/me', { headers: auth });
      assert.equal(read.status, 200);
      assert.equal((JSON.parse(read.text) as { nickname: string }).nickname, nickname);
    }
  });

  await t.test('the same email signing up on A and B at once makes exactly one user', async () => {
    for (let round = 0; round < 3; round++) {
      const email = `race-${round}-${Date.now()}@example.tw`;
      const password = 'race-password-123';
      const browsers = [new Client(`198.51.100.${10 + round * 2}`), new Client(`198.51.100.${11 + round * 2}`)];
      const tokens = await Promise.all([browsers[0]!.csrfToken(A, '/signup'), browsers[1]!.csrfToken(B, '/signup')]);
      const results = await Promise.all(
        [A, B].map((base, i) => browsers[i]!.request(base, '/signup', { method: 'POST', form: { _csrf: tokens[i]!, email, password, passwordConfirm: password, privacyConsent: '1' } })),
      );
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [303, 409], `one sign-up succeeds and the other reports the address taken (got ${statuses.join(', ')})`);
      const count = await adminPool.query(`select count(*)::int as n from "${database.schema}".users where email = $1`, [email]);
      assert.equal(count.rows[0].n, 1);
    }
  });
});
