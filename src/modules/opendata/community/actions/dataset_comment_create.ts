import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { answersForAgency, mayCommentOn } from '../../policy.js';
import { loadDataset } from '../../catalog/actions/write.js';
import { signedIn } from '../../../../core/access.js';
import { COMMENT_MAX, plain } from './shared.js';
import { opendataDb } from '../../tables.js';
import { accountNamesByIds } from '../../../accounts/published.js';

async function authorName(ctx: ActionContext): Promise<string> {
  const user = (await accountNamesByIds(ctx.db, [ctx.actor!.userId])).get(ctx.actor!.userId);
  return (user?.nickname || user?.name || '—').slice(0, 100);
}

export const datasetCommentCreate = defineAction({
  name: 'dataset_comment_create',
  description: 'A signed-in user comments on a dataset; staff of the publishing agency answer as the agency.',
  input: Type.Object({ dataset_id: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ maxLength: COMMENT_MAX * 2 }), parent_id: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadDataset(ctx, input.dataset_id),
  policy: (ctx, _input, dataset) => mayCommentOn(ctx.actor, dataset),
  async run(ctx, input, dataset) {
    const body = plain(input.body, 'body', COMMENT_MAX);
    let parentId: string | null = null;
    if (input.parent_id) {
      const parent = await opendataDb(ctx.db).selectFrom('od_comments').select(['id', 'parent_id']).where('id', '=', input.parent_id).where('dataset_id', '=', dataset.id).executeTakeFirst();
      if (!parent) throw new AppError('NOT_FOUND', 'opendata.comment_not_found');
      parentId = parent.parent_id ?? parent.id;
    }
    const row = {
      id: newId(),
      dataset_id: dataset.id,
      author_id: ctx.actor!.userId,
      author_name: await authorName(ctx),
      body,
      is_agency_answer: answersForAgency(ctx.actor, dataset) ? 1 : 0,
      parent_id: parentId,
      created_at: ctx.clock.now().toISOString(),
      hidden_at: null,
      hidden_reason: null,
    };
    await opendataDb(ctx.db).insertInto('od_comments').values(row).execute();
    await ctx.audit({ action: 'dataset_comment_create', subjectType: 'dataset', subjectId: dataset.id, data: { commentId: row.id, agencyAnswer: row.is_agency_answer === 1 } });
    return { id: row.id, agencyAnswer: row.is_agency_answer === 1, datasetName: dataset.name };
  },
});
