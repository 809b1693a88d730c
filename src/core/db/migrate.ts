// One migration set for both engines. Each module lists migrations named "NNNN_module_what";
// the number orders them across modules (agencies before accounts, and so on).
import { sql } from 'kysely';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Dialect } from './types.js';

export interface ModuleMigration {
  name: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

class ListProvider implements MigrationProvider {
  constructor(private readonly migrations: ModuleMigration[], private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const all: Record<string, Migration> = {};
    for (const m of this.migrations) {
      if (all[m.name]) throw new Error(`Two migrations are named ${m.name}`);
      all[m.name] = { up: (db) => m.up(db, this.dialect) };
    }
    return all;
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, migrations: ModuleMigration[]): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in any schema unless told which; with several schemas
  // in one PostgreSQL database (tests, multi-tenant setups) name the current one explicitly.
  const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  // Numbers order migrations by module, so a module's new migration sorts before later modules'
  // applied ones on an existing database: applying out of order is the normal case here.
  const migrator = new Migrator({ db, provider: new ListProvider(migrations, dialect), allowUnorderedMigrations: true, ...(schema && { migrationTableSchema: schema }) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
