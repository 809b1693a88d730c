// Queries on hot paths (every request's authentication, endorsing, voting), built with Kysely once
// per engine and then reused with new parameters. Building a Kysely query (immutable operation
// nodes, then compiling them to SQL) costs far more CPU than SQLite takes to run an indexed
// statement, so under load the builder, not the database, was the limit. The SQL still comes from
// Kysely for the engine in use; only the arguments change. A prepared query must take every varying
// value as an argument and must not depend on the length of a list.
import type { Compilable, CompiledQuery } from 'kysely';
import type { AnyDb, Dialect } from './types.js';

const marker = (i: number) => `\u0000arg${i}\u0000`;
const markerIndex = (value: unknown): number => {
  if (typeof value !== 'string' || !value.startsWith('\u0000arg')) return -1;
  return Number(value.slice(4, -1));
};

type Slot = { arg: number } | { value: unknown };

export interface Prepared<Args extends unknown[], Row> {
  execute(db: AnyDb, dialect: Dialect, ...args: Args): Promise<Row[]>;
}

/** `build` names the handle type it queries (a module's ModuleDb); any handle executes it. */
export function prepare<Args extends unknown[], Row, D extends AnyDb = AnyDb>(arity: Args['length'], build: (db: D, ...args: Args) => Compilable<Row>): Prepared<Args, Row> {
  const compiled = new Map<Dialect, { query: CompiledQuery<Row>; slots: Slot[] }>();
  return {
    async execute(db, dialect, ...args) {
      let entry = compiled.get(dialect);
      if (!entry) {
        const markers = Array.from({ length: arity }, (_, i) => marker(i)) as Args;
        const query = build(db as D, ...markers).compile();
        const slots = query.parameters.map((p): Slot => (markerIndex(p) >= 0 ? { arg: markerIndex(p) } : { value: p }));
        if (query.sql.includes('\u0000')) throw new Error('A prepared query must take its arguments as parameters');
        entry = { query, slots };
        compiled.set(dialect, entry);
      }
      const parameters = entry.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
      const result = await db.executeQuery<Row>({ ...entry.query, parameters });
      return result.rows;
    },
  };
}
