// A query compiled to SQL once. Kysely builds and compiles a query on every call, which on the
// provider's busiest paths (several record lookups per request) costs more than SQLite takes to run
// it. The query is built once with placeholder values; each call puts its values in their places.
import { createQueryId, type Compilable, type CompiledQuery, type QueryResult } from 'kysely';
import type { AnyDb } from '../../core/db/types.js';

export type PreparedQuery<Args extends unknown[], Row> = (...args: Args) => Promise<QueryResult<Row>>;

export function preparedQuery<Args extends unknown[], Row>(db: AnyDb, arity: Args['length'], build: (...placeholders: string[]) => Compilable<Row>): PreparedQuery<Args, Row> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000placeholder-${i}\u0000`);
  let compiled: CompiledQuery<Row> | undefined;
  let positions: number[] = [];
  return (...args) => {
    if (!compiled) {
      compiled = build(...placeholders).compile();
      positions = compiled.parameters.map((value) => (value === null ? -1 : placeholders.indexOf(value as string)));
      // A value captured when the query was built would be sent on every call: only null may be fixed.
      if (positions.some((at, i) => at === -1 && compiled!.parameters[i] !== null)) throw new Error(`every value of a prepared query but null must be a placeholder: ${compiled.sql}`);
    }
    return db.executeQuery<Row>({ ...compiled, parameters: positions.map((at) => (at === -1 ? null : args[at])), queryId: createQueryId() });
  };
}
