import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../../core/action.js';
import { notFound } from '../../../../core/errors.js';
import { findAgencyRef, type AgencyRef } from '../../queries.js';
import type { InventoryItem } from './shared.js';
import { opendataDb } from '../../tables.js';

function inventoryQuery(ctx: ActionContext) {
  return opendataDb(ctx.db)
    .selectFrom('od_inventory_items as i')
    .innerJoin('agencies as a', 'a.id', 'i.agency_id')
    .leftJoin('od_datasets as d', 'd.id', 'i.dataset_id')
    .selectAll('i')
    .select(['a.code as agency_code', 'a.name_zh as agency_name_zh', 'a.name_en as agency_name_en', 'd.name as dataset_name', 'd.title as dataset_title', 'd.identifier as dataset_identifier'])
    .orderBy('a.code')
    .orderBy('i.name')
    .orderBy('i.id');
}

type InventoryRow = Awaited<ReturnType<ReturnType<typeof inventoryQuery>['execute']>>[number];

function inventoryItemOf(r: InventoryRow): InventoryItem {
  return {
    id: r.id,
    agency: { id: r.agency_id, code: r.agency_code, nameZh: r.agency_name_zh, nameEn: r.agency_name_en },
    name: r.name,
    description: r.description,
    open: Number(r.is_open) === 1,
    legalReason: r.legal_reason,
    legalNote: r.legal_note,
    dataset: r.dataset_name ? { name: r.dataset_name, title: r.dataset_title ?? r.dataset_name, identifier: r.dataset_identifier ?? '' } : null,
    updatedAt: r.updated_at,
  };
}

export const inventoryList = defineAction({
  name: 'inventory_list',
  sideEffectFree: true,
  input: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }),
  caller: anyone,
  async run(ctx, input) {
    let agency: AgencyRef | null = null;
    let query = inventoryQuery(ctx);
    if (input.agency !== undefined) {
      agency = (await findAgencyRef(opendataDb(ctx.db), input.agency)) ?? null;
      if (!agency) throw notFound('opendata.organization_not_found');
      query = query.where('i.agency_id', '=', agency.id);
    }
    return { agency, items: (await query.execute()).map(inventoryItemOf) };
  },
});
