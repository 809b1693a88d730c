import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { notFound } from '../../../../core/errors.js';
import { inventoryKeeper, mayKeepInventory } from '../../policy.js';
import { idInput } from './shared.js';
import { opendataDb } from '../../tables.js';

export const inventoryDelete = defineAction({
  name: 'inventory_delete',
  input: Type.Object({ id: idInput }, { additionalProperties: false }),
  caller: inventoryKeeper,
  async load(ctx, input) {
    const item = await opendataDb(ctx.db).selectFrom('od_inventory_items').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!item) throw notFound('opendata.inventory.not_found');
    return item;
  },
  policy: (ctx, _input, item) => mayKeepInventory(ctx.actor, item.agency_id),
  async run(ctx, input, item) {
    await opendataDb(ctx.db).deleteFrom('od_inventory_items').where('id', '=', input.id).execute();
    await ctx.audit({ action: 'inventory_delete', subjectType: 'inventory_item', subjectId: input.id, data: { agencyId: item.agency_id, name: item.name } });
    return { id: input.id };
  },
});
