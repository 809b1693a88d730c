// How each kind of value is stored, for migrations: one helper per kind, the same on SQLite and
// PostgreSQL, so that queries never branch on the engine. Times and dates are text that sorts as
// it reads, flags are 0/1 integers, JSON is text the module serialises; only binary and
// floating-point columns have engine-specific types, and their helpers take the dialect.
//
// A single-column helper returns the arguments of Kysely's addColumn, to be spread:
//   db.schema.createTable('consultations')
//     .addColumn(...idColumn())
//     .addColumn(...agencyReference('agency_id', { notNull: true }))
//     .addColumn('title', 'text', (c) => c.notNull())
//     .addColumn(...jsonColumn('links', { notNull: true }))
//     .addColumn(...dateColumn('closes_on'))
//     .addColumn(...booleanColumn('is_open', { default: false }))
//     .addColumn(...counterColumn('comment_count'))
//     .$call(timestamps)
// Columns that are plain text or integers with no convention behind them stay plain addColumn.
import type { ColumnDataType, ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import { columnTypes } from './adapters.js';
import type { Dialect } from './types.js';

/** addColumn's arguments: name, type, and what to add to the column (not null, default, key). */
export type ColumnDefinition<N extends string = string> = readonly [name: N, type: ColumnDataType, build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder];

export interface NullableOptions {
  /** NOT NULL. Columns are nullable unless this is set. */
  notNull?: boolean;
}

const nullable =
  (options: NullableOptions = {}) =>
  (column: ColumnDefinitionBuilder) =>
    options.notNull ? column.notNull() : column;

/**
 * The row's id: text primary key holding `newId()` (core/ids.ts, a UUIDv7, so ids sort by creation).
 * On SQLite a text primary key does not imply NOT NULL; always insert an id.
 */
export function idColumn<N extends string = 'id'>(name: N = 'id' as N): ColumnDefinition<N> {
  return [name, 'text', (column) => column.primaryKey()];
}

/**
 * A moment: ISO-8601 UTC text with milliseconds (`Date#toISOString()`, '2026-03-02T02:00:00.000Z').
 * Fixed width, so text comparison and ORDER BY are chronological on both engines.
 */
export function timestampColumn<N extends string>(name: N, options: NullableOptions = {}): ColumnDefinition<N> {
  return [name, 'text', nullable(options)];
}

/** `created_at` and `updated_at`, both required timestamps; for `.$call(timestamps)`. */
export function timestamps<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C | 'created_at' | 'updated_at'> {
  return table.addColumn(...timestampColumn('created_at', { notNull: true })).addColumn(...timestampColumn('updated_at', { notNull: true }));
}

/** A calendar day in Asia/Taipei: 'YYYY-MM-DD' text (core/calendar.ts `LocalDate`), sorting as it reads. */
export function dateColumn<N extends string>(name: N, options: NullableOptions = {}): ColumnDefinition<N> {
  return [name, 'text', nullable(options)];
}

/**
 * JSON as text: the module serialises on write and parses (and validates) on read. Text rather than
 * PostgreSQL jsonb so that both engines store and return the same string; no query looks inside.
 */
export function jsonColumn<N extends string>(name: N, options: NullableOptions = {}): ColumnDefinition<N> {
  return [name, 'text', nullable(options)];
}

/**
 * Yes or no as integer 1 or 0 on both engines (the table type says `number`); always NOT NULL.
 * `default` is the value a row gets when an insert leaves it out.
 */
export function booleanColumn<N extends string>(name: N, options: { default?: boolean } = {}): ColumnDefinition<N> {
  return [name, 'integer', (column) => (options.default === undefined ? column.notNull() : column.notNull().defaultTo(options.default ? 1 : 0))];
}

/** A count or sequence that starts at 0: NOT NULL DEFAULT 0; `big` for bigint (past 2^31). */
export function counterColumn<N extends string>(name: N, options: { big?: boolean } = {}): ColumnDefinition<N> {
  return [name, options.big ? 'bigint' : 'integer', (column) => column.notNull().defaultTo(0)];
}

export interface ReferenceOptions extends NullableOptions {
  /** What happens to this row when the referenced one is deleted; by default the delete is refused. */
  onDelete?: 'cascade' | 'set null';
}

/**
 * The id of a row in `table` of the same module, with its foreign key. Another module's rows are
 * referenced only through `agencyReference` and `userReference` (the two tables every module may
 * point at); other cross-module ids are plain text columns without a key.
 */
export function referenceColumn<N extends string>(name: N, table: string, options: ReferenceOptions = {}): ColumnDefinition<N> {
  return [
    name,
    'text',
    (column) => {
      const referencing = nullable(options)(column).references(`${table}.id`);
      return options.onDelete ? referencing.onDelete(options.onDelete) : referencing;
    },
  ];
}

/** An agency's id (the agencies module's `agencies.id`), with its foreign key. */
export function agencyReference<N extends string = 'agency_id'>(name: N = 'agency_id' as N, options: ReferenceOptions = {}): ColumnDefinition<N> {
  return referenceColumn(name, 'agencies', options);
}

/** A person's id (the accounts module's `users.id`), with its foreign key. */
export function userReference<N extends string = 'user_id'>(name: N = 'user_id' as N, options: ReferenceOptions = {}): ColumnDefinition<N> {
  return referenceColumn(name, 'users', options);
}

/** Bytes (a file kept in the database): bytea on PostgreSQL, blob on SQLite; Buffer in and out. */
export function binaryColumn<N extends string>(name: N, dialect: Dialect, options: NullableOptions = {}): ColumnDefinition<N> {
  return [name, columnTypes(dialect).blob, nullable(options)];
}

/** A floating-point number: double precision on PostgreSQL, real (8 bytes) on SQLite. */
export function doubleColumn<N extends string>(name: N, dialect: Dialect, options: NullableOptions = {}): ColumnDefinition<N> {
  return [name, columnTypes(dialect).double, nullable(options)];
}
