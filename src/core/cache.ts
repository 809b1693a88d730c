// Named in-process caches whose invalidations reach every process on the same database. Each named
// cache has a version row in `cache_versions`; invalidating bumps it, and every `syncMs` a timer
// (started when a cache is first used, never keeping the process alive) reads those few rows and
// drops the caches whose version moved. So a change made by another app process (PostgreSQL) or by
// the CLI (SQLite) is seen within `syncMs` plus one query; the process that invalidates drops its
// entries at once. Other processes drop the whole named cache (changes are rare next to reads; one
// recomputation per entry is the price). Reads never wait for the database: a read inside a
// transaction must not queue behind the transaction's own connection (SQLite has one).
// The module that owns a cache decides what goes in it and when to invalidate; this only stores.
import { sql, type Kysely } from 'kysely';
import type { CoreTables } from './db/types.js';

export interface CacheVersionsTable {
  name: string;
  version: number;
}

declare module './db/types.js' {
  interface CoreTables {
    cache_versions: CacheVersionsTable;
  }
}

export interface NamedCacheOptions {
  /** How long an entry may be served (a `set` may give its own); Infinity keeps it until invalidated. */
  ttlMs: number;
  /** The oldest entry goes first past this many. */
  maxEntries: number;
}

export interface NamedCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs?: number): void;
  /** The entry, or `load()`'s result stored unless an invalidation arrived while it was loading. */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
  /**
   * Drops the entries whose key starts with `keyPrefix` (all when omitted) here at once, and the
   * whole cache in every other process. Call it after the change committed, never inside a
   * transaction (on SQLite the write would wait for that transaction).
   */
  invalidate(keyPrefix?: string): Promise<void>;
}

export interface CacheService {
  /** The named cache (created on first use; later options are ignored). Names: `module.what`. */
  named<V>(name: string, options: NamedCacheOptions): NamedCache<V>;
  /** Reads the stored versions now (tests). */
  sync(): Promise<void>;
  /** Stops the timer (before the database closes). */
  close(): void;
}

export const DEFAULT_SYNC_MS = 250;

class LocalCache<V> implements NamedCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  /** Advances on every drop, so a load that straddles one does not store what it read before it. */
  generation = 0;

  constructor(
    private readonly name: string,
    private readonly options: NamedCacheOptions,
    private readonly service: VersionedCaches,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.options.ttlMs): void {
    if (!(ttlMs > 0)) return;
    // Oldest first out: a Map iterates in insertion order.
    if (!this.entries.has(key) && this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
  }

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.set(key, value);
    return value;
  }

  async invalidate(keyPrefix?: string): Promise<void> {
    this.drop(keyPrefix);
    await this.service.bump(this.name);
  }

  drop(keyPrefix?: string): void {
    this.generation++;
    if (keyPrefix === undefined) this.entries.clear();
    else for (const key of this.entries.keys()) if (key.startsWith(keyPrefix)) this.entries.delete(key);
  }
}

class VersionedCaches implements CacheService {
  private readonly caches = new Map<string, LocalCache<unknown>>();
  private readonly versions = new Map<string, number>();
  private pending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Kysely<CoreTables>,
    private readonly syncMs: number,
  ) {}

  named<V>(name: string, options: NamedCacheOptions): NamedCache<V> {
    let cache = this.caches.get(name);
    if (!cache) this.caches.set(name, (cache = new LocalCache<unknown>(name, options, this)));
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => void this.sync(), this.syncMs);
      this.timer.unref();
      void this.sync();
    }
    return cache as LocalCache<V>;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  sync(): Promise<void> {
    this.pending ??= this.readVersions().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async readVersions(): Promise<void> {
    let rows: CacheVersionsTable[];
    try {
      rows = await this.db.selectFrom('cache_versions').select(['name', 'version']).execute();
    } catch {
      // Without the versions nothing held can be trusted; the next read tries again.
      for (const cache of this.caches.values()) cache.drop();
      return;
    }
    for (const row of rows) {
      const known = this.versions.get(row.name);
      if (known === row.version) continue;
      // Also on the first read: what was stored before it cannot be placed in time.
      this.caches.get(row.name)?.drop();
      this.versions.set(row.name, row.version);
    }
  }

  async bump(name: string): Promise<void> {
    const row = await this.db
      .insertInto('cache_versions')
      .values({ name, version: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ version: sql<number>`cache_versions.version + 1` }))
      .returning('version')
      .executeTakeFirstOrThrow();
    const version = Number(row.version);
    // Our own bump needs no second drop here; anyone else's in between still does (next sync).
    const known = this.versions.get(name);
    if (known === version - 1 || (known === undefined && version === 1)) this.versions.set(name, version);
  }
}

export function createCacheService(db: Kysely<CoreTables>, options: { syncMs?: number } = {}): CacheService {
  return new VersionedCaches(db, options.syncMs ?? DEFAULT_SYNC_MS);
}
