// Community around datasets: comments (with answers from the publishing agency, marked as such,
// and moderator hiding with a public reason) and showcases of applications built on datasets,
// public only after a moderator approves them.
import type { ActionContext } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { userText } from '../../../../core/text.js';
import type { OdShowcasesTable } from '../../tables.js';
import { opendataDb } from '../../tables.js';

export const COMMENT_MAX = 2000;

export function plain(text: string, field: string, max: number): string {
  const cleaned = userText(text, field);
  if (!cleaned) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'validation.required' }]);
  if (cleaned.length > max) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'validation.max_length', params: { max } }]);
  return cleaned;
}

export interface CommentView {
  id: string;
  authorName: string;
  body: string | null;
  agencyAnswer: boolean;
  createdAt: string;
  hiddenReason: string | null;
  replies: CommentView[];
}

export function httpUrlOrError(raw: string, field: string): string {
  try {
    const url = new URL(raw.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    /* reported below */
  }
  throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'opendata.showcase.bad_url' }]);
}

export interface ShowcaseView extends Omit<OdShowcasesTable, 'image_url'> {
  imageKey: string | null;
  datasets: Array<{ id: string; name: string; title: string }>;
}

export async function withDatasets(ctx: Pick<ActionContext, 'db'>, rows: OdShowcasesTable[]): Promise<ShowcaseView[]> {
  if (rows.length === 0) return [];
  const links = await opendataDb(ctx.db)
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
