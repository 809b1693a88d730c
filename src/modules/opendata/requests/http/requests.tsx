// Pages of data requests (索取資料) and of the data inventory (盤點): the public list and timeline,
// the request form, the agency's decision, the requester's escalation, the advisory groups' rulings,
// the staff inbox, and each agency's inventory with its CSV/JSON export.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { csvText } from '../../../../core/csv.js';
import type { AnyAction } from '../../../../core/action.js';
import type { Actor } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { t as translate } from '../../../../core/i18n/index.js';
import { coerceFormInput } from '../../../../core/validation.js';
import { runAction } from '../../../../http/actions.js';
import { textOf } from '../../../../http/multipart.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, DataTable, DateField, DateText, EmptyState, ErrorSummary, Field, FilterForm, HiddenFields, PaginatedList, PostForm, Select, SubmitButton, emptyForm, type Column, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { agencyList } from '../../../agencies/manifest.js';
import { dataRequestCreate } from '../actions/data_request_create.js';
import { dataRequestDecide } from '../actions/data_request_decide.js';
import { dataRequestEscalate } from '../actions/data_request_escalate.js';
import { dataRequestInbox } from '../actions/data_request_inbox.js';
import { dataRequestList } from '../actions/data_request_list.js';
import { dataRequestRule } from '../actions/data_request_rule.js';
import { dataRequestShow } from '../actions/data_request_show.js';
import { inventoryDelete } from '../actions/inventory_delete.js';
import { inventoryList } from '../actions/inventory_list.js';
import { inventorySave } from '../actions/inventory_save.js';
import type { DataRequestStep, DataRequestSummary, DataRequestView, InventoryItem } from '../actions/shared.js';
import type { DataRequestStatus } from '../migrations.js';
import { dataRequestStatuses, legalReasons } from '../requests.js';

/** Requests one account may file per day; the form is public and each request lands on an agency's desk. */
export const DATA_REQUESTS_PER_ACCOUNT_PER_DAY = 5;
const DAY_MS = 86_400_000;

/** Text typed into a textarea, its line breaks kept without inline styles. */
function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return <p class="margin-y-05">{lines.map((line, i) => (i === 0 ? line : [<br />, line]))}</p>;
}

const agencyName = (ctx: PageContext, a: { nameZh: string; nameEn: string }) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);
const legalOptions = (ctx: PageContext) => legalReasons.map((r) => ({ value: r, label: ctx.t(`opendata.legal_reason.${r}`) }));

function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

/** Re-renders the form when an action refused its fields; anything else goes to the error handler. */
function fieldErrorsOf(error: unknown): FormState['errors'] | null {
  return error instanceof AppError && error.code === 'INVALID' && error.fields.length > 0 ? error.fields : null;
}

function formValues(body: unknown, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, textOf(body, n)]));
}

/** Drops blank optional fields, which the actions treat as absent. */
function withoutBlanks(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

function StatusTags({ ctx, request }: { ctx: PageContext; request: Pick<DataRequestSummary, 'status' | 'overdue'> }) {
  return (
    <>
      <span class="usa-tag">{ctx.t(`opendata.requests.status.${request.status}`)}</span>
      {request.overdue && <span class="usa-tag bg-secondary-dark margin-left-05">{ctx.t('opendata.requests.overdue')}</span>}
    </>
  );
}

function RequestsTable({ ctx, items, caption }: { ctx: PageContext; items: DataRequestSummary[]; caption: string }) {
  const header = (c: string) => ctx.t(`opendata.requests.col.${c}`);
  return (
    <DataTable
      caption={caption}
      captionHidden
      rows={items}
      columns={[
        { header: header('title'), cell: (r) => <a href={`/data-requests/${encodeURIComponent(r.id)}`}>{r.title}</a> },
        { header: header('agency'), cell: (r) => agencyName(ctx, r.agency) },
        { header: header('status'), cell: (r) => <StatusTags ctx={ctx} request={r} /> },
        { header: header('submitted'), cell: (r) => <DateText ctx={ctx} value={r.submittedAt} /> },
        { header: header('due'), cell: (r) => (r.dueOn ? <DateText ctx={ctx} value={r.dueOn} /> : '—') },
      ]}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Public list

type ListResult = Awaited<ReturnType<(typeof dataRequestList)['run']>>;

function ListPage({ ctx, result, status }: { ctx: PageContext; result: ListResult; status: string }) {
  const title = ctx.t('opendata.requests.title');
  const options = [...dataRequestStatuses, 'overdue'].map((s) => ({ value: s, label: ctx.t(s === 'overdue' ? 'opendata.requests.overdue' : `opendata.requests.status.${s}`) }));
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav'), href: '/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.requests.intro')}</p>
      <p>
        <a class="usa-button" href="/data-requests/new">
          {ctx.t('opendata.requests.new_title')}
        </a>
      </p>
      <FilterForm ctx={ctx} names={['status']} label={ctx.t('opendata.requests.filter_status')} applyLabel={ctx.t('opendata.requests.filter')}>
        <Select ctx={ctx} state={emptyForm({ status })} name="status" label={ctx.t('opendata.requests.filter_status')} options={options} emptyLabel={ctx.t('opendata.requests.all_statuses')} markOptional={false} />
      </FilterForm>
      <PaginatedList ctx={ctx} total={result.total} page={result.page} pageSize={result.pageSize} countText={ctx.t('opendata.requests.count', { count: result.total })} emptyMessage={ctx.t('opendata.requests.none')}>
        <RequestsTable ctx={ctx} items={result.items} caption={title} />
      </PaginatedList>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// New request

function NewPage({ ctx, form, agencies }: { ctx: PageContext; form: FormState; agencies: PickerAgency[] }) {
  const title = ctx.t('opendata.requests.new_title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.requests.title'), href: '/data-requests' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.requests.new_intro')}</p>
      <ErrorSummary ctx={ctx} state={form} />
      <PostForm ctx={ctx} action="/data-requests/new" large noValidate>
        <AgencyPicker ctx={ctx} state={form} name="agency" label={ctx.t('opendata.requests.field.agency')} agencies={agencies} emptyLabel="" required />
        <Field ctx={ctx} state={form} name="title" label={ctx.t('opendata.requests.field.title')} maxLength={200} required />
        <Field ctx={ctx} state={form} name="description" label={ctx.t('opendata.requests.field.description')} hint={ctx.t('opendata.requests.field.description_hint')} multiline required />
        <Field ctx={ctx} state={form} name="purpose" label={ctx.t('opendata.requests.field.purpose')} multiline />
        <p class="usa-hint">{ctx.t('opendata.requests.public_notice')}</p>
        <SubmitButton>{ctx.t('opendata.requests.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// One request

function StepText({ ctx, step }: { ctx: PageContext; step: DataRequestStep }) {
  return (
    <>
      {step.legalReason && (
        <p class="margin-y-05">
          {ctx.t('opendata.requests.field.legal_reason')}: {ctx.t(`opendata.legal_reason.${step.legalReason}`)}
        </p>
      )}
      {step.dataset && (
        <p class="margin-y-05">
          {ctx.t('opendata.requests.released_as')} <a href={`/datasets/${encodeURIComponent(step.dataset.name)}`}>{step.dataset.title}</a>
        </p>
      )}
      {step.plannedOn && (
        <p class="margin-y-05">
          {ctx.t('opendata.requests.field.planned_on')}: <DateText ctx={ctx} value={step.plannedOn} />
        </p>
      )}
      {step.terms && (
        <p class="margin-y-05">
          {ctx.t('opendata.requests.field.terms')}: {step.terms}
        </p>
      )}
      {step.reason && <Lines text={step.reason} />}
    </>
  );
}

function Timeline({ ctx, steps }: { ctx: PageContext; steps: DataRequestStep[] }) {
  return (
    <ol class="usa-process-list">
      {steps.map((step) => (
        <li class="usa-process-list__item">
          <h3 class="usa-process-list__heading">
            {ctx.t(`opendata.requests.step.${step.kind}`)} <span class="usa-hint">({ctx.t(`opendata.requests.by.${step.by}`)})</span>
          </h3>
          <p class="margin-y-05">
            <DateText ctx={ctx} value={step.createdAt} withTime />
          </p>
          <StepText ctx={ctx} step={step} />
        </li>
      ))}
    </ol>
  );
}

type FormName = 'decide' | 'escalate' | 'rule';

function DecideForm({ ctx, view, form }: { ctx: PageContext; view: DataRequestView; form: FormState }) {
  const decisions = view.viewer.decisions.map((d) => ({ value: d, label: ctx.t(`opendata.requests.decision.${d}`) }));
  return (
    <section aria-labelledby="decide-heading">
      <h2 id="decide-heading">{ctx.t('opendata.requests.decide_heading')}</h2>
      <PostForm ctx={ctx} action={`/data-requests/${encodeURIComponent(view.id)}/decide`} large noValidate>
        <Select ctx={ctx} state={form} name="decision" label={ctx.t('opendata.requests.field.decision')} options={decisions} required />
        <Field ctx={ctx} state={form} name="dataset" label={ctx.t('opendata.requests.field.dataset')} hint={ctx.t('opendata.requests.field.dataset_hint')} />
        <DateField ctx={ctx} state={form} name="planned_on" label={ctx.t('opendata.requests.field.planned_on')} hint={ctx.t('opendata.requests.field.planned_on_hint')} />
        <Field ctx={ctx} state={form} name="terms" label={ctx.t('opendata.requests.field.terms')} hint={ctx.t('opendata.requests.field.terms_hint')} multiline />
        <Select ctx={ctx} state={form} name="legal_reason" label={ctx.t('opendata.requests.field.legal_reason')} hint={ctx.t('opendata.requests.field.legal_reason_hint')} options={legalOptions(ctx)} emptyLabel="" />
        <Field ctx={ctx} state={form} name="reason" label={ctx.t('opendata.requests.field.reason')} hint={ctx.t('opendata.requests.field.reason_hint')} multiline />
        <SubmitButton>{ctx.t('opendata.requests.decide_submit')}</SubmitButton>
      </PostForm>
    </section>
  );
}

function EscalateForm({ ctx, view, form }: { ctx: PageContext; view: DataRequestView; form: FormState }) {
  const to = view.status === 'upheld_agency_group' ? 'top_group' : 'agency_group';
  return (
    <section aria-labelledby="escalate-heading">
      <h2 id="escalate-heading">{ctx.t(`opendata.requests.escalate_to.${to}`)}</h2>
      <p>{ctx.t('opendata.requests.escalate_intro')}</p>
      <PostForm ctx={ctx} action={`/data-requests/${encodeURIComponent(view.id)}/escalate`} large noValidate>
        <Field ctx={ctx} state={form} name="reason" label={ctx.t('opendata.requests.field.escalate_reason')} multiline />
        <SubmitButton>{ctx.t('opendata.requests.escalate_submit')}</SubmitButton>
      </PostForm>
    </section>
  );
}

function RuleForm({ ctx, view, form }: { ctx: PageContext; view: DataRequestView; form: FormState }) {
  const group = view.status === 'review_top_group' ? 'top_group' : 'agency_group';
  const rulings = (['uphold', 'order_release'] as const).map((r) => ({ value: r, label: ctx.t(`opendata.requests.ruling.${r}`) }));
  return (
    <section aria-labelledby="rule-heading">
      <h2 id="rule-heading">{ctx.t('opendata.requests.rule_heading', { group: ctx.t(`opendata.requests.by.${group}`) })}</h2>
      <PostForm ctx={ctx} action={`/data-requests/${encodeURIComponent(view.id)}/rule`} large noValidate>
        <Select ctx={ctx} state={form} name="ruling" label={ctx.t('opendata.requests.field.ruling')} options={rulings} required />
        <Field ctx={ctx} state={form} name="reason" label={ctx.t('opendata.requests.field.reason')} multiline required />
        <SubmitButton>{ctx.t('opendata.requests.rule_submit')}</SubmitButton>
      </PostForm>
    </section>
  );
}

function ShowPage({ ctx, view, forms }: { ctx: PageContext; view: DataRequestView; forms: Partial<Record<FormName, FormState>> }) {
  const failed = Object.values(forms).find((f) => f && f.errors.length > 0);
  return (
    <Layout ctx={ctx} title={view.title} breadcrumbs={[{ label: ctx.t('opendata.requests.title'), href: '/data-requests' }, { label: view.title }]}>
      <h1>{view.title}</h1>
      <p>
        <StatusTags ctx={ctx} request={view} />
      </p>
      {view.overdue && (
        <div class="usa-alert usa-alert--warning usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t('opendata.requests.overdue_notice', { agency: agencyName(ctx, view.agency) })}</p>
          </div>
        </div>
      )}
      <ErrorSummary ctx={ctx} state={failed} />
      <dl class="og-meta">
        <dt>{ctx.t('opendata.requests.col.agency')}</dt>
        <dd>{agencyName(ctx, view.agency)}</dd>
        <dt>{ctx.t('opendata.requests.requester')}</dt>
        <dd>{view.requesterNickname}</dd>
        <dt>{ctx.t('opendata.requests.col.submitted')}</dt>
        <dd>
          <DateText ctx={ctx} value={view.submittedAt} />
        </dd>
        {view.dueOn && (
          <>
            <dt>{ctx.t('opendata.requests.col.due')}</dt>
            <dd>
              <DateText ctx={ctx} value={view.dueOn} />
            </dd>
          </>
        )}
      </dl>
      <h2>{ctx.t('opendata.requests.field.description')}</h2>
      <Lines text={view.description} />
      {view.purpose && (
        <>
          <h2>{ctx.t('opendata.requests.field.purpose')}</h2>
          <Lines text={view.purpose} />
        </>
      )}
      <h2>{ctx.t('opendata.requests.timeline')}</h2>
      <Timeline ctx={ctx} steps={view.steps} />
      {view.viewer.decisions.length > 0 && <DecideForm ctx={ctx} view={view} form={forms.decide ?? emptyForm()} />}
      {view.viewer.canEscalate && <EscalateForm ctx={ctx} view={view} form={forms.escalate ?? emptyForm()} />}
      {view.viewer.canRule && <RuleForm ctx={ctx} view={view} form={forms.rule ?? emptyForm()} />}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Staff inbox

type Inbox = Awaited<ReturnType<(typeof dataRequestInbox)['run']>>;

function InboxPage({ ctx, inbox, actor }: { ctx: PageContext; inbox: Inbox; actor: Actor }) {
  const title = ctx.t('opendata.requests.inbox_title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.requests.title'), href: '/data-requests' }, { label: title }]}>
      <h1>{title}</h1>
      {actor.agencyId && (
        <section aria-labelledby="agency-heading">
          <h2 id="agency-heading">{ctx.t('opendata.requests.inbox_agency')}</h2>
          {inbox.agency.length === 0 ? <EmptyState ctx={ctx} message={ctx.t('opendata.requests.inbox_empty')} /> : <RequestsTable ctx={ctx} items={inbox.agency} caption={ctx.t('opendata.requests.inbox_agency')} />}
        </section>
      )}
      {(actor.role === 'platform_moderator' || actor.role === 'platform_admin') && (
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">{ctx.t('opendata.requests.inbox_groups')}</h2>
          {inbox.groups.length === 0 ? <EmptyState ctx={ctx} message={ctx.t('opendata.requests.inbox_empty')} /> : <RequestsTable ctx={ctx} items={inbox.groups} caption={ctx.t('opendata.requests.inbox_groups')} />}
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Inventory

function InventoryTable({ ctx, items, staff }: { ctx: PageContext; items: InventoryItem[]; staff?: boolean }) {
  const header = (c: string) => ctx.t(`opendata.inventory.col.${c}`);
  const columns: Column<InventoryItem>[] = [
    { header: header('name'), cell: (item) => item.name },
    { header: header('description'), cell: (item) => item.description },
    { header: header('openness'), cell: (item) => <span class="usa-tag">{ctx.t(item.open ? 'opendata.inventory.open' : 'opendata.inventory.not_open')}</span> },
    {
      header: header('detail'),
      cell: (item) => (
        <>
          {item.dataset && <a href={`/datasets/${encodeURIComponent(item.dataset.name)}`}>{item.dataset.title}</a>}
          {item.legalReason && ctx.t(`opendata.legal_reason.${item.legalReason}`)}
          {item.legalNote && <p class="usa-hint margin-y-0">{item.legalNote}</p>}
        </>
      ),
    },
  ];
  if (staff)
    columns.push({
      header: header('actions'),
      cell: (item) => (
        <>
          <a class="usa-button usa-button--small usa-button--outline" href={`/datasets/inventory?edit=${encodeURIComponent(item.id)}`} aria-label={ctx.t('opendata.inventory.edit_label', { name: item.name })}>
            {ctx.t('opendata.inventory.edit')}
          </a>
          <ActionForm ctx={ctx} action={`/datasets/inventory/${encodeURIComponent(item.id)}/delete`} class="display-inline-block">
            <button type="submit" class="usa-button usa-button--small usa-button--secondary" aria-label={ctx.t('opendata.inventory.delete_label', { name: item.name })}>
              {ctx.t('opendata.inventory.delete')}
            </button>
          </ActionForm>
        </>
      ),
    });
  return <DataTable caption={ctx.t('opendata.inventory.title')} captionHidden rows={items} columns={columns} />;
}

function PublicInventoryPage({ ctx, agency, items }: { ctx: PageContext; agency: { nameZh: string; nameEn: string }; items: InventoryItem[] }) {
  const title = ctx.t('opendata.inventory.agency_title', { agency: agencyName(ctx, agency) });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav'), href: '/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.inventory.intro')}</p>
      <ul class="og-inline-links">
        <li>
          <a href="/datasets/inventory.csv">{ctx.t('opendata.inventory.export_csv')}</a>
        </li>
        <li>
          <a href="/datasets/inventory.json">{ctx.t('opendata.inventory.export_json')}</a>
        </li>
      </ul>
      <PaginatedList ctx={ctx} total={items.length} emptyMessage={ctx.t('opendata.inventory.none')}>
        <InventoryTable ctx={ctx} items={items} />
      </PaginatedList>
    </Layout>
  );
}

function StaffInventoryPage({ ctx, agencyCode, items, form }: { ctx: PageContext; agencyCode: string; items: InventoryItem[]; form: FormState }) {
  const title = ctx.t('opendata.inventory.manage_title');
  const editing = typeof form.values.id === 'string' && form.values.id !== '';
  const openness = [
    { value: 'open', label: ctx.t('opendata.inventory.open') },
    { value: 'not_open', label: ctx.t('opendata.inventory.not_open') },
  ];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav_admin'), href: '/admin/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p>
        <a href={`/datasets/inventory/${encodeURIComponent(agencyCode)}`}>{ctx.t('opendata.inventory.public_link')}</a>
      </p>
      <ErrorSummary ctx={ctx} state={form} />
      <PaginatedList ctx={ctx} total={items.length} emptyMessage={ctx.t('opendata.inventory.none')}>
        <InventoryTable ctx={ctx} items={items} staff />
      </PaginatedList>
      <section aria-labelledby="inventory-form-heading">
        <h2 id="inventory-form-heading">{ctx.t(editing ? 'opendata.inventory.edit_heading' : 'opendata.inventory.add_heading')}</h2>
        <PostForm ctx={ctx} action="/datasets/inventory" large noValidate>
          {editing && <HiddenFields values={{ id: String(form.values.id) }} />}
          <Field ctx={ctx} state={form} name="name" label={ctx.t('opendata.inventory.field.name')} maxLength={200} required />
          <Field ctx={ctx} state={form} name="description" label={ctx.t('opendata.inventory.field.description')} multiline required />
          <Select ctx={ctx} state={form} name="openness" label={ctx.t('opendata.inventory.field.openness')} options={openness} required />
          <Field ctx={ctx} state={form} name="dataset" label={ctx.t('opendata.inventory.field.dataset')} hint={ctx.t('opendata.inventory.field.dataset_hint')} />
          <Select ctx={ctx} state={form} name="legal_reason" label={ctx.t('opendata.requests.field.legal_reason')} hint={ctx.t('opendata.inventory.field.legal_reason_hint')} options={legalOptions(ctx)} emptyLabel="" />
          <Field ctx={ctx} state={form} name="legal_note" label={ctx.t('opendata.inventory.field.legal_note')} multiline />
          <SubmitButton>{ctx.t('opendata.inventory.save')}</SubmitButton>
        </PostForm>
      </section>
    </Layout>
  );
}

export const inventoryCsvColumns = ['機關代碼', '機關名稱', '資料名稱', '資料描述', '開放狀態', '不開放之法律依據', '不開放說明', '資料集識別碼', '資料集名稱', '更新時間'] as const;

export function inventoryCsv(items: InventoryItem[]): string {
  const zh = (key: string) => translate('zh-TW', key);
  const rows = items.map((i) => [
    i.agency.code,
    i.agency.nameZh,
    i.name,
    i.description,
    zh(i.open ? 'opendata.inventory.open' : 'opendata.inventory.not_open'),
    i.legalReason ? zh(`opendata.legal_reason.${i.legalReason}`) : '',
    i.legalNote ?? '',
    i.dataset?.identifier ?? '',
    i.dataset?.title ?? '',
    i.updatedAt,
  ]);
  return csvText([[...inventoryCsvColumns], ...rows], { bom: true });
}

function inventoryJson(items: InventoryItem[]) {
  return items.map((i) => ({
    agency_code: i.agency.code,
    agency_name: i.agency.nameZh,
    name: i.name,
    description: i.description,
    open: i.open,
    legal_reason: i.legalReason,
    legal_note: i.legalNote,
    dataset_identifier: i.dataset?.identifier ?? null,
    dataset_name: i.dataset?.name ?? null,
    updated_at: i.updatedAt,
  }));
}

// ---------------------------------------------------------------------------------------------
// Routes

const idParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

async function renderNew(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
  const ctx = pageContext(request, reply);
  return sendPage(reply, <NewPage ctx={ctx} form={form} agencies={await runAction(deps, request, agencyList, {})} />, status);
}

async function renderShow(deps: AppDeps, request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, forms: Partial<Record<FormName, FormState>> = {}, status = 200) {
  const view = await runAction(deps, request, dataRequestShow, { id: request.params.id });
  return sendPage(reply, <ShowPage ctx={pageContext(request, reply)} view={view} forms={forms} />, status);
}

function requireVerifiedCitizen(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!actor.emailVerified) throw new AppError('FORBIDDEN', 'opendata.requests.verify_email');
  return actor;
}

/** One daily allowance per account for the form and the JSON API together. */
export async function limitDataRequests(deps: AppDeps, actor: Actor): Promise<void> {
  const [hit] = await deps.services.rateLimits.hit([{ key: `opendata:data_request:user:${actor.userId}`, windowMs: DAY_MS }]);
  if (hit!.current > DATA_REQUESTS_PER_ACCOUNT_PER_DAY) throw new AppError('RATE_LIMITED', 'error.rate_limited');
}

/** Runs one form's action on a request; field errors re-render the request page beside that form. */
function stepRoute(app: FastifyInstance, deps: AppDeps, form: FormName, fields: string[], action: AnyAction, run: (request: FastifyRequest<{ Params: { id: string } }>, values: Record<string, string>) => Promise<unknown>) {
  app.post<{ Params: { id: string } }>(`/data-requests/:id/${form}`, { schema: { params: idParams }, config: { runs: [action] } }, async (request, reply) => {
    requireActor(request);
    const values = formValues(request.body, fields);
    try {
      await run(request, values);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) return renderShow(deps, request, reply, { [form]: { values, errors } }, 400);
      throw error;
    }
    return redirectWithFlash(reply, `/data-requests/${encodeURIComponent(request.params.id)}`, { kind: 'success', message: `opendata.requests.notice.${form}` });
  });
}

async function requestPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const statusQuery = Type.Object({
    status: Type.Optional(Type.Union([Type.Literal(''), ...[...dataRequestStatuses, 'overdue'].map((s) => Type.Literal(s))])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  });
  app.get<{ Querystring: { status?: DataRequestStatus | 'overdue' | ''; page?: number } }>('/data-requests', { schema: { querystring: statusQuery } }, async (request, reply) => {
    const status = request.query.status || undefined;
    const result = await runAction(deps, request, dataRequestList, { ...(status ? { status } : {}), page: request.query.page ?? 1 });
    return sendPage(reply, <ListPage ctx={pageContext(request, reply)} result={result} status={status ?? ''} />);
  });

  app.get('/data-requests/new', async (request, reply) => {
    requireVerifiedCitizen(request);
    return renderNew(deps, request, reply, emptyForm());
  });

  app.post('/data-requests/new', { config: { runs: [dataRequestCreate] } }, async (request, reply) => {
    const actor = requireVerifiedCitizen(request);
    await limitDataRequests(deps, actor);
    const values = formValues(request.body, ['agency', 'title', 'description', 'purpose']);
    let created: { id: string };
    try {
      created = await runAction(deps, request, dataRequestCreate, { ...withoutBlanks(values), agency: values.agency, title: values.title, description: values.description });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) return renderNew(deps, request, reply, { values, errors }, 400);
      throw error;
    }
    return redirectWithFlash(reply, `/data-requests/${encodeURIComponent(created.id)}`, { kind: 'success', message: 'opendata.requests.notice.created' });
  });

  app.get<{ Params: { id: string } }>('/data-requests/:id', { schema: { params: idParams } }, async (request, reply) => renderShow(deps, request, reply));

  stepRoute(app, deps, 'decide', ['decision', 'dataset', 'planned_on', 'terms', 'legal_reason', 'reason'], dataRequestDecide, (request, values) =>
    runAction(deps, request, dataRequestDecide, { ...withoutBlanks(values), id: request.params.id, decision: values.decision }),
  );
  stepRoute(app, deps, 'escalate', ['reason'], dataRequestEscalate, (request, values) => runAction(deps, request, dataRequestEscalate, { ...withoutBlanks(values), id: request.params.id }));
  stepRoute(app, deps, 'rule', ['ruling', 'reason'], dataRequestRule, (request, values) => runAction(deps, request, dataRequestRule, { id: request.params.id, ruling: values.ruling, reason: values.reason }));

  app.get('/admin/data-requests', async (request, reply) => {
    const actor = requireActor(request);
    const inbox = await runAction(deps, request, dataRequestInbox, {});
    return sendPage(reply, <InboxPage ctx={pageContext(request, reply)} inbox={inbox} actor={actor} />);
  });
}

/** Inventory staff: agency staff and admins keep their own agency's list. */
function requireInventoryStaff(request: FastifyRequest): Actor & { agencyId: string } {
  const actor = requireActor(request);
  if (!actor.agencyId || (actor.role !== 'agency_staff' && actor.role !== 'agency_admin')) throw new AppError('FORBIDDEN', 'error.forbidden');
  return actor as Actor & { agencyId: string };
}

const inventoryFields = ['id', 'name', 'description', 'openness', 'dataset', 'legal_reason', 'legal_note'];

async function renderStaffInventory(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, actor: Actor & { agencyId: string }, form: FormState | null, editId?: string) {
  const ctx = pageContext(request, reply);
  const { agency, items } = await runAction(deps, request, inventoryList, { agency: actor.agencyId });
  let state = form ?? emptyForm({ openness: 'open' });
  const editing = editId ? items.find((i) => i.id === editId) : undefined;
  if (!form && editing) {
    state = emptyForm({ id: editing.id, name: editing.name, description: editing.description, openness: editing.open ? 'open' : 'not_open', dataset: editing.dataset?.identifier ?? '', legal_reason: editing.legalReason ?? '', legal_note: editing.legalNote ?? '' });
  }
  return sendPage(reply, <StaffInventoryPage ctx={ctx} agencyCode={agency!.code} items={items} form={state} />, form ? 400 : 200);
}

async function inventoryPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/datasets/inventory.csv', async (request, reply) => {
    const { items } = await runAction(deps, request, inventoryList, {});
    return reply.header('content-disposition', 'attachment; filename="inventory.csv"').type('text/csv; charset=utf-8').send(inventoryCsv(items));
  });
  app.get('/datasets/inventory.json', async (request, reply) => {
    const { items } = await runAction(deps, request, inventoryList, {});
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(inventoryJson(items)));
  });

  app.get<{ Querystring: { edit?: string } }>('/datasets/inventory', { schema: { querystring: Type.Object({ edit: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) =>
    renderStaffInventory(deps, request, reply, requireInventoryStaff(request), null, request.query.edit),
  );

  app.post('/datasets/inventory', { config: { runs: [inventorySave] } }, async (request, reply) => {
    const actor = requireInventoryStaff(request);
    const values = formValues(request.body, inventoryFields);
    const input = coerceFormInput(inventorySave.input, { ...withoutBlanks(values), agency: actor.agencyId, name: values.name, description: values.description, openness: values.openness });
    try {
      await runAction(deps, request, inventorySave, input);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) return renderStaffInventory(deps, request, reply, actor, { values, errors });
      throw error;
    }
    return redirectWithFlash(reply, '/datasets/inventory', { kind: 'success', message: 'opendata.inventory.saved' });
  });

  app.post<{ Params: { id: string } }>('/datasets/inventory/:id/delete', { schema: { params: idParams }, config: { runs: [inventoryDelete] } }, async (request, reply) => {
    requireInventoryStaff(request);
    await runAction(deps, request, inventoryDelete, { id: request.params.id });
    return redirectWithFlash(reply, '/datasets/inventory', { kind: 'success', message: 'opendata.inventory.deleted' });
  });

  app.get<{ Params: { agencyCode: string } }>('/datasets/inventory/:agencyCode', { schema: { params: Type.Object({ agencyCode: Type.String({ minLength: 1, maxLength: 100 }) }) } }, async (request, reply) => {
    const { agency, items } = await runAction(deps, request, inventoryList, { agency: request.params.agencyCode });
    return sendPage(reply, <PublicInventoryPage ctx={pageContext(request, reply)} agency={agency!} items={items} />);
  });
}

export async function dataRequestPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await requestPages(app, deps);
  await inventoryPages(app, deps);
}
