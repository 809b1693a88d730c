import { Type } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../../core/action.js';
import { notFound } from '../../../../core/errors.js';
import { findAgencyRef, type AgencyRef } from '../../queries.js';
import type { InventoryItem } from './shared.js';
import { opendataDb } from '../../tables.js';
import { agencyRefsByIds } from '../../../agencies/published.js';

function inventoryQuery(ctx: ActionContext) {
  return opendataDb(ctx.db)
    .selectFrom('od_inventory_items as i')
    .leftJoin('od_datasets as d', 'd.id', 'i.dataset_id')
    .selectAll('i')
    .select(['d.name as dataset_name', 'd.title as dataset_title', 'd.identifier as dataset_identifier'])
    .orderBy('i.name')
    .orderBy('i.id');
}

type InventoryRow = Awaited<ReturnType<ReturnType<typeof inventoryQuery>['execute']>>[number];

function inventoryItemOf(r: InventoryRow, agency: AgencyRef): InventoryItem {
  return {
    id: r.id,
    agency,
    name: r.name,
    description: r.description,
    open: Number(r.is_open) === 1,
    legalReason: r.legal_reason,
    legalNote: r.legal_note,
    dataset: r.dataset_name ? { name: r.dataset_name, title: r.dataset_title ?? r.dataset_name, identifier: r.dataset_identifier ?? '' } : null,
    updatedAt: r.updated_at,
  };
}

/** Items by agency code, then name and id as the query ordered them (every item names an existing agency: a foreign key). */
async function inventoryItems(ctx: ActionContext, rows: InventoryRow[]): Promise<InventoryItem[]> {
  const agencies = await agencyRefsByIds(ctx.db, rows.map((r) => r.agency_id));
  const items = rows.map((r) => inventoryItemOf(r, agencies.get(r.agency_id)!));
  // Array sort is stable; codes compare by code unit, as in the database's binary (C) order.
  return items.sort((a, b) => (a.agency.code < b.agency.code ? -1 : a.agency.code > b.agency.code ? 1 : 0));
}

export const inventoryList = defineAction({
  name: 'inventory_list',
  sideEffectFree: true,
  input: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }),
  caller: anyone,
  /** The agency asked for (null: every agency's items). */
  async load(ctx, input): Promise<AgencyRef | null> {
    if (input.agency === undefined) return null;
    const agency = await findAgencyRef(opendataDb(ctx.db), input.agency);
    if (!agency) throw notFound('opendata.organization_not_found');
    return agency;
  },
  async run(ctx, _input, agency) {
    const query = agency ? inventoryQuery(ctx).where('i.agency_id', '=', agency.id) : inventoryQuery(ctx);
    return { agency, items: await inventoryItems(ctx, await query.execute()) };
  },
});
