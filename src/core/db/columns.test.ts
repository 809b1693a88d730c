// The column helpers as SQL on each engine: what a new module's CREATE TABLE turns into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresAdapter, DummyDriver, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { agencyReference, binaryColumn, booleanColumn, counterColumn, dateColumn, doubleColumn, idColumn, jsonColumn, referenceColumn, timestampColumn, timestamps, userReference } from './columns.js';
import type { Dialect } from './types.js';

function compilerFor(dialect: Dialect): Kysely<unknown> {
  return new Kysely({
    dialect:
      dialect === 'postgres'
        ? { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() }
        : { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
  });
}

const exampleTable = (dialect: Dialect) =>
  compilerFor(dialect)
    .schema.createTable('consultations')
    .addColumn(...idColumn())
    .addColumn(...agencyReference('agency_id', { notNull: true }))
    .addColumn(...userReference('created_by'))
    .addColumn(...referenceColumn('parent_id', 'consultations', { onDelete: 'cascade' }))
    .addColumn(...jsonColumn('links', { notNull: true }))
    .addColumn(...dateColumn('closes_on'))
    .addColumn(...timestampColumn('published_at'))
    .addColumn(...booleanColumn('is_open', { default: true }))
    .addColumn(...booleanColumn('is_listed'))
    .addColumn(...counterColumn('comment_count'))
    .addColumn(...counterColumn('views', { big: true }))
    .addColumn(...binaryColumn('attachment', dialect))
    .addColumn(...doubleColumn('score', dialect, { notNull: true }))
    .$call(timestamps)
    .compile().sql;

test('the same helpers give the same columns on both engines except binary and double', () => {
  const common = [
    '"id" text primary key',
    '"agency_id" text not null references "agencies" ("id")',
    '"created_by" text references "users" ("id")',
    '"parent_id" text references "consultations" ("id") on delete cascade',
    '"links" text not null',
    '"closes_on" text',
    '"published_at" text',
    '"is_open" integer default 1 not null',
    '"is_listed" integer not null',
    '"comment_count" integer default 0 not null',
    '"views" bigint default 0 not null',
  ];
  const tail = ['"created_at" text not null', '"updated_at" text not null'];
  assert.equal(exampleTable('sqlite'), `create table "consultations" (${[...common, '"attachment" blob', '"score" real not null', ...tail].join(', ')})`);
  assert.equal(exampleTable('postgres'), `create table "consultations" (${[...common, '"attachment" bytea', '"score" double precision not null', ...tail].join(', ')})`);
});
