// A module's view of the database: core's tables plus its own. The handle is the same object; only
// the type changes, so a query that names another module's table does not compile.
import type { Kysely, Transaction } from 'kysely';
import type { AnyDb, CoreTables } from './types.js';

export type ModuleDb<Own> = Kysely<CoreTables & Own>;
export type ModuleTrx<Own> = Transaction<CoreTables & Own>;

export function tablesOf<Own>(db: AnyDb): ModuleDb<Own> {
  return db as ModuleDb<Own>;
}
