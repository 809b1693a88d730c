// Builds a fresh platform for one test: an in-memory SQLite database, or, when TEST_DATABASE_URL
// is set, a private schema in that PostgreSQL database (dropped at close).
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Logger } from 'pino';
import { FakeClock, type Clock } from '../src/core/clock.js';
import { loadConfig, type Config } from '../src/core/config.js';
import { openPostgres, openSqlite, type DbHandle } from '../src/core/db/index.js';
import { systemActor, type Actor } from '../src/core/actor.js';
import { buildApp } from '../src/app.js';
import { migrate, openPlatform } from '../src/platform.js';
import type { AppDeps } from '../src/manifest.js';
import { newId } from '../src/core/ids.js';

export const testDatabaseUrl = checkedTestDatabaseUrl(process.env.TEST_DATABASE_URL);

function checkedTestDatabaseUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^postgres(ql)?:\/\/\S+$/.test(value)) {
    throw new Error(`TEST_DATABASE_URL must be one postgres:// URL, got ${JSON.stringify(value.slice(0, 200))}`);
  }
  return value;
}

export interface TestPlatform {
  deps: AppDeps;
  config: Config;
  clock: FakeClock;
  dbHandle: DbHandle;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-test-'));
  return loadConfig({ NODE_ENV: 'test', SECRET: 'test-secret-0123456789-0123456789-abcdef', DATA_DIR: dataDir, BASE_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', ...overrides });
}

// Kysely's migrator lists the tables of every schema in the database, looking each schema up by
// name, and fails if a parallel test drops its schema at that moment. Migrations hold this advisory
// lock shared and schema drops hold it exclusively, so the two never overlap.
const SCHEMA_LOCK_KEY = 4_207_114;

/** Runs `work` (migrations, or starting processes that migrate) while no test schema is dropped. */
export async function withSchemasKept<T>(work: () => Promise<T>): Promise<T> {
  if (!testDatabaseUrl) return work();
  const lock = openPostgres(testDatabaseUrl, 1);
  try {
    return await lock.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock_shared(${SCHEMA_LOCK_KEY})`.execute(conn);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock_shared(${SCHEMA_LOCK_KEY})`.execute(conn);
      }
    });
  } finally {
    await lock.close();
  }
}

/** Drops a test's private schema once no migration is running. */
export async function dropTestSchema(schema: string): Promise<void> {
  const cleanup = openPostgres(testDatabaseUrl!, 1);
  try {
    await cleanup.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${SCHEMA_LOCK_KEY})`.execute(conn);
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(conn);
      } finally {
        await sql`select pg_advisory_unlock(${SCHEMA_LOCK_KEY})`.execute(conn);
      }
    });
  } finally {
    await cleanup.close();
  }
}

/**
 * A private schema in the test database (a test's own platform, or processes it starts): the URL
 * that puts it first on the search path, and `drop`.
 */
export async function createTestSchema(prefix = 't'): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${newId().replace(/-/g, '').slice(-16)}`;
  const admin = openPostgres(testDatabaseUrl!, 1);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = new URL(testDatabaseUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => dropTestSchema(schema) };
}

async function openTestDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (!testDatabaseUrl) {
    return { handle: openSqlite(':memory:'), drop: async () => {} };
  }
  const { url, drop } = await createTestSchema();
  return { handle: openPostgres(url, 5), drop };
}

export interface TestPlatformOptions {
  clock?: FakeClock;
  config?: Record<string, string>;
  /** A logger of the test's own (to read what the app logs). */
  logger?: Logger;
}

export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const config = testConfig(options.config);
  const clock = options.clock ?? new FakeClock('2026-03-02T02:00:00.000Z');
  const { handle, drop } = await openTestDatabase();
  const { deps } = openPlatform(config, { clock, dbHandle: handle, ...(options.logger && { logger: options.logger }) });
  await withSchemasKept(() => migrate(deps.services));
  return {
    deps,
    config,
    clock,
    dbHandle: handle,
    close: async () => {
      await handle.close();
      await drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestPlatform {
  app: FastifyInstance;
}

export async function createTestApp(options: TestPlatformOptions = {}): Promise<TestApp> {
  const platform = await createTestPlatform(options);
  const { app } = await buildApp(platform.deps.services);
  await app.ready();
  return {
    ...platform,
    app,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}

export const admin: Actor = systemActor('cli');

export function actorFor(user: { id: string; role: Actor['role']; agencyId?: string | null }, extra: Partial<Actor> = {}): Actor {
  return { userId: user.id, role: user.role, agencyId: user.agencyId ?? null, emailVerified: true, mobileVerified: true, via: 'session', level: 2, ...extra };
}

/** A cookie jar for app.inject journeys: keeps cookies between requests and carries the CSRF token. */
export class Browser {
  private cookies = new Map<string, string>();
  /** `remoteAddress`: the network address the requests come from (inject's default is 127.0.0.1). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress?: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(options: InjectOptions) {
    const response = await this.app.inject({ ...options, ...(this.remoteAddress && { remoteAddress: this.remoteAddress }), headers: { ...(options.headers ?? {}), cookie: this.cookieHeader() } });
    this.remember(response.headers['set-cookie']);
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  /** Fetches `formUrl` to get a CSRF token, then posts the form to `action`. */
  async submit(formUrl: string, action: string, fields: Record<string, string | string[]>) {
    const page = await this.get(formUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${formUrl} (status ${page.statusCode})`);
    const body = new URLSearchParams();
    body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    return this.request({ method: 'POST', url: action, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

export type { Clock };

/** A TCP port nothing listens on right now, for a server the test starts (another process, a browser target). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
