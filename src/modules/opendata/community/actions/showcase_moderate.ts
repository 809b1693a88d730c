import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { moderator } from '../../../../core/access.js';
import { opendataDb } from '../../tables.js';

export const showcaseModerate = defineAction({
  name: 'showcase_moderate',
  description: 'A moderator approves or rejects a submitted showcase.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
  caller: moderator,
  async load(ctx, input) {
    const row = await opendataDb(ctx.db).selectFrom('od_showcases').select(['id', 'status']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'opendata.showcase.not_found');
    return row;
  },
  async run(ctx, input, row) {
    await opendataDb(ctx.db)
      .updateTable('od_showcases')
      .set({ status: input.decision, moderation_note: input.note?.trim() || null, moderated_at: ctx.clock.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({ action: `showcase_${input.decision === 'approved' ? 'approve' : 'reject'}`, subjectType: 'showcase', subjectId: row.id, data: { from: row.status, note: input.note ?? null } });
    return { id: row.id, status: input.decision };
  },
});
