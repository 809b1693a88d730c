// The responsible agency's side: the inbox of established proposals (lead and co-organizer) with
// deadline warnings, the response form (outcome, reasons, follow-up actions), extension notices,
// meeting records, and follow-up status updates after the response.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDate, taipeiDateOf } from '../../../../core/calendar.js';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DataTable, DateField, DateText, ErrorSummary, Field, Fieldset, PaginatedList, PostForm, RadioGroup, Select, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout, type Crumb } from '../../../../web/layout.js';
import { proposalExtend } from '../../actions/proposal_extend.js';
import { proposalFollowupUpdate } from '../../actions/proposal_followup_update.js';
import { proposalInbox } from '../../actions/proposal_inbox.js';
import { proposalMeetingAdd } from '../../actions/proposal_meeting_add.js';
import { proposalRespond, proposalResponseDraftShow, proposalResponseSave } from '../../actions/proposal_respond.js';
import { proposalShow, type ProposalView } from '../../actions/proposal_show.js';
import { latestExtensionDate } from '../../model.js';
import { LIMITS } from '../../schemas.js';
import { followupStatuses, outcomes } from '../../tables.js';
import { forgetPage, formFailure, requireRoles, text } from '../support.js';
import { AgencyList, OverdueTag, StatusTag, proposalHref } from './components.js';
import { Markdown } from '../../../../web/markdown.js';

const AGENCY_ROLES = ['agency_staff', 'agency_admin'];
const FOLLOWUP_ROWS = 5;
const filters = ['open', 'answered', 'all'] as const;
type Filter = (typeof filters)[number];
const crumbs = (ctx: PageContext, ...rest: Crumb[]): Crumb[] => [{ href: '/agency/proposals', label: ctx.t('petitions.inbox') }, ...rest];

function InboxPage({ ctx, rows, filter }: { ctx: PageContext; rows: Awaited<ReturnType<typeof proposalInbox.run>>; filter: Filter }) {
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.inbox')} breadcrumbs={[{ label: ctx.t('petitions.inbox') }]} wide>
      <h1>{ctx.t('petitions.inbox')}</h1>
      <p class="usa-intro">{ctx.t('petitions.inbox_intro')}</p>
      <nav aria-label={ctx.t('petitions.inbox_filter')}>
        <ul class="usa-button-group">
          {filters.map((f) => (
            <li class="usa-button-group__item">
              <a class={`usa-button${f === filter ? '' : ' usa-button--outline'}`} href={`/agency/proposals?filter=${f}`} aria-current={f === filter ? 'page' : undefined}>
                {ctx.t(`petitions.inbox_filter.${f}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PaginatedList ctx={ctx} total={rows.length} emptyMessage={ctx.t('petitions.inbox_empty')} countText={ctx.t('petitions.results_count', { count: rows.length })}>
        <DataTable
          caption={ctx.t('petitions.inbox')}
          rows={rows}
          columns={[
            { header: ctx.t('petitions.field.title'), cell: (r) => <a href={`/agency/proposals/${r.id}`}>{r.title}</a> },
            { header: ctx.t('petitions.col.role'), cell: (r) => ctx.t(`petitions.role.${r.role}`) },
            { header: ctx.t('petitions.col.established_on'), cell: (r) => <DateText ctx={ctx} value={r.establishedAt} /> },
            {
              header: ctx.t('petitions.response_due'),
              cell: (r) => (
                <>
                  <DateText ctx={ctx} value={r.responseDueOn} />{' '}
                  {r.response?.answered ? (
                    ctx.t('petitions.status.answered')
                  ) : r.overdue ? (
                    <>
                      <OverdueTag ctx={ctx} /> {ctx.t('petitions.days_overdue', { days: r.response?.daysOverdue ?? 0 })}
                    </>
                  ) : r.dueSoon ? (
                    <span class="usa-tag bg-accent-warm-darker">{ctx.t('petitions.due_soon', { days: r.response?.daysLeft ?? 0 })}</span>
                  ) : (
                    ctx.t('petitions.days_left', { days: r.response?.daysLeft ?? 0 })
                  )}
                </>
              ),
            },
            { header: ctx.t('petitions.col.extended'), cell: (r) => (r.response?.extended ? ctx.t('petitions.yes') : ctx.t('petitions.no')) },
            { header: ctx.t('petitions.col.draft'), cell: (r) => (r.responseDraft ? ctx.t('petitions.draft_saved') : '—') },
          ]}
        />
      </PaginatedList>
    </Layout>
  );
}

interface DraftData {
  outcome: string | null;
  reasons: string;
  status: string | null;
  followUps: Array<{ id: string; description: string; dueOn: string | null; status: string; statusNote: string | null }>;
}

interface AgencyPageProps {
  ctx: PageContext;
  view: ProposalView;
  draft: DraftData | null;
  responseState?: FormState;
  extendState?: FormState;
  meetingState?: FormState;
  followupState?: FormState & { id?: string };
}

function responseValues(draft: DraftData | null): Record<string, string> {
  const values: Record<string, string> = { outcome: draft?.outcome ?? '', reasons: draft?.reasons ?? '' };
  draft?.followUps.forEach((f, i) => {
    values[`followup${i + 1}_description`] = f.description;
    values[`followup${i + 1}_due`] = f.dueOn ?? '';
  });
  return values;
}

function AgencyProposalPage({ ctx, view, draft, responseState, extendState, meetingState, followupState }: AgencyPageProps) {
  const base = `/agency/proposals/${view.id}`;
  const lead = view.viewer.isLeadAgency;
  const state = view.responseState;
  const response = responseState ?? emptyForm(responseValues(draft));
  const canExtend = lead && view.status === 'established' && state && !state.overdue && view.extensionCount < view.maxExtensions;
  return (
    <Layout ctx={ctx} title={view.title} breadcrumbs={crumbs(ctx, { label: view.title })}>
      <h1>{view.title}</h1>
      <p>
        <StatusTag ctx={ctx} status={view.status} /> {view.overdue && <OverdueTag ctx={ctx} />}
      </p>
      <p>
        {ctx.t('petitions.field.agencies')}：<AgencyList ctx={ctx} agencies={view.agencies} /> · <a href={proposalHref(view.id)}>{ctx.t('petitions.public_page')}</a>
      </p>
      {state && (
        <div class={`usa-alert usa-alert--slim ${state.overdue ? 'usa-alert--error' : 'usa-alert--info'}`}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">
              {state.answered
                ? ctx.t('petitions.answered_state', { date: formatDate(state.answeredOn!, ctx.locale) })
                : state.overdue
                  ? ctx.t('petitions.response_overdue', { date: formatDate(state.dueOn, ctx.locale), days: state.daysOverdue })
                  : ctx.t('petitions.response_waiting', { date: formatDate(state.dueOn, ctx.locale), days: state.daysLeft })}{' '}
              {ctx.t('petitions.extended_times', { count: view.extensionCount, max: view.maxExtensions })}
            </p>
          </div>
        </div>
      )}
      {!lead && (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t('petitions.co_note')}</p>
          </div>
        </div>
      )}
      <details class="margin-y-2">
        <summary>{ctx.t('petitions.show_proposal')}</summary>
        <h2>{ctx.t('petitions.field.content')}</h2>
        <Markdown source={view.content} class="og-prose" />
        <h2>{ctx.t('petitions.field.benefits')}</h2>
        <Markdown source={view.benefits} class="og-prose" />
      </details>

      {lead && view.status === 'established' && (
        <section aria-labelledby="respond-heading" class="margin-top-4">
          <h2 id="respond-heading">{ctx.t('petitions.respond')}</h2>
          {draft?.status === 'draft' && <p>{ctx.t('petitions.draft_saved')}</p>}
          <ErrorSummary ctx={ctx} state={responseState} />
          <PostForm ctx={ctx} action={`${base}/response`} large>
            <RadioGroup ctx={ctx} state={response} name="outcome" legend={ctx.t('petitions.outcome')} idPrefix="outcome" options={outcomes.map((o) => ({ value: o, label: ctx.t(`petitions.outcome.${o}`) }))} />
            <Field ctx={ctx} state={response} name="reasons" label={ctx.t('petitions.reasons')} hint={ctx.t('petitions.hint.markdown')} multiline required maxLength={LIMITS.reasons} />
            <Fieldset legend={ctx.t('petitions.followups')} class="margin-top-3">
              <p class="usa-hint">{ctx.t('petitions.followups_hint')}</p>
              {Array.from({ length: FOLLOWUP_ROWS }, (_, i) => (
                <>
                  <Field ctx={ctx} state={response} name={`followup${i + 1}_description`} label={ctx.t('petitions.followup.nth', { n: i + 1 })} maxLength={LIMITS.followupText} />
                  <DateField ctx={ctx} state={response} name={`followup${i + 1}_due`} label={ctx.t('petitions.followup.nth_due', { n: i + 1 })} />
                </>
              ))}
            </Fieldset>
            <ul class="usa-button-group margin-top-3">
              <li class="usa-button-group__item">
                <button class="usa-button usa-button--outline" type="submit" name="intent" value="draft" formNoValidate>
                  {ctx.t('petitions.save_draft')}
                </button>
              </li>
              <li class="usa-button-group__item">
                <button class="usa-button" type="submit" name="intent" value="publish">
                  {ctx.t('petitions.publish_response')}
                </button>
              </li>
            </ul>
          </PostForm>
        </section>
      )}

      {lead && view.status === 'established' && (
        <section aria-labelledby="extend-heading" class="margin-top-4">
          <h2 id="extend-heading">{ctx.t('petitions.extend')}</h2>
          <p>
            {ctx.t('petitions.extend_rule', { months: view.extensionMonths, max: view.maxExtensions, count: view.extensionCount })}
            {state && canExtend && <> {ctx.t('petitions.extend_latest', { date: formatDate(latestExtensionDate(state.dueOn, { extensionMaxMonths: view.extensionMonths }), ctx.locale) })}</>}
          </p>
          <ErrorSummary ctx={ctx} state={extendState} />
          {canExtend ? (
            <PostForm ctx={ctx} action={`${base}/extend`} large>
              <DateField ctx={ctx} state={extendState} name="newDueOn" label={ctx.t('petitions.new_due')} required />
              <Field ctx={ctx} state={extendState} name="extendReasons" label={ctx.t('petitions.reasons')} multiline required maxLength={LIMITS.reasons} />
              <button class="usa-button usa-button--outline" type="submit">
                {ctx.t('petitions.publish_extension')}
              </button>
            </PostForm>
          ) : (
            <p>{ctx.t('petitions.cannot_extend')}</p>
          )}
        </section>
      )}

      {lead && (view.status === 'established' || view.status === 'answered') && (
        <section aria-labelledby="meeting-heading" class="margin-top-4">
          <h2 id="meeting-heading">{ctx.t('petitions.add_meeting')}</h2>
          <ErrorSummary ctx={ctx} state={meetingState} />
          <PostForm ctx={ctx} action={`${base}/meetings`} large>
            <DateField ctx={ctx} state={meetingState} name="heldOn" label={ctx.t('petitions.meeting.date')} required />
            <Field ctx={ctx} state={meetingState} name="participants" label={ctx.t('petitions.meeting.participants')} multiline required maxLength={LIMITS.participants} />
            <Field ctx={ctx} state={meetingState} name="minutesUrl" type="url" label={ctx.t('petitions.meeting.minutes_url')} maxLength={2000} />
            <Field ctx={ctx} state={meetingState} name="videoUrl" type="url" label={ctx.t('petitions.meeting.video_url')} maxLength={2000} />
            <button class="usa-button usa-button--outline" type="submit">
              {ctx.t('petitions.add_meeting')}
            </button>
          </PostForm>
        </section>
      )}

      {view.status === 'answered' && view.response && (
        <section aria-labelledby="followups-heading" class="margin-top-4">
          <h2 id="followups-heading">{ctx.t('petitions.followups')}</h2>
          <ErrorSummary ctx={ctx} state={followupState} />
          {view.response.followUps.length === 0 ? (
            <p>{ctx.t('petitions.no_followups')}</p>
          ) : (
            view.response.followUps.map((f, i) => (
              <PostForm ctx={ctx} action={`${base}/followups/${f.id}`} large class="margin-bottom-3">
                <h3>
                  {f.description}
                  {f.dueOn && (
                    <span class="text-base-dark">
                      {' '}
                      （{ctx.t('petitions.followup.due')}：{formatDate(f.dueOn, ctx.locale)}）
                    </span>
                  )}
                </h3>
                {lead ? (
                  <>
                    <Select ctx={ctx} name="status" id={`followup-status-${i}`} value={f.status} label={ctx.t('petitions.followup.status')} options={followupStatuses.map((s) => ({ value: s, label: ctx.t(`petitions.followup_status.${s}`) }))} markOptional={false} />
                    <Field ctx={ctx} name="note" id={`followup-note-${i}`} value={f.statusNote ?? ''} label={ctx.t('petitions.followup.note')} multiline maxLength={LIMITS.note} />
                    <button class="usa-button usa-button--outline" type="submit">
                      {ctx.t('petitions.followup.update')}
                    </button>
                  </>
                ) : (
                  <p>{ctx.t(`petitions.followup_status.${f.status}`)}</p>
                )}
              </PostForm>
            ))
          )}
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

const IdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

async function renderAgencyPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, states: Partial<Omit<AgencyPageProps, 'ctx' | 'view' | 'draft'>> = {}, status = 200) {
  const { id } = request.params as { id: string };
  const view = await runAction(deps, request, proposalShow, { proposalId: id });
  if (!view.viewer.isAgency || !(view.status === 'established' || view.status === 'answered')) throw new AppError('NOT_FOUND', 'petitions.not_found');
  const draft = view.viewer.isLeadAgency ? await runAction(deps, request, proposalResponseDraftShow, { proposalId: id }) : null;
  return sendPage(reply, <AgencyProposalPage ctx={pageContext(request, reply)} view={view} draft={draft} {...states} />, status);
}

function responseInput(body: unknown): { input: Record<string, unknown>; values: Record<string, string> } {
  const values: Record<string, string> = { outcome: text(body, 'outcome'), reasons: text(body, 'reasons') };
  const followUps: Array<{ description: string; dueOn?: string }> = [];
  for (let i = 1; i <= FOLLOWUP_ROWS; i++) {
    const description = text(body, `followup${i}_description`);
    const due = text(body, `followup${i}_due`).trim();
    values[`followup${i}_description`] = description;
    values[`followup${i}_due`] = due;
    if (description.trim()) followUps.push({ description, ...(due && { dueOn: due }) });
  }
  const input: Record<string, unknown> = { reasons: values.reasons, followUps };
  if (values.outcome) input.outcome = values.outcome;
  return { input, values };
}

export async function agencyPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/agency/proposals', async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    const raw = (request.query as Record<string, string | undefined>).filter ?? 'open';
    const filter: Filter = (filters as readonly string[]).includes(raw) ? (raw as Filter) : 'open';
    const rows = await runAction(deps, request, proposalInbox, { filter });
    return sendPage(reply, <InboxPage ctx={pageContext(request, reply)} rows={rows} filter={filter} />);
  });

  app.get<{ Params: { id: string } }>('/agency/proposals/:id', { schema: { params: IdParams } }, async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    return renderAgencyPage(deps, request, reply);
  });

  app.post<{ Params: { id: string } }>('/agency/proposals/:id/response', { schema: { params: IdParams }, config: { runs: [proposalRespond, proposalResponseSave] } }, async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    const { input, values } = responseInput(request.body);
    const publish = text(request.body, 'intent') === 'publish';
    try {
      await runAction(deps, request, publish ? proposalRespond : proposalResponseSave, { proposalId: request.params.id, ...input });
      await forgetPage(deps, request.params.id);
      if (publish) return redirectWithFlash(reply, proposalHref(request.params.id), { kind: 'success', message: 'petitions.flash.responded' });
      return redirectWithFlash(reply, `/agency/proposals/${request.params.id}`, { kind: 'success', message: 'petitions.flash.response_saved' });
    } catch (error) {
      const failure = formFailure(error, values);
      failure.state.errors = failure.state.errors.map((e) => {
        const m = /^followUps\.(\d+)\.(description|dueOn)$/.exec(e.field);
        return m ? { ...e, field: `followup${Number(m[1]) + 1}_${m[2] === 'dueOn' ? 'due' : 'description'}` } : e;
      });
      return renderAgencyPage(deps, request, reply, { responseState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/agency/proposals/:id/extend', { schema: { params: IdParams }, config: { runs: [proposalExtend] } }, async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    const values = { newDueOn: text(request.body, 'newDueOn').trim(), extendReasons: text(request.body, 'extendReasons') };
    try {
      await runAction(deps, request, proposalExtend, { proposalId: request.params.id, newDueOn: values.newDueOn, reasons: values.extendReasons });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, `/agency/proposals/${request.params.id}`, { kind: 'success', message: 'petitions.flash.extended', params: { date: formatDate(values.newDueOn, request.locale) } });
    } catch (error) {
      const failure = formFailure(error, values);
      failure.state.errors = failure.state.errors.map((e) => (e.field === 'reasons' ? { ...e, field: 'extendReasons' } : e));
      return renderAgencyPage(deps, request, reply, { extendState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/agency/proposals/:id/meetings', { schema: { params: IdParams }, config: { runs: [proposalMeetingAdd] } }, async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    const values = { heldOn: text(request.body, 'heldOn').trim(), participants: text(request.body, 'participants'), minutesUrl: text(request.body, 'minutesUrl').trim(), videoUrl: text(request.body, 'videoUrl').trim() };
    try {
      await runAction(deps, request, proposalMeetingAdd, {
        proposalId: request.params.id,
        heldOn: values.heldOn,
        participants: values.participants,
        ...(values.minutesUrl && { minutesUrl: values.minutesUrl }),
        ...(values.videoUrl && { videoUrl: values.videoUrl }),
      });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, `/agency/proposals/${request.params.id}`, { kind: 'success', message: 'petitions.flash.meeting_added' });
    } catch (error) {
      const failure = formFailure(error, values);
      return renderAgencyPage(deps, request, reply, { meetingState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string; followupId: string } }>('/agency/proposals/:id/followups/:followupId', { config: { runs: [proposalFollowupUpdate] } }, async (request, reply) => {
    requireRoles(request, AGENCY_ROLES);
    const status = text(request.body, 'status');
    const note = text(request.body, 'note');
    try {
      await runAction(deps, request, proposalFollowupUpdate, { proposalId: request.params.id, followupId: request.params.followupId, status, ...(note.trim() && { note }) });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, `/agency/proposals/${request.params.id}#followups-heading`, { kind: 'success', message: 'petitions.flash.followup_updated' });
    } catch (error) {
      const failure = formFailure(error, { status, note });
      return renderAgencyPage(deps, request, reply, { followupState: failure.state }, failure.status);
    }
  });
}

export { taipeiDateOf };
