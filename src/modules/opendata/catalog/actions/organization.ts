// Organizations (agencies that publish), groups (服務分類 categories) and tags, as CKAN shows them.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { listCategories, nextChangeSeq } from '../../queries.js';
import { platformAdmin } from '../../../../core/access.js';

const ListInput = Type.Object({
  all_fields: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  organizations: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })),
  groups: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  include_dataset_count: Type.Optional(Type.Boolean()),
});

export interface Organization {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  packageCount: number;
  createdAt: string;
}

function sortAndPage<T>(items: T[], input: { sort?: string; limit?: number; offset?: number }, key: { name: (t: T) => string; count: (t: T) => number; title: (t: T) => string }): T[] {
  const [field, dir] = (input.sort ?? 'name asc').trim().split(/\s+/);
  const sign = dir?.toLowerCase() === 'desc' ? -1 : 1;
  const collator = new Intl.Collator('zh-Hant-TW');
  const sorted = [...items].sort((a, b) => {
    if (field === 'package_count') return sign * (key.count(a) - key.count(b));
    if (field === 'title') return sign * collator.compare(key.title(a), key.title(b));
    return sign * (key.name(a) < key.name(b) ? -1 : key.name(a) > key.name(b) ? 1 : 0);
  });
  const offset = input.offset ?? 0;
  return sorted.slice(offset, input.limit === undefined ? undefined : offset + input.limit);
}

/** Agencies that have at least one public dataset, or any agency named explicitly. */
async function organizations(ctx: { db: any }): Promise<Organization[]> {
  const rows: Array<{ id: string; code: string; name_zh: string; name_en: string; created_at: string; n: number | string | null }> = await ctx.db
    .selectFrom('agencies')
    .leftJoin('od_datasets', (join: any) => join.onRef('od_datasets.agency_id', '=', 'agencies.id').on('od_datasets.status', '=', 'published'))
    .select(['agencies.id', 'agencies.code', 'agencies.name_zh', 'agencies.name_en', 'agencies.created_at', (eb: any) => eb.fn.count('od_datasets.id').as('n')])
    .groupBy(['agencies.id', 'agencies.code', 'agencies.name_zh', 'agencies.name_en', 'agencies.created_at'])
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, createdAt: r.created_at, packageCount: Number(r.n ?? 0) }));
}

export const organizationList = defineAction({
  name: 'organization_list',
  description: 'Publishing agencies (with datasets), as names or full records.',
  input: ListInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let all = (await organizations(ctx)).filter((o) => o.packageCount > 0 || input.organizations?.includes(o.code));
    if (input.organizations) all = all.filter((o) => input.organizations!.includes(o.code) || input.organizations!.includes(o.id));
    if (input.q) all = all.filter((o) => o.code.includes(input.q!) || o.nameZh.includes(input.q!) || o.nameEn.toLowerCase().includes(input.q!.toLowerCase()));
    return sortAndPage(all, input, { name: (o) => o.code, count: (o) => o.packageCount, title: (o) => o.nameZh });
  },
});

export const organizationShow = defineAction({
  name: 'organization_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), include_datasets: Type.Optional(Type.Boolean()) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const found = (await organizations(ctx)).find((o) => o.code === input.id || o.id === input.id);
    if (!found) throw new AppError('NOT_FOUND', 'opendata.organization_not_found');
    return found;
  },
});

export interface Group {
  code: string;
  nameZh: string;
  nameEn: string;
  position: number;
  packageCount: number;
}

async function groups(ctx: { db: any }): Promise<Group[]> {
  const categories = await listCategories(ctx.db);
  const counts: Array<{ category: string; n: number | string }> = await ctx.db
    .selectFrom('od_datasets')
    .select(['category', (eb: any) => eb.fn.countAll().as('n')])
    .where('status', '=', 'published')
    .groupBy('category')
    .execute();
  const byCode = new Map(counts.map((c) => [c.category, Number(c.n)]));
  return categories.map((c) => ({ ...c, packageCount: byCode.get(c.code) ?? 0 }));
}

export const groupList = defineAction({
  name: 'group_list',
  description: 'Service categories (服務分類), as names or full records.',
  input: ListInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let all = await groups(ctx);
    if (input.groups) all = all.filter((g) => input.groups!.includes(g.code));
    if (input.q) all = all.filter((g) => g.code.includes(input.q!) || g.nameZh.includes(input.q!) || g.nameEn.toLowerCase().includes(input.q!.toLowerCase()));
    if (!input.sort) return all.slice(input.offset ?? 0, input.limit === undefined ? undefined : (input.offset ?? 0) + input.limit);
    return sortAndPage(all, input, { name: (g) => g.code, count: (g) => g.packageCount, title: (g) => g.nameZh });
  },
});

export const groupShow = defineAction({
  name: 'group_show',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), include_datasets: Type.Optional(Type.Boolean()) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const found = (await groups(ctx)).find((g) => g.code === input.id);
    if (!found) throw new AppError('NOT_FOUND', 'opendata.group_not_found');
    return found;
  },
});

export const tagList = defineAction({
  name: 'tag_list',
  description: 'Keywords used by public datasets.',
  input: Type.Object({ query: Type.Optional(Type.String({ maxLength: 100 })), q: Type.Optional(Type.String({ maxLength: 100 })), all_fields: Type.Optional(Type.Boolean()), vocabulary_id: Type.Optional(Type.String({ maxLength: 100 })) }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    if (input.vocabulary_id) return [];
    const q = (input.query ?? input.q ?? '').replace(/[\\%_]/g, '');
    let query = ctx.db
      .selectFrom('od_dataset_tags')
      .innerJoin('od_datasets', 'od_datasets.id', 'od_dataset_tags.dataset_id')
      .select(['od_dataset_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
      .where('od_datasets.status', '=', 'published')
      .groupBy('od_dataset_tags.tag')
      .orderBy('od_dataset_tags.tag');
    if (q) query = query.where('od_dataset_tags.tag', 'like', `%${q}%`);
    return (await query.limit(5000).execute()).map((r) => ({ name: r.tag, count: Number(r.n) }));
  },
});

export const categorySave = defineAction({
  name: 'category_save',
  description: 'Adds or renames a service category (operators configure the list).',
  input: Type.Object(
    {
      code: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
      name_zh: Type.String({ minLength: 1, maxLength: 100 }),
      name_en: Type.String({ minLength: 1, maxLength: 100 }),
      position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  caller: platformAdmin,
  async run(ctx, input) {
    const existing = await ctx.db.selectFrom('od_categories').selectAll().where('code', '=', input.code).executeTakeFirst();
    const position = input.position ?? (existing ? Number(existing.position) : (await listCategories(ctx.db)).length + 1);
    if (existing) await ctx.db.updateTable('od_categories').set({ name_zh: input.name_zh, name_en: input.name_en, position }).where('code', '=', input.code).execute();
    else await ctx.db.insertInto('od_categories').values({ code: input.code, name_zh: input.name_zh, name_en: input.name_en, position }).execute();
    await nextChangeSeq(ctx.db);
    await ctx.audit({ action: 'category_save', subjectType: 'opendata_category', subjectId: input.code, data: input });
    return { code: input.code, nameZh: input.name_zh, nameEn: input.name_en, position };
  },
});
