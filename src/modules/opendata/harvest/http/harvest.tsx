// The harvest sources page for agency admins and platform admins: add a CKAN site or DCAT feed to
// harvest on a schedule, see each source's last report, run it now, disable or delete it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { coerceFormInput } from '../../../../core/validation.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, DataTable, DateText, EmptyState, ErrorSummary, Field, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { harvestSourceCreate } from '../actions/harvest_source_create.js';
import { harvestSourceDelete } from '../actions/harvest_source_delete.js';
import { harvestSourceList } from '../actions/harvest_source_list.js';
import { harvestSourceRunNow } from '../actions/harvest_source_run_now.js';
import { harvestSourceSetEnabled } from '../actions/harvest_source_set_enabled.js';
import type { HarvestSource } from '../harvest.js';
import { textOf } from '../../../../http/multipart.js';
import { RemoteSourceFields } from './remote-source-fields.js';
import { ImporterAgencyField, importerAgencyChoices, targetAgency } from './importer-agency.js';
import type { PickerAgency } from '../../../../web/kit/agency-picker.js';
import { requireImporter } from './import.js';

const notices = ['created', 'run', 'enabled', 'disabled', 'deleted'] as const;
type Notice = (typeof notices)[number];

interface PageProps {
  ctx: PageContext;
  form: FormState;
  agencies: PickerAgency[] | null;
  sources: HarvestSource[];
  notice?: Notice;
}

function LastRun({ ctx, source }: { ctx: PageContext; source: HarvestSource }) {
  if (!source.lastStartedAt) return <span>{ctx.t('opendata.harvest.never')}</span>;
  if (!source.lastFinishedAt || source.lastFinishedAt < source.lastStartedAt) return <span class="usa-tag">{ctx.t('opendata.harvest.running')}</span>;
  return <DateText ctx={ctx} value={source.lastFinishedAt} withTime />;
}

function Result({ ctx, source }: { ctx: PageContext; source: HarvestSource }) {
  const report = source.report;
  if (!report) return <span>—</span>;
  return (
    <>
      {report.error && <p class="text-secondary-dark margin-y-0">{ctx.t('opendata.harvest.source_error', { error: report.error })}</p>}
      <p class="margin-y-0">{ctx.t('opendata.harvest.summary', { created: report.created, updated: report.updated, failed: report.failed })}</p>
      <p class="usa-hint margin-y-0">{report.since ? ctx.t('opendata.harvest.incremental', { since: report.since }) : ctx.t('opendata.harvest.full')}</p>
      {report.failedRows.length > 0 && (
        <details>
          <summary>{ctx.t('opendata.harvest.failed_rows')}</summary>
          <ul class="usa-list">
            {report.failedRows.map((row) => (
              <li>
                {row.title || row.key}: {row.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function SourceButton({ ctx, source, action, label, secondary }: { ctx: PageContext; source: HarvestSource; action: string; label: string; secondary?: boolean }) {
  return (
    <ActionForm ctx={ctx} action={`/datasets/harvest/${encodeURIComponent(source.id)}/${action}`} class="display-inline-block margin-right-1">
      <button type="submit" class={`usa-button usa-button--small${secondary ? ' usa-button--outline' : ''}`} aria-label={ctx.t('opendata.harvest.action_label', { action: label, url: source.url })}>
        {label}
      </button>
    </ActionForm>
  );
}

function SourcesTable({ ctx, sources }: { ctx: PageContext; sources: HarvestSource[] }) {
  if (sources.length === 0) return <EmptyState ctx={ctx} message={ctx.t('opendata.harvest.none')} />;
  const header = (c: string) => ctx.t(`opendata.harvest.col.${c}`);
  return (
    <DataTable
      caption={ctx.t('opendata.harvest.sources_heading')}
      captionHidden
      rows={sources}
      columns={[
        {
          header: header('source'),
          cell: (s) => (
            <>
              <span class="usa-tag">{ctx.t(`opendata.import.kind.${s.kind}`)}</span> <span class="text-break-all">{s.url}</span>
              <br />
              {ctx.locale === 'en' ? s.agencyNameEn : s.agencyNameZh}
            </>
          ),
        },
        {
          header: header('schedule'),
          cell: (s) => (
            <>
              {ctx.t('opendata.harvest.every', { hours: s.everyHours })}
              <br />
              {ctx.t(s.enabled ? 'opendata.harvest.enabled' : 'opendata.harvest.disabled')}
            </>
          ),
        },
        { header: header('last_run'), cell: (s) => <LastRun ctx={ctx} source={s} /> },
        { header: header('result'), cell: (s) => <Result ctx={ctx} source={s} /> },
        { header: header('next_run'), cell: (s) => (s.enabled ? <DateText ctx={ctx} value={s.nextRunAt} withTime /> : '—') },
        {
          header: header('actions'),
          cell: (s) => (
            <>
              {s.enabled && <SourceButton ctx={ctx} source={s} action="run" label={ctx.t('opendata.harvest.run_now')} />}
              <SourceButton ctx={ctx} source={s} action={s.enabled ? 'disable' : 'enable'} label={ctx.t(s.enabled ? 'opendata.harvest.disable' : 'opendata.harvest.enable')} secondary />
              <SourceButton ctx={ctx} source={s} action="delete" label={ctx.t('opendata.harvest.delete')} secondary />
            </>
          ),
        },
      ]}
    />
  );
}

function HarvestPage({ ctx, form, agencies, sources, notice }: PageProps) {
  const title = ctx.t('opendata.harvest.title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav'), href: '/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.harvest.intro')}</p>
      {notice && (
        <div class="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t(`opendata.harvest.notice.${notice}`)}</p>
          </div>
        </div>
      )}
      <ErrorSummary ctx={ctx} state={form} />
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">{ctx.t('opendata.harvest.sources_heading')}</h2>
        <SourcesTable ctx={ctx} sources={sources} />
      </section>
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">{ctx.t('opendata.harvest.add_heading')}</h2>
        <PostForm ctx={ctx} action="/datasets/harvest" large noValidate>
          <ImporterAgencyField ctx={ctx} state={form} agencies={agencies} label={ctx.t('opendata.harvest.agency')} required />
          <RemoteSourceFields ctx={ctx} state={form} kindLabel={ctx.t('opendata.harvest.kind')} urlLabel={ctx.t('opendata.harvest.url')} />
          <Field ctx={ctx} state={form} name="every_hours" type="number" inputMode="numeric" label={ctx.t('opendata.harvest.every_hours')} hint={ctx.t('opendata.harvest.every_hours_hint')} required />
          <SubmitButton>{ctx.t('opendata.harvest.submit')}</SubmitButton>
        </PostForm>
      </section>
    </Layout>
  );
}

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, actor: Actor, props: { form?: FormState; notice?: Notice }, status = 200) {
  const ctx = pageContext(request, reply);
  const agencies = await importerAgencyChoices(deps, request, actor);
  const sources = await runAction(deps, request, harvestSourceList, {});
  const form = props.form ?? emptyForm({ kind: 'ckan', every_hours: 24 });
  return sendPage(reply, <HarvestPage ctx={ctx} form={form} agencies={agencies} sources={sources} notice={props.notice} />, status);
}

const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const back = (reply: FastifyReply, notice: Notice) => reply.redirect(`/datasets/harvest?notice=${notice}`, 303);

export async function harvestPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: { notice?: Notice } }>(
    '/datasets/harvest',
    { schema: { querystring: Type.Object({ notice: Type.Optional(Type.Union(notices.map((n) => Type.Literal(n)))) }) } },
    async (request, reply) => render(deps, request, reply, requireImporter(request), { notice: request.query.notice }),
  );

  app.post('/datasets/harvest', { config: { runs: [harvestSourceCreate] } }, async (request, reply) => {
    const actor = requireImporter(request);
    const body = request.body ?? {};
    const values = { agency: textOf(body, 'agency'), kind: textOf(body, 'kind'), url: textOf(body, 'url').trim(), every_hours: textOf(body, 'every_hours').trim() };
    const agency = targetAgency(actor, values.agency);
    const input = coerceFormInput(harvestSourceCreate.input, { agency, kind: values.kind, url: values.url, every_hours: values.every_hours });
    try {
      await runAction(deps, request, harvestSourceCreate, input);
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID' && error.fields.length > 0) {
        return render(deps, request, reply, actor, { form: { values, errors: error.fields } }, 400);
      }
      throw error;
    }
    return back(reply, 'created');
  });

  app.post<{ Params: { id: string } }>('/datasets/harvest/:id/run', { schema: { params: idParams }, config: { runs: [harvestSourceRunNow] } }, async (request, reply) => {
    requireImporter(request);
    await runAction(deps, request, harvestSourceRunNow, { id: request.params.id });
    return back(reply, 'run');
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post<{ Params: { id: string } }>(`/datasets/harvest/:id/${action}`, { schema: { params: idParams }, config: { runs: [harvestSourceSetEnabled] } }, async (request, reply) => {
      requireImporter(request);
      await runAction(deps, request, harvestSourceSetEnabled, { id: request.params.id, enabled });
      return back(reply, enabled ? 'enabled' : 'disabled');
    });
  }

  app.post<{ Params: { id: string } }>('/datasets/harvest/:id/delete', { schema: { params: idParams }, config: { runs: [harvestSourceDelete] } }, async (request, reply) => {
    requireImporter(request);
    await runAction(deps, request, harvestSourceDelete, { id: request.params.id });
    return back(reply, 'deleted');
  });
}
