import type { Services } from '../../core/action.js';
import { newId } from '../../core/ids.js';
import { indexAgency } from './actions/agencies.js';
import { agencySeeds } from './seed-data.js';
import { agenciesDb } from './tables.js';

/** Loads Taiwan's agency tree; agencies already present (by code) are left as they are. */
export async function seedAgencies(services: Services): Promise<number> {
  const { dialect, clock } = services;
  const db = agenciesDb(services.db);
  const now = clock.now().toISOString();
  let created = 0;
  await db.transaction().execute(async (trx) => {
    const existing = new Map((await trx.selectFrom('agencies').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    for (const seed of agencySeeds) {
      if (existing.has(seed.code)) continue;
      const id = newId();
      const parentId = seed.parentCode ? (existing.get(seed.parentCode) ?? null) : null;
      await trx
        .insertInto('agencies')
        .values({ id, code: seed.code, name_zh: seed.nameZh, name_en: seed.nameEn, parent_id: parentId, kind: seed.kind, level: seed.level, website: null, created_at: now, updated_at: now })
        .execute();
      existing.set(seed.code, id);
      await indexAgency({ db: trx, dialect }, { id, code: seed.code, nameZh: seed.nameZh, nameEn: seed.nameEn, parentId, kind: seed.kind, level: seed.level, website: null });
      created += 1;
    }
  });
  return created;
}
