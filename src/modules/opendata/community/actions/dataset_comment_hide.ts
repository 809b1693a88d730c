import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { loadDataset } from '../../catalog/actions/write.js';
import { moderator } from '../../../../core/access.js';
import { plain } from './shared.js';
import { opendataDb } from '../../tables.js';

export const datasetCommentHide = defineAction({
  name: 'dataset_comment_hide',
  description: 'A moderator hides a comment, with a public reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  caller: moderator,
  async load(ctx, input) {
    const comment = await opendataDb(ctx.db).selectFrom('od_comments').select(['id', 'dataset_id']).where('id', '=', input.id).executeTakeFirst();
    if (!comment) throw new AppError('NOT_FOUND', 'opendata.comment_not_found');
    return comment;
  },
  async run(ctx, input, comment) {
    const reason = plain(input.reason, 'reason', 500);
    await opendataDb(ctx.db).updateTable('od_comments').set({ hidden_at: ctx.clock.now().toISOString(), hidden_reason: reason }).where('id', '=', comment.id).execute();
    await ctx.audit({ action: 'dataset_comment_hide', subjectType: 'dataset', subjectId: comment.dataset_id, data: { commentId: comment.id, reason } });
    const dataset = await loadDataset(ctx, comment.dataset_id);
    return { id: comment.id, datasetName: dataset.name };
  },
});
