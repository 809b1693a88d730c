// Community around datasets: comments (with answers from the publishing agency, marked as such,
// and moderator hiding with a public reason) and showcases of applications built on datasets,
// public only after a moderator approves them.
import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../../core/action.js';
import { isAgencyMember, isModerator } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { userText } from '../../../../core/text.js';
import { canSeeDataset } from '../../policy.js';
import type { OdShowcasesTable } from '../../tables.js';
import { loadDataset } from '../../catalog/actions/write.js';
import { adoptUpload } from '../../storage.js';
import { anyone, moderator, signedIn } from '../../../../core/access.js';
import { publisher } from '../../policy.js';

export const COMMENT_MAX = 2000;

async function authorName(ctx: ActionContext): Promise<string> {
  const user = await ctx.db.selectFrom('users').select(['nickname', 'name']).where('id', '=', ctx.actor!.userId).executeTakeFirst();
  return (user?.nickname || user?.name || '—').slice(0, 100);
}

function plain(text: string, field: string, max: number): string {
  const cleaned = userText(text, field);
  if (!cleaned) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'validation.required' }]);
  if (cleaned.length > max) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'validation.max_length', params: { max } }]);
  return cleaned;
}

export const datasetCommentCreate = defineAction({
  name: 'dataset_comment_create',
  description: 'A signed-in user comments on a dataset; staff of the publishing agency answer as the agency.',
  input: Type.Object({ dataset_id: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ maxLength: COMMENT_MAX * 2 }), parent_id: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
  caller: signedIn,
  async run(ctx, input) {
    const dataset = await loadDataset(ctx, input.dataset_id);
    if (!canSeeDataset(ctx.actor, dataset) || dataset.status !== 'published') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    const body = plain(input.body, 'body', COMMENT_MAX);
    let parentId: string | null = null;
    if (input.parent_id) {
      const parent = await ctx.db.selectFrom('od_comments').select(['id', 'parent_id']).where('id', '=', input.parent_id).where('dataset_id', '=', dataset.id).executeTakeFirst();
      if (!parent) throw new AppError('NOT_FOUND', 'opendata.comment_not_found');
      parentId = parent.parent_id ?? parent.id;
    }
    const row = {
      id: newId(),
      dataset_id: dataset.id,
      author_id: ctx.actor!.userId,
      author_name: await authorName(ctx),
      body,
      is_agency_answer: isAgencyMember(ctx.actor, dataset.agency.id) ? 1 : 0,
      parent_id: parentId,
      created_at: ctx.clock.now().toISOString(),
      hidden_at: null,
      hidden_reason: null,
    };
    await ctx.db.insertInto('od_comments').values(row).execute();
    await ctx.audit({ action: 'dataset_comment_create', subjectType: 'dataset', subjectId: dataset.id, data: { commentId: row.id, agencyAnswer: row.is_agency_answer === 1 } });
    return { id: row.id, agencyAnswer: row.is_agency_answer === 1, datasetName: dataset.name };
  },
});

export const datasetCommentHide = defineAction({
  name: 'dataset_comment_hide',
  description: 'A moderator hides a comment, with a public reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  caller: moderator,
  async run(ctx, input) {
    const reason = plain(input.reason, 'reason', 500);
    const comment = await ctx.db.selectFrom('od_comments').select(['id', 'dataset_id']).where('id', '=', input.id).executeTakeFirst();
    if (!comment) throw new AppError('NOT_FOUND', 'opendata.comment_not_found');
    await ctx.db.updateTable('od_comments').set({ hidden_at: ctx.clock.now().toISOString(), hidden_reason: reason }).where('id', '=', comment.id).execute();
    await ctx.audit({ action: 'dataset_comment_hide', subjectType: 'dataset', subjectId: comment.dataset_id, data: { commentId: comment.id, reason } });
    const dataset = await loadDataset(ctx, comment.dataset_id);
    return { id: comment.id, datasetName: dataset.name };
  },
});

export interface CommentView {
  id: string;
  authorName: string;
  body: string | null;
  agencyAnswer: boolean;
  createdAt: string;
  hiddenReason: string | null;
  replies: CommentView[];
}

export const datasetCommentList = defineAction({
  name: 'dataset_comment_list',
  description: 'A dataset\'s comments, answers nested under them; hidden ones keep only the reason.',
  input: Type.Object({ dataset_id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const dataset = await loadDataset(ctx, input.dataset_id);
    if (!canSeeDataset(ctx.actor, dataset)) throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    const rows = await ctx.db.selectFrom('od_comments').selectAll().where('dataset_id', '=', dataset.id).orderBy('created_at').orderBy('id').limit(1000).execute();
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

const HttpUrl = Type.String({ minLength: 1, maxLength: 2000 });

export function httpUrlOrError(raw: string, field: string): string {
  try {
    const url = new URL(raw.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    /* reported below */
  }
  throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'opendata.showcase.bad_url' }]);
}

export const showcaseCreate = defineAction({
  name: 'showcase_create',
  description: 'A signed-in user submits an application built on datasets; shown after moderation.',
  input: Type.Object(
    {
      title: Type.String({ minLength: 1, maxLength: 200 }),
      url: HttpUrl,
      description: Type.String({ minLength: 1, maxLength: 5000 }),
      image_key: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      datasets: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
  caller: signedIn,
  async run(ctx, input) {
    const title = plain(input.title, 'title', 200);
    const description = plain(input.description, 'description', 5000);
    const url = httpUrlOrError(input.url, 'url');
    const datasetIds: string[] = [];
    for (const ref of input.datasets) {
      const d = await loadDataset(ctx, ref.trim()).catch(() => null);
      if (!d || d.status !== 'published') throw new AppError('INVALID', 'error.invalid_input', [{ field: 'datasets', message: 'opendata.showcase.unknown_dataset', params: { name: ref } }]);
      if (!datasetIds.includes(d.id)) datasetIds.push(d.id);
    }
    if (input.image_key) await adoptUpload(ctx, input.image_key, 'image');
    const id = newId();
    await ctx.db
      .insertInto('od_showcases')
      .values({ id, title, url, description, image_url: input.image_key ?? null, author_id: ctx.actor!.userId, status: 'pending', moderation_note: null, created_at: ctx.clock.now().toISOString(), moderated_at: null })
      .execute();
    await ctx.db.insertInto('od_showcase_datasets').values(datasetIds.map((dataset_id) => ({ showcase_id: id, dataset_id }))).execute();
    await ctx.audit({ action: 'showcase_create', subjectType: 'showcase', subjectId: id, data: { title } });
    return { id };
  },
});

export const showcaseModerate = defineAction({
  name: 'showcase_moderate',
  description: 'A moderator approves or rejects a submitted showcase.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
  caller: moderator,
  async run(ctx, input) {
    const row = await ctx.db.selectFrom('od_showcases').select(['id', 'status']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'opendata.showcase.not_found');
    await ctx.db
      .updateTable('od_showcases')
      .set({ status: input.decision, moderation_note: input.note?.trim() || null, moderated_at: ctx.clock.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({ action: `showcase_${input.decision === 'approved' ? 'approve' : 'reject'}`, subjectType: 'showcase', subjectId: row.id, data: { from: row.status, note: input.note ?? null } });
    return { id: row.id, status: input.decision };
  },
});

export interface ShowcaseView extends Omit<OdShowcasesTable, 'image_url'> {
  imageKey: string | null;
  datasets: Array<{ id: string; name: string; title: string }>;
}

async function withDatasets(ctx: Pick<ActionContext, 'db'>, rows: OdShowcasesTable[]): Promise<ShowcaseView[]> {
  if (rows.length === 0) return [];
  const links = await ctx.db
    .selectFrom('od_showcase_datasets')
    .innerJoin('od_datasets', 'od_datasets.id', 'od_showcase_datasets.dataset_id')
    .select(['od_showcase_datasets.showcase_id', 'od_datasets.id', 'od_datasets.name', 'od_datasets.title', 'od_datasets.status'])
    .where('od_showcase_datasets.showcase_id', 'in', rows.map((r) => r.id))
    .execute();
  return rows.map(({ image_url, ...r }) => ({
    ...r,
    imageKey: image_url,
    datasets: links.filter((l) => l.showcase_id === r.id && l.status === 'published').map((l) => ({ id: l.id, name: l.name, title: l.title })),
  }));
}

export const showcaseShow = defineAction({
  name: 'showcase_show',
  description: 'One showcase: approved ones for everyone, others for their author and moderators.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const row = await ctx.db.selectFrom('od_showcases').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row || (row.status !== 'approved' && !isModerator(ctx.actor) && row.author_id !== ctx.actor?.userId)) throw new AppError('NOT_FOUND', 'opendata.showcase.not_found');
    return (await withDatasets(ctx, [row]))[0]!;
  },
});

export const showcaseList = defineAction({
  name: 'showcase_list',
  description: 'Approved showcases (optionally of one dataset); the pending queue for moderators.',
  input: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('pending')])), dataset_id: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  policy: (ctx, input) => (input as { status?: string }).status !== 'pending' || isModerator(ctx.actor),
  async run(ctx, input) {
    let query = ctx.db.selectFrom('od_showcases').selectAll().where('status', '=', input.status ?? 'approved');
    if (input.dataset_id) {
      const datasetId = input.dataset_id;
      query = query.where('id', 'in', (eb) => eb.selectFrom('od_showcase_datasets').select('showcase_id').where('dataset_id', '=', datasetId));
    }
    const rows = await query.orderBy(input.status === 'pending' ? 'created_at' : 'moderated_at', input.status === 'pending' ? 'asc' : 'desc').limit(200).execute();
    return withDatasets(ctx, rows);
  },
});

export const packageTombstone = defineAction({
  name: 'package_tombstone',
  description: 'What the public may know of an unpublished dataset: its title and the reason.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const d = await loadDataset(ctx, input.id);
    if (d.status !== 'unpublished') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
    return { name: d.name, title: d.title, reason: d.unpublish_reason ?? '', agency: d.agency };
  },
});

export const packageListForStaff = defineAction({
  name: 'package_list_for_staff',
  description: 'Datasets of the actor\'s agency in every state but deleted (all agencies for platform admins).',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: publisher,
  async run(ctx) {
    let query = ctx.db.selectFrom('od_datasets').select(['id', 'name', 'title', 'status', 'modified_at', 'agency_id']).where('status', '!=', 'deleted');
    if (ctx.actor!.role !== 'platform_admin') query = query.where('agency_id', '=', ctx.actor!.agencyId!);
    return query.orderBy('modified_at', 'desc').limit(500).execute();
  },
});
