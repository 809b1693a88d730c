// Staff pages for datasets: create and edit every metadata field, publish, unpublish with a public
// reason, delete, resources by URL or upload, and the list of the agency's datasets. All through the
// same actions as the CKAN API; every form posts with a CSRF token and works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../../../core/errors.js';
import { formInput, runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, Checkbox, DataTable, DateField, DateText, Field, Fieldset, FileField, HiddenFields, PaginatedList, PostForm, Select, SubmitButton, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { Layout } from '../../../../web/layout.js';
import { agencyList } from '../../../agencies/manifest.js';
import { packageListForStaff } from '../actions/package_list_for_staff.js';
import { groupList } from '../actions/group_list.js';
import { packageCreate } from '../actions/package_create.js';
import { packageDelete } from '../actions/package_delete.js';
import { packagePublish } from '../actions/package_publish.js';
import { packageShow } from '../actions/package_show.js';
import { packageUnpublish } from '../actions/package_unpublish.js';
import { packageUpdate } from '../actions/package_update.js';
import { resourceCreate } from '../actions/resource_create.js';
import { resourceDelete } from '../actions/resource_delete.js';
import { resourceUpdate } from '../actions/resource_update.js';
import { toInput } from '../actions/write.js';
import { charges, encodings, licenses, provisionTypes, updateFrequencies } from '../../model.js';
import { canEditAgencyDatasets, canPublish } from '../../policy.js';
import type { Dataset, Resource } from '../../queries.js';
import { discardStagedUpload, MAX_UPLOAD_BYTES, stageUpload } from '../../storage.js';
import { fileOf, registerMultipartParser, textOf } from '../../../../http/multipart.js';
import { datasetHref } from '../../http/shared.js';

const MIN_BLANK_ROWS = 3;
const MAX_FIELD_ROWS = 300;
const fieldKeys = ['name', 'type', 'meaning', 'unit'] as const;

const editHref = (name: string) => `${datasetHref({ name })}/edit`;

interface Options {
  categories: Array<{ value: string; label: string }>;
  agencies: PickerAgency[] | null;
}

function requireStaff(request: FastifyRequest): void {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (!canPublish(request.actor)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
}

async function loadEditable(deps: AppDeps, request: FastifyRequest, name: string): Promise<Dataset> {
  requireStaff(request);
  const d = await runAction(deps, request, packageShow, { id: name });
  if (!canEditAgencyDatasets(request.actor, d.agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
  return d;
}

async function optionsFor(deps: AppDeps, request: FastifyRequest): Promise<Options> {
  const en = request.locale === 'en';
  const groups = await runAction(deps, request, groupList, { all_fields: true });
  const categories = groups.map((g) => ({ value: g.code, label: en ? g.nameEn : g.nameZh }));
  if (request.actor?.role !== 'platform_admin') return { categories, agencies: null };
  return { categories, agencies: await runAction(deps, request, agencyList, {}) };
}

/** Form values (flat strings, field rows as fields.N.key) from a dataset. */
function valuesOf(d: Dataset): Record<string, unknown> {
  const input = toInput(d);
  const values: Record<string, unknown> = { ...input, tags: (input.tags ?? []).join('、'), related_urls: (input.related_urls ?? []).join('\n'), field_rows: String(d.fields.length + MIN_BLANK_ROWS) };
  delete values.fields;
  d.fields.forEach((f, i) => {
    for (const k of fieldKeys) values[`fields.${i}.${k}`] = f[k] ?? '';
  });
  return values;
}

const scalarKeys = ['name', 'identifier', 'title', 'notes', 'language', 'owner_org', 'contact_name', 'contact_phone', 'contact_email', 'category', 'provision_type', 'update_frequency', 'license_id', 'license_url', 'charge', 'fee', 'fee_basis', 'issued', 'temporal_start', 'temporal_end', 'spatial', 'remarks', 'data_volume'] as const;
const requiredKeys = new Set(['title', 'notes', 'contact_name', 'category', 'update_frequency']);

function rowCount(values: Record<string, unknown>): number {
  const n = Number(values.field_rows);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_FIELD_ROWS) : MIN_BLANK_ROWS;
}

/** The action input from the form, and where each kept field row came from (to place errors). */
function inputOf(values: Record<string, unknown>): { input: Record<string, unknown>; rowIndex: number[] } {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const input: Record<string, unknown> = {};
  for (const k of scalarKeys) {
    const v = str(k).trim();
    if (v || requiredKeys.has(k)) input[k] = v;
  }
  input.tags = str('tags').split(/[,，、\n]/).map((s) => s.trim()).filter(Boolean);
  input.related_urls = str('related_urls').split(/\s+/).filter(Boolean);
  const rowIndex: number[] = [];
  const fields: Array<Record<string, string>> = [];
  for (let i = 0; i < rowCount(values); i++) {
    const row = Object.fromEntries(fieldKeys.map((k) => [k, str(`fields.${i}.${k}`).trim()]));
    if (!Object.values(row).some(Boolean)) continue;
    rowIndex.push(i);
    fields.push(Object.fromEntries(Object.entries(row).filter(([k, v]) => v || k === 'name')));
  }
  input.fields = fields;
  return { input, rowIndex };
}

/** Action errors placed beside the form's fields: list items go to their row or to the list's box. */
function formErrors(error: AppError, rowIndex: number[]): FieldError[] {
  return error.fields.map((f) => {
    const row = /^fields\.(\d+)(?:\.(\w+))?/.exec(f.field);
    if (row) return { ...f, field: `fields.${rowIndex[Number(row[1])] ?? 0}.${row[2] ?? 'name'}` };
    const list = /^(tags|related_urls|extras)\./.exec(f.field);
    return list ? { ...f, field: list[1]! } : f;
  });
}

function failure(error: unknown, values: Record<string, unknown>, rowIndex: number[] = []): { status: number; state: FormState } {
  if (error instanceof AppError && error.fields.length > 0 && (error.code === 'INVALID' || error.code === 'CONFLICT')) {
    return { status: error.status, state: { values, errors: formErrors(error, rowIndex) } };
  }
  throw error;
}

function FieldRows({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const rows = rowCount(state.values);
  const label = (k: string) => ctx.t(`opendata.field.field_${k}`);
  return (
    <Fieldset legend={ctx.t('opendata.field.fields')} large class="margin-top-3">
      <p class="usa-hint">{ctx.t('opendata.manage.fields_hint')}</p>
      <HiddenFields values={{ field_rows: String(rows) }} />
      {Array.from({ length: rows }, (_, i) => (
        <Fieldset legend={ctx.t('opendata.manage.field_row', { n: i + 1 })} class="border-top border-base-lighter margin-top-2">
          <div class="grid-row grid-gap-2">
            {fieldKeys.map((k) => (
              <div class="tablet:grid-col-3">
                <Field ctx={ctx} state={state} name={`fields.${i}.${k}`} label={label(k)} maxLength={k === 'meaning' ? 1000 : 200} />
              </div>
            ))}
          </div>
        </Fieldset>
      ))}
      <button type="submit" class="usa-button usa-button--unstyled margin-top-2" name="add_rows" value="1" formnovalidate>
        {ctx.t('opendata.manage.add_rows')}
      </button>
    </Fieldset>
  );
}

function MetadataForm({ ctx, state, options, action, isNew }: { ctx: PageContext; state: FormState; options: Options; action: string; isNew: boolean }) {
  const choice = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: ctx.t(`${prefix}.${v}`) }));
  const licenseOptions = licenses.map((l) => ({ value: l.id, label: ctx.locale === 'en' ? l.titleEn : l.titleZh }));
  return (
    <PostForm ctx={ctx} action={action} large noValidate state={state}>
      <Fieldset legend={ctx.t('opendata.manage.basic')} large>
        <Field ctx={ctx} state={state} name="title" label={ctx.t('opendata.field.title')} required maxLength={300} />
        <Field ctx={ctx} state={state} name="notes" label={ctx.t('opendata.field.notes')} required multiline maxLength={20000} />
        <Field ctx={ctx} state={state} name="name" label={ctx.t('opendata.field.name')} hint={ctx.t('opendata.bad_name')} maxLength={100} />
        <Field ctx={ctx} state={state} name="identifier" label={ctx.t('opendata.field.identifier')} hint={isNew ? ctx.t('opendata.manage.identifier_hint') : undefined} maxLength={40} />
        <Select ctx={ctx} state={state} name="language" label={ctx.t('opendata.field.language')} options={[{ value: 'zh-TW', label: '中文（臺灣）' }, { value: 'en', label: 'English' }]} />
        {options.agencies && <AgencyPicker ctx={ctx} state={state} name="owner_org" label={ctx.t('opendata.field.agency')} agencies={options.agencies} submits="id" required emptyLabel="" />}
        <Select ctx={ctx} state={state} name="category" label={ctx.t('opendata.field.category')} options={options.categories} required emptyLabel="" />
        <Field ctx={ctx} state={state} name="tags" label={ctx.t('opendata.field.tags')} hint={ctx.t('opendata.manage.tags_hint')} maxLength={3000} />
      </Fieldset>
      <Fieldset legend={ctx.t('opendata.field.contact')} large class="margin-top-3">
        <Field ctx={ctx} state={state} name="contact_name" label={ctx.t('opendata.field.contact_name')} required maxLength={200} />
        <Field ctx={ctx} state={state} name="contact_phone" label={ctx.t('opendata.field.contact_phone')} type="tel" maxLength={50} />
        <Field ctx={ctx} state={state} name="contact_email" label={ctx.t('opendata.field.contact_email')} type="email" maxLength={254} />
      </Fieldset>
      <Fieldset legend={ctx.t('opendata.manage.terms')} large class="margin-top-3">
        <Select ctx={ctx} state={state} name="provision_type" label={ctx.t('opendata.field.provision_type')} options={choice('opendata.provision_type', provisionTypes)} />
        <Select ctx={ctx} state={state} name="update_frequency" label={ctx.t('opendata.field.update_frequency')} options={choice('opendata.update_frequency', updateFrequencies)} required emptyLabel="" />
        <Select ctx={ctx} state={state} name="license_id" label={ctx.t('opendata.field.license_id')} options={licenseOptions} />
        <Field ctx={ctx} state={state} name="license_url" label={ctx.t('opendata.field.license_url')} type="url" hint={ctx.t('opendata.license_url_required')} maxLength={2000} />
        <Select ctx={ctx} state={state} name="charge" label={ctx.t('opendata.field.charge')} options={choice('opendata.charge', charges)} />
        <Field ctx={ctx} state={state} name="fee" label={ctx.t('opendata.field.fee')} maxLength={500} />
        <Field ctx={ctx} state={state} name="fee_basis" label={ctx.t('opendata.field.fee_basis')} maxLength={1000} />
      </Fieldset>
      <Fieldset legend={ctx.t('opendata.manage.coverage')} large class="margin-top-3">
        <DateField ctx={ctx} state={state} name="issued" label={ctx.t('opendata.field.issued')} />
        <DateField ctx={ctx} state={state} name="temporal_start" label={ctx.t('opendata.field.temporal_start')} />
        <DateField ctx={ctx} state={state} name="temporal_end" label={ctx.t('opendata.field.temporal_end')} />
        <Field ctx={ctx} state={state} name="spatial" label={ctx.t('opendata.field.spatial')} maxLength={500} />
        <Field ctx={ctx} state={state} name="data_volume" label={ctx.t('opendata.field.data_volume')} maxLength={200} />
        <Field ctx={ctx} state={state} name="remarks" label={ctx.t('opendata.field.remarks')} multiline maxLength={5000} />
        <Field ctx={ctx} state={state} name="related_urls" label={ctx.t('opendata.field.related_urls')} hint={ctx.t('opendata.manage.related_urls_hint')} multiline maxLength={44000} />
      </Fieldset>
      <FieldRows ctx={ctx} state={state} />
      {isNew && (
        <div class="margin-top-3">
          <Checkbox ctx={ctx} state={state} name="publish" label={ctx.t('opendata.manage.publish_now')} />
        </div>
      )}
      <SubmitButton>{ctx.t(isNew ? 'opendata.manage.create' : 'opendata.manage.save')}</SubmitButton>
    </PostForm>
  );
}

function NewPage({ ctx, state, options }: { ctx: PageContext; state: FormState; options: Options }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.manage.new_title')} breadcrumbs={[{ href: '/admin/datasets', label: ctx.t('opendata.manage.mine_title') }, { label: ctx.t('opendata.manage.new_title') }]}>
      <h1>{ctx.t('opendata.manage.new_title')}</h1>
      <MetadataForm ctx={ctx} state={state} options={options} action="/datasets/new" isNew />
    </Layout>
  );
}

function ResourceFields({ ctx, state, editing }: { ctx: PageContext; state: FormState; editing?: Resource }) {
  return (
    <>
      <Field ctx={ctx} state={state} name="name" label={ctx.t('opendata.field.resource_name')} maxLength={300} />
      <Field ctx={ctx} state={state} name="description" label={ctx.t('opendata.manage.resource_description')} multiline maxLength={5000} />
      <Field ctx={ctx} state={state} name="url" label={ctx.t('opendata.manage.resource_url')} type="url" hint={ctx.t('opendata.manage.resource_url_hint')} maxLength={2000} />
      <FileField ctx={ctx} state={state} name="file" label={ctx.t('opendata.manage.resource_file')} hint={ctx.t(editing?.url_type === 'upload' ? 'opendata.manage.resource_file_replace' : 'opendata.manage.resource_file_hint', { max: MAX_UPLOAD_BYTES / 1024 / 1024 })} />
      <Field ctx={ctx} state={state} name="format" label={ctx.t('opendata.field.format')} hint={ctx.t('opendata.manage.format_hint')} maxLength={40} />
      <Select ctx={ctx} state={state} name="encoding" label={ctx.t('opendata.field.encoding')} options={encodings.map((e) => ({ value: e, label: e }))} />
      <Field ctx={ctx} state={state} name="api_spec_url" label={ctx.t('opendata.manage.api_spec_url')} type="url" maxLength={2000} />
    </>
  );
}

interface EditProps {
  ctx: PageContext;
  d: Dataset;
  options: Options;
  meta: FormState;
  unpublish: FormState;
  resource: FormState;
}

function EditPage({ ctx, d, options, meta, unpublish, resource }: EditProps) {
  const base = editHref(d.name);
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.manage.edit_title', { title: d.title })} breadcrumbs={[{ href: '/admin/datasets', label: ctx.t('opendata.manage.mine_title') }, { href: datasetHref(d), label: d.title }, { label: ctx.t('opendata.edit') }]}>
      <h1>{ctx.t('opendata.manage.edit_title', { title: d.title })}</h1>
      <p>
        {ctx.t('opendata.field.status')}：<strong>{ctx.t(`opendata.status.${d.status}`)}</strong>
        {d.unpublish_reason && `（${ctx.t(d.unpublish_reason)}）`} · <a href={datasetHref(d)}>{ctx.t('opendata.manage.view_public')}</a>
      </p>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">{ctx.t('opendata.manage.status_heading')}</h2>
        {d.status === 'published' ? (
          <PostForm ctx={ctx} action={`${datasetHref(d)}/unpublish`} noValidate state={unpublish}>
            <Field ctx={ctx} state={unpublish} name="reason" label={ctx.t('opendata.manage.unpublish_reason')} hint={ctx.t('opendata.manage.unpublish_hint')} required multiline maxLength={2000} />
            <SubmitButton secondary>{ctx.t('opendata.manage.unpublish')}</SubmitButton>
          </PostForm>
        ) : (
          <ActionForm ctx={ctx} action={`${datasetHref(d)}/publish`}>
            <SubmitButton>{ctx.t('opendata.manage.publish')}</SubmitButton>
          </ActionForm>
        )}
        <p>
          <a class="usa-button usa-button--secondary" href={`${datasetHref(d)}/delete`}>
            {ctx.t('opendata.manage.delete')}
          </a>
        </p>
      </section>

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">{ctx.t('opendata.resources')}</h2>
        {d.resources.length === 0 ? (
          <p>{ctx.t('opendata.no_resources')}</p>
        ) : (
          <DataTable
            caption={ctx.t('opendata.resources')}
            rows={d.resources}
            columns={[
              { header: ctx.t('opendata.field.resource_name'), cell: (r) => r.name },
              { header: ctx.t('opendata.field.format'), cell: (r) => r.format || '—' },
              { header: ctx.t('opendata.manage.resource_source'), cell: (r) => (r.url_type === 'upload' ? ctx.t('opendata.manage.uploaded') : r.url) },
              {
                header: ctx.t('opendata.manage.actions'),
                cell: (r) => (
                  <>
                    <a href={`${base}/resources/${r.id}`}>
                      {ctx.t('opendata.manage.edit_resource')}
                      <span class="usa-sr-only"> {r.name}</span>
                    </a>{' '}
                    ·{' '}
                    <a href={`${base}/resources/${r.id}/delete`}>
                      {ctx.t('opendata.manage.delete_resource')}
                      <span class="usa-sr-only"> {r.name}</span>
                    </a>
                  </>
                ),
              },
            ]}
          />
        )}
        <h3 id="add-resource">{ctx.t('opendata.manage.add_resource')}</h3>
        <PostForm ctx={ctx} action={`${base}/resources`} large files noValidate state={resource}>
          <ResourceFields ctx={ctx} state={resource} />
          <SubmitButton>{ctx.t('opendata.manage.add_resource')}</SubmitButton>
        </PostForm>
      </section>

      <section aria-labelledby="metadata-heading">
        <h2 id="metadata-heading">{ctx.t('opendata.metadata')}</h2>
        <MetadataForm ctx={ctx} state={meta} options={options} action={base} isNew={false} />
      </section>
    </Layout>
  );
}

function ConfirmPage({ ctx, title, question, action, back, button }: { ctx: PageContext; title: string; question: string; action: string; back: string; button: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <div class="usa-alert usa-alert--warning">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{question}</p>
        </div>
      </div>
      <ActionForm ctx={ctx} action={action} class="margin-top-2">
        <HiddenFields values={{ confirm: 'yes' }} />
        <button type="submit" class="usa-button usa-button--secondary">
          {button}
        </button>
        <a class="usa-button usa-button--unstyled margin-left-2" href={back}>
          {ctx.t('opendata.manage.cancel')}
        </a>
      </ActionForm>
    </Layout>
  );
}

function ResourcePage({ ctx, d, r, state }: { ctx: PageContext; d: Dataset; r: Resource; state: FormState }) {
  const base = editHref(d.name);
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.manage.edit_resource_title', { name: r.name })} breadcrumbs={[{ href: base, label: d.title }, { label: r.name }]}>
      <h1>{ctx.t('opendata.manage.edit_resource_title', { name: r.name })}</h1>
      <PostForm ctx={ctx} action={`${base}/resources/${r.id}`} large files noValidate state={state}>
        <ResourceFields ctx={ctx} state={state} editing={r} />
        <SubmitButton>{ctx.t('opendata.manage.save')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

function MinePage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof packageListForStaff.run>> }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.manage.mine_title')} breadcrumbs={[{ href: '/admin', label: ctx.t('layout.admin') }, { label: ctx.t('opendata.manage.mine_title') }]}>
      <h1>{ctx.t('opendata.manage.mine_title')}</h1>
      <p>
        <a class="usa-button" href="/datasets/new">
          {ctx.t('opendata.manage.new_title')}
        </a>
      </p>
      <PaginatedList ctx={ctx} total={rows.length} emptyMessage={ctx.t('opendata.manage.none')}>
        <DataTable
          caption={ctx.t('opendata.manage.mine_title')}
          rows={rows}
          columns={[
            { header: ctx.t('opendata.field.title'), cell: (r) => <a href={editHref(r.name)}>{r.title}</a> },
            { header: ctx.t('opendata.field.status'), cell: (r) => ctx.t(`opendata.status.${r.status}`) },
            { header: ctx.t('opendata.field.modified'), cell: (r) => <DateText ctx={ctx} value={r.modified_at} withTime /> },
            { header: ctx.t('opendata.manage.view_public'), cell: (r) => <a href={datasetHref(r)}>{r.name}</a> },
          ]}
        />
      </PaginatedList>
    </Layout>
  );
}

async function resourceInputFrom(deps: AppDeps, body: unknown): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const k of ['name', 'description', 'url', 'format', 'encoding', 'api_spec_url']) {
    const v = textOf(body, k).trim();
    if (v) input[k] = v;
  }
  const file = fileOf(body, 'file');
  if (file) {
    const stored = await stageUpload(deps.services.config, file.data, file.filename);
    delete input.url;
    input.upload = { key: stored.key, size: stored.size, checksum: stored.checksum, sha1: stored.sha1, mediaType: stored.mediaType, filename: stored.filename };
    if (!input.format) input.format = stored.detectedFormat;
  }
  return input;
}

const resourceValues = (body: unknown) => Object.fromEntries(['name', 'description', 'url', 'format', 'encoding', 'api_spec_url'].map((k) => [k, textOf(body, k)]));

export async function managePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  type NameParams = { Params: { name: string } };
  const blank = (values: Record<string, unknown> = {}): FormState => ({ values, errors: [] });

  const renderEdit = async (request: FastifyRequest, reply: FastifyReply, d: Dataset, forms: Partial<Pick<EditProps, 'meta' | 'unpublish' | 'resource'>> = {}, status = 200) =>
    sendPage(
      reply,
      <EditPage ctx={pageContext(request, reply)} d={d} options={await optionsFor(deps, request)} meta={forms.meta ?? blank(valuesOf(d))} unpublish={forms.unpublish ?? blank()} resource={forms.resource ?? blank({ encoding: 'UTF-8' })} />,
      status,
    );

  app.get('/admin/datasets', async (request, reply) => {
    requireStaff(request);
    const rows = await runAction(deps, request, packageListForStaff, {});
    return sendPage(reply, <MinePage ctx={pageContext(request, reply)} rows={rows} />);
  });

  app.get('/datasets/new', async (request, reply) => {
    requireStaff(request);
    const state = blank({ language: 'zh-TW', license_id: 'ogdl-tw-1.0', charge: 'free', provision_type: 'open', field_rows: String(MIN_BLANK_ROWS + 2), owner_org: request.actor?.agencyId ?? '' });
    return sendPage(reply, <NewPage ctx={pageContext(request, reply)} state={state} options={await optionsFor(deps, request)} />);
  });

  app.post('/datasets/new', { config: { runs: [packageCreate] } }, async (request, reply) => {
    requireStaff(request);
    const values = formInput(request.body, [...scalarKeys]);
    if (values.add_rows) {
      values.field_rows = String(Math.min(rowCount(values) + 5, MAX_FIELD_ROWS));
      return sendPage(reply, <NewPage ctx={pageContext(request, reply)} state={blank(values)} options={await optionsFor(deps, request)} />);
    }
    const { input, rowIndex } = inputOf(values);
    try {
      const d = await runAction(deps, request, packageCreate, { ...input, private: values.publish !== '1' });
      return redirectWithFlash(reply, editHref(d.name), { kind: 'success', message: 'opendata.flash.created' });
    } catch (error) {
      const failed = failure(error, values, rowIndex);
      return sendPage(reply, <NewPage ctx={pageContext(request, reply)} state={failed.state} options={await optionsFor(deps, request)} />, failed.status);
    }
  });

  app.get<NameParams>('/datasets/:name/edit', async (request, reply) => renderEdit(request, reply, await loadEditable(deps, request, request.params.name)));

  app.post<NameParams>('/datasets/:name/edit', { config: { runs: [packageUpdate] } }, async (request, reply) => {
    const d = await loadEditable(deps, request, request.params.name);
    const values = formInput(request.body, [...scalarKeys]);
    if (values.add_rows) {
      values.field_rows = String(Math.min(rowCount(values) + 5, MAX_FIELD_ROWS));
      return renderEdit(request, reply, d, { meta: blank(values) });
    }
    const { input, rowIndex } = inputOf(values);
    try {
      const after = await runAction(deps, request, packageUpdate, { ...input, id: d.id, owner_org: input.owner_org ?? d.agency.id, extras: d.extras });
      return redirectWithFlash(reply, editHref(after.name), { kind: 'success', message: 'opendata.flash.saved' });
    } catch (error) {
      const failed = failure(error, values, rowIndex);
      return renderEdit(request, reply, d, { meta: failed.state }, failed.status);
    }
  });

  app.post<NameParams>('/datasets/:name/publish', { config: { runs: [packagePublish] } }, async (request, reply) => {
    const d = await loadEditable(deps, request, request.params.name);
    await runAction(deps, request, packagePublish, { id: d.id });
    return redirectWithFlash(reply, editHref(d.name), { kind: 'success', message: 'opendata.flash.published' });
  });

  app.post<NameParams>('/datasets/:name/unpublish', { config: { runs: [packageUnpublish] } }, async (request, reply) => {
    const d = await loadEditable(deps, request, request.params.name);
    const values = formInput(request.body, ['reason']);
    try {
      await runAction(deps, request, packageUnpublish, { id: d.id, reason: typeof values.reason === 'string' ? values.reason : '' });
      return redirectWithFlash(reply, editHref(d.name), { kind: 'success', message: 'opendata.flash.unpublished' });
    } catch (error) {
      const failed = failure(error, values);
      return renderEdit(request, reply, d, { unpublish: failed.state }, failed.status);
    }
  });

  app.get<NameParams>('/datasets/:name/delete', async (request, reply) => {
    const d = await loadEditable(deps, request, request.params.name);
    const ctx = pageContext(request, reply);
    return sendPage(reply, <ConfirmPage ctx={ctx} title={ctx.t('opendata.manage.delete')} question={ctx.t('opendata.manage.delete_confirm', { title: d.title })} action={`${datasetHref(d)}/delete`} back={editHref(d.name)} button={ctx.t('opendata.manage.delete')} />);
  });

  app.post<NameParams>('/datasets/:name/delete', { config: { runs: [packageDelete] } }, async (request, reply) => {
    const d = await loadEditable(deps, request, request.params.name);
    if (formInput(request.body).confirm !== 'yes') return reply.redirect(`${datasetHref(d)}/delete`, 303);
    await runAction(deps, request, packageDelete, { id: d.id });
    return redirectWithFlash(reply, '/admin/datasets', { kind: 'success', message: 'opendata.flash.deleted' });
  });

  type ResParams = { Params: { name: string; rid: string } };
  const loadResource = async (request: FastifyRequest<ResParams>) => {
    const d = await loadEditable(deps, request, request.params.name);
    const r = d.resources.find((x) => x.id === request.params.rid);
    if (!r) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
    return { d, r };
  };

  app.get<ResParams>('/datasets/:name/edit/resources/:rid', async (request, reply) => {
    const { d, r } = await loadResource(request);
    const state = blank({ name: r.name, description: r.description, url: r.url_type === 'link' ? r.url : '', format: r.format, encoding: r.encoding, api_spec_url: r.api_spec_url ?? '' });
    return sendPage(reply, <ResourcePage ctx={pageContext(request, reply)} d={d} r={r} state={state} />);
  });

  app.get<ResParams>('/datasets/:name/edit/resources/:rid/delete', async (request, reply) => {
    const { d, r } = await loadResource(request);
    const ctx = pageContext(request, reply);
    const base = `${editHref(d.name)}/resources/${r.id}`;
    return sendPage(reply, <ConfirmPage ctx={ctx} title={ctx.t('opendata.manage.delete_resource')} question={ctx.t('opendata.manage.delete_resource_confirm', { name: r.name })} action={`${base}/delete`} back={editHref(d.name)} button={ctx.t('opendata.manage.delete_resource')} />);
  });

  app.post<ResParams>('/datasets/:name/edit/resources/:rid/delete', { config: { runs: [resourceDelete] } }, async (request, reply) => {
    const { d, r } = await loadResource(request);
    if (formInput(request.body).confirm !== 'yes') return reply.redirect(`${editHref(d.name)}/resources/${r.id}/delete`, 303);
    await runAction(deps, request, resourceDelete, { id: r.id });
    return redirectWithFlash(reply, `${editHref(d.name)}#resources-heading`, { kind: 'success', message: 'opendata.flash.resource_deleted' });
  });

  // Uploads: their own scope, with the multipart parser and a body limit just above the file limit.
  await app.register(async (scope) => {
    registerMultipartParser(scope);
    const bodyLimit = MAX_UPLOAD_BYTES + 1024 * 1024;
    scope.post<NameParams>('/datasets/:name/edit/resources', { bodyLimit, config: { runs: [resourceCreate] } }, async (request, reply) => {
      const d = await loadEditable(deps, request, request.params.name);
      let input: Record<string, unknown> = {};
      try {
        input = await resourceInputFrom(deps, request.body);
        await runAction(deps, request, resourceCreate, { ...input, package_id: d.id });
        return redirectWithFlash(reply, `${editHref(d.name)}#resources-heading`, { kind: 'success', message: 'opendata.flash.resource_added' });
      } catch (error) {
        const failed = failure(error, resourceValues(request.body));
        return renderEdit(request, reply, d, { resource: failed.state }, failed.status);
      } finally {
        await discardStagedUpload(deps.services.config, (input.upload as { key?: string } | undefined)?.key);
      }
    });
    scope.post<ResParams>('/datasets/:name/edit/resources/:rid', { bodyLimit, config: { runs: [resourceUpdate] } }, async (request, reply) => {
      const { d, r } = await loadResource(request);
      let input: Record<string, unknown> = {};
      try {
        input = await resourceInputFrom(deps, request.body);
        await runAction(deps, request, resourceUpdate, { ...input, id: r.id });
        return redirectWithFlash(reply, `${editHref(d.name)}#resources-heading`, { kind: 'success', message: 'opendata.flash.resource_saved' });
      } catch (error) {
        const failed = failure(error, resourceValues(request.body));
        return sendPage(reply, <ResourcePage ctx={pageContext(request, reply)} d={d} r={r} state={failed.state} />, failed.status);
      } finally {
        await discardStagedUpload(deps.services.config, (input.upload as { key?: string } | undefined)?.key);
      }
    });
  });
}
