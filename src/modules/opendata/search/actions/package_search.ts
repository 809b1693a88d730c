// package_search: full text + fq filters + facets + sorting + paging (see ../search.ts).
import { anyone, defineAction } from '../../../../core/action.js';
import { t } from '../../../../core/i18n/index.js';
import { agencyList } from '../../../agencies/manifest.js';
import { licenseById } from '../../model.js';
import { datasetsByIds, listCategories } from '../../queries.js';
import { SearchInput } from '../../schemas.js';
import { searchCatalog } from '../search.js';
import { opendataDb } from '../../tables.js';

export interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}

export const packageSearch = defineAction({
  name: 'package_search',
  description: 'Searches datasets (q, fq, sort, rows, start, facet.field, facet.limit, include_private).',
  input: SearchInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const rows = input.rows ?? 10;
    const result = await searchCatalog(ctx.services, {
      q: input.q,
      fq: input.fq,
      sort: input.sort,
      rows,
      start: input.start ?? 0,
      facetFields: input.facet === false ? [] : (input['facet.field'] ?? []),
      facetLimit: input['facet.limit'] ?? 50,
      facetMinCount: input['facet.mincount'] ?? 1,
      includePrivate: input.include_private ?? false,
      actor: ctx.actor,
    });
    const results = await datasetsByIds(opendataDb(ctx.services.db), result.ids);
    const facets: Record<string, FacetItem[]> = {};
    const names = await facetNames(ctx, Object.keys(result.facets));
    for (const [field, items] of Object.entries(result.facets)) {
      facets[field] = items.map((i) => ({ name: i.value, display_name: names(field, i.value), count: i.count }));
    }
    return { count: result.count, sort: result.sort, results, facets };
  },
});

type Ctx = Parameters<typeof packageSearch.run>[0];

/** Display names for facet values in the request's language. */
export async function facetNames(ctx: Pick<Ctx, 'db' | 'request' | 'call'>, fields: string[]): Promise<(field: string, value: string) => string> {
  const en = ctx.request.locale === 'en';
  const agencies = fields.includes('organization') ? new Map((await ctx.call(agencyList, {})).map((a) => [a.code, en ? a.nameEn : a.nameZh])) : new Map<string, string>();
  const categories = fields.includes('groups') ? new Map((await listCategories(opendataDb(ctx.db))).map((c) => [c.code, en ? c.nameEn : c.nameZh])) : new Map<string, string>();
  return (field, value) => {
    switch (field) {
      case 'organization':
        return agencies.get(value) ?? value;
      case 'groups':
        return categories.get(value) ?? value;
      case 'license_id': {
        const license = licenseById(value);
        return license ? (en ? license.titleEn : license.titleZh) : value;
      }
      case 'provision_type':
      case 'update_frequency':
      case 'quality_mark':
        return t(ctx.request.locale, `opendata.${field}.${value}`);
      default:
        return value;
    }
  };
}
