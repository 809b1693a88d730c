// Organizations (agencies that publish), groups (服務分類 categories) and tags, as CKAN shows them.
import { Type } from '@sinclair/typebox';
import { listCategories } from '../../queries.js';
import { opendataDb } from '../../tables.js';
import type { AnyDb } from '../../../../core/db/types.js';
import { allAgencyRefs } from '../../../agencies/published.js';

export const ListInput = Type.Object({
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

export function sortAndPage<T>(items: T[], input: { sort?: string; limit?: number; offset?: number }, key: { name: (t: T) => string; count: (t: T) => number; title: (t: T) => string }): T[] {
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

/** Every agency with its count of published datasets (callers keep those with datasets, or named ones). */
export async function organizations(ctx: { db: AnyDb }): Promise<Organization[]> {
  const counts = await opendataDb(ctx.db)
    .selectFrom('od_datasets')
    .select(['agency_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .groupBy('agency_id')
    .execute();
  const byAgency = new Map(counts.map((c) => [c.agency_id, Number(c.n)]));
  return (await allAgencyRefs(ctx.db)).map((a) => ({ ...a, packageCount: byAgency.get(a.id) ?? 0 }));
}

export interface Group {
  code: string;
  nameZh: string;
  nameEn: string;
  position: number;
  packageCount: number;
}

export async function groups(ctx: { db: any }): Promise<Group[]> {
  const categories = await listCategories(opendataDb(ctx.db));
  const counts: Array<{ category: string; n: number | string }> = await ctx.db
    .selectFrom('od_datasets')
    .select(['category', (eb: any) => eb.fn.countAll().as('n')])
    .where('status', '=', 'published')
    .groupBy('category')
    .execute();
  const byCode = new Map(counts.map((c) => [c.category, Number(c.n)]));
  return categories.map((c) => ({ ...c, packageCount: byCode.get(c.code) ?? 0 }));
}
