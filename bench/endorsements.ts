/**
 * A viral proposal: many people endorse one proposal while others keep reading its page and count.
 *
 * Seeds ENDORSE_USERS verified citizens (default 200,000) with API tokens in batched inserts and one
 * proposal open for endorsement (default threshold 5,000, so it becomes 成案 during the run), starts
 * the server as a separate process, then for BENCH_SECONDS (default 60) sends endorsements as fast
 * as the server answers them while other connections read the proposal's page and live count
 * (BENCH_READ_RATE per second, default 5,000), with autocannon. A few requests repeat an accepted
 * person on purpose and must get 409. Afterwards it checks the database: every accepted endorsement
 * stored (lost), nobody stored twice (duplicated), and the displayed count equal to the rows
 * (count_drift). Prints name=value lines only.
 *
 * SQLite by default (a fresh file); DATABASE_URL=postgres://… runs on PostgreSQL in a fresh schema.
 * Endorsements go out on 8 connections, each sending the next as soon as the last is answered. On
 * one saturated event loop every open connection gets about an equal turn, so 32 endorsing
 * connections against 32 reading ones pin reads to the endorsement rate (≈2,500 + 2,500/s here)
 * whatever a read costs; 8 leave the readers their 5,000/s while endorsements still run flat out.
 * Other knobs: BENCH_ENDORSE_CONNECTIONS (8; 0 for reads only), BENCH_READ_CONNECTIONS (32; 0 for
 * endorsements only), BENCH_READ_RATE, BENCH_PORT, BENCH_NODE_ARGS (node flags for the server, e.g.
 * --cpu-prof), BENCH_VERBOSE (print the server's output).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { systemActor } from '../src/core/actor.js';
import { FakeClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { newId } from '../src/core/ids.js';
import { openPostgres, openSqlite, type DB } from '../src/core/db/index.js';
import { Registry } from '../src/core/registry.js';
import { migrate } from '../src/platform.js';
import { createServices } from '../src/services.js';
import { petitionSettingsUpdate } from '../src/modules/petitions/actions/petition_settings.js';
import { proposalCreate } from '../src/modules/petitions/actions/proposal_create.js';
import { proposalApprove } from '../src/modules/petitions/actions/proposal_review.js';
import { allTables } from '../test/all-tables.js';

// autocannon ships no types; the little of it used here, typed.
interface LoadRequest {
  method: string;
  path: string;
  setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => object;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface LoadResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: { url: string; connections: number; duration: number; overallRate?: number; requests: LoadRequest[] }) => Promise<LoadResult>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USERS = Number(process.env.ENDORSE_USERS ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const READ_RATE = Number(process.env.BENCH_READ_RATE ?? 5_000);
const ENDORSE_CONNECTIONS = Number(process.env.BENCH_ENDORSE_CONNECTIONS ?? 8);
const READ_CONNECTIONS = Number(process.env.BENCH_READ_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3977);
const DUPLICATE_EVERY = 100;
const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:/.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
const SECRET = randomBytes(32).toString('hex');
const DAY = 86_400_000;

const line = (name: string, value: string | number) => console.log(`${name}=${value}`);
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function freshDatabase(dataDir: string): Promise<{ url: string | null; sqlitePath: string; open: () => ReturnType<typeof openSqlite>; drop: () => Promise<void> }> {
  const sqlitePath = path.join(dataDir, 'bench.db');
  if (!postgresUrl) return { url: null, sqlitePath, open: () => openSqlite(sqlitePath), drop: async () => {} };
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = openPostgres(postgresUrl, 1);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    sqlitePath,
    open: () => openPostgres(url.toString(), 4),
    drop: async () => {
      const cleanup = openPostgres(postgresUrl, 1);
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const uuid = newId;

async function seed(db: DB, dialect: 'sqlite' | 'postgres', now: string): Promise<{ tokens: string[]; userIds: string[]; agencyId: string; proposerId: string; moderatorId: string }> {
  const agencyId = uuid();
  await allTables(db).insertInto('agencies').values({ id: agencyId, code: 'moda', name_zh: '數位發展部', name_en: 'Ministry of Digital Affairs', parent_id: null, kind: 'central', level: 1, website: null, created_at: now, updated_at: now }).execute();
  const user = (id: string, email: string, role: 'citizen' | 'platform_moderator', complete: boolean) => ({
    id,
    email,
    email_verified_at: now,
    password_hash: null,
    role,
    agency_id: null,
    name: complete ? '提議人' : null,
    nickname: complete ? '提議人' : null,
    phone: complete ? '02-1234-5678' : null,
    mobile: complete ? '0912345678' : null,
    mobile_verified_at: complete ? now : null,
    address: complete ? '臺北市' : null,
    nationality: 'roc' as const,
    birth_year: null,
    preferred_locale: null,
    failed_logins: 0,
    locked_until: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
  const proposerId = uuid();
  const moderatorId = uuid();
  await allTables(db).insertInto('users').values([user(proposerId, 'proposer@bench.example', 'citizen', true), user(moderatorId, 'moderator@bench.example', 'platform_moderator', true)]).execute();

  const tokens: string[] = [];
  const userIds: string[] = [];
  const BATCH = 1000;
  const started = Date.now();
  const insertAll = async (trx: DB) => {
    for (let offset = 0; offset < USERS; offset += BATCH) {
      const users = [];
      const apiTokens = [];
      for (let i = offset; i < Math.min(USERS, offset + BATCH); i++) {
        const id = uuid();
        const token = `ogt_bench_${i}_${randomBytes(12).toString('base64url')}`;
        users.push(user(id, `endorser${i}@bench.example`, 'citizen', false));
        apiTokens.push({ id: uuid(), user_id: id, name: 'bench', token_hash: sha256(token), created_at: now, last_used_at: now, revoked_at: null });
        tokens.push(token);
        userIds.push(id);
      }
      await allTables(trx).insertInto('users').values(users).execute();
      await allTables(trx).insertInto('api_tokens').values(apiTokens).execute();
    }
  };
  if (dialect === 'sqlite') await db.transaction().execute((trx) => insertAll(trx as unknown as DB));
  else await insertAll(db);
  log(`seeded ${USERS} citizens with tokens in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { tokens, userIds, agencyId, proposerId, moderatorId };
}

async function waitHealthy(base: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start:\n${output.join('')}`);
}

/** CPU seconds a process has used so far (user + system), from /proc; null where there is no /proc. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-'));
  const database = await freshDatabase(dataDir);
  const env = { NODE_ENV: 'production', SECRET, DATA_DIR: dataDir, BASE_URL: `http://127.0.0.1:${PORT}`, LOG_LEVEL: 'warn', ...(database.url ? { DATABASE_URL: database.url } : { DATABASE_URL: `sqlite:${database.sqlitePath}` }) };
  const config = loadConfig(env);

  // Seed and prepare the proposal (approved two days ago, so endorsement is open now).
  const handle = database.open();
  const seedClock = new FakeClock(new Date(Date.now() - 2 * DAY));
  const { services } = createServices(config, { dbHandle: handle, clock: seedClock });
  await migrate(services);
  const seeded = await seed(services.db, services.dialect, new Date().toISOString());
  const registry = new Registry(services);
  registry.register(petitionSettingsUpdate, proposalCreate, proposalApprove);
  // Everyone comes from 127.0.0.1 here, so the per-address limit is raised (an operator setting);
  // the per-account limit keeps its default.
  await registry.call(petitionSettingsUpdate, { endorsePerAddress: { max: 1_000_000, windowSeconds: 60 } }, { actor: systemActor('cli') });
  const actor = (userId: string, role: 'citizen' | 'platform_moderator') => ({ userId, role, agencyId: null, emailVerified: true, mobileVerified: true, via: 'cli' as const, level: 2 as const });
  const created = await registry.call(
    proposalCreate,
    { title: '所有公共場所提供免費飲水機', content: '請在車站、公園與圖書館設置免費飲水機。', benefits: '減少瓶裝水與塑膠垃圾。', agencyCodes: ['moda'], submit: true },
    { actor: actor(seeded.proposerId, 'citizen') },
  );
  await registry.call(proposalApprove, { proposalId: created.id }, { actor: actor(seeded.moderatorId, 'platform_moderator') });
  const proposalId = created.id;
  await handle.close();

  // The server, in its own process.
  const output: string[] = [];
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin', 'opengov.mjs'), 'serve'], { cwd: root, env: { ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1', JOBS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitHealthy(base, child, output);
    await fetch(`${base}/proposals/${proposalId}`);

    // Endorsers: each request takes the next person's token; every DUPLICATE_EVERY-th request
    // repeats someone already accepted, which must be refused with 409.
    let next = 0;
    const accepted: number[] = [];
    const endorseLatencies: number[] = [];
    let duplicateAttempts = 0;
    let duplicatesRefused = 0;
    let endorseErrors = 0;
    let established = 0;
    const statuses = new Map<number, number>();
    const idle: LoadResult = { duration: SECONDS, errors: 0, timeouts: 0, non2xx: 0, requests: { total: 0 } };
    const endorse = ENDORSE_CONNECTIONS === 0 ? Promise.resolve(idle) : autocannon({
      url: base,
      connections: ENDORSE_CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/proposals/${proposalId}/endorsements`,
          setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
            let index: number;
            if (accepted.length > 10 && next % DUPLICATE_EVERY === 0 && !context.duplicate) {
              index = accepted[Math.floor(Math.random() * accepted.length)];
              context.duplicate = true;
              duplicateAttempts += 1;
              next += 1;
            } else {
              index = next++ % USERS;
              context.duplicate = false;
            }
            context.index = index;
            context.sentAt = performance.now();
            return { ...request, headers: { ...(request.headers as object), authorization: `Bearer ${seeded.tokens[index]}` } };
          },
          onResponse: (status: number, body: string, context: Record<string, unknown>) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            endorseLatencies.push(performance.now() - (context.sentAt as number));
            if (context.duplicate) {
              if (status === 409) duplicatesRefused += 1;
              else endorseErrors += 1;
              return;
            }
            if (status === 201) {
              accepted.push(context.index as number);
              if (body.includes('"established":true')) established += 1;
            } else if (status !== 409) endorseErrors += 1;
          },
        },
      ],
    });

    const readLatencies: number[] = [];
    const read = READ_CONNECTIONS === 0 ? Promise.resolve(idle) : autocannon({
      url: base,
      connections: READ_CONNECTIONS,
      duration: SECONDS,
      overallRate: READ_RATE,
      requests: [
        { method: 'GET', path: `/proposals/${proposalId}`, onResponse: (_s: number, _b: string, c: Record<string, unknown>) => void readLatencies.push(performance.now() - (c.sentAt as number)), setupRequest: (r: Record<string, unknown>, c: Record<string, unknown>) => ((c.sentAt = performance.now()), r) },
        { method: 'GET', path: `/api/v1/proposals/${proposalId}/count`, onResponse: (_s: number, _b: string, c: Record<string, unknown>) => void readLatencies.push(performance.now() - (c.sentAt as number)), setupRequest: (r: Record<string, unknown>, c: Record<string, unknown>) => ((c.sentAt = performance.now()), r) },
      ],
    });

    const serverCpuBefore = cpuSecondsOf(child.pid!);
    const clientCpuBefore = process.cpuUsage();
    const loadBefore = os.loadavg()[0];
    const [endorseResult, readResult] = await Promise.all([endorse, read]);
    const serverCpu = serverCpuBefore === null ? null : cpuSecondsOf(child.pid!)! - serverCpuBefore;
    const clientCpuUsage = process.cpuUsage(clientCpuBefore);
    const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
    // Let the page cache (1 s) expire before comparing what readers see with the rows.
    await new Promise((r) => setTimeout(r, 1500));
    const displayed = (await (await fetch(`${base}/api/v1/proposals/${proposalId}/count`)).json()) as { count: number; status: string };
    const page = await (await fetch(`${base}/proposals/${proposalId}`)).text();
    const pageCount = Number(((/class="og-progress__text">([\d,]+)/.exec(page) ?? [])[1] ?? 'NaN').replace(/,/g, ''));

    const check = database.open();
    const rows = Number((await allTables(check.db).selectFrom('proposal_endorsements').select((eb) => eb.fn.countAll<number>().as('n')).where('proposal_id', '=', proposalId).executeTakeFirstOrThrow()).n);
    const countStart = performance.now();
    for (let i = 0; i < 20; i++) await allTables(check.db).selectFrom('proposal_endorsements').select((eb) => eb.fn.countAll<number>().as('n')).where('proposal_id', '=', proposalId).executeTakeFirstOrThrow();
    const countStarMs = (performance.now() - countStart) / 20;
    const dupRows = await allTables(check.db).selectFrom('proposal_endorsements').select(['user_id', (eb) => eb.fn.countAll<number>().as('n')]).where('proposal_id', '=', proposalId).groupBy('user_id').having((eb) => eb.fn.countAll(), '>', 1).execute();
    const stored = new Set<string>();
    const acceptedIds = accepted.map((i) => seeded.userIds[i]);
    for (let i = 0; i < acceptedIds.length; i += 500) {
      const chunk = acceptedIds.slice(i, i + 500);
      for (const r of await allTables(check.db).selectFrom('proposal_endorsements').select('user_id').where('proposal_id', '=', proposalId).where('user_id', 'in', chunk).execute()) stored.add(r.user_id);
    }
    const lost = acceptedIds.filter((id) => !stored.has(id)).length;
    const events = await allTables(check.db).selectFrom('proposal_events').select('kind').where('proposal_id', '=', proposalId).where('kind', '=', 'established').execute();
    await check.close();

    endorseLatencies.sort((a, b) => a - b);
    readLatencies.sort((a, b) => a - b);
    const seconds = endorseResult.duration;
    line('database', database.url ? 'postgres' : 'sqlite');
    line('users', USERS);
    line('seconds', seconds.toFixed(1));
    line('endorsements_per_s', (accepted.length / seconds).toFixed(0));
    line('reads_per_s', (readResult.requests.total / readResult.duration).toFixed(0));
    line('endorse_p99_ms', percentile(endorseLatencies, 99).toFixed(1));
    line('read_p99_ms', percentile(readLatencies, 99).toFixed(1));
    line('endorse_p50_ms', percentile(endorseLatencies, 50).toFixed(1));
    line('read_p50_ms', percentile(readLatencies, 50).toFixed(1));
    line('accepted', accepted.length);
    line('stored_rows', rows);
    line('lost', lost);
    line('duplicated', dupRows.length);
    line('count_drift', displayed.count - rows);
    line('page_count_drift', pageCount - rows);
    line('duplicate_attempts', duplicateAttempts);
    line('duplicates_refused_409', duplicatesRefused);
    line('endorse_errors', endorseErrors + endorseResult.errors + endorseResult.timeouts);
    line('read_errors', readResult.errors + readResult.timeouts + readResult.non2xx);
    line('established_transitions', events.length);
    line('established_responses', established);
    line('count_star_ms', countStarMs.toFixed(2));
    const served = endorseResult.requests.total + readResult.requests.total;
    if (serverCpu !== null) {
      line('server_cpu_s', serverCpu.toFixed(1));
      line('server_cpu_ms_per_request', ((serverCpu * 1000) / served).toFixed(3));
    }
    line('client_cpu_s', clientCpu.toFixed(1));
    line('cpus', os.cpus().length);
    line('load_average_before', loadBefore.toFixed(2));
    line('status_codes', [...statuses.entries()].map(([s, n]) => `${s}:${n}`).join(','));
  } finally {
    if (process.env.BENCH_VERBOSE) log(`server output:\n${output.join('').slice(-5000)}`);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
