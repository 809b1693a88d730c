import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { publisher } from '../../policy.js';
import { opendataDb } from '../../tables.js';

export const packageListForStaff = defineAction({
  name: 'package_list_for_staff',
  description: 'Datasets of the actor\'s agency in every state but deleted (all agencies for platform admins).',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: publisher,
  async run(ctx) {
    let query = opendataDb(ctx.db).selectFrom('od_datasets').select(['id', 'name', 'title', 'status', 'modified_at', 'agency_id']).where('status', '!=', 'deleted');
    if (ctx.actor!.role !== 'platform_admin') query = query.where('agency_id', '=', ctx.actor!.agencyId!);
    return query.orderBy('modified_at', 'desc').limit(500).execute();
  },
});
