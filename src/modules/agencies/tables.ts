import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';
export interface AgenciesTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  parent_id: string | null;
  kind: 'central' | 'local';
  level: number;
  website: string | null;
  created_at: string;
  updated_at: string;
}

/** The agencies module's tables; only its own queries see them (tablesOf). */
export interface AgenciesTables {
  agencies: AgenciesTable;
}

export type AgenciesDb = ModuleDb<AgenciesTables>;
export const agenciesDb = (db: AnyDb): AgenciesDb => tablesOf<AgenciesTables>(db);
