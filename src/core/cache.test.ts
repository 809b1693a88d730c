import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createCacheService, type CacheService } from './cache.js';
import { coreMigrations } from './db/core-migrations.js';
import { migrateToLatest } from './db/migrate.js';
import { openPostgres, openSqlite, type DbHandle } from './db/index.js';
import { newId } from './ids.js';
import { dropTestSchema, testDatabaseUrl, withSchemasKept } from '../../test/helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two handles on one database, as two processes (or the server and the CLI) would hold. */
async function twoHandles(engine: 'sqlite' | 'postgres'): Promise<{ a: DbHandle; b: DbHandle; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-cache-'));
    const file = path.join(dir, 'db.sqlite');
    const a = openSqlite(file);
    await migrateToLatest(a.db, 'sqlite', coreMigrations);
    const b = openSqlite(file);
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `cache_${newId().replace(/-/g, '').slice(-16)}`;
  const admin = openPostgres(testDatabaseUrl!, 1);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = new URL(testDatabaseUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const a = openPostgres(url.toString(), 2);
  const b = openPostgres(url.toString(), 2);
  await withSchemasKept(() => migrateToLatest(a.db, 'postgres', coreMigrations));
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await dropTestSchema(schema);
    },
  };
}

const options = { ttlMs: 60_000, maxEntries: 100 };

async function seesOtherProcessInvalidations(engine: 'sqlite' | 'postgres') {
  const { a, b, close } = await twoHandles(engine);
  try {
    const server: CacheService = createCacheService(a.db, { syncMs: 100 });
    const cli: CacheService = createCacheService(b.db, { syncMs: 100 });
    const pages = server.named<string>('test.pages', options);
    const other = server.named<string>('test.other', options);
    await server.sync();
    pages.set('p1:zh', 'old page');
    other.set('x', 'kept');
    assert.equal(pages.get('p1:zh'), 'old page');

    const started = Date.now();
    await cli.named<string>('test.pages', options).invalidate('p1:');
    let seen = false;
    while (Date.now() - started < 1_000) {
      if (pages.get('p1:zh') === undefined) {
        seen = true;
        break;
      }
      await sleep(10);
    }
    assert.ok(seen, 'the other process drops the entry within a second');
    assert.ok(Date.now() - started < 500, `seen after ${Date.now() - started} ms`);
    assert.equal(other.get('x'), 'kept', 'other named caches are untouched');

    // Its own invalidation drops at once, here, only what it names; no second drop follows.
    pages.set('p1:zh', 'page 1');
    pages.set('p2:zh', 'page 2');
    await pages.invalidate('p1:');
    assert.equal(pages.get('p1:zh'), undefined);
    await sleep(150);
    await server.sync();
    assert.equal(pages.get('p2:zh'), 'page 2');

    // A cache name first created by another process after this one synced still counts.
    const fresh = server.named<string>('test.fresh', options);
    fresh.set('k', 'v');
    await cli.named<string>('test.fresh', options).invalidate();
    await server.sync();
    assert.equal(fresh.get('k'), undefined);
    server.close();
    cli.close();
  } finally {
    await close();
  }
}

test('SQLite: an invalidation made by another handle (the CLI) reaches the server within a second', () => seesOtherProcessInvalidations('sqlite'));

test('PostgreSQL: an invalidation made by another process reaches this one within a second', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set (run `npm run test:pg`)' }, () =>
  seesOtherProcessInvalidations('postgres'));

test('entries expire at their TTL and the oldest goes first when full', async () => {
  const db = openSqlite(':memory:');
  try {
    await migrateToLatest(db.db, 'sqlite', coreMigrations);
    const service = createCacheService(db.db);
    const cache = service.named<string>('test.small', { ttlMs: 60_000, maxEntries: 2 });
    cache.set('short', 'S', 30);
    assert.equal(cache.get('short'), 'S');
    await sleep(40);
    assert.equal(cache.get('short'), undefined, 'expired');
    cache.set('zero', 'Z', 0);
    assert.equal(cache.get('zero'), undefined, 'a TTL of 0 stores nothing');
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    assert.equal(cache.get('a'), undefined, 'the oldest went first');
    assert.equal(cache.get('b'), 'B');
    assert.equal(cache.get('c'), 'C');
    service.close();
  } finally {
    await db.close();
  }
});

test('a load that straddles an invalidation is returned but not kept', async () => {
  const db = openSqlite(':memory:');
  try {
    await migrateToLatest(db.db, 'sqlite', coreMigrations);
    const service = createCacheService(db.db);
    const cache = service.named<string>('test.settings', options);
    const value = await cache.getOrLoad('k', async () => {
      await cache.invalidate();
      return 'read before the change';
    });
    assert.equal(value, 'read before the change');
    assert.equal(cache.get('k'), undefined);
    assert.equal(await cache.getOrLoad('k', async () => 'fresh'), 'fresh');
    assert.equal(cache.get('k'), 'fresh');
    service.close();
  } finally {
    await db.close();
  }
});
