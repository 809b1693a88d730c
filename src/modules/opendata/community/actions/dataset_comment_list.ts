import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { mayReadDataset } from '../../policy.js';
import { loadDataset } from '../../catalog/actions/write.js';
import { anyone } from '../../../../core/access.js';
import type { CommentView } from './shared.js';
import { opendataDb } from '../../tables.js';

export const datasetCommentList = defineAction({
  name: 'dataset_comment_list',
  description: 'A dataset\'s comments, answers nested under them; hidden ones keep only the reason.',
  input: Type.Object({ dataset_id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadDataset(ctx, input.dataset_id),
  policy: (ctx, _input, dataset) => mayReadDataset(ctx.actor, dataset),
  async run(ctx, _input, dataset) {
    const rows = await opendataDb(ctx.db).selectFrom('od_comments').selectAll().where('dataset_id', '=', dataset.id).orderBy('created_at').orderBy('id').limit(1000).execute();
    const view = (r: (typeof rows)[number]): CommentView => ({
      id: r.id,
      authorName: r.author_name,
      body: r.hidden_at ? null : r.body,
      agencyAnswer: Number(r.is_agency_answer) === 1,
      createdAt: r.created_at,
      hiddenReason: r.hidden_at ? (r.hidden_reason ?? '') : null,
      replies: [],
    });
    const top = rows.filter((r) => !r.parent_id).map(view);
    const byId = new Map(top.map((c) => [c.id, c]));
    for (const r of rows) if (r.parent_id) byId.get(r.parent_id)?.replies.push(view(r));
    return top;
  },
});
