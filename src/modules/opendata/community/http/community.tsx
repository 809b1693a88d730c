// Community pages: comments on a dataset (agency answers marked, moderator hiding with a reason) and
// showcases of applications built on datasets (submission, moderation queue, public pages).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isModerator } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { formInput, runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DateText, ErrorSummary, Field, FileField, HiddenFields, PaginatedList, PostForm, SubmitButton, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { COMMENT_MAX, type CommentView, type ShowcaseView } from '../actions/shared.js';
import { datasetCommentCreate } from '../actions/dataset_comment_create.js';
import { datasetCommentHide } from '../actions/dataset_comment_hide.js';
import { showcaseCreate } from '../actions/showcase_create.js';
import { showcaseList } from '../actions/showcase_list.js';
import { showcaseModerate } from '../actions/showcase_moderate.js';
import { showcaseShow } from '../actions/showcase_show.js';
import { packageShow } from '../../catalog/actions/package_show.js';
import type { Dataset } from '../../queries.js';
import { signatureMediaType, sniffSignature } from '../../../../core/file-type.js';
import { discardStagedUpload, readUpload, stageUpload } from '../../storage.js';
import { fileOf, registerMultipartParser, textOf } from '../../../../http/multipart.js';
import { datasetHref, safeHref } from '../../http/shared.js';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** The image type by its first bytes (PNG, JPEG, WebP), whatever the file name or declared type says. */
export function imageTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  const signature = sniffSignature(bytes);
  return signature === 'png' || signature === 'jpeg' || signature === 'webp' ? (signatureMediaType[signature] as `image/${typeof signature}`) : null;
}

const showcaseHref = (id: string) => `/showcases/${encodeURIComponent(id)}`;

function requireSignedIn(request: FastifyRequest): void {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
}

function failure(error: unknown, values: Record<string, unknown>): { status: number; state: FormState } {
  if (error instanceof AppError && error.fields.length > 0 && (error.code === 'INVALID' || error.code === 'CONFLICT')) {
    return { status: error.status, state: { values, errors: error.fields.map((f) => (f.field.startsWith('datasets') ? { ...f, field: 'datasets' } : f)) } };
  }
  throw error;
}

/** Plain text with its line breaks kept (escaped like all text). */
function Lines({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, i) => (
        <>
          {i > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

function CommentForm({ ctx, d, state, parentId }: { ctx: PageContext; d: Pick<Dataset, 'name'>; state?: FormState; parentId?: string }) {
  const name = parentId ? `body-${parentId}` : 'body';
  const formState = state && parentId ? { values: { [name]: state.values.body }, errors: state.errors.map((e) => ({ ...e, field: e.field === 'body' ? name : e.field })) } : state;
  return (
    <PostForm ctx={ctx} action={`${datasetHref(d)}/comments`} large noValidate>
      <HiddenFields values={{ parent_id: parentId }} />
      <Field ctx={ctx} state={formState} name={name} label={ctx.t(parentId ? 'opendata.comments.reply_label' : 'opendata.comments.label')} hint={ctx.t('opendata.comments.hint', { max: COMMENT_MAX })} required multiline maxLength={COMMENT_MAX} />
      <SubmitButton>{ctx.t(parentId ? 'opendata.comments.reply' : 'opendata.comments.submit')}</SubmitButton>
    </PostForm>
  );
}

function CommentItem({ ctx, d, c, canAnswer }: { ctx: PageContext; d: Pick<Dataset, 'name'>; c: CommentView; canAnswer?: boolean }) {
  return (
    <li class={`margin-bottom-2${c.agencyAnswer ? ' border-left-05 border-primary padding-left-2' : ''}`} id={`comment-${c.id}`}>
      <p class="margin-bottom-05">
        <strong>{c.authorName}</strong>
        {c.agencyAnswer && (
          <>
            {' '}
            <span class="usa-tag bg-primary">{ctx.t('opendata.comments.agency_answer')}</span>
          </>
        )}{' '}
        · <DateText ctx={ctx} value={c.createdAt} withTime />
      </p>
      {c.hiddenReason !== null ? (
        <p class="text-italic">{ctx.t('opendata.comments.hidden', { reason: c.hiddenReason })}</p>
      ) : (
        <p class="margin-top-0">
          <Lines text={c.body ?? ''} />
        </p>
      )}
      {isModerator(ctx.actor) && c.hiddenReason === null && (
        <p>
          <a href={`${datasetHref(d)}/comments/${c.id}/hide`}>{ctx.t('opendata.comments.hide')}</a>
        </p>
      )}
      {c.replies.length > 0 && (
        <ul class="usa-list usa-list--unstyled margin-left-4">
          {c.replies.map((r) => (
            <CommentItem ctx={ctx} d={d} c={r} />
          ))}
        </ul>
      )}
      {canAnswer && (
        <details>
          <summary>{ctx.t('opendata.comments.answer')}</summary>
          <CommentForm ctx={ctx} d={d} parentId={c.id} />
        </details>
      )}
    </li>
  );
}

/** The dataset page's comments and showcases. */
export function CommunitySections({ ctx, d, comments, showcases, canAnswer }: { ctx: PageContext; d: Dataset; comments: CommentView[]; showcases: ShowcaseView[]; canAnswer: boolean }) {
  return (
    <>
      <section aria-labelledby="showcases-heading">
        <h2 id="showcases-heading">{ctx.t('opendata.showcase.heading')}</h2>
        {showcases.length === 0 ? (
          <p>{ctx.t('opendata.showcase.none_for_dataset')}</p>
        ) : (
          <ul class="usa-list">
            {showcases.map((s) => (
              <li>
                <a href={showcaseHref(s.id)}>{s.title}</a>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={`/showcases/new?dataset=${encodeURIComponent(d.name)}`}>{ctx.t('opendata.showcase.submit_link')}</a>
        </p>
      </section>
      <section aria-labelledby="comments-heading">
        <h2 id="comments-heading">{ctx.t('opendata.comments.heading')}</h2>
        {comments.length === 0 ? (
          <p>{ctx.t('opendata.comments.none')}</p>
        ) : (
          <ul class="usa-list usa-list--unstyled">
            {comments.map((c) => (
              <CommentItem ctx={ctx} d={d} c={c} canAnswer={canAnswer} />
            ))}
          </ul>
        )}
        {d.status !== 'published' ? null : ctx.actor ? (
          <CommentForm ctx={ctx} d={d} />
        ) : (
          <p>
            <a href={`/signin?next=${encodeURIComponent(datasetHref(d))}`}>{ctx.t('opendata.comments.sign_in')}</a>
          </p>
        )}
      </section>
    </>
  );
}

function CommentErrorPage({ ctx, d, state, parentId }: { ctx: PageContext; d: Dataset; state: FormState; parentId?: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.comments.heading')} breadcrumbs={[{ href: datasetHref(d), label: d.title }, { label: ctx.t('opendata.comments.heading') }]}>
      <h1>{ctx.t('opendata.comments.heading')}</h1>
      <ErrorSummary ctx={ctx} state={{ ...state, errors: state.errors.map((e) => ({ ...e, field: parentId && e.field === 'body' ? `body-${parentId}` : e.field })) }} />
      <CommentForm ctx={ctx} d={d} state={state} parentId={parentId} />
    </Layout>
  );
}

function HidePage({ ctx, d, commentId, state }: { ctx: PageContext; d: Dataset; commentId: string; state: FormState }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.comments.hide')} breadcrumbs={[{ href: datasetHref(d), label: d.title }, { label: ctx.t('opendata.comments.hide') }]}>
      <h1>{ctx.t('opendata.comments.hide')}</h1>
      <PostForm ctx={ctx} action={`${datasetHref(d)}/comments/${commentId}/hide`} noValidate state={state}>
        <Field ctx={ctx} state={state} name="reason" label={ctx.t('opendata.comments.hide_reason')} hint={ctx.t('opendata.comments.hide_hint')} required multiline maxLength={500} />
        <SubmitButton>{ctx.t('opendata.comments.hide')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

function ShowcaseCard({ s }: { s: ShowcaseView }) {
  return (
    <li class="usa-card tablet:grid-col-4">
      <div class="usa-card__container">
        <div class="usa-card__header">
          <h2 class="usa-card__heading">
            <a href={showcaseHref(s.id)}>{s.title}</a>
          </h2>
        </div>
        {s.imageKey && (
          <div class="usa-card__media">
            <div class="usa-card__img">
              <img src={`${showcaseHref(s.id)}/image`} alt="" />
            </div>
          </div>
        )}
        <div class="usa-card__body">
          <p>{s.description.length > 140 ? `${s.description.slice(0, 140)}…` : s.description}</p>
        </div>
      </div>
    </li>
  );
}

function ShowcasesPage({ ctx, items }: { ctx: PageContext; items: ShowcaseView[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.showcase.title')} breadcrumbs={[{ href: '/datasets', label: ctx.t('opendata.search.title') }, { label: ctx.t('opendata.showcase.title') }]}>
      <h1>{ctx.t('opendata.showcase.title')}</h1>
      <p>
        <a class="usa-button" href="/showcases/new">
          {ctx.t('opendata.showcase.submit_link')}
        </a>
      </p>
      <PaginatedList ctx={ctx} total={items.length} emptyMessage={ctx.t('opendata.showcase.none')}>
        <ul class="usa-card-group">
          {items.map((s) => (
            <ShowcaseCard s={s} />
          ))}
        </ul>
      </PaginatedList>
    </Layout>
  );
}

function ShowcasePage({ ctx, s }: { ctx: PageContext; s: ShowcaseView }) {
  const link = safeHref(s.url);
  return (
    <Layout ctx={ctx} title={s.title} breadcrumbs={[{ href: '/showcases', label: ctx.t('opendata.showcase.title') }, { label: s.title }]}>
      <h1>{s.title}</h1>
      {s.status !== 'approved' && (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t(`opendata.showcase.status.${s.status}`)}</p>
          </div>
        </div>
      )}
      {s.imageKey && <img class="maxw-tablet" src={`${showcaseHref(s.id)}/image`} alt={ctx.t('opendata.showcase.image_alt', { title: s.title })} />}
      <p>
        <Lines text={s.description} />
      </p>
      {link && (
        <p>
          <a class="usa-link usa-link--external" href={link} rel="noopener nofollow ugc">
            {ctx.t('opendata.showcase.visit')}
          </a>
        </p>
      )}
      <h2>{ctx.t('opendata.showcase.datasets_used')}</h2>
      <ul class="usa-list">
        {s.datasets.map((d) => (
          <li>
            <a href={datasetHref(d)}>{d.title}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function SubmitPage({ ctx, state }: { ctx: PageContext; state: FormState }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.showcase.submit_title')} breadcrumbs={[{ href: '/showcases', label: ctx.t('opendata.showcase.title') }, { label: ctx.t('opendata.showcase.submit_title') }]}>
      <h1>{ctx.t('opendata.showcase.submit_title')}</h1>
      <p>{ctx.t('opendata.showcase.moderation_note')}</p>
      <PostForm ctx={ctx} action="/showcases/new" large files noValidate state={state}>
        <Field ctx={ctx} state={state} name="title" label={ctx.t('opendata.showcase.field.title')} required maxLength={200} />
        <Field ctx={ctx} state={state} name="url" label={ctx.t('opendata.showcase.field.url')} type="url" hint={ctx.t('opendata.showcase.url_hint')} required maxLength={2000} />
        <Field ctx={ctx} state={state} name="description" label={ctx.t('opendata.showcase.field.description')} required multiline maxLength={5000} />
        <Field ctx={ctx} state={state} name="datasets" label={ctx.t('opendata.showcase.field.datasets')} hint={ctx.t('opendata.showcase.datasets_hint')} required multiline maxLength={4000} />
        <FileField ctx={ctx} state={state} name="image" label={ctx.t('opendata.showcase.field.image')} hint={ctx.t('opendata.showcase.image_hint', { max: MAX_IMAGE_BYTES / 1024 / 1024 })} accept="image/png,image/jpeg,image/webp" />
        <SubmitButton>{ctx.t('opendata.showcase.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

function QueuePage({ ctx, items }: { ctx: PageContext; items: ShowcaseView[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.showcase.queue_title')} breadcrumbs={[{ href: '/admin', label: ctx.t('layout.admin') }, { label: ctx.t('opendata.showcase.queue_title') }]}>
      <h1>{ctx.t('opendata.showcase.queue_title')}</h1>
      <PaginatedList ctx={ctx} total={items.length} emptyMessage={ctx.t('opendata.showcase.queue_empty')}>
        {items.map((s) => (
          <section class="border-top border-base-lighter padding-top-2" aria-labelledby={`sc-${s.id}`}>
            <h2 id={`sc-${s.id}`}>
              <a href={showcaseHref(s.id)}>{s.title}</a>
            </h2>
            <p>
              <DateText ctx={ctx} value={s.created_at} withTime /> · {s.url}
            </p>
            <p>
              <Lines text={s.description} />
            </p>
            <PostForm ctx={ctx} action={`${showcaseHref(s.id)}/moderate`}>
              <Field ctx={ctx} name="note" label={ctx.t('opendata.showcase.field.note')} maxLength={1000} />
              <button type="submit" class="usa-button" name="decision" value="approved">
                {ctx.t('opendata.showcase.approve')}
              </button>
              <button type="submit" class="usa-button usa-button--secondary" name="decision" value="rejected">
                {ctx.t('opendata.showcase.reject')}
              </button>
            </PostForm>
          </section>
        ))}
      </PaginatedList>
    </Layout>
  );
}

export async function communityPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  type NameParams = { Params: { name: string } };

  app.post<NameParams>('/datasets/:name/comments', { config: { runs: [datasetCommentCreate], rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request, reply) => {
    requireSignedIn(request);
    const d = await runAction(deps, request, packageShow, { id: request.params.name });
    const values = formInput(request.body, ['body']);
    const parentId = typeof values.parent_id === 'string' ? values.parent_id : undefined;
    const body = typeof values.body === 'string' ? values.body : typeof values[`body-${parentId}`] === 'string' ? (values[`body-${parentId}`] as string) : '';
    try {
      const created = await runAction(deps, request, datasetCommentCreate, { dataset_id: d.id, body, ...(parentId ? { parent_id: parentId } : {}) });
      return redirectWithFlash(reply, `${datasetHref(d)}#comment-${created.id}`, { kind: 'success', message: 'opendata.flash.comment_added' });
    } catch (error) {
      const failed = failure(error, { body });
      return sendPage(reply, <CommentErrorPage ctx={pageContext(request, reply)} d={d} state={failed.state} parentId={parentId} />, failed.status);
    }
  });

  type HideParams = { Params: { name: string; cid: string } };
  const moderatorOnly = (request: FastifyRequest) => {
    requireSignedIn(request);
    if (!isModerator(request.actor)) throw new AppError('FORBIDDEN', 'error.forbidden');
  };
  app.get<HideParams>('/datasets/:name/comments/:cid/hide', async (request, reply) => {
    moderatorOnly(request);
    const d = await runAction(deps, request, packageShow, { id: request.params.name });
    return sendPage(reply, <HidePage ctx={pageContext(request, reply)} d={d} commentId={request.params.cid} state={{ values: {}, errors: [] }} />);
  });
  app.post<HideParams>('/datasets/:name/comments/:cid/hide', { config: { runs: [datasetCommentHide] } }, async (request, reply) => {
    moderatorOnly(request);
    const d = await runAction(deps, request, packageShow, { id: request.params.name });
    const values = formInput(request.body, ['reason']);
    try {
      await runAction(deps, request, datasetCommentHide, { id: request.params.cid, reason: typeof values.reason === 'string' ? values.reason : '' });
      return redirectWithFlash(reply, `${datasetHref(d)}#comments-heading`, { kind: 'success', message: 'opendata.flash.comment_hidden' });
    } catch (error) {
      const failed = failure(error, values);
      return sendPage(reply, <HidePage ctx={pageContext(request, reply)} d={d} commentId={request.params.cid} state={failed.state} />, failed.status);
    }
  });

  app.get('/showcases', async (request, reply) => {
    const items = await runAction(deps, request, showcaseList, {});
    return sendPage(reply, <ShowcasesPage ctx={pageContext(request, reply)} items={items} />);
  });

  app.get<{ Querystring: { dataset?: string } }>('/showcases/new', async (request, reply) => {
    requireSignedIn(request);
    const dataset = typeof request.query.dataset === 'string' ? request.query.dataset.slice(0, 200) : '';
    return sendPage(reply, <SubmitPage ctx={pageContext(request, reply)} state={{ values: { datasets: dataset }, errors: [] }} />);
  });

  const submit = async (request: FastifyRequest, reply: FastifyReply) => {
    requireSignedIn(request);
    const values = Object.fromEntries(['title', 'url', 'description', 'datasets'].map((k) => [k, textOf(request.body, k)]));
    let imageKey: string | undefined;
    try {
      const image = fileOf(request.body, 'image');
      if (image) {
        if (image.data.length > MAX_IMAGE_BYTES) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'image', message: 'opendata.showcase.image_too_large', params: { max: MAX_IMAGE_BYTES / 1024 / 1024 } }]);
        if (!imageTypeOf(image.data)) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'image', message: 'opendata.showcase.image_type' }]);
        imageKey = (await stageUpload(deps.services.config, image.data, image.filename)).key;
      }
      const datasets = values.datasets!.split(/[\s,，、]+/).map((s) => s.trim()).filter(Boolean);
      const created = await runAction(deps, request, showcaseCreate, { title: values.title, url: values.url, description: values.description, datasets, ...(imageKey ? { image_key: imageKey } : {}) });
      return redirectWithFlash(reply, showcaseHref(created.id), { kind: 'success', message: 'opendata.flash.showcase_submitted' });
    } catch (error) {
      const failed = failure(error, values);
      return sendPage(reply, <SubmitPage ctx={pageContext(request, reply)} state={failed.state} />, failed.status);
    } finally {
      await discardStagedUpload(deps.services.config, imageKey);
    }
  };
  await app.register(async (scope) => {
    registerMultipartParser(scope);
    // A little above the image limit, so an oversized image gets a message by the field, not a 413.
    scope.post('/showcases/new', { bodyLimit: MAX_IMAGE_BYTES * 2, config: { runs: [showcaseCreate], rateLimit: { max: 5, timeWindow: 60_000 } } }, submit);
  });

  app.get('/admin/showcases', async (request, reply) => {
    moderatorOnly(request);
    const items = await runAction(deps, request, showcaseList, { status: 'pending' });
    return sendPage(reply, <QueuePage ctx={pageContext(request, reply)} items={items} />);
  });

  app.get<{ Params: { id: string } }>('/showcases/:id', async (request, reply) => {
    const s = await runAction(deps, request, showcaseShow, { id: request.params.id });
    return sendPage(reply, <ShowcasePage ctx={pageContext(request, reply)} s={s} />);
  });

  app.get<{ Params: { id: string } }>('/showcases/:id/image', async (request, reply) => {
    const s = await runAction(deps, request, showcaseShow, { id: request.params.id });
    const bytes = s.imageKey ? await readUpload(deps.services.config, s.imageKey, MAX_IMAGE_BYTES) : null;
    const type = bytes && imageTypeOf(bytes);
    if (!bytes || !type) throw new AppError('NOT_FOUND', 'error.not_found');
    return reply.type(type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=3600').send(bytes);
  });

  app.post<{ Params: { id: string } }>('/showcases/:id/moderate', { config: { runs: [showcaseModerate] } }, async (request, reply) => {
    moderatorOnly(request);
    const values = formInput(request.body);
    await runAction(deps, request, showcaseModerate, { id: request.params.id, decision: values.decision, ...(typeof values.note === 'string' ? { note: values.note } : {}) });
    return redirectWithFlash(reply, '/admin/showcases', { kind: 'success', message: values.decision === 'approved' ? 'opendata.flash.showcase_approved' : 'opendata.flash.showcase_rejected' });
  });
}
