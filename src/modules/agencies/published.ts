// What other modules may know about agencies, published through the manifest: references (id,
// code, names) by id or code, the whole list, and subtrees. Lists are read in one query.
import type { AnyDb } from '../../core/db/types.js';
import type { Agency } from './schemas.js';
import { agenciesDb } from './tables.js';
import { toAgency } from './queries.js';

export type { Agency };

/** What another module shows or stores about an agency. */
export interface AgencyRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

const refColumns = ['id', 'code', 'name_zh', 'name_en'] as const;
const toRef = (r: { id: string; code: string; name_zh: string; name_en: string }): AgencyRef => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en });

export async function agencyRefById(db: AnyDb, id: string): Promise<AgencyRef | undefined> {
  const row = await agenciesDb(db).selectFrom('agencies').select(refColumns).where('id', '=', id).executeTakeFirst();
  return row && toRef(row);
}

export async function agencyRefByCode(db: AnyDb, code: string): Promise<AgencyRef | undefined> {
  const row = await agenciesDb(db).selectFrom('agencies').select(refColumns).where('code', '=', code).executeTakeFirst();
  return row && toRef(row);
}

/** The agency whose code or id is `codeOrId` (forms and APIs accept either). */
export async function agencyRefByCodeOrId(db: AnyDb, codeOrId: string): Promise<AgencyRef | undefined> {
  const row = await agenciesDb(db)
    .selectFrom('agencies')
    .select(refColumns)
    .where((eb) => eb.or([eb('code', '=', codeOrId), eb('id', '=', codeOrId)]))
    .executeTakeFirst();
  return row && toRef(row);
}

/** The agency named `text` in either language, or with that code (catalog imports name agencies). */
export async function agencyRefByNameOrCode(db: AnyDb, text: string): Promise<AgencyRef | undefined> {
  const row = await agenciesDb(db)
    .selectFrom('agencies')
    .select(refColumns)
    .where((eb) => eb.or([eb('name_zh', '=', text), eb('name_en', '=', text), eb('code', '=', text)]))
    .executeTakeFirst();
  return row && toRef(row);
}

/** References by id, for the ids that exist. */
export async function agencyRefsByIds(db: AnyDb, ids: readonly string[]): Promise<Map<string, AgencyRef>> {
  if (ids.length === 0) return new Map();
  const rows = await agenciesDb(db).selectFrom('agencies').select(refColumns).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toRef(r)]));
}

/** References by code, in the order of `codes`, for the codes that exist. */
export async function agencyRefsByCodes(db: AnyDb, codes: readonly string[]): Promise<AgencyRef[]> {
  if (codes.length === 0) return [];
  const rows = await agenciesDb(db).selectFrom('agencies').select(refColumns).where('code', 'in', [...new Set(codes)]).execute();
  const byCode = new Map(rows.map((r) => [r.code, toRef(r)]));
  return codes.flatMap((c) => byCode.get(c) ?? []);
}

/** Every agency's reference and creation time, in id order (one query: the directory is small). */
export async function allAgencyRefs(db: AnyDb): Promise<Array<AgencyRef & { createdAt: string }>> {
  const rows = await agenciesDb(db).selectFrom('agencies').select([...refColumns, 'created_at']).orderBy('id').execute();
  return rows.map((r) => ({ ...toRef(r), createdAt: r.created_at }));
}

/** Every agency, by level then code (the directory is small: hundreds of rows). */
export async function allAgencies(db: AnyDb): Promise<Agency[]> {
  const rows = await agenciesDb(db).selectFrom('agencies').selectAll().orderBy('level').orderBy('code').execute();
  return rows.map(toAgency);
}

export async function agencyCount(db: AnyDb): Promise<number> {
  const row = await agenciesDb(db).selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The agency and every agency under it, at any depth. */
export async function agencySubtreeIds(db: AnyDb, rootId: string): Promise<string[]> {
  const all = await agenciesDb(db).selectFrom('agencies').select(['id', 'parent_id']).execute();
  const children = new Map<string, string[]>();
  for (const a of all) if (a.parent_id) children.set(a.parent_id, [...(children.get(a.parent_id) ?? []), a.id]);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
