// Rate-limit counters: fixed windows per key. On PostgreSQL they live in the database so that every
// app process counts together (an in-memory counter per process would multiply each limit by the
// number of processes). On SQLite there is one serving process (running more than one needs PostgreSQL), so
// the counters live in its memory and a hit costs no write.
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import { prepare, type Prepared } from './db/prepared.js';
import type { AnyDb, CoreTables, Dialect } from './db/types.js';

export interface RateLimitsTable {
  key: string;
  count: number;
  window_ends_ms: number;
}

declare module './db/types.js' {
  interface CoreTables {
    rate_limits: RateLimitsTable;
  }
}

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

export interface RateLimits {
  /** Counts one hit on each distinct key (a fresh window starts at 1) and returns each key's state, in order. */
  hit(counters: ReadonlyArray<{ key: string; windowMs: number }>): Promise<RateLimitHit[]>;
  /** Hits counted so far in the key's live window (0 when none), without counting one. */
  current(key: string): Promise<number>;
  /** Forgets windows that ended long ago. */
  prune(): Promise<void>;
}

const PRUNE_AFTER_MS = 3_600_000;

export function memoryRateLimits(clock: Clock): RateLimits {
  const windows = new Map<string, { count: number; endsMs: number }>();
  let prunedAt = 0;
  const prune = (nowMs: number) => {
    prunedAt = nowMs;
    for (const [key, w] of windows) if (w.endsMs <= nowMs) windows.delete(key);
  };
  return {
    async hit(counters) {
      const nowMs = clock.now().getTime();
      // A bot rotating keys cannot grow the map past what is live in its windows. A viral
      // proposal keeps 100,000s of keys live, so the sweep runs at most once a second.
      if (windows.size > 100_000 && nowMs - prunedAt >= 1000) prune(nowMs);
      const counted = new Map<string, RateLimitHit>();
      return counters.map(({ key, windowMs }) => {
        const seen = counted.get(key);
        if (seen) return seen;
        let w = windows.get(key);
        if (!w || w.endsMs <= nowMs) {
          w = { count: 0, endsMs: nowMs + windowMs };
          windows.set(key, w);
        }
        w.count += 1;
        const result = { current: w.count, ttl: w.endsMs - nowMs };
        counted.set(key, result);
        return result;
      });
    },
    async current(key) {
      const w = windows.get(key);
      return w && w.endsMs > clock.now().getTime() ? w.count : 0;
    },
    async prune() {
      prune(clock.now().getTime());
    },
  };
}

type Upsert = Prepared<unknown[], { key: string; count: number; window_ends_ms: number }>;

/** One atomic upsert for all keys of a request: a fresh window starts at 1, a live one counts up. */
function upsertFor(size: number): Upsert {
  return prepare(size * 2 + 1, (db, ...args: unknown[]) => {
    const nowMs = args[size * 2] as number;
    const rows = Array.from({ length: size }, (_, i) => ({ key: args[i * 2] as string, count: 1, window_ends_ms: args[i * 2 + 1] as number }));
    return db
      .insertInto('rate_limits')
      .values(rows)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(1).else(eb('rate_limits.count', '+', 1)).end(),
          window_ends_ms: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(eb.ref('excluded.window_ends_ms')).else(eb.ref('rate_limits.window_ends_ms')).end(),
        })),
      )
      .returning(['key', 'count', 'window_ends_ms']);
  }) as Upsert;
}

export function databaseRateLimits(anyDb: AnyDb, dialect: Dialect, clock: Clock): RateLimits {
  const db = anyDb as Kysely<CoreTables>;
  const upserts = new Map<number, Upsert>();
  return {
    async hit(counters) {
      if (counters.length === 0) return [];
      const nowMs = clock.now().getTime();
      // One row per key: the same key twice in one statement is an error on PostgreSQL.
      const unique = [...new Map(counters.map((c) => [c.key, c])).values()];
      let upsert = upserts.get(unique.length);
      if (!upsert) upserts.set(unique.length, (upsert = upsertFor(unique.length)));
      const args = unique.flatMap((c) => [c.key, nowMs + c.windowMs]);
      const rows = await upsert.execute(db, dialect, ...args, nowMs);
      const byKey = new Map(rows.map((r) => [r.key, r]));
      return counters.map(({ key }) => {
        const row = byKey.get(key)!;
        return { current: Number(row.count), ttl: Math.max(0, Number(row.window_ends_ms) - nowMs) };
      });
    },
    async current(key) {
      const row = await db.selectFrom('rate_limits').select('count').where('key', '=', key).where('window_ends_ms', '>', clock.now().getTime()).executeTakeFirst();
      return row ? Number(row.count) : 0;
    },
    async prune() {
      await db.deleteFrom('rate_limits').where('window_ends_ms', '<', clock.now().getTime() - PRUNE_AFTER_MS).execute();
    },
  };
}

export function createRateLimits(anyDb: AnyDb, dialect: Dialect, clock: Clock): RateLimits {
  const db = anyDb as Kysely<CoreTables>;
  return dialect === 'sqlite' ? memoryRateLimits(clock) : databaseRateLimits(db, dialect, clock);
}
