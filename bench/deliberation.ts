/**
 * Bench of the deliberation module through HTTP: a real `opengov serve` process on SQLite, a
 * conversation of a few thousand participants, and autocannon (in this process) casting votes
 * through the JSON API while the math worker keeps updating the groups. Prints name=value lines:
 *
 *   vote_ingest_per_s   votes accepted (2xx) per second
 *   votes_lost          accepted votes (warm-up included) not found in the table afterwards (must be 0)
 *   math_updates        stored math updates during the run; math_update_ms the last one's duration
 *
 * It first runs bench/deliberation-math.ts (analyze_s, update_s, planted_ari) unless
 * BENCH_SKIP_MATH=1. BENCH_SECONDS (default 10), BENCH_CONNECTIONS (20), BENCH_PARTICIPANTS (3000)
 * and BENCH_STATEMENTS (60) change the load; BENCH_SERVER_NODE_ARGS passes Node options to the
 * server (e.g. --cpu-prof).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/core/config.js';
import { systemActor } from '../src/core/actor.js';
import { hashToken, newId, randomToken } from '../src/core/ids.js';
import { migrate, openPlatform } from '../src/platform.js';
import { agencyCreate } from '../src/modules/agencies/actions/agencies.js';
import { newUserRow } from '../src/modules/accounts/model.js';
import { deliberationCreate } from '../src/modules/deliberation/actions/conversations.js';
import { allTables } from '../test/all-tables.js';

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const connections = Number(process.env.BENCH_CONNECTIONS ?? '20');
const participants = Number(process.env.BENCH_PARTICIPANTS ?? '3000');
const statements = Number(process.env.BENCH_STATEMENTS ?? '60');

const out = (name: string, value: number | string): void => {
  process.stdout.write(`${name}=${value}\n`);
};

function mathBench(): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'deliberation-math.ts')], { cwd: root, encoding: 'utf8', env: process.env, maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error('bench/deliberation-math.ts failed');
  }
  for (const line of run.stdout.split('\n')) if (/^[\w.]+=\S*$/.test(line)) process.stdout.write(`${line}\n`);
}

/** CPU seconds (user + system, every thread) a process has used so far; null where /proc is missing. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

/** Agency, conversation, users with API tokens, and earlier votes so every update has real work. */
async function prepare(env: Record<string, string>): Promise<{ conversationId: string; tokens: string[]; seeded: number }> {
  const config = loadConfig(env);
  const platform = openPlatform(config);
  const { services, deps } = platform;
  await migrate(services);
  const admin = systemActor('cli');
  await deps.registry.call(agencyCreate, { code: 'moda', nameZh: '數位發展部', nameEn: 'Ministry of Digital Affairs', kind: 'central' }, { actor: admin });
  const conversation = await deps.registry.call(
    deliberationCreate,
    {
      agencyCode: 'moda',
      topic: 'bench',
      moderation: 'permissive',
      seedStatements: Array.from({ length: statements }, (_, i) => `陳述 ${i}`),
    },
    { actor: admin },
  );
  const now = new Date().toISOString();
  const day = now.slice(0, 10);
  const tokens: string[] = [];
  const users = [];
  const apiTokens = [];
  for (let i = 0; i < participants; i++) {
    const id = newId();
    const token = `ogt_${randomToken()}`;
    tokens.push(token);
    users.push(newUserRow({ id, email: `p${i}@bench.test`, role: 'citizen', created_at: now, email_verified_at: now }));
    apiTokens.push({ id: newId(), user_id: id, name: 'bench', token_hash: hashToken(token), created_at: now, last_used_at: now, revoked_at: null });
  }
  for (let i = 0; i < users.length; i += 500) await allTables(services.db).insertInto('users').values(users.slice(i, i + 500)).execute();
  for (let i = 0; i < apiTokens.length; i += 500) await allTables(services.db).insertInto('api_tokens').values(apiTokens.slice(i, i + 500)).execute();
  // Half the participants have already voted on the first third of the statements.
  const early = Math.floor(statements / 3);
  const votes = [];
  const people = [];
  for (let p = 0; p < Math.floor(participants / 2); p++) {
    people.push({ id: newId(), conversation_id: conversation.id, number: p, user_id: users[p]!.id, source_group: null, created_at: now, day });
    for (let s = 0; s < early; s++) votes.push({ conversation_id: conversation.id, participant: p, statement: s, vote: (p + s) % 3 === 0 ? -1 : (p % 2 === 0) === (s % 2 === 0) ? 1 : 0, seq: votes.length + 1, created_at: now, updated_at: now, day });
  }
  for (let i = 0; i < people.length; i += 500) await allTables(services.db).insertInto('deliberation_participants').values(people.slice(i, i + 500)).execute();
  for (let i = 0; i < votes.length; i += 1000) await allTables(services.db).insertInto('deliberation_votes').values(votes.slice(i, i + 1000)).execute();
  await allTables(services.db).updateTable('deliberation_conversations').set({ next_participant: people.length, vote_seq: votes.length }).where('id', '=', conversation.id).execute();
  await platform.dbHandle.close();
  return { conversationId: conversation.id, tokens, seeded: votes.length };
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_MATH !== '1') mathBench();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-bench-deliberation-'));
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    BASE_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    JOBS: 'false',
  };
  let server: ChildProcess | null = null;
  try {
    const { conversationId, tokens, seeded } = await prepare(env);
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    server = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin', 'opengov.mjs'), 'serve'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, server);

    // Each request is a different (participant, statement) cell, none voted on before, so every
    // accepted vote must be found in the table afterwards with the value the response reported.
    const early = Math.floor(statements / 3);
    const fresh = statements - early;
    const cells = participants * fresh;
    let cell = 0;
    const acceptedVotes: { participant: number; statement: number; vote: string }[] = [];
    const load = (duration: number) =>
      autocannon({
        url,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            path: `/api/v1/deliberation/${conversationId}/votes`,
            setupRequest: (request: Record<string, unknown>) => {
              const k = cell++ % cells;
              const participant = k % participants;
              const statement = early + (Math.floor(k / participants) % fresh);
              const vote = (participant + statement) % 3 === 0 ? 'disagree' : participant % 2 === 0 ? 'agree' : 'pass';
              return {
                ...request,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[participant]}` },
                body: JSON.stringify({ statement, vote }),
              };
            },
            onResponse: (status: number, body: string) => {
              if (status >= 200 && status < 300) acceptedVotes.push(JSON.parse(body) as { participant: number; statement: number; vote: string });
            },
          },
        ],
      });
    await load(1); // warm-up: its votes count towards votes_lost, not towards the rate
    const warmedUp = acceptedVotes.length;
    const cpuBefore = cpuSeconds(server.pid);
    const result = await load(seconds);
    const accepted = acceptedVotes.length - warmedUp;
    const cpuAfter = cpuSeconds(server.pid);
    // Let the debounced update include the last votes, then stop the server cleanly.
    await new Promise((r) => setTimeout(r, 3000));
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = null;

    const db = new Database(path.join(dataDir, 'opengov.db'), { readonly: true });
    const stored = new Map(
      (db.prepare('select participant, statement, vote from deliberation_votes where conversation_id = ?').all(conversationId) as { participant: number; statement: number; vote: number }[]).map((v) => [
        `${v.participant}:${v.statement}`,
        v.vote,
      ]),
    );
    const value = { agree: 1, disagree: -1, pass: 0 } as Record<string, number>;
    const refused = result.non2xx + result.errors + result.timeouts;
    const lost = acceptedVotes.filter((v) => stored.get(`${v.participant}:${v.statement}`) !== value[v.vote]).length;
    const math = db.prepare('select version, duration_ms, participants, groups, votes_seq from deliberation_math where conversation_id = ?').get(conversationId) as
      | { version: number; duration_ms: number; participants: number; groups: number; votes_seq: number }
      | undefined;
    const voteSeq = (db.prepare('select vote_seq from deliberation_conversations where id = ?').get(conversationId) as { vote_seq: number }).vote_seq;
    db.close();

    out('bench_participants', participants);
    out('bench_statements', statements);
    out('vote_requests', result.requests.total);
    out('votes_accepted', accepted);
    out('votes_checked', acceptedVotes.length);
    out('votes_stored_total', stored.size - seeded);
    out('votes_refused', refused);
    out('vote_ingest_per_s', (accepted / result.duration).toFixed(0));
    // Load-independent companion figure: votes the server takes per CPU-second it spends (HTTP,
    // database and the math worker together), for machines busy with other work.
    if (cpuBefore !== null && cpuAfter !== null && cpuAfter > cpuBefore) out('votes_per_server_cpu_s', (accepted / (cpuAfter - cpuBefore)).toFixed(0));
    out('vote_latency_p50_ms', result.latency.p50);
    out('vote_latency_p99_ms', result.latency.p99);
    out('votes_lost', lost);
    out('math_votes_behind', voteSeq - (math?.votes_seq ?? 0));
    out('math_updates', math?.version ?? 0);
    out('math_update_ms', math?.duration_ms ?? 0);
    out('math_participants', math?.participants ?? 0);
    out('math_groups', math?.groups ?? 0);
    if (refused > 0.01 * (accepted + refused)) throw new Error(`${refused} of ${accepted + refused} votes were refused: the figures would measure errors`);
  } finally {
    if (server) server.kill('SIGKILL');
    if (process.env.BENCH_KEEP) console.error(dataDir);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
