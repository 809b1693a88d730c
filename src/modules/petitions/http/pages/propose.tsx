// The citizen's side of proposing: the form (with similar proposals), drafts, supporting files, the
// share link for comments on a draft, and "my proposals".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, DataTable, DateText, ErrorSummary, Field, Fieldset, FileField, HiddenFields, PaginatedList, PostForm, Select, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { proposalDraftComment } from '../../actions/proposal_comment.js';
import { proposalCreate } from '../../actions/proposal_create.js';
import { proposalAttachmentAdd, proposalAttachmentGet, proposalAttachmentRemove, proposalDraftUpdate, proposalDraftView, proposalShare } from '../../actions/proposal_draft.js';
import { proposalMine } from '../../actions/proposal_list.js';
import { proposalAgencyOptions } from '../../actions/proposal_options.js';
import { proposalSimilar } from '../../actions/proposal_similar.js';
import { proposalShow, proposerReadiness, type ProposalView } from '../../actions/proposal_show.js';
import { proposalSubmit } from '../../actions/proposal_submit.js';
import type { VerificationGap } from '../../actions/shared.js';
import { LIMITS, topics } from '../../schemas.js';
import { cachedSettings } from '../../settings.js';
import { acceptedExtensions } from '../../uploads.js';
import { registerMultipartParser, type MultipartBody, type UploadedFile } from '../../../../http/multipart.js';
import { formFailure, rateLimited, requireProposeLevel, requireSignedIn, text } from '../support.js';
import { AgencyList, StatusTag, proposalHref } from './components.js';
import { Markdown } from '../../../../web/markdown.js';

type Similar = Array<{ id: string; title: string; status: string; endorsementCount: number; url: string }>;

const LINK_ROWS = 3;
const formFields = ['title', 'content', 'benefits', 'topic', 'agency1', 'agency2', 'agency3', ...Array.from({ length: LINK_ROWS }, (_, i) => [`link${i + 1}_url`, `link${i + 1}_label`]).flat()];

/** The form's fields as a draft action's input (blank fields left out). */
function draftInput(body: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of ['title', 'content', 'benefits'] as const) input[key] = text(body, key);
  const topic = text(body, 'topic');
  if ((topics as readonly string[]).includes(topic)) input.topic = topic;
  input.agencyCodes = ['agency1', 'agency2', 'agency3'].map((k) => text(body, k).trim()).filter(Boolean);
  input.links = Array.from({ length: LINK_ROWS }, (_, i) => ({ url: text(body, `link${i + 1}_url`).trim(), label: text(body, `link${i + 1}_label`).trim() }))
    .filter((l) => l.url !== '')
    .map((l) => (l.label ? l : { url: l.url }));
  return input;
}

function formValues(body: unknown): Record<string, string> {
  return Object.fromEntries(formFields.map((k) => [k, text(body, k)]));
}

function valuesFromView(view: ProposalView): Record<string, string> {
  const values: Record<string, string> = { title: view.title, content: view.content, benefits: view.benefits, topic: view.topic ?? '' };
  view.agencies.forEach((a, i) => (values[`agency${i + 1}`] = a.code));
  view.links.forEach((l, i) => {
    values[`link${i + 1}_url`] = l.url;
    values[`link${i + 1}_label`] = l.label ?? '';
  });
  return values;
}

/** Error fields of the action named like the form's fields. */
function renameFields(state: FormState): FormState {
  const rename = (f: FieldError): FieldError => {
    const link = /^links\.(\d+)\.(url|label)$/.exec(f.field);
    if (link) return { ...f, field: `link${Number(link[1]) + 1}_${link[2]}` };
    if (f.field === 'agencyCodes' || f.field.startsWith('agencyCodes.')) return { ...f, field: 'agency1' };
    return f;
  };
  return { ...state, errors: state.errors.map(rename) };
}

function Checklist({ ctx, gaps }: { ctx: PageContext; gaps: VerificationGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <div class="usa-alert usa-alert--warning" role="region" aria-labelledby="verify-heading">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="verify-heading">
          {ctx.t('petitions.verify.proposer')}
        </h2>
        <p class="usa-alert__text">{ctx.t('petitions.verify.still_needed')}</p>
        <ul class="usa-list">
          {gaps.map((g) => (
            <li>{ctx.t(`petitions.gap.${g}`)}</li>
          ))}
        </ul>
        <p>
          <a href="/account">{ctx.t('petitions.complete_profile')}</a>
        </p>
      </div>
    </div>
  );
}

function SimilarList({ ctx, similar }: { ctx: PageContext; similar: Similar | null }) {
  return (
    <section aria-labelledby="similar-heading" class="margin-y-3">
      <h2 id="similar-heading">{ctx.t('petitions.similar')}</h2>
      <div id="similar-results" aria-live="polite" data-none={ctx.t('petitions.similar_none')}>
        {similar === null ? (
          <p>{ctx.t('petitions.similar_hint')}</p>
        ) : similar.length === 0 ? (
          <p>{ctx.t('petitions.similar_none')}</p>
        ) : (
          <ul class="usa-list">
            {similar.map((s) => (
              <li>
                <a href={s.url}>{s.title}</a> <span class="text-base-dark">（{ctx.t(`petitions.status.${s.status}`)}，{ctx.t('petitions.endorsement_count', { count: s.endorsementCount })}）</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

interface ProposeFormProps {
  ctx: PageContext;
  state: FormState;
  agencies: PickerAgency[];
  gaps: VerificationGap[];
  similar: Similar | null;
  action: string;
  view?: ProposalView;
  uploadState?: FormState;
  maxFiles?: number;
  maxMb?: number;
}

function ProposeForm({ ctx, state, agencies, gaps, similar, action, view, uploadState, maxFiles, maxMb }: ProposeFormProps) {
  const title = view ? ctx.t('petitions.edit_draft') : ctx.t('petitions.propose');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('petitions.propose_intro')}</p>
      <Checklist ctx={ctx} gaps={gaps} />
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action={action} large>
        <Field ctx={ctx} state={state} name="title" label={ctx.t('petitions.field.title')} hint={ctx.t('petitions.hint.title', { max: LIMITS.title })} required maxLength={LIMITS.title} />
        <button class="usa-button usa-button--outline" type="submit" name="intent" value="similar" formNoValidate>
          {ctx.t('petitions.check_similar')}
        </button>
        <SimilarList ctx={ctx} similar={similar} />
        <Field ctx={ctx} state={state} name="content" label={ctx.t('petitions.field.content')} hint={ctx.t('petitions.hint.markdown')} multiline required maxLength={LIMITS.content} />
        <Field ctx={ctx} state={state} name="benefits" label={ctx.t('petitions.field.benefits')} hint={ctx.t('petitions.hint.benefits')} multiline required maxLength={LIMITS.benefits} />
        <Select ctx={ctx} state={state} name="topic" label={ctx.t('petitions.field.topic')} options={topics.map((tp) => ({ value: tp, label: ctx.t(`petitions.topic.${tp}`) }))} emptyLabel={ctx.t('petitions.choose')} />
        <Fieldset legend={ctx.t('petitions.field.agencies')} large class="margin-top-3">
          <p class="usa-hint">{ctx.t('petitions.hint.agencies')}</p>
          <AgencyPicker ctx={ctx} state={state} name="agency1" label={ctx.t('petitions.field.lead_agency')} agencies={agencies} emptyLabel={ctx.t('petitions.choose')} required />
          <AgencyPicker ctx={ctx} state={state} name="agency2" label={ctx.t('petitions.field.co_agency', { n: 1 })} agencies={agencies} emptyLabel={ctx.t('petitions.none')} />
          <AgencyPicker ctx={ctx} state={state} name="agency3" label={ctx.t('petitions.field.co_agency', { n: 2 })} agencies={agencies} emptyLabel={ctx.t('petitions.none')} />
        </Fieldset>
        <Fieldset legend={ctx.t('petitions.field.links')} large class="margin-top-3">
          <p class="usa-hint">{ctx.t('petitions.hint.links')}</p>
          {Array.from({ length: LINK_ROWS }, (_, i) => (
            <>
              <Field ctx={ctx} state={state} name={`link${i + 1}_url`} type="url" label={ctx.t('petitions.field.link_url', { n: i + 1 })} maxLength={2000} />
              <Field ctx={ctx} state={state} name={`link${i + 1}_label`} label={ctx.t('petitions.field.link_label', { n: i + 1 })} maxLength={LIMITS.linkLabel} />
            </>
          ))}
        </Fieldset>
        {!view && <p class="usa-hint">{ctx.t('petitions.hint.files_after_draft')}</p>}
        <ul class="usa-button-group margin-top-3">
          <li class="usa-button-group__item">
            <button class="usa-button usa-button--outline" type="submit" name="intent" value="draft" formNoValidate>
              {ctx.t('petitions.save_draft')}
            </button>
          </li>
          <li class="usa-button-group__item">
            <button class="usa-button" type="submit" name="intent" value="submit">
              {ctx.t('petitions.submit')}
            </button>
          </li>
        </ul>
      </PostForm>
      {view && <DraftExtras ctx={ctx} view={view} uploadState={uploadState} maxFiles={maxFiles ?? 5} maxMb={maxMb ?? 5} />}
      <script src="/assets/js/similar.js" defer />
    </Layout>
  );
}

function DraftExtras({ ctx, view, uploadState, maxFiles, maxMb }: { ctx: PageContext; view: ProposalView; uploadState?: FormState; maxFiles: number; maxMb: number }) {
  const base = proposalHref(view.id);
  const shareUrl = view.shareToken ? `/proposals/drafts/${view.shareToken}` : null;
  const fileError = uploadState?.errors.find((e) => e.field === 'file' || e.field === '_');
  return (
    <>
      <section aria-labelledby="files-heading" class="margin-top-4">
        <h2 id="files-heading">{ctx.t('petitions.files')}</h2>
        {view.attachments.length === 0 ? (
          <p>{ctx.t('petitions.no_files')}</p>
        ) : (
          <ul class="usa-list">
            {view.attachments.map((a) => (
              <li>
                <a href={a.url}>{a.filename}</a>{' '}
                <ActionForm ctx={ctx} action={`${base}/files/${a.id}/delete`} class="og-inline-form">
                  <button class="usa-button usa-button--unstyled" type="submit">
                    {ctx.t('petitions.remove_file', { name: a.filename })}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        <PostForm ctx={ctx} action={`${base}/files`} files>
          <FileField
            ctx={ctx}
            state={{ values: {}, errors: fileError ? [{ ...fileError, field: 'file' }] : [] }}
            name="file"
            label={ctx.t('petitions.field.file')}
            hint={ctx.t('petitions.hint.file', { max: maxMb, files: maxFiles, types: acceptedExtensions.join(', ') })}
            accept={acceptedExtensions.map((e) => `.${e}`).join(',')}
            required
          />
          <button class="usa-button usa-button--outline" type="submit">
            {ctx.t('petitions.upload')}
          </button>
        </PostForm>
      </section>
      <section aria-labelledby="share-heading" class="margin-top-4">
        <h2 id="share-heading">{ctx.t('petitions.share')}</h2>
        <p>{ctx.t('petitions.share_intro')}</p>
        {shareUrl && (
          <p>
            {ctx.t('petitions.share_link')} <a href={shareUrl}>{shareUrl}</a>
          </p>
        )}
        <ActionForm ctx={ctx} action={`${base}/share`}>
          {shareUrl && <HiddenFields values={{ revoke: '1' }} />}
          <button class="usa-button usa-button--outline" type="submit">
            {shareUrl ? ctx.t('petitions.share_revoke') : ctx.t('petitions.share_create')}
          </button>
        </ActionForm>
        <h3>{ctx.t('petitions.draft_comments')}</h3>
        {view.draftComments.length === 0 ? (
          <p>{ctx.t('petitions.no_comments')}</p>
        ) : (
          <ul class="usa-list usa-list--unstyled">
            {view.draftComments.map((c) => (
              <li class="margin-bottom-2">
                <strong>{c.author || ctx.t('petitions.anonymous')}</strong> <DateText ctx={ctx} value={new Date(c.createdAt)} withTime />
                <Markdown source={c.body} class="og-prose" />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function MinePage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof proposalMine.run>> }) {
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.mine')} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: ctx.t('petitions.mine') }]}>
      <h1>{ctx.t('petitions.mine')}</h1>
      <p>
        <a class="usa-button" href="/proposals/new">
          {ctx.t('petitions.propose')}
        </a>
      </p>
      <PaginatedList ctx={ctx} total={rows.length} emptyMessage={ctx.t('petitions.mine_empty')}>
        <DataTable
          caption={ctx.t('petitions.mine')}
          rows={rows}
          columns={[
            { header: ctx.t('petitions.field.title'), cell: (r) => <a href={r.status === 'draft' ? `${proposalHref(r.id)}/edit` : proposalHref(r.id)}>{r.title || ctx.t('petitions.untitled')}</a> },
            { header: ctx.t('petitions.filter.status'), cell: (r) => <StatusTag ctx={ctx} status={r.status} /> },
            { header: ctx.t('petitions.endorsement'), cell: (r) => (r.approvedAt ? ctx.t('petitions.progress', { count: r.endorsementCount, target: r.threshold }) : '—') },
            { header: ctx.t('petitions.updated'), cell: (r) => <DateText ctx={ctx} value={r.updatedAt} /> },
          ]}
        />
      </PaginatedList>
    </Layout>
  );
}

function SharedDraftPage({ ctx, draft, token, state }: { ctx: PageContext; draft: Awaited<ReturnType<typeof proposalDraftView.run>>; token: string; state?: FormState }) {
  return (
    <Layout ctx={ctx} title={draft.title || ctx.t('petitions.untitled')} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: ctx.t('petitions.shared_draft') }]}>
      <div class="usa-alert usa-alert--info usa-alert--slim">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{ctx.t('petitions.shared_draft_note', { name: draft.proposer || ctx.t('petitions.anonymous') })}</p>
        </div>
      </div>
      <h1>{draft.title || ctx.t('petitions.untitled')}</h1>
      <p>
        {ctx.t('petitions.field.agencies')}：<AgencyList ctx={ctx} agencies={draft.agencies} />
      </p>
      <h2>{ctx.t('petitions.field.content')}</h2>
      <Markdown source={draft.content} class="og-prose" />
      <h2>{ctx.t('petitions.field.benefits')}</h2>
      <Markdown source={draft.benefits} class="og-prose" />
      <section aria-labelledby="draft-comments-heading">
        <h2 id="draft-comments-heading">{ctx.t('petitions.draft_comments')}</h2>
        {draft.comments.length === 0 ? (
          <p>{ctx.t('petitions.no_comments')}</p>
        ) : (
          <ul class="usa-list usa-list--unstyled">
            {draft.comments.map((c) => (
              <li class="margin-bottom-2">
                <strong>{c.author || ctx.t('petitions.anonymous')}</strong> <DateText ctx={ctx} value={new Date(c.createdAt)} withTime />
                <Markdown source={c.body} class="og-prose" />
              </li>
            ))}
          </ul>
        )}
        {ctx.actor ? (
          <PostForm ctx={ctx} action={`/proposals/drafts/${token}/comments`} large state={state}>
            <Field ctx={ctx} state={state} name="body" label={ctx.t('petitions.comment_label')} multiline required maxLength={LIMITS.comment} />
            <button class="usa-button" type="submit">
              {ctx.t('petitions.comment_button')}
            </button>
          </PostForm>
        ) : (
          <p>
            <a href={`/signin?next=${encodeURIComponent(`/proposals/drafts/${token}`)}`}>{ctx.t('petitions.signin_to_comment')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

const IdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

async function formData(deps: AppDeps, request: FastifyRequest, title: string) {
  const [agencies, readiness, similar] = await Promise.all([
    runAction(deps, request, proposalAgencyOptions, {}),
    runAction(deps, request, proposerReadiness, {}),
    // A title the form refuses for holding NUL (the field says so) is not searched for similar ones.
    title.trim().length >= 2 && !title.includes('\u0000') ? runAction(deps, request, proposalSimilar, { title: title.slice(0, 200) }) : Promise.resolve(null),
  ]);
  return { agencies, gaps: readiness.gaps, similar };
}

async function renderNew(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const data = await formData(deps, request, String(state.values.title ?? ''));
  return sendPage(reply, <ProposeForm ctx={pageContext(request, reply)} state={renameFields(state)} action="/proposals" {...data} />, status);
}

async function renderEdit(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, id: string, state: FormState | null, status = 200, uploadState?: FormState) {
  const view = await runAction(deps, request, proposalShow, { proposalId: id });
  if (view.status !== 'draft' || !view.viewer.isProposer) throw new AppError('NOT_FOUND', 'petitions.not_found');
  const values = state?.values ?? valuesFromView(view);
  const data = await formData(deps, request, String(values.title ?? ''));
  const settings = await cachedSettings(deps.services);
  const form = renameFields(state ?? emptyForm(values));
  return sendPage(
    reply,
    <ProposeForm ctx={pageContext(request, reply)} state={form} action={`${proposalHref(id)}/edit`} view={view} uploadState={uploadState} maxFiles={settings.uploadMaxFiles} maxMb={Math.floor(settings.uploadMaxBytes / 1048576)} {...data} />,
    status,
  );
}

export async function proposePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/proposals/new', async (request, reply) => {
    await requireProposeLevel(deps, request);
    return renderNew(deps, request, reply, emptyForm());
  });

  app.post('/proposals', { config: { runs: [proposalCreate], returnTo: () => '/proposals/new' }, preHandler: rateLimited(deps, 'propose') }, async (request, reply) => {
    requireSignedIn(request);
    const intent = text(request.body, 'intent');
    const values = formValues(request.body);
    if (intent === 'similar') return renderNew(deps, request, reply, emptyForm(values));
    try {
      const input = draftInput(request.body);
      const created = await runAction(deps, request, proposalCreate, { ...input, title: String(input.title), submit: intent === 'submit' });
      if (created.status === 'in_review') return redirectWithFlash(reply, proposalHref(created.id), { kind: 'success', message: 'petitions.flash.submitted' });
      return redirectWithFlash(reply, `${proposalHref(created.id)}/edit`, { kind: 'success', message: 'petitions.flash.draft_saved' });
    } catch (error) {
      const failure = formFailure(error, values);
      return renderNew(deps, request, reply, failure.state, failure.status);
    }
  });

  app.get('/proposals/mine', async (request, reply) => {
    requireSignedIn(request);
    const rows = await runAction(deps, request, proposalMine, {});
    return sendPage(reply, <MinePage ctx={pageContext(request, reply)} rows={rows} />);
  });

  app.get<{ Params: { id: string } }>('/proposals/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    await requireProposeLevel(deps, request);
    return renderEdit(deps, request, reply, request.params.id, null);
  });

  app.post<{ Params: { id: string } }>('/proposals/:id/edit', { schema: { params: IdParams }, config: { runs: [proposalDraftUpdate, proposalSubmit], returnTo: (request) => `${proposalHref((request.params as { id: string }).id)}/edit` }, preHandler: rateLimited(deps, 'propose') }, async (request, reply) => {
    requireSignedIn(request);
    const id = request.params.id;
    const intent = text(request.body, 'intent');
    const values = formValues(request.body);
    if (intent === 'similar') return renderEdit(deps, request, reply, id, emptyForm(values));
    try {
      await runAction(deps, request, proposalDraftUpdate, { proposalId: id, ...draftInput(request.body) });
      if (intent === 'submit') {
        await runAction(deps, request, proposalSubmit, { proposalId: id });
        return redirectWithFlash(reply, proposalHref(id), { kind: 'success', message: 'petitions.flash.submitted' });
      }
      return redirectWithFlash(reply, `${proposalHref(id)}/edit`, { kind: 'success', message: 'petitions.flash.draft_saved' });
    } catch (error) {
      const failure = formFailure(error, values);
      return renderEdit(deps, request, reply, id, failure.state, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/proposals/:id/share', { schema: { params: IdParams }, config: { runs: [proposalShare] } }, async (request, reply) => {
    requireSignedIn(request);
    const revoke = text(request.body, 'revoke') === '1';
    await runAction(deps, request, proposalShare, { proposalId: request.params.id, revoke });
    return redirectWithFlash(reply, `${proposalHref(request.params.id)}/edit#share-heading`, { kind: 'success', message: revoke ? 'petitions.flash.share_revoked' : 'petitions.flash.share_created' });
  });

  // Uploads: a scope of their own, with the multipart parser and a body limit above the largest setting.
  await app.register(async (scope) => {
    registerMultipartParser(scope);
    scope.post<{ Params: { id: string } }>('/proposals/:id/files', { schema: { params: IdParams }, config: { runs: [proposalAttachmentAdd] }, bodyLimit: 21 * 1024 * 1024, preHandler: rateLimited(deps, 'propose') }, async (request, reply) => {
      requireSignedIn(request);
      const body = request.body as MultipartBody | undefined;
      const file = body?.file as UploadedFile | undefined;
      try {
        if (!file || typeof file !== 'object') throw new AppError('INVALID', 'error.invalid_input', [{ field: 'file', message: 'validation.required' }]);
        await runAction(deps, request, proposalAttachmentAdd, { proposalId: request.params.id, filename: file.filename || 'file', data: file.data });
        return redirectWithFlash(reply, `${proposalHref(request.params.id)}/edit#files-heading`, { kind: 'success', message: 'petitions.flash.file_added' });
      } catch (error) {
        const failure = formFailure(error, {});
        return renderEdit(deps, request, reply, request.params.id, null, failure.status, failure.state);
      }
    });
  });

  app.post<{ Params: { id: string; fileId: string } }>('/proposals/:id/files/:fileId/delete', { config: { runs: [proposalAttachmentRemove] } }, async (request, reply) => {
    requireSignedIn(request);
    await runAction(deps, request, proposalAttachmentRemove, { proposalId: request.params.id, attachmentId: request.params.fileId });
    return redirectWithFlash(reply, `${proposalHref(request.params.id)}/edit#files-heading`, { kind: 'success', message: 'petitions.flash.file_removed' });
  });

  const sendFile = async (request: FastifyRequest, reply: FastifyReply, proposalId: string, attachmentId: string, shareToken?: string) => {
    const file = await runAction(deps, request, proposalAttachmentGet, { proposalId, attachmentId, ...(shareToken && { shareToken }) });
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .send(file.content);
  };

  app.get<{ Params: { id: string; fileId: string } }>('/proposals/:id/files/:fileId', async (request, reply) => sendFile(request, reply, request.params.id, request.params.fileId));

  app.get<{ Params: { token: string } }>('/proposals/drafts/:token', async (request, reply) => {
    const draft = await runAction(deps, request, proposalDraftView, { shareToken: request.params.token });
    return sendPage(reply, <SharedDraftPage ctx={pageContext(request, reply)} draft={draft} token={request.params.token} />);
  });

  app.post<{ Params: { token: string } }>('/proposals/drafts/:token/comments', { config: { rateLimit: { max: 20, timeWindow: 60_000 }, runs: [proposalDraftComment] } }, async (request, reply) => {
    requireSignedIn(request);
    const body = text(request.body, 'body');
    try {
      await runAction(deps, request, proposalDraftComment, { shareToken: request.params.token, body });
      return redirectWithFlash(reply, `/proposals/drafts/${request.params.token}`, { kind: 'success', message: 'petitions.flash.commented' });
    } catch (error) {
      const failure = formFailure(error, { body });
      const draft = await runAction(deps, request, proposalDraftView, { shareToken: request.params.token });
      return sendPage(reply, <SharedDraftPage ctx={pageContext(request, reply)} draft={draft} token={request.params.token} state={failure.state} />, failure.status);
    }
  });
}
