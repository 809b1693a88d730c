// The import page for agency admins and platform admins: upload a catalog CSV, or harvest a CKAN
// site or a DCAT feed; the report lists what was created, updated or failed and why.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../../core/actor.js';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DataTable, ErrorSummary, FileField, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { importCkan, importCsv, importDcat, type ImportReport } from '../import-sources.js';
import { canImport } from '../../policy.js';
import { fileOf, registerMultipartParser, textOf } from '../../../../http/multipart.js';
import { RemoteSourceFields } from './remote-source-fields.js';
import { ImporterAgencyField, importerAgencyChoices, targetAgency } from './importer-agency.js';
import type { PickerAgency } from '../../../../web/kit/agency-picker.js';
import { packageImport } from '../actions/package_import.js';

const MAX_CSV_BYTES = 20 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Imports and harvest sources: agency admins (their agency) and platform admins. */
export function requireImporter(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (!canImport(actor, actor.agencyId ?? undefined)) throw new AppError('FORBIDDEN', 'error.forbidden');
  return actor;
}

interface PageProps {
  ctx: PageContext;
  csv: FormState;
  remote: FormState;
  agencies: PickerAgency[] | null;
  report?: ImportReport;
}

function ReportView({ ctx, report }: { ctx: PageContext; report: ImportReport }) {
  return (
    <section aria-labelledby="report-heading" id="report">
      <h2 id="report-heading">{ctx.t('opendata.import.report_heading')}</h2>
      {report.error ? (
        <div class="usa-alert usa-alert--error" role="alert">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{report.error}</p>
          </div>
        </div>
      ) : null}
      <p role="status">{ctx.t('opendata.import.summary', { created: report.created, updated: report.updated, failed: report.failed })}</p>
      {report.rows.length > 0 && (
        <DataTable
          caption={ctx.t('opendata.import.report_heading')}
          captionHidden
          rows={report.rows}
          columns={[
            { header: ctx.t('opendata.import.col.lines'), cell: (row) => row.lines.join(', ') },
            { header: ctx.t('opendata.import.col.key'), cell: (row) => row.key },
            { header: ctx.t('opendata.import.col.title'), cell: (row) => row.title },
            { header: ctx.t('opendata.import.col.outcome'), cell: (row) => <span class={`usa-tag${row.outcome === 'failed' ? ' bg-secondary-dark' : ''}`}>{ctx.t(`opendata.import.outcome.${row.outcome}`)}</span> },
            {
              header: ctx.t('opendata.import.col.reasons'),
              cell: (row) =>
                row.reasons.length > 0 && (
                  <ul class="usa-list usa-list--unstyled">
                    {row.reasons.map((r) => (
                      <li>{r}</li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

function ImportPage({ ctx, csv, remote, agencies, report }: PageProps) {
  const title = ctx.t('opendata.import.title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: ctx.t('opendata.nav'), href: '/datasets' }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('opendata.import.intro')}</p>
      {report && <ReportView ctx={ctx} report={report} />}
      <ErrorSummary ctx={ctx} state={csv.errors.length > 0 ? csv : remote} />
      <section aria-labelledby="csv-heading">
        <h2 id="csv-heading">{ctx.t('opendata.import.csv_heading')}</h2>
        <PostForm ctx={ctx} action="/datasets/import/csv" large files noValidate>
          <ImporterAgencyField ctx={ctx} state={csv} agencies={agencies} label={ctx.t('opendata.import.agency')} id="field-csv-agency" emptyLabel={ctx.t('opendata.import.agency_from_csv')} />
          <FileField ctx={ctx} state={csv} name="file" label={ctx.t('opendata.import.file')} hint={ctx.t('opendata.import.file_hint')} accept=".csv,text/csv" required />
          <SubmitButton>{ctx.t('opendata.import.submit_csv')}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="remote-heading">
        <h2 id="remote-heading">{ctx.t('opendata.import.remote_heading')}</h2>
        <PostForm ctx={ctx} action="/datasets/import/remote" large noValidate>
          <ImporterAgencyField ctx={ctx} state={remote} agencies={agencies} label={ctx.t('opendata.import.agency')} required />
          <RemoteSourceFields ctx={ctx} state={remote} kindLabel={ctx.t('opendata.import.kind')} urlLabel={ctx.t('opendata.import.url')} />
          <SubmitButton>{ctx.t('opendata.import.submit_remote')}</SubmitButton>
        </PostForm>
      </section>
    </Layout>
  );
}

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, actor: Actor, props: Partial<Omit<PageProps, 'ctx' | 'agencies'>>, status = 200) {
  const ctx = pageContext(request, reply);
  const agencies = await importerAgencyChoices(deps, request, actor);
  return sendPage(reply, <ImportPage ctx={ctx} csv={props.csv ?? emptyForm()} remote={props.remote ?? emptyForm({ kind: 'ckan' })} agencies={agencies} report={props.report} />, status);
}


export async function importPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/datasets/import', async (request, reply) => render(deps, request, reply, requireImporter(request), {}));

  app.post('/datasets/import/remote', { config: { runs: [packageImport], rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const actor = requireImporter(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { kind: textOf(body, 'kind') === 'dcat' ? 'dcat' : 'ckan', url: textOf(body, 'url').trim(), agency: textOf(body, 'agency') };
    const errors: FieldError[] = [];
    if (!/^https?:\/\/\S+$/i.test(values.url) || values.url.length > 2000) errors.push({ field: 'url', message: 'opendata.import.url_required' });
    const agency = targetAgency(actor, values.agency);
    if (!agency) errors.push({ field: 'agency', message: 'validation.required' });
    if (errors.length > 0) return render(deps, request, reply, actor, { remote: { values, errors } }, 400);
    const run = values.kind === 'dcat' ? importDcat : importCkan;
    const report = await run(deps, values.url, { actor, agency, locale: request.locale });
    return render(deps, request, reply, actor, { remote: emptyForm(values), report }, report.error ? 400 : 200);
  });

  await app.register(async (scope) => {
    registerMultipartParser(scope);
    scope.post('/datasets/import/csv', { bodyLimit: MAX_CSV_BYTES + 64 * 1024, config: { runs: [packageImport], rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
      const actor = requireImporter(request);
      const values = { agency: textOf(request.body, 'agency') };
      const file = fileOf(request.body, 'file');
      const errors: FieldError[] = [];
      let text = '';
      if (!file) errors.push({ field: 'file', message: 'opendata.import.file_required' });
      else {
        try {
          text = utf8.decode(file.data);
        } catch {
          errors.push({ field: 'file', message: 'error.invalid_utf8' });
        }
      }
      const agency = targetAgency(actor, values.agency);
      if (actor.role !== 'platform_admin' && !agency) errors.push({ field: 'agency', message: 'validation.required' });
      if (errors.length > 0) return render(deps, request, reply, actor, { csv: { values, errors } }, 400);
      const report = await importCsv(deps, text, { actor, locale: request.locale, ...(agency ? { agency } : {}) });
      return render(deps, request, reply, actor, { csv: emptyForm(values), report }, report.error ? 400 : 200);
    });
  });
}
