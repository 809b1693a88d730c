import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../core/action.js';
import { isUniqueViolation } from '../../../core/db/adapters.js';
import { indexDocument, searchDocuments } from '../../../core/db/search-adapter.js';
import { AppError, fieldError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { AgencyCode, AgencyInput, type Agency } from '../schemas.js';
import { findAgencyByCode, listAllAgencies, listChildren, findAgencyById } from '../queries.js';
import { platformAdmin } from '../../../core/access.js';
import { agencyMemberCount } from '../../accounts/published.js';
import type { AnyDb, Dialect } from '../../../core/db/types.js';
import { agenciesDb } from '../tables.js';

export const AGENCY_DOC = 'agency';

export async function indexAgency(ctx: { db: AnyDb; dialect: Dialect }, agency: Agency): Promise<void> {
  await indexDocument(agenciesDb(ctx.db), ctx.dialect, AGENCY_DOC, agency.id, `${agency.nameZh} ${agency.nameEn} ${agency.code}`);
}

export const agencyList = defineAction({
  name: 'agency_list',
  description: 'All agencies, optionally filtered by a search query or kind.',
  input: Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Optional(Type.Union([Type.Literal('central'), Type.Literal('local')])),
  }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let agencies = await listAllAgencies(agenciesDb(ctx.db));
    if (input.kind) agencies = agencies.filter((a) => a.kind === input.kind);
    if (input.q?.trim()) {
      const hits = await searchDocuments(agenciesDb(ctx.db), ctx.dialect, AGENCY_DOC, input.q);
      const order = new Map(hits.map((h, i) => [h.docId, i]));
      agencies = agencies.filter((a) => order.has(a.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    }
    return agencies;
  },
});

export const agencyShow = defineAction({
  name: 'agency_show',
  input: Type.Object({ code: Type.String({ maxLength: 40 }) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const agency = await findAgencyByCode(agenciesDb(ctx.db), input.code);
    if (!agency) throw notFound();
    const ancestors: Agency[] = [];
    let parentId = agency.parentId;
    while (parentId && ancestors.length < 10) {
      const parent = await findAgencyById(agenciesDb(ctx.db), parentId);
      if (!parent) break;
      ancestors.unshift(parent);
      parentId = parent.parentId;
    }
    const children = await listChildren(agenciesDb(ctx.db), agency.id);
    return { agency, ancestors, children, staffCount: await agencyMemberCount(ctx.db, agency.id) };
  },
});

async function parentFor(ctx: ActionContext, parentCode: string | undefined): Promise<Agency | null> {
  if (!parentCode) return null;
  const parent = await findAgencyByCode(agenciesDb(ctx.db), parentCode);
  if (!parent) throw fieldError('parentCode', 'agencies.unknown_parent');
  return parent;
}

export const agencyCreate = defineAction({
  name: 'agency_create',
  input: AgencyInput,
  caller: platformAdmin,
  async run(ctx, input) {
    const parent = await parentFor(ctx, input.parentCode);
    const now = ctx.clock.now().toISOString();
    const agency: Agency = {
      id: newId(),
      code: input.code,
      nameZh: input.nameZh.trim(),
      nameEn: input.nameEn.trim(),
      parentId: parent?.id ?? null,
      kind: input.kind,
      level: parent ? parent.level + 1 : 1,
      website: input.website?.trim() || null,
    };
    try {
      await agenciesDb(ctx.db)
        .insertInto('agencies')
        .values({ id: agency.id, code: agency.code, name_zh: agency.nameZh, name_en: agency.nameEn, parent_id: agency.parentId, kind: agency.kind, level: agency.level, website: agency.website, created_at: now, updated_at: now })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'code', message: 'agencies.code_taken' }]);
      throw error;
    }
    await indexAgency(ctx, agency);
    await ctx.audit({ action: 'agency_create', subjectType: 'agency', subjectId: agency.id, data: { code: agency.code, nameZh: agency.nameZh } });
    return agency;
  },
});

/** After a move, every agency below keeps its depth relative to the moved one. */
async function relevelDescendants(ctx: ActionContext, parent: Agency): Promise<void> {
  for (const child of await listChildren(agenciesDb(ctx.db), parent.id)) {
    await agenciesDb(ctx.db).updateTable('agencies').set({ level: parent.level + 1 }).where('id', '=', child.id).execute();
    await relevelDescendants(ctx, { ...child, level: parent.level + 1 });
  }
}

export const agencyUpdate = defineAction({
  name: 'agency_update',
  input: Type.Object({ currentCode: AgencyCode, changes: AgencyInput }),
  caller: platformAdmin,
  async load(ctx, input) {
    const existing = await findAgencyByCode(agenciesDb(ctx.db), input.currentCode);
    if (!existing) throw notFound();
    return existing;
  },
  async run(ctx, input, existing) {
    const parent = await parentFor(ctx, input.changes.parentCode);
    // Refuse to make an agency its own ancestor.
    for (let p: Agency | null | undefined = parent; p; p = p.parentId ? await findAgencyById(agenciesDb(ctx.db), p.parentId) : null) {
      if (p.id === existing.id) throw fieldError('parentCode', 'agencies.parent_cycle');
    }
    const updated: Agency = {
      ...existing,
      code: input.changes.code,
      nameZh: input.changes.nameZh.trim(),
      nameEn: input.changes.nameEn.trim(),
      parentId: parent?.id ?? null,
      kind: input.changes.kind,
      level: parent ? parent.level + 1 : 1,
      website: input.changes.website?.trim() || null,
    };
    try {
      await agenciesDb(ctx.db)
        .updateTable('agencies')
        .set({ code: updated.code, name_zh: updated.nameZh, name_en: updated.nameEn, parent_id: updated.parentId, kind: updated.kind, level: updated.level, website: updated.website, updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', existing.id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'code', message: 'agencies.code_taken' }]);
      throw error;
    }
    if (updated.level !== existing.level) await relevelDescendants(ctx, updated);
    await indexAgency(ctx, updated);
    await ctx.audit({ action: 'agency_update', subjectType: 'agency', subjectId: existing.id, data: { before: existing, after: updated } });
    return updated;
  },
});
