// Taking part: the conversation page (one statement at a time, plain form posts), the vote and
// statement posts, and the participation card that hosted widgets and the embed page reuse.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { CsrfField, DateText, ErrorSummary, Field, Fieldset, HiddenFields, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { deliberationNext, deliberationStatementSubmit, deliberationVote, type NextView } from '../../actions/participation.js';
import type { Conversation, VoteChoice } from '../../schemas.js';
import { Markdown, safeLinkHref } from '../../../../web/markdown.js';
import { Assets, StatusTag, conversationHref, formFailure, formText, langAttr, safeReturnTo } from './shared.js';

const choices: VoteChoice[] = ['agree', 'disagree', 'pass'];
const buttonClass: Record<VoteChoice, string> = { agree: 'usa-button', disagree: 'usa-button usa-button--secondary', pass: 'usa-button usa-button--outline' };

function BlockMessage({ ctx, view, embed }: { ctx: PageContext; view: NextView; embed?: boolean }) {
  const c = view.conversation;
  const target = embed ? '_blank' : undefined;
  switch (view.block) {
    case 'sign_in':
      return (
        <p class="og-block">
          {ctx.t('deliberation.block.sign_in')}{' '}
          <a class="usa-button usa-button--outline og-inline-button" href={`/signin?next=${encodeURIComponent(conversationHref(c.id))}`} target={target}>
            {ctx.t('deliberation.sign_in_to_take_part')}
          </a>
        </p>
      );
    case 'verify':
      return (
        <p class="og-block">
          {ctx.t('deliberation.block.verify')}{' '}
          <a href="/account/mobile" target={target}>
            {ctx.t('deliberation.verify_link')}
          </a>
        </p>
      );
    case 'scheduled':
      return (
        <p class="og-block">
          {ctx.t('deliberation.block.scheduled')} <DateText ctx={ctx} value={c.opensAt ? new Date(c.opensAt) : null} withTime />
        </p>
      );
    case 'closed':
    case 'read_only':
      return (
        <p class="og-block">
          {ctx.t(`deliberation.block.${view.block}`)}{' '}
          <a href={conversationHref(c.id, '/report')} target={target}>
            {ctx.t('deliberation.read_report')}
          </a>
        </p>
      );
    default:
      return null;
  }
}

function VoteForm({ ctx, view, returnTo }: { ctx: PageContext; view: NextView; returnTo?: string }) {
  const s = view.statement!;
  return (
    <form method="post" action={conversationHref(view.conversation.id, '/vote')} class="og-vote-form" data-og-vote="">
      <CsrfField ctx={ctx} />
      <HiddenFields values={{ statement: String(s.number), return_to: returnTo }} />
      <Fieldset legend={ctx.t('deliberation.vote_legend')} legendHidden>
        {choices.map((choice) => (
          <button type="submit" name="vote" value={choice} class={`${buttonClass[choice]} og-vote-button`} aria-pressed={view.currentVote === choice ? 'true' : undefined}>
            {ctx.t(`deliberation.vote.${choice}`)}
          </button>
        ))}
      </Fieldset>
    </form>
  );
}

export interface CardProps {
  ctx: PageContext;
  view: NextView;
  returnTo?: string;
  embed?: boolean;
  /** The card's heading level: 2 on the conversation page, 3 inside a hosting page's section. */
  level?: 2 | 3;
}

/** The statement to vote on, or why the viewer cannot vote; the same markup everywhere it appears. */
export function ParticipationCard({ ctx, view, returnTo, embed, level = 2 }: CardProps) {
  const H = level === 2 ? 'h2' : 'h3';
  const c = view.conversation;
  const s = view.statement;
  return (
    <section id="deliberation-participate" class="og-participate" aria-labelledby="og-statement-heading">
      <H id="og-statement-heading" tabIndex={-1}>
        {view.currentVote ? ctx.t('deliberation.change_vote_heading') : ctx.t('deliberation.statement_heading')}
      </H>
      {view.total > 0 && view.block === null && (
        <p class="og-progress" role="status">
          {ctx.t('deliberation.remaining', { remaining: view.remaining, total: view.total })}
        </p>
      )}
      {s ? (
        <>
          <blockquote class="og-statement" lang={langAttr(c)}>
            <p>{s.body}</p>
          </blockquote>
          {s.isMeta && <p class="og-meta-note">{ctx.t('deliberation.meta_note')}</p>}
          {view.currentVote && <p>{ctx.t('deliberation.you_voted', { vote: ctx.t(`deliberation.vote.${view.currentVote}`) })}</p>}
          {view.block === null ? <VoteForm ctx={ctx} view={view} returnTo={returnTo} /> : <BlockMessage ctx={ctx} view={view} embed={embed} />}
        </>
      ) : view.total === 0 ? (
        <p>{ctx.t('deliberation.no_statements_yet')}</p>
      ) : view.block === null || view.block === 'verify' ? (
        <p class="og-done">
          {ctx.t('deliberation.all_voted')}{' '}
          <a href={conversationHref(c.id, '/report')} target={embed ? '_blank' : undefined}>
            {ctx.t('deliberation.read_report')}
          </a>
        </p>
      ) : (
        <BlockMessage ctx={ctx} view={view} embed={embed} />
      )}
    </section>
  );
}

function Links({ ctx, conversation }: { ctx: PageContext; conversation: Conversation }) {
  const links = conversation.links.map((l) => ({ ...l, href: safeLinkHref(l.url) })).filter((l) => l.href);
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="og-links-heading">
      <h2 id="og-links-heading">{ctx.t('deliberation.links_heading')}</h2>
      <ul class="usa-list">
        {links.map((l) => (
          <li>
            <a class="usa-link usa-link--external" href={l.href!} rel="noopener noreferrer">
              {l.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StatementForm({ ctx, view, state }: { ctx: PageContext; view: NextView; state: FormState }) {
  const c = view.conversation;
  return (
    <section aria-labelledby="og-submit-heading">
      <h2 id="og-submit-heading">{ctx.t('deliberation.submit_heading')}</h2>
      <p>{ctx.t(c.moderation === 'strict' && !view.canManage ? 'deliberation.submit_intro_strict' : 'deliberation.submit_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action={conversationHref(c.id, '/statements')} large>
        <Field ctx={ctx} state={state} name="body" label={ctx.t('deliberation.field.statement')} hint={ctx.t('deliberation.hint.statement', { max: c.statementMaxLength })} required multiline maxLength={c.statementMaxLength} />
        <SubmitButton>{ctx.t('deliberation.submit_button')}</SubmitButton>
      </PostForm>
    </section>
  );
}

function MyVotes({ ctx, view }: { ctx: PageContext; view: NextView }) {
  if (view.myVotes.length === 0) return null;
  const c = view.conversation;
  return (
    <section aria-labelledby="og-my-votes-heading">
      <h2 id="og-my-votes-heading">{ctx.t('deliberation.my_votes_heading', { count: view.myVotes.length })}</h2>
      <details class="og-my-votes">
        <summary>{ctx.t('deliberation.my_votes_show')}</summary>
        <table class="usa-table usa-table--borderless">
          <caption class="usa-sr-only">{ctx.t('deliberation.my_votes_heading', { count: view.myVotes.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('deliberation.col.statement')}</th>
              <th scope="col">{ctx.t('deliberation.col.your_vote')}</th>
              <th scope="col">{ctx.t('deliberation.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {view.myVotes.map((v) => (
              <tr>
                <td lang={langAttr(c)}>{v.body}</td>
                <td>{ctx.t(`deliberation.vote.${v.vote}`)}</td>
                <td>
                  {view.block === null ? (
                    <a href={`${conversationHref(c.id)}?statement=${v.number}#deliberation-participate`}>
                      {ctx.t('deliberation.change_vote')}
                      <span class="usa-sr-only">: {v.body}</span>
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

export function embedSnippet(baseUrl: string, c: Conversation): string {
  const title = c.topic.replace(/[&"<>]/g, (ch) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[ch]!);
  return `<iframe src="${baseUrl}/deliberation/${encodeURIComponent(c.id)}/embed" title="${title}" width="100%" height="520" style="border:0" loading="lazy"></iframe>`;
}

interface ConversationPageProps {
  ctx: PageContext;
  view: NextView;
  baseUrl: string;
  statementState: FormState;
  error?: AppError;
}

function ConversationPage({ ctx, view, baseUrl, statementState, error }: ConversationPageProps) {
  const c = view.conversation;
  const canSubmit = (view.block === null && c.participantStatements) || (view.canManage && c.status !== 'closed' && !c.readOnly);
  return (
    <Layout ctx={ctx} title={c.topic} breadcrumbs={[{ href: '/deliberation', label: ctx.t('deliberation.nav') }, { label: c.topic }]}>
      <Assets script />
      <h1 lang={langAttr(c)}>{c.topic}</h1>
      <p class="og-conversation-meta">
        <StatusTag ctx={ctx} status={c.status} />{' '}
        {c.opensAt && (
          <span>
            {ctx.t('deliberation.opens')} <DateText ctx={ctx} value={new Date(c.opensAt)} withTime />{' '}
          </span>
        )}
        {c.closesAt && (
          <span>
            {ctx.t('deliberation.closes')} <DateText ctx={ctx} value={new Date(c.closesAt)} withTime />{' '}
          </span>
        )}
        {c.participation === 'verified' && <span class="usa-tag bg-primary-dark">{ctx.t('deliberation.verified_only_tag')}</span>}
      </p>
      {error && (
        <div class="usa-alert usa-alert--error" role="alert">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t(error.message, error.params)}</p>
          </div>
        </div>
      )}
      <div lang={langAttr(c)}>
        <Markdown source={c.description} />
      </div>
      <Links ctx={ctx} conversation={c} />
      <ParticipationCard ctx={ctx} view={view} />
      {canSubmit && <StatementForm ctx={ctx} view={view} state={statementState} />}
      <MyVotes ctx={ctx} view={view} />
      <section aria-labelledby="og-results-heading">
        <h2 id="og-results-heading">{ctx.t('deliberation.results_heading')}</h2>
        <p>{ctx.t(view.hasMath ? 'deliberation.results_intro' : 'deliberation.results_none_yet')}</p>
        <ul class="usa-list usa-list--unstyled og-actions">
          <li>
            <a class="usa-button usa-button--outline" href={conversationHref(c.id, '/report')}>
              {ctx.t('deliberation.read_report')}
            </a>
          </li>
          {view.canManage && (
            <>
              {!c.readOnly && (
                <li>
                  <a class="usa-button usa-button--outline" href={conversationHref(c.id, '/edit')}>
                    {ctx.t('deliberation.edit')}
                  </a>
                </li>
              )}
              <li>
                <a class="usa-button usa-button--outline" href={conversationHref(c.id, '/moderate')}>
                  {ctx.t('deliberation.moderate')}
                </a>
              </li>
            </>
          )}
        </ul>
      </section>
      <section aria-labelledby="og-embed-heading">
        <h2 id="og-embed-heading">{ctx.t('deliberation.embed_heading')}</h2>
        <p>{ctx.t('deliberation.embed_intro')}</p>
        <Field ctx={ctx} name="embed_code" id="og-embed-code" class="og-embed-code" value={embedSnippet(baseUrl, c)} label={ctx.t('deliberation.embed_label')} multiline rows={3} readOnly markOptional={false} />
        <button type="button" class="usa-button usa-button--unstyled og-copy" data-copy="og-embed-code" data-copied={ctx.t('deliberation.copied')} hidden>
          {ctx.t('deliberation.copy')}
        </button>
      </section>
    </Layout>
  );
}

function statementParam(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).statement;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

async function renderConversation(
  deps: AppDeps,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
  options: { statement?: number; statementState?: FormState; error?: AppError; status?: number } = {},
) {
  const view = await runAction(deps, request, deliberationNext, { conversationId: request.params.id, ...(options.statement !== undefined && { statement: options.statement }) });
  const page = <ConversationPage ctx={pageContext(request, reply)} view={view} baseUrl={deps.services.config.baseUrl} statementState={options.statementState ?? emptyForm()} error={options.error} />;
  return sendPage(reply, page, options.status ?? 200);
}

/** Refusals a participant should read on the page they came from rather than on an error page. */
const shownOnPage = (error: unknown): error is AppError =>
  error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'RATE_LIMITED') && error.message.startsWith('deliberation.');

export async function participationPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/deliberation/:id', async (request, reply) => renderConversation(deps, request, reply, { statement: statementParam(request) }));

  app.post<{ Params: { id: string } }>('/deliberation/:id/vote', { config: { runs: [deliberationVote] } }, async (request, reply) => {
    const back = safeReturnTo(formText(request.body, 'return_to'), conversationHref(request.params.id));
    const statement = formText(request.body, 'statement');
    try {
      await runAction(deps, request, deliberationVote, {
        conversationId: request.params.id,
        statement: /^\d{1,10}$/.test(statement) ? Number(statement) : statement,
        vote: formText(request.body, 'vote'),
      });
    } catch (error) {
      if (shownOnPage(error) && !formText(request.body, 'return_to')) return renderConversation(deps, request, reply, { error, status: error.status });
      throw error;
    }
    return redirectWithFlash(reply, back, { kind: 'success', message: 'deliberation.flash.voted' });
  });

  app.post<{ Params: { id: string } }>('/deliberation/:id/statements', { config: { rateLimit: { max: 20, timeWindow: 60_000 }, runs: [deliberationStatementSubmit] } }, async (request, reply) => {
    const body = formText(request.body, 'body');
    let result: { status: string };
    try {
      result = await runAction(deps, request, deliberationStatementSubmit, { conversationId: request.params.id, body });
    } catch (error) {
      if (shownOnPage(error)) return renderConversation(deps, request, reply, { error, status: error.status, statementState: emptyForm({ body }) });
      const failed = formFailure(error, { body });
      return renderConversation(deps, request, reply, { statementState: failed.state, status: failed.status });
    }
    const message = result.status === 'pending' ? 'deliberation.flash.statement_pending' : 'deliberation.flash.statement_added';
    return redirectWithFlash(reply, conversationHref(request.params.id), { kind: 'success', message });
  });
}

/**
 * The participation widget other modules host (a proposal or consultation page shows a
 * conversation through the deliberation manifest). Votes return to `returnTo`.
 */
export async function deliberationWidget(deps: AppDeps, request: FastifyRequest, ctx: PageContext, conversationId: string, options: { returnTo?: string } = {}): Promise<VNode> {
  const view = await runAction(deps, request, deliberationNext, { conversationId });
  const c = view.conversation;
  return (
    <div class="og-widget">
      <Assets script />
      <h2 lang={langAttr(c)}>
        <a href={conversationHref(c.id)}>{c.topic}</a>
      </h2>
      <ParticipationCard ctx={ctx} view={view} returnTo={options.returnTo ?? ctx.path} level={3} />
    </div>
  );
}
