import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { notFound } from '../../../../core/errors.js';
import { signedIn } from '../../../../core/access.js';
import { idInput, mayKeepInventory } from './shared.js';
import { opendataDb } from '../../tables.js';

export const inventoryDelete = defineAction({
  name: 'inventory_delete',
  input: Type.Object({ id: idInput }, { additionalProperties: false }),
  caller: signedIn,
  async policy(ctx, input) {
    const item = await opendataDb(ctx.db).selectFrom('od_inventory_items').select('agency_id').where('id', '=', input.id).executeTakeFirst();
    if (!item) return ctx.actor?.agencyId != null || ctx.actor?.role === 'platform_admin';
    return mayKeepInventory(ctx.actor, item.agency_id);
  },
  async run(ctx, input) {
    const item = await opendataDb(ctx.db).selectFrom('od_inventory_items').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!item) throw notFound('opendata.inventory.not_found');
    await opendataDb(ctx.db).deleteFrom('od_inventory_items').where('id', '=', input.id).execute();
    await ctx.audit({ action: 'inventory_delete', subjectType: 'inventory_item', subjectId: input.id, data: { agencyId: item.agency_id, name: item.name } });
    return { id: input.id };
  },
});
