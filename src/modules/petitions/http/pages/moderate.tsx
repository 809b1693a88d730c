// Platform moderators: the review queue ordered by deadline, the review page (approve, hide with
// reasons, mark duplicate, change agencies) and, for platform admins, the operator settings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDate, isValidLocalDate } from '../../../../core/calendar.js';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, Checkbox, CheckboxGroup, DataTable, DateText, ErrorSummary, Field, Fieldset, PaginatedList, PostForm, Select, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout, type Crumb } from '../../../../web/layout.js';
import { petitionSettingsShow, petitionSettingsUpdate } from '../../actions/petition_settings.js';
import { proposalAgencyOptions } from '../../actions/proposal_options.js';
import { proposalAgenciesChange, proposalApprove, proposalHide, proposalReviewQueue } from '../../actions/proposal_review.js';
import { proposalSimilar } from '../../actions/proposal_similar.js';
import { proposalShow, type ProposalView } from '../../actions/proposal_show.js';
import { hideReasons, LIMITS } from '../../schemas.js';
import type { PetitionSettings } from '../../settings.js';
import { forgetPage, formFailure, list, requireRoles, text } from '../support.js';
import { AgencyList, OverdueTag, StatusTag, proposalHref, ProposalBody } from './components.js';

const MODERATORS = ['platform_moderator', 'platform_admin'];
const crumbs = (ctx: PageContext, ...rest: Crumb[]): Crumb[] => [{ href: '/admin/proposals/review', label: ctx.t('petitions.review_queue') }, ...rest];

function QueuePage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof proposalReviewQueue.run>> }) {
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.review_queue')} breadcrumbs={[{ label: ctx.t('petitions.review_queue') }]} wide>
      <h1>{ctx.t('petitions.review_queue')}</h1>
      <p class="usa-intro">{ctx.t('petitions.review_queue_intro')}</p>
      <PaginatedList ctx={ctx} total={rows.length} emptyMessage={ctx.t('petitions.review_queue_empty')} countText={ctx.t('petitions.review_queue_count', { count: rows.length, overdue })}>
        <DataTable
          caption={ctx.t('petitions.review_queue')}
          rows={rows}
          columns={[
            { header: ctx.t('petitions.field.title'), cell: (r) => <a href={`/admin/proposals/${r.id}/review`}>{r.title}</a> },
            {
              header: ctx.t('petitions.review_due'),
              cell: (r) => (
                <>
                  <DateText ctx={ctx} value={r.reviewDueOn} /> {r.overdue && <OverdueTag ctx={ctx} />}
                  {r.dueToday && <span class="usa-tag bg-primary-dark">{ctx.t('petitions.due_today')}</span>}
                </>
              ),
            },
            { header: ctx.t('petitions.field.submitted'), cell: (r) => <DateText ctx={ctx} value={new Date(r.submittedAt)} withTime /> },
            { header: ctx.t('petitions.field.proposer'), cell: (r) => r.proposer || '—' },
            { header: ctx.t('petitions.field.agencies'), cell: (r) => <AgencyList ctx={ctx} agencies={r.agencies} /> },
          ]}
        />
      </PaginatedList>
    </Layout>
  );
}

interface ReviewPageProps {
  ctx: PageContext;
  view: ProposalView;
  agencies: PickerAgency[];
  similar: Array<{ id: string; title: string; url: string }>;
  hideState?: FormState;
  agenciesState?: FormState;
  approveState?: FormState;
}

function ReviewPage({ ctx, view, agencies, similar, hideState, agenciesState, approveState }: ReviewPageProps) {
  const base = `/admin/proposals/${view.id}`;
  const agencyValues = agenciesState ?? emptyForm(Object.fromEntries(view.agencies.map((a, i) => [`agency${i + 1}`, a.code])));
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.review_title', { title: view.title })} breadcrumbs={crumbs(ctx, { label: view.title })}>
      <h1>{ctx.t('petitions.review_title', { title: view.title })}</h1>
      <p>
        <StatusTag ctx={ctx} status={view.status} />{' '}
        {view.reviewDueOn && view.status === 'in_review' && (
          <>
            {ctx.t('petitions.review_due')}：<DateText ctx={ctx} value={view.reviewDueOn} />
          </>
        )}
      </p>
      <p>
        {ctx.t('petitions.field.proposer')}：{view.proposer || '—'} · {ctx.t('petitions.field.agencies')}：<AgencyList ctx={ctx} agencies={view.agencies} /> ·{' '}
        <a href={proposalHref(view.id)}>{ctx.t('petitions.public_page')}</a>
      </p>
      <ProposalBody ctx={ctx} view={view} headingId="review-content" />
      <section aria-labelledby="review-similar">
        <h2 id="review-similar">{ctx.t('petitions.similar')}</h2>
        {similar.length === 0 ? (
          <p>{ctx.t('petitions.similar_none')}</p>
        ) : (
          <ul class="usa-list">
            {similar.map((s) => (
              <li>
                <a href={s.url}>{s.title}</a> <code>{s.id}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
      {view.status === 'in_review' && (
        <section aria-labelledby="approve-heading" class="margin-top-4">
          <h2 id="approve-heading">{ctx.t('petitions.approve')}</h2>
          <ErrorSummary ctx={ctx} state={approveState} />
          <p>{ctx.t('petitions.approve_note')}</p>
          <ActionForm ctx={ctx} action={`${base}/approve`}>
            <button class="usa-button" type="submit">
              {ctx.t('petitions.approve')}
            </button>
          </ActionForm>
        </section>
      )}
      {(view.status === 'in_review' || view.status === 'endorsing') && (
        <section aria-labelledby="hide-heading" class="margin-top-4">
          <h2 id="hide-heading">{ctx.t('petitions.hide')}</h2>
          <ErrorSummary ctx={ctx} state={hideState} />
          <PostForm ctx={ctx} action={`${base}/hide`} large>
            <CheckboxGroup ctx={ctx} state={hideState} name="reasons" legend={ctx.t('petitions.hide_reasons')} idPrefix="reason" options={hideReasons.map((r) => ({ value: r, label: ctx.t(`petitions.hide_reason.${r}`) }))} errorText={ctx.t('petitions.hide_reasons_required')} />
            <Field ctx={ctx} state={hideState} name="duplicateOf" label={ctx.t('petitions.duplicate_link')} hint={ctx.t('petitions.duplicate_hint')} maxLength={300} />
            <Field ctx={ctx} state={hideState} name="note" label={ctx.t('petitions.hide_note')} hint={ctx.t('petitions.hide_note_hint')} multiline maxLength={LIMITS.note} />
            <button class="usa-button usa-button--secondary" type="submit">
              {ctx.t('petitions.hide')}
            </button>
          </PostForm>
        </section>
      )}
      {['in_review', 'endorsing', 'established'].includes(view.status) && (
        <section aria-labelledby="agencies-heading" class="margin-top-4">
          <h2 id="agencies-heading">{ctx.t('petitions.change_agencies')}</h2>
          <ErrorSummary ctx={ctx} state={agenciesState} />
          <PostForm ctx={ctx} action={`${base}/agencies`} large>
            <AgencyPicker ctx={ctx} state={agencyValues} name="agency1" label={ctx.t('petitions.field.lead_agency')} agencies={agencies} emptyLabel={ctx.t('petitions.choose')} required />
            <AgencyPicker ctx={ctx} state={agencyValues} name="agency2" label={ctx.t('petitions.field.co_agency', { n: 1 })} agencies={agencies} emptyLabel={ctx.t('petitions.none')} />
            <AgencyPicker ctx={ctx} state={agencyValues} name="agency3" label={ctx.t('petitions.field.co_agency', { n: 2 })} agencies={agencies} emptyLabel={ctx.t('petitions.none')} />
            <Field ctx={ctx} state={agencyValues} name="changeNote" label={ctx.t('petitions.change_note')} multiline maxLength={LIMITS.note} />
            <button class="usa-button usa-button--outline" type="submit">
              {ctx.t('petitions.change_agencies')}
            </button>
          </PostForm>
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Settings

const numberFields = [
  ['reviewWorkingDays', 'rules'],
  ['responseDays', 'rules'],
  ['extensionMaxMonths', 'rules'],
  ['maxExtensions', 'rules'],
  ['discussionDaysAfterResponse', 'rules'],
  ['freezeDaysBefore', null],
  ['freezeDaysAfter', null],
  ['responseWarningDays', null],
  ['uploadMaxFiles', null],
  ['pageCacheSeconds', null],
] as const;
const limitFields = ['proposePerAccount', 'proposePerAddress', 'endorsePerAccount', 'endorsePerAddress'] as const;
const levelFields = ['proposeLevel', 'endorseLevel'] as const;

function settingsValues(s: PetitionSettings): Record<string, string> {
  const values: Record<string, string> = {
    stages: s.rules.stages.map((st) => `${st.threshold},${st.days}`).join('\n'),
    keepOpenAfterThreshold: s.rules.keepOpenAfterThreshold ? '1' : '',
    endorserNeedsMobile: s.endorserNeedsMobile ? '1' : '',
    elections: s.elections.map((e) => `${e.date} ${e.label}`).join('\n'),
    extraHolidays: s.extraHolidays.join('\n'),
    extraMakeupWorkdays: s.extraMakeupWorkdays.join('\n'),
    uploadMaxMb: String(Math.round(s.uploadMaxBytes / 1048576)),
    openDataAgencyCode: s.openDataAgencyCode,
  };
  for (const name of levelFields) values[name] = String(s[name]);
  for (const [name, group] of numberFields) values[name] = String(group ? s.rules[name as keyof PetitionSettings['rules']] : s[name as keyof PetitionSettings]);
  for (const name of limitFields) {
    values[`${name}_max`] = String(s[name].max);
    values[`${name}_window`] = String(s[name].windowSeconds);
  }
  return values;
}

/** Reads the settings form into an update, collecting every problem before failing. */
function settingsChanges(body: unknown): { changes: Record<string, unknown>; errors: FieldError[]; values: Record<string, string> } {
  const errors: FieldError[] = [];
  const values: Record<string, string> = {};
  const int = (name: string) => {
    const raw = text(body, name).trim();
    values[name] = raw;
    if (!/^\d{1,9}$/.test(raw)) {
      errors.push({ field: name, message: 'petitions.settings.whole_number' });
      return 0;
    }
    return Number(raw);
  };
  const lines = (name: string) => {
    const raw = text(body, name);
    values[name] = raw;
    return raw
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  };
  const rules: Record<string, unknown> = {};
  const changes: Record<string, unknown> = { rules };
  for (const [name, group] of numberFields) (group ? rules : changes)[name] = int(name);
  const stages = lines('stages').map((line) => {
    const m = /^(\d{1,9})\s*[,，\s]\s*(\d{1,4})$/.exec(line);
    return m ? { threshold: Number(m[1]), days: Number(m[2]) } : null;
  });
  if (stages.length === 0 || stages.some((s) => s === null)) errors.push({ field: 'stages', message: 'petitions.settings.stages_format' });
  rules.stages = stages;
  rules.keepOpenAfterThreshold = text(body, 'keepOpenAfterThreshold') === '1';
  changes.endorserNeedsMobile = text(body, 'endorserNeedsMobile') === '1';
  const elections = lines('elections').map((line) => {
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.{1,100})$/.exec(line);
    return m && isValidLocalDate(m[1]) ? { date: m[1], label: m[2].trim() } : null;
  });
  if (elections.some((e) => e === null)) errors.push({ field: 'elections', message: 'petitions.settings.elections_format' });
  changes.elections = elections;
  for (const name of ['extraHolidays', 'extraMakeupWorkdays']) {
    const dates = lines(name);
    if (dates.some((d) => !isValidLocalDate(d))) errors.push({ field: name, message: 'petitions.settings.dates_format' });
    changes[name] = dates;
  }
  changes.uploadMaxBytes = int('uploadMaxMb') * 1048576;
  for (const name of limitFields) changes[name] = { max: int(`${name}_max`), windowSeconds: int(`${name}_window`) };
  values.keepOpenAfterThreshold = rules.keepOpenAfterThreshold ? '1' : '';
  values.endorserNeedsMobile = changes.endorserNeedsMobile ? '1' : '';
  values.openDataAgencyCode = text(body, 'openDataAgencyCode').trim();
  changes.openDataAgencyCode = values.openDataAgencyCode;
  // A level left out of the post keeps its value; one given must be a level.
  for (const name of levelFields) {
    const raw = text(body, name);
    if (raw === '') continue;
    values[name] = raw;
    if (!['1', '2', '3'].includes(raw)) errors.push({ field: name, message: 'validation.required' });
    changes[name] = Number(raw);
  }
  return { changes, errors, values };
}

function SettingsPage({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const checkbox = (name: string) => <Checkbox ctx={ctx} state={state} name={name} label={ctx.t(`petitions.setting.${name}`)} />;
  const number = (name: string) => <Field ctx={ctx} state={state} name={name} label={ctx.t(`petitions.setting.${name}`)} inputMode="numeric" required maxLength={9} />;
  return (
    <Layout ctx={ctx} title={ctx.t('petitions.nav_settings')} breadcrumbs={[{ label: ctx.t('petitions.nav_settings') }]}>
      <h1>{ctx.t('petitions.nav_settings')}</h1>
      <p class="usa-intro">{ctx.t('petitions.settings_intro')}</p>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/admin/proposals/settings" large>
        <Fieldset legend={ctx.t('petitions.settings.rules')} large>
          {number('reviewWorkingDays')}
          <Field ctx={ctx} state={state} name="stages" label={ctx.t('petitions.setting.stages')} hint={ctx.t('petitions.setting.stages_hint')} multiline required />
          {checkbox('keepOpenAfterThreshold')}
          {number('responseDays')}
          {number('extensionMaxMonths')}
          {number('maxExtensions')}
          {number('discussionDaysAfterResponse')}
        </Fieldset>
        <Fieldset legend={ctx.t('petitions.settings.calendar')} large>
          <Field ctx={ctx} state={state} name="elections" label={ctx.t('petitions.setting.elections')} hint={ctx.t('petitions.setting.elections_hint')} multiline />
          {number('freezeDaysBefore')}
          {number('freezeDaysAfter')}
          <Field ctx={ctx} state={state} name="extraHolidays" label={ctx.t('petitions.setting.extraHolidays')} hint={ctx.t('petitions.setting.dates_hint')} multiline />
          <Field ctx={ctx} state={state} name="extraMakeupWorkdays" label={ctx.t('petitions.setting.extraMakeupWorkdays')} hint={ctx.t('petitions.setting.dates_hint')} multiline />
          {number('responseWarningDays')}
        </Fieldset>
        <Fieldset id="assurance-levels" legend={ctx.t('petitions.settings.assurance')} hint={ctx.t('petitions.settings.assurance_hint')} large>
          {levelFields.map((name) => (
            <Select ctx={ctx} state={state} name={name} label={ctx.t(`petitions.setting.${name}`)} options={[1, 2, 3].map((l) => ({ value: String(l), label: ctx.t(`assurance.level.${l}`) }))} required />
          ))}
        </Fieldset>
        <Fieldset legend={ctx.t('petitions.settings.participation')} large>
          {checkbox('endorserNeedsMobile')}
          {number('uploadMaxMb')}
          {number('uploadMaxFiles')}
          {limitFields.map((name) => (
            <>
              <Field ctx={ctx} state={state} name={`${name}_max`} label={ctx.t(`petitions.setting.${name}_max`)} inputMode="numeric" required maxLength={9} />
              <Field ctx={ctx} state={state} name={`${name}_window`} label={ctx.t(`petitions.setting.${name}_window`)} inputMode="numeric" required maxLength={9} />
            </>
          ))}
          {number('pageCacheSeconds')}
          <Field ctx={ctx} state={state} name="openDataAgencyCode" label={ctx.t('petitions.setting.openDataAgencyCode')} required maxLength={40} />
        </Fieldset>
        <button class="usa-button" type="submit">
          {ctx.t('petitions.settings.save')}
        </button>
      </PostForm>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

const IdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

async function renderReview(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, states: Partial<Pick<ReviewPageProps, 'hideState' | 'agenciesState' | 'approveState'>> = {}, status = 200) {
  const { id } = request.params as { id: string };
  const view = await runAction(deps, request, proposalShow, { proposalId: id });
  if (view.status === 'draft') throw new AppError('NOT_FOUND', 'petitions.not_found');
  const [agencies, similar] = await Promise.all([runAction(deps, request, proposalAgencyOptions, {}), runAction(deps, request, proposalSimilar, { title: view.title.slice(0, 200), limit: 5 })]);
  return sendPage(reply, <ReviewPage ctx={pageContext(request, reply)} view={view} agencies={agencies} similar={similar.filter((s) => s.id !== view.id)} {...states} />, status);
}

export async function moderatePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/proposals/review', async (request, reply) => {
    requireRoles(request, MODERATORS);
    const rows = await runAction(deps, request, proposalReviewQueue, {});
    return sendPage(reply, <QueuePage ctx={pageContext(request, reply)} rows={rows} />);
  });

  app.get<{ Params: { id: string } }>('/admin/proposals/:id/review', { schema: { params: IdParams } }, async (request, reply) => {
    requireRoles(request, MODERATORS);
    return renderReview(deps, request, reply);
  });

  app.post<{ Params: { id: string } }>('/admin/proposals/:id/approve', { schema: { params: IdParams }, config: { runs: [proposalApprove] } }, async (request, reply) => {
    requireRoles(request, MODERATORS);
    try {
      await runAction(deps, request, proposalApprove, { proposalId: request.params.id });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, '/admin/proposals/review', { kind: 'success', message: 'petitions.flash.approved' });
    } catch (error) {
      const failure = formFailure(error, {});
      return renderReview(deps, request, reply, { approveState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/admin/proposals/:id/hide', { schema: { params: IdParams }, config: { runs: [proposalHide] } }, async (request, reply) => {
    requireRoles(request, MODERATORS);
    const reasons = list(request.body, 'reasons');
    const duplicateOf = text(request.body, 'duplicateOf').trim();
    const note = text(request.body, 'note');
    const values = { reasons, duplicateOf, note };
    try {
      await runAction(deps, request, proposalHide, { proposalId: request.params.id, reasons, ...(duplicateOf && { duplicateOf }), ...(note.trim() && { note }) });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, '/admin/proposals/review', { kind: 'success', message: 'petitions.flash.hidden' });
    } catch (error) {
      const failure = formFailure(error, values);
      return renderReview(deps, request, reply, { hideState: failure.state }, failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/admin/proposals/:id/agencies', { schema: { params: IdParams }, config: { runs: [proposalAgenciesChange] } }, async (request, reply) => {
    requireRoles(request, MODERATORS);
    const values = { agency1: text(request.body, 'agency1'), agency2: text(request.body, 'agency2'), agency3: text(request.body, 'agency3'), changeNote: text(request.body, 'changeNote') };
    const agencyCodes = [values.agency1, values.agency2, values.agency3].map((c) => c.trim()).filter(Boolean);
    try {
      await runAction(deps, request, proposalAgenciesChange, { proposalId: request.params.id, agencyCodes, ...(values.changeNote.trim() && { note: values.changeNote }) });
      await forgetPage(deps, request.params.id);
      return redirectWithFlash(reply, `/admin/proposals/${request.params.id}/review`, { kind: 'success', message: 'petitions.flash.agencies_changed' });
    } catch (error) {
      const failure = formFailure(error, values);
      failure.state.errors = failure.state.errors.map((e) => (e.field.startsWith('agencyCodes') ? { ...e, field: 'agency1' } : e.field === 'note' ? { ...e, field: 'changeNote' } : e));
      return renderReview(deps, request, reply, { agenciesState: failure.state }, failure.status);
    }
  });

  app.get('/admin/proposals/settings', async (request, reply) => {
    requireRoles(request, ['platform_admin']);
    const settings = await runAction(deps, request, petitionSettingsShow, {});
    return sendPage(reply, <SettingsPage ctx={pageContext(request, reply)} state={emptyForm(settingsValues(settings))} />);
  });

  app.post('/admin/proposals/settings', { config: { runs: [petitionSettingsUpdate] } }, async (request, reply) => {
    requireRoles(request, ['platform_admin']);
    const { changes, errors, values } = settingsChanges(request.body);
    try {
      if (errors.length > 0) throw new AppError('INVALID', 'error.invalid_input', errors);
      await runAction(deps, request, petitionSettingsUpdate, changes);
      return redirectWithFlash(reply, '/admin/proposals/settings', { kind: 'success', message: 'petitions.flash.settings_saved' });
    } catch (error) {
      const failure = formFailure(error, values);
      failure.state.errors = failure.state.errors.map((e) => {
        const field = e.field.replace(/^rules\./, '');
        if (field.startsWith('stages')) return { ...e, field: 'stages' };
        if (field === 'uploadMaxBytes') return { ...e, field: 'uploadMaxMb' };
        const limit = /^(\w+Per\w+)\.(max|windowSeconds)$/.exec(field);
        if (limit) return { ...e, field: `${limit[1]}_${limit[2] === 'max' ? 'max' : 'window'}` };
        return { ...e, field };
      });
      return sendPage(reply, <SettingsPage ctx={pageContext(request, reply)} state={failure.state} />, failure.status);
    }
  });
}

export { formatDate };
