// Public pages: the list with filters and search, a proposal's page (count, timeline, response,
// discussion), endorsing and following from it, statistics per agency, and open-data downloads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { formatDate } from '../../../../core/calendar.js';
import { csvText } from '../../../../core/csv.js';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, Checkbox, DataTable, DateField, DateText, EmptyState, ErrorSummary, Field, Fieldset, FilterForm, PaginatedList, PostForm, Select, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { proposalComment } from '../../actions/proposal_comment.js';
import { proposalEndorse } from '../../actions/proposal_endorse.js';
import { proposalEndorsementWithdraw } from '../../actions/proposal_endorsement_withdraw.js';
import { datasets, proposalExport, type Dataset } from '../../actions/proposal_export.js';
import { proposalFollow, proposalUnfollow } from '../../actions/proposal_follow.js';
import { listSorts, proposalList } from '../../actions/proposal_list.js';
import { proposalAgencyOptions } from '../../actions/proposal_options.js';
import { proposalShow, type ProposalView } from '../../actions/proposal_show.js';
import { proposalStats, type AgencyStats } from '../../actions/proposal_stats.js';
import { petitionDatasets } from '../../datasets.js';
import { publicStatuses } from '../../model.js';
import { topics, LIMITS, type ProposalSummary } from '../../schemas.js';
import { cachedSettings } from '../../settings.js';
import { outcomes } from '../../tables.js';
import { answerFromCache, cachePage, forgetPage, formFailure, queryText, rateLimited, requireSignedIn, text } from '../support.js';
import { AgencyList, formatNumber, OverdueTag, Progress, ProposalCard, StatusTag, Timeline, agencyName, proposalHref, ProposalBody } from './components.js';
import { hostedSectionsFor } from '../../../../http/hosted.js';
import { Markdown } from '../../../../web/markdown.js';

// ---------------------------------------------------------------------------------------------
// List

interface ListFilters {
  q: string;
  status: string;
  agency: string;
  topic: string;
  from: string;
  to: string;
  sort: string;
}

function ListPage({ ctx, filters, result, agencies }: { ctx: PageContext; filters: ListFilters; result: { total: number; page: number; pageSize: number; items: ProposalSummary[] }; agencies: { all: PickerAgency[]; used: Set<string> } }) {
  const state = emptyForm({ ...filters });
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.title')} breadcrumbs={[{ label: ctx.t('petitions.title') }]} wide>
      <h1>{ctx.t('petitions.title')}</h1>
      <p class="usa-intro">{ctx.t('petitions.intro')}</p>
      <ul class="usa-button-group margin-bottom-3">
        <li class="usa-button-group__item">
          <a class="usa-button" href="/proposals/new">
            {ctx.t('petitions.propose')}
          </a>
        </li>
        {ctx.actor && (
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--outline" href="/proposals/mine">
              {ctx.t('petitions.mine')}
            </a>
          </li>
        )}
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/proposals/stats">
            {ctx.t('petitions.stats')}
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/proposals/data">
            {ctx.t('petitions.open_data')}
          </a>
        </li>
      </ul>
      <div class="grid-row grid-gap">
        <section class="tablet:grid-col-4" aria-labelledby="filters-heading">
          <h2 id="filters-heading">{ctx.t('petitions.filters')}</h2>
          <FilterForm ctx={ctx} names={['q', 'status', 'agency', 'topic', 'from', 'to', 'sort']} label={ctx.t('petitions.filters')} applyLabel={ctx.t('petitions.filter.apply')} >
            <Field ctx={ctx} state={state} name="q" id="filter-q" type="search" label={ctx.t('petitions.filter.q')} maxLength={200} markOptional={false} />
            <Select ctx={ctx} state={state} name="status" id="filter-status" label={ctx.t('petitions.filter.status')} options={publicStatuses.map((s) => ({ value: s, label: ctx.t(`petitions.status.${s}`) }))} emptyLabel={ctx.t('petitions.filter.all')} markOptional={false} />
            <AgencyPicker ctx={ctx} name="agency" id="filter-agency" label={ctx.t('petitions.filter.agency')} agencies={agencies.all} selectable={(a) => agencies.used.has(a.id)} value={filters.agency} emptyLabel={ctx.t('petitions.filter.all')} filter />
            <Select ctx={ctx} state={state} name="topic" id="filter-topic" label={ctx.t('petitions.filter.topic')} options={topics.map((tp) => ({ value: tp, label: ctx.t(`petitions.topic.${tp}`) }))} emptyLabel={ctx.t('petitions.filter.all')} markOptional={false} />
            <Fieldset legend={ctx.t('petitions.filter.published')}>
              <DateField ctx={ctx} state={state} name="from" id="filter-from" label={ctx.t('petitions.filter.from')} markOptional={false} />
              <DateField ctx={ctx} state={state} name="to" id="filter-to" label={ctx.t('petitions.filter.to')} markOptional={false} />
            </Fieldset>
            <Select ctx={ctx} state={state} name="sort" id="filter-sort" label={ctx.t('petitions.filter.sort')} options={listSorts.map((s) => ({ value: s, label: ctx.t(`petitions.sort.${s}`) }))} markOptional={false} />
          </FilterForm>
        </section>
        <section class="tablet:grid-col-8" aria-labelledby="results-heading">
          <h2 id="results-heading">{ctx.t('petitions.results')}</h2>
          <PaginatedList ctx={ctx} total={result.total} page={result.page} pageSize={result.pageSize} countText={ctx.t('petitions.results_count', { count: result.total })} emptyMessage={ctx.t('petitions.no_results')}>
            <ul class="usa-card-group og-cards">
              {result.items.map((p) => (
                <ProposalCard ctx={ctx} p={p} />
              ))}
            </ul>
          </PaginatedList>
        </section>
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// One proposal

interface ProposalPageProps {
  ctx: PageContext;
  view: ProposalView;
  /** What other modules show about this proposal (a conversation that links to it). */
  hosted?: VNode[];
  endorseState?: FormState;
  commentState?: FormState;
}

function EndorsementBox({ ctx, view, state }: { ctx: PageContext; view: ProposalView; state?: FormState }) {
  const e = view.endorsement;
  const signin = `/signin?next=${encodeURIComponent(proposalHref(view.id))}`;
  const multiStage = view.stages.length > 1 && view.status === 'endorsing';
  return (
    <section class="usa-summary-box margin-y-3" aria-labelledby="endorse-heading">
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading" id="endorse-heading">
          {ctx.t('petitions.endorsement')}
        </h2>
        <Progress ctx={ctx} count={view.endorsementCount} target={multiStage ? e.target : e.finalTarget} />
        {multiStage && <p>{ctx.t('petitions.stage_note', { stage: e.stageIndex + 1, stages: view.stages.length, final: formatNumber(ctx, e.finalTarget) })}</p>}
        <p>
          {e.phase === 'open' && (
            <>
              {ctx.t('petitions.days_left', { days: e.daysLeft })}（{ctx.t('petitions.closes_on', { date: formatDate(e.closesOn!, ctx.locale) })}）
            </>
          )}
          {e.phase === 'not_started' && ctx.t('petitions.endorse.not_open_yet', { date: formatDate(e.startOn!, ctx.locale) })}
          {e.phase === 'frozen' && ctx.t('petitions.endorse.frozen', { label: e.freeze!.label, until: formatDate(e.freeze!.end, ctx.locale) })}
          {e.phase === 'closed' && (e.outcome === 'not_established' ? ctx.t('petitions.endorse.closed') : ctx.t('petitions.endorsement_closed_established'))}
        </p>
        {view.status === 'established' && <p>{ctx.t('petitions.established_on', { date: formatDate(new Date(view.establishedAt!), ctx.locale) })}</p>}
        <ErrorSummary ctx={ctx} state={state} />
        {!ctx.actor ? (
          e.phase === 'open' && (
            <p>
              <a class="usa-button" href={signin}>
                {ctx.t('petitions.signin_to_endorse')}
              </a>
            </p>
          )
        ) : view.viewer.endorsedAt ? (
          <>
            <p>{ctx.t('petitions.you_endorsed', { date: formatDate(new Date(view.viewer.endorsedAt), ctx.locale) })}</p>
            {e.phase === 'open' && (
              <ActionForm ctx={ctx} action={`${proposalHref(view.id)}/endorse/withdraw`}>
                <button class="usa-button usa-button--outline" type="submit">
                  {ctx.t('petitions.withdraw')}
                </button>
              </ActionForm>
            )}
          </>
        ) : e.phase === 'open' && view.viewer.endorseGaps.length > 0 ? (
          <div class="usa-alert usa-alert--info usa-alert--slim">
            <div class="usa-alert__body">
              <p class="usa-alert__text">{ctx.t('petitions.verify.endorser')}</p>
              <ul class="usa-list">
                {view.viewer.endorseGaps.map((g) => (
                  <li>{ctx.t(`petitions.gap.${g}`)}</li>
                ))}
              </ul>
              <p>
                <a href="/account">{ctx.t('petitions.complete_profile')}</a>
              </p>
            </div>
          </div>
        ) : (
          e.phase === 'open' && (
            <PostForm ctx={ctx} action={`${proposalHref(view.id)}/endorse`}>
              <Field ctx={ctx} state={state} name="comment" id="endorse-comment" label={ctx.t('petitions.endorse_comment')} hint={ctx.t('petitions.endorse_comment_hint', { max: LIMITS.endorseComment })} multiline maxLength={LIMITS.endorseComment} />
              <div class="margin-top-2">
                <Checkbox ctx={ctx} name="follow" id="endorse-follow" label={ctx.t('petitions.follow_by_email')} />
              </div>
              <button class="usa-button" type="submit">
                {ctx.t('petitions.endorse_button')}
              </button>
            </PostForm>
          )
        )}
        {ctx.actor && (
          <ActionForm ctx={ctx} action={`${proposalHref(view.id)}/${view.viewer.following ? 'unfollow' : 'follow'}`} class="margin-top-2">
            <button class="usa-button usa-button--unstyled" type="submit">
              {view.viewer.following ? ctx.t('petitions.unfollow') : ctx.t('petitions.follow')}
            </button>
          </ActionForm>
        )}
      </div>
    </section>
  );
}

function ResponseSection({ ctx, view }: { ctx: PageContext; view: ProposalView }) {
  const r = view.response;
  if (!r) {
    if (view.status !== 'established' || !view.responseState) return null;
    const s = view.responseState;
    return (
      <section aria-labelledby="response-heading">
        <h2 id="response-heading">{ctx.t('petitions.response')}</h2>
        <p>
          {s.overdue ? (
            <>
              <OverdueTag ctx={ctx} /> {ctx.t('petitions.response_overdue', { date: formatDate(s.dueOn, ctx.locale), days: s.daysOverdue })}
            </>
          ) : (
            ctx.t('petitions.response_waiting', { date: formatDate(s.dueOn, ctx.locale), days: s.daysLeft })
          )}
        </p>
        {s.extended && <p>{ctx.t('petitions.extended_times', { count: view.extensionCount, max: view.maxExtensions })}</p>}
      </section>
    );
  }
  return (
    <section aria-labelledby="response-heading">
      <h2 id="response-heading">{ctx.t('petitions.response')}</h2>
      <dl class="og-facts">
        <dt>{ctx.t('petitions.response_agency')}</dt>
        <dd>{agencyName(ctx, r.agency)}</dd>
        <dt>{ctx.t('petitions.outcome')}</dt>
        <dd>
          <strong>{ctx.t(`petitions.outcome.${r.outcome}`)}</strong>
        </dd>
        <dt>{ctx.t('petitions.answered_on')}</dt>
        <dd>
          <DateText ctx={ctx} value={new Date(r.publishedAt)} withTime /> {r.onTime ? ctx.t('petitions.on_time') : <OverdueTag ctx={ctx} />}
        </dd>
      </dl>
      <h3>{ctx.t('petitions.reasons')}</h3>
      <Markdown source={r.reasons} class="og-prose" />
      <h3>{ctx.t('petitions.followups')}</h3>
      {r.followUps.length === 0 ? (
        <p>{ctx.t('petitions.no_followups')}</p>
      ) : (
        <DataTable
          caption={ctx.t('petitions.followups')}
          rows={r.followUps}
          columns={[
            { header: ctx.t('petitions.followup.description'), cell: (f) => f.description },
            { header: ctx.t('petitions.followup.due'), cell: (f) => <DateText ctx={ctx} value={f.dueOn} /> },
            { header: ctx.t('petitions.followup.status'), cell: (f) => ctx.t(`petitions.followup_status.${f.status}`) },
            { header: ctx.t('petitions.followup.note'), cell: (f) => f.statusNote ?? '—' },
            { header: ctx.t('petitions.followup.updated'), cell: (f) => <DateText ctx={ctx} value={f.updatedAt} /> },
          ]}
        />
      )}
    </section>
  );
}

function ProposalPage({ ctx, view, endorseState, commentState, hosted = [] }: ProposalPageProps) {
  const isPublic = publicStatuses.includes(view.status);
  return (
    <Layout ctx={ctx} title={view.title} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: view.title }]}>
      <h1>{view.title}</h1>
      <p>
        <StatusTag ctx={ctx} status={view.status} /> {view.overdue && <OverdueTag ctx={ctx} />}
      </p>
      <dl class="og-facts">
        <dt>{ctx.t('petitions.field.proposer')}</dt>
        <dd>{view.proposer || '—'}</dd>
        <dt>{ctx.t('petitions.field.agencies')}</dt>
        <dd>
          <AgencyList ctx={ctx} agencies={view.agencies} />
        </dd>
        {view.topic && (
          <>
            <dt>{ctx.t('petitions.field.topic')}</dt>
            <dd>{ctx.t(`petitions.topic.${view.topic}`)}</dd>
          </>
        )}
        {view.submittedAt && (
          <>
            <dt>{ctx.t('petitions.field.submitted')}</dt>
            <dd>
              <DateText ctx={ctx} value={view.submittedAt} />
            </dd>
          </>
        )}
      </dl>
      {view.status === 'hidden' && (
        <div class="usa-alert usa-alert--warning" role="region" aria-labelledby="hidden-heading">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading" id="hidden-heading">
              {ctx.t('petitions.hidden_heading')}
            </h2>
            <ul class="usa-list">
              {view.hiddenReasons.map((r) => (
                <li>{ctx.t(`petitions.hide_reason.${r}`)}</li>
              ))}
            </ul>
            {view.hiddenNote && <p>{view.hiddenNote}</p>}
            {view.duplicateOf && (
              <p>
                {ctx.t('petitions.duplicate_of')} <a href={proposalHref(view.duplicateOf)}>{view.duplicateTitle}</a>
              </p>
            )}
          </div>
        </div>
      )}
      {view.status === 'in_review' && (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t('petitions.in_review_note', { date: formatDate(view.reviewDueOn!, ctx.locale) })}</p>
          </div>
        </div>
      )}
      {isPublic && <EndorsementBox ctx={ctx} view={view} state={endorseState} />}
      <ResponseSection ctx={ctx} view={view} />
      <ProposalBody ctx={ctx} view={view} headingId="content-heading" />
      {isPublic && hosted}
      {view.extensions.length > 0 && (
        <section aria-labelledby="extensions-heading">
          <h2 id="extensions-heading">{ctx.t('petitions.extensions')}</h2>
          <ol class="usa-list">
            {view.extensions.map((x) => (
              <li>
                {ctx.t('petitions.extension_item', { from: formatDate(x.previousDueOn, ctx.locale), to: formatDate(x.newDueOn, ctx.locale) })}
                <br />
                {ctx.t('petitions.reasons')}：{x.reasons}
              </li>
            ))}
          </ol>
        </section>
      )}
      {view.meetings.length > 0 && (
        <section aria-labelledby="meetings-heading">
          <h2 id="meetings-heading">{ctx.t('petitions.meetings')}</h2>
          <ul class="usa-list">
            {view.meetings.map((m) => (
              <li>
                <DateText ctx={ctx} value={m.heldOn} />：{m.participants}
                {m.minutesUrl && (
                  <>
                    {' '}
                    <a href={m.minutesUrl} rel="noopener noreferrer" class="usa-link usa-link--external">
                      {ctx.t('petitions.meeting.minutes')}
                    </a>
                  </>
                )}
                {m.videoUrl && (
                  <>
                    {' '}
                    <a href={m.videoUrl} rel="noopener noreferrer" class="usa-link usa-link--external">
                      {ctx.t('petitions.meeting.video')}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{ctx.t('petitions.timeline')}</h2>
        <Timeline ctx={ctx} view={view} />
      </section>
      {view.endorsementComments.length > 0 && (
        <section aria-labelledby="endorsers-heading">
          <h2 id="endorsers-heading">{ctx.t('petitions.endorser_comments')}</h2>
          <ul class="usa-list usa-list--unstyled">
            {view.endorsementComments.map((c) => (
              <li class="margin-bottom-2">
                <strong>{c.author || ctx.t('petitions.anonymous')}</strong> <DateText ctx={ctx} value={c.createdAt} />
                <br />
                {c.comment}
              </li>
            ))}
          </ul>
        </section>
      )}
      {isPublic && <Discussion ctx={ctx} view={view} state={commentState} />}
      <ul class="usa-list usa-list--unstyled margin-top-4">
        {view.viewer.isModerator && view.status === 'in_review' && (
          <li>
            <a class="usa-button" href={`/admin/proposals/${view.id}/review`}>
              {ctx.t('petitions.review_this')}
            </a>
          </li>
        )}
        {view.viewer.isAgency && (view.status === 'established' || view.status === 'answered') && (
          <li>
            <a class="usa-button" href={`/agency/proposals/${view.id}`}>
              {ctx.t('petitions.agency_page')}
            </a>
          </li>
        )}
        {isPublic && (
          <li>
            <a href={`/api/v1/proposals/${view.id}`} type="application/json">
              {ctx.t('petitions.as_json')}
            </a>
          </li>
        )}
      </ul>
    </Layout>
  );
}

function Discussion({ ctx, view, state }: { ctx: PageContext; view: ProposalView; state?: FormState }) {
  const closes = view.discussionClosesOn && view.discussionOpen ? ctx.t('petitions.discussion_closes', { date: formatDate(view.discussionClosesOn, ctx.locale) }) : null;
  return (
    <section aria-labelledby="discussion-heading" id="discussion">
      <h2 id="discussion-heading">{ctx.t('petitions.discussion')}</h2>
      <p>{view.discussionOpen ? ctx.t('petitions.discussion_open') : ctx.t('petitions.discussion.closed')} {closes}</p>
      {view.comments.length === 0 ? (
        <p>{ctx.t('petitions.no_comments')}</p>
      ) : (
        <ol class="usa-list usa-list--unstyled">
          {view.comments.map((c) => (
            <li class="margin-bottom-2" id={`comment-${c.id}`}>
              <strong>{c.author || ctx.t('petitions.anonymous')}</strong> <DateText ctx={ctx} value={new Date(c.createdAt)} withTime />
              <Markdown source={c.body} class="og-prose" />
            </li>
          ))}
        </ol>
      )}
      {view.discussionOpen &&
        (ctx.actor ? (
          <PostForm ctx={ctx} action={`${proposalHref(view.id)}/comments`} large state={state}>
            <Field ctx={ctx} state={state} name="body" label={ctx.t('petitions.comment_label')} multiline required maxLength={LIMITS.comment} />
            <button class="usa-button" type="submit">
              {ctx.t('petitions.comment_button')}
            </button>
          </PostForm>
        ) : (
          <p>
            <a href={`/signin?next=${encodeURIComponent(`${proposalHref(view.id)}#discussion`)}`}>{ctx.t('petitions.signin_to_comment')}</a>
          </p>
        ))}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Statistics and open data

function StatsPage({ ctx, stats }: { ctx: PageContext; stats: Awaited<ReturnType<typeof proposalStats.run>> }) {
  const pct = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((n / d) * 100)}%`);
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.stats')} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: ctx.t('petitions.stats') }]} wide>
      <h1>{ctx.t('petitions.stats')}</h1>
      <p class="usa-intro">{ctx.t('petitions.stats_intro')}</p>
      <p>
        {ctx.t('petitions.as_of')} <DateText ctx={ctx} value={new Date(stats.asOf)} withTime />
      </p>
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">{ctx.t('petitions.totals')}</h2>
        <dl class="og-facts">
          {(['submitted', 'inReview', 'hidden', 'endorsing', 'established', 'notEstablished', 'answered'] as const).map((k) => (
            <>
              <dt>{ctx.t(`petitions.total.${k}`)}</dt>
              <dd>{formatNumber(ctx, stats.totals[k])}</dd>
            </>
          ))}
        </dl>
      </section>
      <section aria-labelledby="agencies-heading">
        <h2 id="agencies-heading">{ctx.t('petitions.by_agency')}</h2>
        {stats.agencies.length === 0 ? (
          <EmptyState ctx={ctx} message={ctx.t('petitions.no_established')} />
        ) : (
          <DataTable<AgencyStats>
            caption={ctx.t('petitions.by_agency_caption')}
            rows={stats.agencies}
            columns={[
              { header: ctx.t('petitions.col.agency'), cell: (a) => <a href={`/proposals?agency=${encodeURIComponent(a.code)}`}>{agencyName(ctx, a)}</a> },
              { header: ctx.t('petitions.col.established'), cell: (a) => a.established },
              { header: ctx.t('petitions.col.answered_on_time'), cell: (a) => `${a.answeredOnTime}（${pct(a.answeredOnTime, a.established)}）` },
              { header: ctx.t('petitions.col.answered_late'), cell: (a) => a.answeredLate },
              { header: ctx.t('petitions.col.waiting'), cell: (a) => a.waiting },
              { header: ctx.t('petitions.col.overdue'), cell: (a) => a.overdue },
              { header: ctx.t('petitions.col.extended'), cell: (a) => a.extended },
              { header: ctx.t('petitions.col.outcomes'), cell: (a) => outcomes.map((o) => `${ctx.t(`petitions.outcome.${o}`)} ${a.outcomes[o]}`).join(ctx.locale === 'en' ? ', ' : '、') },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="hidden-stats-heading">
        <h2 id="hidden-stats-heading">{ctx.t('petitions.hidden_by_reason')}</h2>
        <dl class="og-facts">
          {Object.entries(stats.hiddenByReason).map(([reason, n]) => (
            <>
              <dt>{ctx.t(`petitions.hide_reason.${reason}`)}</dt>
              <dd>{n}</dd>
            </>
          ))}
        </dl>
      </section>
      <p>
        <a href="/proposals/data">{ctx.t('petitions.open_data')}</a>
      </p>
    </Layout>
  );
}

function DataPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.open_data')} breadcrumbs={[{ href: '/proposals', label: ctx.t('petitions.title') }, { label: ctx.t('petitions.open_data') }]}>
      <h1>{ctx.t('petitions.open_data')}</h1>
      <p class="usa-intro">{ctx.t('petitions.open_data_intro')}</p>
      {petitionDatasets.map((d) => (
        <section aria-labelledby={`dataset-${d.name}`}>
          <h2 id={`dataset-${d.name}`}>{ctx.locale === 'en' ? d.titleEn : d.titleZh}</h2>
          <p>{ctx.t(`petitions.dataset.${d.name}`)}</p>
          <ul class="usa-list">
            {d.formats.map((format) => (
              <li>
                <a href={`${d.path}.${format}`}>{ctx.t('petitions.download', { format: format.toUpperCase() })}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>{ctx.t('petitions.open_data_license')}</p>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Routes

const IdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

function filtersFrom(query: unknown): ListFilters {
  return {
    q: queryText(query, 'q'),
    status: queryText(query, 'status', 30),
    agency: queryText(query, 'agency', 40),
    topic: queryText(query, 'topic', 30),
    from: queryText(query, 'from', 10),
    to: queryText(query, 'to', 10),
    sort: queryText(query, 'sort', 20) || 'newest',
  };
}

function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

async function renderProposal(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, props: Omit<ProposalPageProps, 'ctx' | 'view'> = {}, status = 200) {
  const { id } = request.params as { id: string };
  const view = await runAction(deps, request, proposalShow, { proposalId: id });
  const ctx = pageContext(request, reply);
  const hosted = await hostedSectionsFor(deps, request, ctx, { path: proposalHref(view.id) });
  return sendPage(reply, <ProposalPage ctx={ctx} view={view} hosted={hosted} {...props} />, status);
}

export async function publicPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/proposals', async (request, reply) => {
    const filters = filtersFrom(request.query);
    const page = Number(queryText(request.query, 'page', 6)) || 1;
    const input: Record<string, unknown> = { page: Math.max(1, Math.min(100000, Math.floor(page))) };
    if (filters.q) input.q = filters.q;
    if ((publicStatuses as readonly string[]).includes(filters.status)) input.status = filters.status;
    if (filters.agency) input.agency = filters.agency;
    if ((topics as readonly string[]).includes(filters.topic)) input.topic = filters.topic;
    if (/^\d{4}-\d{2}-\d{2}$/.test(filters.from)) input.from = filters.from;
    if (/^\d{4}-\d{2}-\d{2}$/.test(filters.to)) input.to = filters.to;
    if ((listSorts as readonly string[]).includes(filters.sort)) input.sort = filters.sort;
    const [result, all, used] = await Promise.all([runAction(deps, request, proposalList, input), runAction(deps, request, proposalAgencyOptions, {}), runAction(deps, request, proposalAgencyOptions, { used: true })]);
    return sendPage(reply, <ListPage ctx={pageContext(request, reply)} filters={filters} result={result} agencies={{ all, used: new Set(used.map((a) => a.id)) }} />);
  });

  app.get('/proposals/stats', async (request, reply) => {
    const stats = await runAction(deps, request, proposalStats, {});
    return sendPage(reply, <StatsPage ctx={pageContext(request, reply)} stats={stats} />);
  });

  app.get('/proposals/data', async (request, reply) => sendPage(reply, <DataPage ctx={pageContext(request, reply)} />));

  app.get<{ Params: { file: string } }>('/proposals/data/:file', async (request, reply) => {
    const match = /^([a-z]+)\.(csv|json)$/.exec(request.params.file);
    if (!match || !(datasets as readonly string[]).includes(match[1])) throw new AppError('NOT_FOUND', 'error.not_found');
    const result = await runAction(deps, request, proposalExport, { dataset: match[1] as Dataset });
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60');
    reply.header('content-disposition', `inline; filename="proposals-${result.dataset}.${match[2]}"`);
    if (match[2] === 'json') return reply.type('application/json; charset=utf-8').send({ dataset: result.dataset, generatedAt: result.generatedAt, rows: result.rows });
    // The JSON download keeps every value exactly as stored; the CSV neutralises formulas (core/csv.ts).
    return reply.type('text/csv; charset=utf-8').send(csvText(result.rows, { bom: true, columns: result.columns, booleanWords: true }));
  });

  // Anonymous proposal pages are the same for everyone in a language (see support.ts).
  const cacheKey = (request: FastifyRequest) => {
    const cacheable = !request.actor && request.flashes.length === 0 && Object.keys(request.query as object).every((k) => k === 'lang');
    return cacheable ? `${(request.params as { id: string }).id}:${request.locale}` : null;
  };
  app.get<{ Params: { id: string } }>('/proposals/:id', { schema: { params: IdParams }, onRequest: answerFromCache(deps, cacheKey, 'text/html; charset=utf-8') }, async (request, reply) => {
    const key = cacheKey(request);
    const cacheable = key !== null;
    const view = await runAction(deps, request, proposalShow, { proposalId: request.params.id });
    const ctx = pageContext(request, reply);
    const hosted = await hostedSectionsFor(deps, request, ctx, { path: proposalHref(view.id) });
    const html = `<!DOCTYPE html>${renderToString((<ProposalPage ctx={ctx} view={view} hosted={hosted} />) as VNode)}`;
    if (cacheable && publicStatuses.includes(view.status)) cachePage(deps, key!, html, (await cachedSettings(deps.services)).pageCacheSeconds);
    return sendHtml(reply, html);
  });

  app.post<{ Params: { id: string } }>('/proposals/:id/endorse', { schema: { params: IdParams }, config: { runs: [proposalEndorse], returnTo: (request) => proposalHref((request.params as { id: string }).id) }, preHandler: rateLimited(deps, 'endorse') }, async (request, reply) => {
    requireSignedIn(request);
    const comment = text(request.body, 'comment').trim();
    const follow = text(request.body, 'follow') === '1';
    try {
      const result = await runAction(deps, request, proposalEndorse, { proposalId: request.params.id, ...(comment && { comment }), ...(follow && { follow }) });
      if (result.established) await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, proposalHref(request.params.id), { kind: 'success', message: result.established ? 'petitions.flash.endorsed_established' : 'petitions.flash.endorsed', params: { count: result.count } });
    } catch (error) {
      const failure = formFailure(error, { comment });
      return renderProposal(deps, request, reply, { endorseState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/proposals/:id/endorse/withdraw', { schema: { params: IdParams }, config: { runs: [proposalEndorsementWithdraw] }, preHandler: rateLimited(deps, 'endorse') }, async (request, reply) => {
    requireSignedIn(request);
    try {
      await runAction(deps, request, proposalEndorsementWithdraw, { proposalId: request.params.id });
      return redirectWithFlash(reply, proposalHref(request.params.id), { kind: 'success', message: 'petitions.flash.withdrawn' });
    } catch (error) {
      const failure = formFailure(error, {});
      return renderProposal(deps, request, reply, { endorseState: failure.state }, failure.status);
    }
  });

  for (const [path, action, message] of [
    ['follow', proposalFollow, 'petitions.flash.following'],
    ['unfollow', proposalUnfollow, 'petitions.flash.unfollowed'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/proposals/:id/${path}`, { schema: { params: IdParams }, config: { runs: [action] } }, async (request, reply) => {
      requireSignedIn(request);
      await runAction(deps, request, action, { proposalId: request.params.id });
      return redirectWithFlash(reply, proposalHref(request.params.id), { kind: 'success', message });
    });
  }

  app.post<{ Params: { id: string } }>('/proposals/:id/comments', { schema: { params: IdParams }, config: { rateLimit: { max: 20, timeWindow: 60_000 }, runs: [proposalComment] } }, async (request, reply) => {
    requireSignedIn(request);
    const body = text(request.body, 'body');
    try {
      await runAction(deps, request, proposalComment, { proposalId: request.params.id, body });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, `${proposalHref(request.params.id)}#discussion`, { kind: 'success', message: 'petitions.flash.commented' });
    } catch (error) {
      const failure = formFailure(error, { body });
      return renderProposal(deps, request, reply, { commentState: failure.state }, failure.status);
    }
  });
}

export { emptyForm };
