// Agency administration: the list with a filter, a create form, and an edit page per agency.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formInput, runAction } from '../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { ErrorSummary, Field, FilteredTable, PostForm, Select, SubmitButton, emptyForm, type FormState } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { agencyCreate, agencyList, agencyShow, agencyUpdate } from '../../agencies/manifest.js';
import type { Agency } from '../../agencies/published.js';
import { adminCrumbs, failedForm, formErrorOrThrow, PLATFORM_ADMIN, queryText, requireRole } from './shared.js';

const FIELDS = ['code', 'nameZh', 'nameEn', 'parentCode', 'kind', 'website'] as const;

const nameOf = (ctx: PageContext, a: Pick<Agency, 'nameZh' | 'nameEn'>) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);
const editHref = (code: string) => `/admin/agencies/${encodeURIComponent(code)}/edit`;

/** Only the agency fields, as the form posted them (blank optional fields are dropped). */
function agencyFormValues(body: unknown): Record<string, unknown> {
  const input = formInput(body);
  return Object.fromEntries(FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, typeof input[f] === 'string' ? (input[f] as string).trim() : input[f]]));
}

function AgencyFields({ ctx, state }: { ctx: PageContext; state: FormState }) {
  return (
    <>
      <Field ctx={ctx} state={state} name="code" label={ctx.t('agencies.code')} hint={ctx.t('admin.agencies_code_hint')} required maxLength={40} autocomplete="off" />
      <Field ctx={ctx} state={state} name="nameZh" label={ctx.t('agencies.name_zh')} required maxLength={200} />
      <Field ctx={ctx} state={state} name="nameEn" label={ctx.t('agencies.name_en')} required maxLength={200} />
      <Field ctx={ctx} state={state} name="parentCode" label={ctx.t('admin.agencies_parent_code')} hint={ctx.t('admin.agencies_parent_hint')} maxLength={40} autocomplete="off" />
      <Select
        ctx={ctx}
        state={state}
        name="kind"
        label={ctx.t('agencies.kind')}
        required
        options={[
          { value: 'central', label: ctx.t('agencies.kind.central') },
          { value: 'local', label: ctx.t('agencies.kind.local') },
        ]}
      />
      <Field ctx={ctx} state={state} name="website" label={ctx.t('agencies.website')} hint={ctx.t('admin.agencies_website_hint')} type="url" maxLength={500} />
    </>
  );
}

interface ListPageProps {
  ctx: PageContext;
  all: Agency[];
  shown: Agency[];
  q: string;
  form: FormState;
}

function AgenciesAdminPage({ ctx, all, shown, q, form }: ListPageProps) {
  const byId = new Map(all.map((a) => [a.id, a]));
  return (
    <Layout ctx={ctx} title={ctx.t('agencies.admin_title')} breadcrumbs={adminCrumbs(ctx, { label: ctx.t('agencies.admin_title') })} wide>
      <h1>{ctx.t('agencies.admin_title')}</h1>
      <p>
        <a href="/agencies">{ctx.t('admin.agencies_public_directory')}</a>
      </p>
      <ErrorSummary ctx={ctx} state={form} />
      <section aria-labelledby="agency-create">
        <h2 id="agency-create">{ctx.t('admin.agencies_create')}</h2>
        <PostForm ctx={ctx} action="/admin/agencies" large>
          <AgencyFields ctx={ctx} state={form} />
          <SubmitButton>{ctx.t('admin.agencies_create_button')}</SubmitButton>
        </PostForm>
      </section>
      <section aria-labelledby="agency-list" class="margin-top-5">
        <h2 id="agency-list">{ctx.t('admin.agencies_all')}</h2>
        <FilteredTable
          ctx={ctx}
          filter={{ names: ['q'], label: ctx.t('agencies.filter_label'), applyLabel: ctx.t('agencies.filter_button') }}
          controls={<Field ctx={ctx} state={emptyForm({ q })} name="q" id="admin-agency-q" type="search" label={ctx.t('agencies.filter_label')} maxLength={200} markOptional={false} />}
          caption={ctx.t('admin.agencies_caption', { count: shown.length })}
          rows={shown}
          columns={[
            { header: ctx.t('agencies.code'), cell: (a) => <code>{a.code}</code> },
            { header: ctx.t('agencies.name_zh'), cell: (a) => <span lang="zh-Hant-TW">{a.nameZh}</span> },
            { header: ctx.t('agencies.name_en'), cell: (a) => <span lang="en">{a.nameEn}</span> },
            { header: ctx.t('agencies.parent'), cell: (a) => (a.parentId && byId.get(a.parentId) ? nameOf(ctx, byId.get(a.parentId)!) : '—') },
            { header: ctx.t('agencies.kind'), cell: (a) => ctx.t(`agencies.kind.${a.kind}`) },
            {
              header: ctx.t('admin.actions'),
              cell: (a) => (
                <a href={editHref(a.code)}>
                  {ctx.t('admin.edit')}
                  <span class="usa-sr-only"> {nameOf(ctx, a)}</span>
                </a>
              ),
            },
          ]}
          total={shown.length}
          emptyMessage={ctx.t('agencies.no_results')}
        />
      </section>
    </Layout>
  );
}

function AgencyEditPage({ ctx, agency, form }: { ctx: PageContext; agency: Agency; form: FormState }) {
  const title = ctx.t('admin.agencies_edit_title', { name: nameOf(ctx, agency) });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={adminCrumbs(ctx, { href: '/admin/agencies', label: ctx.t('agencies.admin_title') }, { label: nameOf(ctx, agency) })}
    >
      <h1>{title}</h1>
      <p>
        <a href={`/agencies/${encodeURIComponent(agency.code)}`}>{ctx.t('admin.agencies_view_public')}</a>
      </p>
      <ErrorSummary ctx={ctx} state={form} />
      <PostForm ctx={ctx} action={editHref(agency.code)} large>
        <AgencyFields ctx={ctx} state={form} />
        <SubmitButton>{ctx.t('admin.save')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export async function agencyAdminPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const renderList = async (request: FastifyRequest, q: string, form: FormState) => {
    const all = await runAction(deps, request, agencyList, {});
    const shown = q ? await runAction(deps, request, agencyList, { q }) : all;
    return { all, shown, q, form };
  };

  app.get('/admin/agencies', async (request, reply) => {
    requireRole(request, PLATFORM_ADMIN);
    const props = await renderList(request, queryText(request.query, 'q'), emptyForm({ kind: 'central' }));
    return sendPage(reply, <AgenciesAdminPage ctx={pageContext(request, reply)} {...props} />);
  });

  app.post('/admin/agencies', { config: { runs: [agencyCreate] } }, async (request, reply) => {
    requireRole(request, PLATFORM_ADMIN);
    const values = agencyFormValues(request.body);
    try {
      const agency = await runAction(deps, request, agencyCreate, values);
      return redirectWithFlash(reply, `/agencies/${encodeURIComponent(agency.code)}`, {
        kind: 'success',
        message: 'admin.agencies_created',
        params: { name: request.locale === 'en' ? agency.nameEn : agency.nameZh },
      });
    } catch (error) {
      const formError = formErrorOrThrow(error);
      const props = await renderList(request, '', failedForm(values, formError));
      const ctx = { ...pageContext(request, reply), path: '/admin/agencies' };
      return sendPage(reply, <AgenciesAdminPage ctx={ctx} {...props} />, formError.status);
    }
  });

  app.get<{ Params: { code: string } }>('/admin/agencies/:code/edit', async (request, reply) => {
    requireRole(request, PLATFORM_ADMIN);
    const { agency, ancestors } = await runAction(deps, request, agencyShow, { code: request.params.code });
    const values = {
      code: agency.code,
      nameZh: agency.nameZh,
      nameEn: agency.nameEn,
      parentCode: ancestors[ancestors.length - 1]?.code ?? '',
      kind: agency.kind,
      website: agency.website ?? '',
    };
    return sendPage(reply, <AgencyEditPage ctx={pageContext(request, reply)} agency={agency} form={emptyForm(values)} />);
  });

  app.post<{ Params: { code: string } }>('/admin/agencies/:code/edit', { config: { runs: [agencyShow, agencyUpdate] } }, async (request, reply) => {
    requireRole(request, PLATFORM_ADMIN);
    const { agency } = await runAction(deps, request, agencyShow, { code: request.params.code });
    const values = agencyFormValues(request.body);
    try {
      const updated = await runAction(deps, request, agencyUpdate, { currentCode: agency.code, changes: values });
      return redirectWithFlash(reply, `/agencies/${encodeURIComponent(updated.code)}`, {
        kind: 'success',
        message: 'admin.agencies_saved',
        params: { name: request.locale === 'en' ? updated.nameEn : updated.nameZh },
      });
    } catch (error) {
      const formError = formErrorOrThrow(error);
      // Validation of `changes` reports paths like "changes.code": show them beside the field.
      const fields = formError.fields.map((f) => ({ ...f, field: f.field.replace(/^changes\./, '') }));
      return sendPage(reply, <AgencyEditPage ctx={pageContext(request, reply)} agency={agency} form={{ values, errors: fields }} />, formError.status);
    }
  });
}
