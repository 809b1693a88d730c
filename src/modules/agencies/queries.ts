import type { AgenciesTable } from './tables.js';
import type { Agency } from './schemas.js';
import { type AgenciesDb } from './tables.js';

export function toAgency(row: AgenciesTable): Agency {
  return { id: row.id, code: row.code, nameZh: row.name_zh, nameEn: row.name_en, parentId: row.parent_id, kind: row.kind, level: row.level, website: row.website };
}

export async function findAgencyByCode(db: AgenciesDb, code: string): Promise<Agency | undefined> {
  const row = await db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toAgency(row);
}

export async function findAgencyById(db: AgenciesDb, id: string): Promise<Agency | undefined> {
  const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAgency(row);
}

export async function listAllAgencies(db: AgenciesDb): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().orderBy('level').orderBy('code').execute();
  return rows.map(toAgency);
}

export async function listChildren(db: AgenciesDb, parentId: string): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().where('parent_id', '=', parentId).orderBy('code').execute();
  return rows.map(toAgency);
}
