// Opens the database named by the configuration. All engine differences live in this folder:
// connection settings here, SQL that differs per engine in ./adapters.ts, and migrations.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, CompiledQuery, type DatabaseConnection, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { CoreTables, Dialect } from './types.js';

export type { AnyDb, CoreTables, Dialect } from './types.js';
export type DB = Kysely<CoreTables>;
export type Trx = Transaction<CoreTables>;

export interface DbHandle {
  db: DB;
  dialect: Dialect;
  close(): Promise<void>;
}

// SQLite's deferred BEGIN can fail with SQLITE_BUSY when two processes (the server and the CLI)
// both upgrade to writers; BEGIN IMMEDIATE takes the write lock up front and waits (busy_timeout).
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(sqliteConfig);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

/** better-sqlite3 statements are reusable; caching them avoids re-preparing hot queries. */
function withStatementCache(database: SqliteDatabase.Database, size = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): full-text index writes thrash a small cache.
  database.pragma('cache_size = -65536');
  const db = new Kysely<CoreTables>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) as unknown as SqliteDatabase.Database }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// PostgreSQL returns bigint/numeric as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export function openPostgres(url: string, poolSize = 10): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export function openDatabase(config: Pick<Config, 'databaseUrl' | 'sqlitePath'>): DbHandle {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.sqlitePath);
}
