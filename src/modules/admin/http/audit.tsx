// The audit log: records newest first with filters, and a button that walks the hash chain and
// reports the first broken link.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VerifyResult } from '../../../core/audit/index.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { ActionForm, DataTable, DateText, FilterForm, PaginatedList, Select, SubmitButton, emptyForm } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { auditCheckpointShow, auditList, auditVerify } from '../actions.js';
import { MultilineText } from './outbox.js';
import { adminCrumbs, contextAt, queryPage, queryText } from './shared.js';

type AuditPage = Awaited<ReturnType<typeof auditList.run>>;
type AuditRecord = AuditPage['records'][number];

interface Filters {
  action: string;
  subjectType: string;
  upTo: number | undefined;
  page: number;
}

function filtersFrom(query: unknown): Filters {
  const upTo = Number(queryText(query, 'upTo', 12));
  return {
    action: queryText(query, 'action', 100),
    subjectType: queryText(query, 'subjectType', 100),
    upTo: Number.isSafeInteger(upTo) && upTo >= 1 ? upTo : undefined,
    page: queryPage(query),
  };
}

/** core/audit reports reasons in English for logs and the CLI; pages show them translated. */
function reasonKey(reason: string): string {
  if (/missing/.test(reason)) return 'admin.audit_reason_missing';
  if (/previous-hash/.test(reason)) return 'admin.audit_reason_link';
  if (/content/.test(reason)) return 'admin.audit_reason_content';
  return reason;
}

/** Audit data is stored as compact canonical JSON; indented, it reads one key per line. */
function prettyData(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

const PREVIEW_CHARS = 60;

/** Short data on one line; long data as a one-line preview that opens (no script) to every key. */
function AuditData({ data }: { data: string }) {
  if (data.length <= PREVIEW_CHARS) return <code>{data}</code>;
  return (
    <details class="og-audit-data">
      <summary>
        <code>{`${data.slice(0, PREVIEW_CHARS)}…`}</code>
      </summary>
      <MultilineText text={prettyData(data)} />
    </details>
  );
}

function actorLabel(ctx: PageContext, r: AuditRecord): string {
  if (r.actorEmail) return r.actorEmail;
  if (r.actorId === 'system') return ctx.t('admin.audit_system');
  return r.actorId ?? ctx.t('admin.audit_no_actor');
}

function VerifyOutcome({ ctx, result }: { ctx: PageContext; result: VerifyResult }) {
  if (result.ok) {
    return (
      <div class="usa-alert usa-alert--success" role="status">
        <div class="usa-alert__body">
          <h3 class="usa-alert__heading">{ctx.t('admin.audit_intact')}</h3>
          <p class="usa-alert__text">{ctx.t('admin.audit_intact_text', { checked: result.checked })}</p>
        </div>
      </div>
    );
  }
  const broken = result.firstBroken!;
  return (
    <div class="usa-alert usa-alert--error" role="alert">
      <div class="usa-alert__body">
        <h3 class="usa-alert__heading">{ctx.t('admin.audit_broken')}</h3>
        <p class="usa-alert__text">
          {ctx.t('admin.audit_broken_text', { seq: broken.seq, reason: ctx.t(reasonKey(broken.reason), { seq: broken.seq }), checked: result.checked })}
        </p>
        <p class="usa-alert__text">
          <a href={`/admin/audit?upTo=${broken.seq}`}>{ctx.t('admin.audit_show_record', { seq: broken.seq })}</a>
        </p>
      </div>
    </div>
  );
}

function AuditPageView({ ctx, data, filters, result }: { ctx: PageContext; data: AuditPage; filters: Filters; result?: VerifyResult }) {
  return (
    <Layout ctx={ctx} title={ctx.t('admin.audit')} breadcrumbs={adminCrumbs(ctx, { label: ctx.t('admin.audit') })} wide>
      <h1>{ctx.t('admin.audit')}</h1>
      <p class="usa-intro">{ctx.t('admin.audit_intro')}</p>
      <section aria-labelledby="audit-verify">
        <h2 id="audit-verify">{ctx.t('admin.audit_verify')}</h2>
        <p>{ctx.t('admin.audit_verify_text')}</p>
        <ActionForm ctx={ctx} action="/admin/audit/verify">
          <SubmitButton>{ctx.t('admin.audit_verify_button')}</SubmitButton>
        </ActionForm>
        {result && <VerifyOutcome ctx={ctx} result={result} />}
      </section>
      <section aria-labelledby="audit-records" class="margin-top-5">
        <h2 id="audit-records">{ctx.t('admin.audit_records')}</h2>
        <FilterForm ctx={ctx} names={['action', 'subjectType']} label={ctx.t('admin.audit_filter')} applyLabel={ctx.t('admin.filter')}>
          <Select ctx={ctx} state={emptyForm({ ...filters })} name="action" id="audit-action" label={ctx.t('admin.audit_action')} options={data.actions.map((a) => ({ value: a, label: a }))} emptyLabel={ctx.t('admin.all')} markOptional={false} />
          <Select ctx={ctx} state={emptyForm({ ...filters })} name="subjectType" id="audit-subject-type" label={ctx.t('admin.audit_subject_type')} options={data.subjectTypes.map((s) => ({ value: s, label: s }))} emptyLabel={ctx.t('admin.all')} markOptional={false} />
        </FilterForm>
        {filters.upTo && (
          <p>
            {ctx.t('admin.audit_up_to', { seq: filters.upTo })} <a href="/admin/audit">{ctx.t('admin.audit_show_all')}</a>
          </p>
        )}
        <PaginatedList ctx={ctx} total={data.total} page={data.page} pageSize={data.pageSize} emptyMessage={ctx.t('admin.audit_none')}>
          <DataTable
            caption={ctx.t('admin.audit_caption')}
            rows={data.records}
            columns={[
              { header: ctx.t('admin.audit_seq'), cell: (r) => <span id={`audit-${r.seq}`}>{r.seq}</span> },
              { header: ctx.t('admin.audit_time'), cell: (r) => <DateText ctx={ctx} value={new Date(r.at)} withTime /> },
              { header: ctx.t('admin.audit_actor'), cell: (r) => actorLabel(ctx, r) },
              { header: ctx.t('admin.audit_action'), cell: (r) => <code>{r.action}</code> },
              {
                header: ctx.t('admin.audit_subject'),
                cell: (r) => (
                  <>
                    {r.subjectType}
                    {r.subjectId && (
                      <>
                        <br />
                        <code>{r.subjectId}</code>
                      </>
                    )}
                  </>
                ),
              },
              { header: ctx.t('admin.audit_data'), cell: (r) => <AuditData data={r.data} /> },
              { header: ctx.t('admin.audit_hash'), cell: (r) => <code title={ctx.t('admin.audit_hash_prefix')}>{r.hashPrefix}…</code> },
            ]}
          />
        </PaginatedList>
      </section>
    </Layout>
  );
}

async function list(deps: AppDeps, request: FastifyRequest, filters: Filters) {
  return runAction(deps, request, auditList, {
    ...(filters.action && { action: filters.action }),
    ...(filters.subjectType && { subjectType: filters.subjectType }),
    ...(filters.upTo && { upTo: filters.upTo }),
    page: filters.page,
    pageSize: 25,
  });
}

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, ctx: PageContext, filters: Filters, result?: VerifyResult) {
  const data = await list(deps, request, filters);
  return sendPage(reply, <AuditPageView ctx={ctx} data={data} filters={filters} result={result} />);
}

type CheckpointView = Awaited<ReturnType<typeof auditCheckpointShow.run>>;

/** Public: the latest signed checkpoint of the log's head, so anyone can hold the platform to it. */
function AuditCheckpointPage({ ctx, view }: { ctx: PageContext; view: CheckpointView }) {
  const c = view.checkpoint;
  return (
    <Layout ctx={ctx} title={ctx.t('admin.checkpoint_title')}>
      <h1>{ctx.t('admin.checkpoint_title')}</h1>
      <p class="usa-intro">{ctx.t('admin.checkpoint_intro')}</p>
      {c ? (
        <dl class="og-checkpoint">
          <dt>{ctx.t('admin.checkpoint_records')}</dt>
          <dd>{c.seq}</dd>
          <dt>{ctx.t('admin.checkpoint_head')}</dt>
          <dd>
            <code>{c.hash}</code>
          </dd>
          <dt>{ctx.t('admin.checkpoint_at')}</dt>
          <dd>
            <DateText ctx={ctx} value={c.at} withTime />
          </dd>
          <dt>{ctx.t('admin.checkpoint_signature')}</dt>
          <dd>
            <code>{c.signature}</code>
          </dd>
        </dl>
      ) : (
        <p>{ctx.t('admin.checkpoint_none')}</p>
      )}
      <h2>{ctx.t('admin.checkpoint_key')}</h2>
      <p>{ctx.t('admin.checkpoint_how')}</p>
      <pre>
        <code>{view.publicKey}</code>
      </pre>
      <p>
        <a href="/audit/checkpoint.json">JSON</a>
      </p>
    </Layout>
  );
}

export async function auditAdminPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/audit/checkpoint', async (request, reply) => sendPage(reply, <AuditCheckpointPage ctx={pageContext(request, reply)} view={await runAction(deps, request, auditCheckpointShow, {})} />));
  app.get('/audit/checkpoint.json', async (request, reply) => reply.header('cache-control', 'no-cache').send(await runAction(deps, request, auditCheckpointShow, {})));
  app.get('/admin/audit', async (request, reply) => render(deps, request, reply, pageContext(request, reply), filtersFrom(request.query)));

  // Verifying only reads, so the outcome is shown straight away instead of through a redirect.
  app.post('/admin/audit/verify', { config: { runs: [auditVerify] } }, async (request, reply) => {
    const result = await runAction(deps, request, auditVerify, {});
    const ctx = contextAt(pageContext(request, reply), '/admin/audit', new URLSearchParams());
    return render(deps, request, reply, ctx, filtersFrom({}), result);
  });
}
