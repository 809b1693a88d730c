// Tests arrange scenes across modules (a user, an agency, a proposal): test code may see every
// table at once. Module code never imports this (npm run lint).
import type { AnyDb } from '../src/core/db/types.js';
import { tablesOf } from '../src/core/db/tables-of.js';
import type { AccountsTables } from '../src/modules/accounts/tables.js';
import type { AgenciesTables } from '../src/modules/agencies/tables.js';
import type { DeliberationTables } from '../src/modules/deliberation/tables.js';
import type { IdentityTables } from '../src/modules/identity/tables.js';
import type { OpendataTables } from '../src/modules/opendata/tables.js';
import type { PetitionsTables } from '../src/modules/petitions/tables.js';

export type AllTables = AccountsTables & AgenciesTables & DeliberationTables & IdentityTables & OpendataTables & PetitionsTables;
export const allTables = (db: AnyDb) => tablesOf<AllTables>(db);
