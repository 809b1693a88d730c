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

declare module '../../core/db/types.js' {
  interface Database {
    agencies: AgenciesTable;
  }
}
