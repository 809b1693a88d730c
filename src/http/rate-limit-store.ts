// Rate-limit counters in the database, so several app processes on one PostgreSQL database share
// them (an in-memory counter per process would multiply every limit by the number of processes).
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../core/db/types.js';

export interface RateLimitsTable {
  key: string;
  count: number;
  window_ends_ms: number;
}

declare module '../core/db/types.js' {
  interface Database {
    rate_limits: RateLimitsTable;
  }
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** One atomic upsert per hit: a fresh window starts at 1, a live one counts up. */
export async function hit(db: Kysely<Database>, key: string, nowMs: number, windowMs: number): Promise<{ current: number; ttl: number }> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, window_ends_ms: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(1).else(eb('rate_limits.count', '+', 1)).end(),
        window_ends_ms: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(nowMs + windowMs).else(eb.ref('rate_limits.window_ends_ms')).end(),
      })),
    )
    .returning(['count', 'window_ends_ms'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.count), ttl: Math.max(0, Number(row.window_ends_ms) - nowMs) };
}

export function databaseRateLimitStore(db: Kysely<Database>, clock: Clock) {
  return class DatabaseStore {
    constructor(private readonly options: { routeInfo?: { method?: string | string[]; url?: string }; groupId?: string } = {}) {}
    private prefix(): string {
      if (this.options.groupId) return this.options.groupId;
      const info = this.options.routeInfo;
      return info?.url ? `${String(info.method)}:${info.url}` : 'global';
    }
    incr(key: string, callback: Callback, timeWindow: number): void {
      hit(db, `${this.prefix()}|${key}`, clock.now().getTime(), timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }
    child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string }; groupId?: string }) {
      return new DatabaseStore(routeOptions);
    }
  };
}

/** Deletes windows that ended long ago (run by a recurring job). */
export async function pruneRateLimits(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_ends_ms', '<', nowMs - 3_600_000).execute();
}
