// What the migrations built, as plain data that two databases of one engine can be compared by:
// per table its columns in order (type, nullability, default, primary key), indexes and
// constraints. SQLite also keeps each table's own CREATE statement, which holds anything the
// pragmas leave out (CHECKs, collations). Kysely's bookkeeping tables are left out.
import { sql } from 'kysely';
import type { AnyDb, Dialect } from '../src/core/db/index.js';

export interface DumpedColumn {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  /** Position in the primary key (1-based); 0 when not part of it. */
  primaryKey: number;
}

export interface DumpedTable {
  columns: DumpedColumn[];
  /** Name and definition (SQLite: CREATE INDEX text, or the columns of an implicit one). */
  indexes: Array<{ name: string; definition: string }>;
  /** PostgreSQL: every constraint with its definition. SQLite: foreign keys. */
  constraints: Array<{ name: string; definition: string }>;
  /** SQLite only: the table's CREATE statement as stored. */
  ddl?: string;
}

export type SchemaDump = Record<string, DumpedTable>;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function dumpSchema(db: AnyDb, dialect: Dialect): Promise<SchemaDump> {
  return dialect === 'postgres' ? dumpPostgres(db) : dumpSqlite(db);
}

async function dumpSqlite(db: AnyDb): Promise<SchemaDump> {
  const tables = (
    await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)
  ).rows;
  const dump: SchemaDump = {};
  for (const table of tables) {
    const columns = (
      await sql<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>`select name, type, "notnull", dflt_value, pk from pragma_table_xinfo(${table.name}) order by cid`.execute(db)
    ).rows.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, default: c.dflt_value, primaryKey: c.pk }));
    const indexList = (await sql<{ name: string; unique: number; origin: string; partial: number }>`select name, "unique", origin, partial from pragma_index_list(${table.name})`.execute(db)).rows;
    const indexes = [];
    for (const index of indexList) {
      const stored = (await sql<{ sql: string | null }>`select sql from sqlite_master where type = 'index' and name = ${index.name}`.execute(db)).rows[0]?.sql;
      const columnsOf = (await sql<{ name: string }>`select name from pragma_index_info(${index.name}) order by seqno`.execute(db)).rows.map((c) => c.name);
      indexes.push({ name: index.name, definition: stored ?? `${index.origin === 'pk' ? 'primary key' : 'unique'} (${columnsOf.join(', ')})` });
    }
    const foreignKeys = (
      await sql<{ id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }>`select id, seq, "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table.name}) order by id, seq`.execute(
        db,
      )
    ).rows;
    const constraints = foreignKeys.map((fk) => ({ name: `fk ${fk.from}`, definition: `references ${fk.table}(${fk.to}) on update ${fk.on_update} on delete ${fk.on_delete}` }));
    dump[table.name] = { columns, indexes: indexes.sort(byName), constraints: constraints.sort(byName), ddl: table.sql };
  }
  return dump;
}

async function dumpPostgres(db: AnyDb): Promise<SchemaDump> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(db)
  ).rows;
  const dump: SchemaDump = {};
  for (const { name } of tables) {
    const primaryKey = (
      await sql<{ column_name: string; position: number }>`
        select k.column_name, k.ordinal_position as position
        from information_schema.table_constraints t
        join information_schema.key_column_usage k on k.constraint_name = t.constraint_name and k.table_schema = t.table_schema and k.table_name = t.table_name
        where t.table_schema = ${schema} and t.table_name = ${name} and t.constraint_type = 'PRIMARY KEY'`.execute(db)
    ).rows;
    const columns = (
      await sql<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
        select column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_schema = ${schema} and table_name = ${name} order by ordinal_position`.execute(db)
    ).rows.map((c) => ({
      name: c.column_name,
      type: c.data_type,
      notNull: c.is_nullable === 'NO',
      default: c.column_default,
      primaryKey: Number(primaryKey.find((k) => k.column_name === c.column_name)?.position ?? 0),
    }));
    const indexes = (await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes where schemaname = ${schema} and tablename = ${name}`.execute(db)).rows.map(
      (i) => ({ name: i.name, definition: i.definition.replaceAll(`${schema}.`, '') }),
    );
    const constraints = (
      await sql<{ name: string; definition: string }>`
        select c.conname as name, pg_get_constraintdef(c.oid) as definition
        from pg_constraint c join pg_class r on r.oid = c.conrelid join pg_namespace n on n.oid = r.relnamespace
        where n.nspname = ${schema} and r.relname = ${name}`.execute(db)
    ).rows.map((c) => ({ name: c.name, definition: c.definition.replaceAll(`${schema}.`, '') }));
    dump[name] = { columns, indexes: indexes.sort(byName), constraints: constraints.sort(byName) };
  }
  return dump;
}
