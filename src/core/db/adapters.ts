// The few places where SQLite and PostgreSQL need different SQL. Nothing outside core/db
// may branch on the engine.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './types.js';

/** True when the error is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}

/**
 * Serialises writers of one named sequence (the audit chain, counters) until the transaction ends.
 * SQLite transactions already hold the database write lock (BEGIN IMMEDIATE), so only PostgreSQL
 * needs an advisory lock.
 */
export async function lockForTransaction(trx: Kysely<any>, dialect: Dialect, name: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
  }
}

/** Column type names that differ between engines. */
export function columnTypes(dialect: Dialect) {
  return {
    blob: dialect === 'postgres' ? 'bytea' : 'blob',
    double: dialect === 'postgres' ? 'double precision' : 'real',
  } as const;
}

export async function databaseIsReachable(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
