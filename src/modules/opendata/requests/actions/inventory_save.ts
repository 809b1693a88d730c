import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { notFound, type FieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { findAgencyRef, findDatasetRow } from '../../queries.js';
import { isLegalReason } from '../requests.js';
import { inventoryKeeper, mayKeepInventory } from '../../policy.js';
import { TEXT_MAX, literals, idInput, fail, requiredText, optionalText } from './shared.js';
import { opendataDb } from '../../tables.js';

export const inventorySave = defineAction({
  name: 'inventory_save',
  input: Type.Object(
    {
      agency: Type.String({ minLength: 1, maxLength: 100 }),
      id: Type.Optional(idInput),
      name: Type.String({ maxLength: 400 }),
      description: Type.String({ maxLength: TEXT_MAX * 2 }),
      openness: literals(['open', 'not_open'] as const),
      legal_reason: Type.Optional(Type.String({ maxLength: 50 })),
      legal_note: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
      dataset: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  caller: inventoryKeeper,
  load: (ctx, input) => findAgencyRef(opendataDb(ctx.db), input.agency),
  // An unknown agency is refused like another agency's list.
  policy: (ctx, _input, agency) => mayKeepInventory(ctx.actor, agency?.id),
  async run(ctx, input, found) {
    const agency = found!;
    const errors: FieldError[] = [];
    const name = requiredText(input.name, 'name', 200, errors);
    const description = requiredText(input.description, 'description', TEXT_MAX, errors);
    const open = input.openness === 'open';
    let legalReason: string | null = null;
    let legalNote: string | null = null;
    let datasetId: string | null = null;
    if (open) {
      const ref = input.dataset?.trim() ?? '';
      const dataset = ref ? await findDatasetRow(opendataDb(ctx.db), ref) : undefined;
      if (!ref) errors.push({ field: 'dataset', message: 'opendata.inventory.dataset_required' });
      else if (!dataset || dataset.agency_id !== agency.id || dataset.status !== 'published') errors.push({ field: 'dataset', message: 'opendata.inventory.unknown_dataset' });
      else datasetId = dataset.id;
    } else {
      legalReason = input.legal_reason?.trim() ?? '';
      if (!isLegalReason(legalReason)) errors.push({ field: 'legal_reason', message: 'opendata.requests.legal_reason_required' });
      legalNote = optionalText(input.legal_note, 'legal_note', TEXT_MAX, errors);
    }
    if (errors.length > 0) fail(errors);
    const now = ctx.clock.now().toISOString();
    const values = { name, description, is_open: open ? 1 : 0, legal_reason: legalReason, legal_note: legalNote, dataset_id: datasetId, updated_at: now };
    let id = input.id;
    if (id) {
      const result = await opendataDb(ctx.db).updateTable('od_inventory_items').set(values).where('id', '=', id).where('agency_id', '=', agency.id).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw notFound('opendata.inventory.not_found');
    } else {
      id = newId();
      await opendataDb(ctx.db).insertInto('od_inventory_items').values({ id, agency_id: agency.id, created_at: now, ...values }).execute();
    }
    await ctx.audit({ action: input.id ? 'inventory_update' : 'inventory_create', subjectType: 'inventory_item', subjectId: id, data: { agencyId: agency.id, name, open, legalReason, datasetId } });
    return { id };
  },
});
