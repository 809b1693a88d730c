// Users and roles: search, role filter, pages, and a small role form on every row. Agency admins
// see only their own agency's people and only the choices user_set_role allows them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roles, type Role } from '../../../core/actor.js';
import type { AppError, FieldError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { formInput, runAction } from '../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { DateText, ErrorSummary, Field, FilteredTable, HiddenFields, PostForm, Select, emptyForm } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { agencyList } from '../../agencies/manifest.js';
import { userList, userSetRole } from '../../accounts/manifest.js';
import { adminCrumbs, contextAt, formErrorOrThrow, queryChoice, queryPage, queryText, requireRole, USER_MANAGERS } from './shared.js';

type UserPage = Awaited<ReturnType<typeof userList.run>>;
type UserRow = UserPage['users'][number];

const PAGE_SIZE = 25;
const AGENCY_ADMIN_CHOICES: Role[] = ['citizen', 'agency_staff'];

interface Filters {
  q: string;
  role: Role | undefined;
  page: number;
}

interface RowFailure {
  userId: string;
  values: Record<string, unknown>;
  errors: FieldError[];
}

function filtersFrom(query: unknown): Filters {
  return { q: queryText(query, 'q'), role: queryChoice(query, 'role', roles), page: queryPage(query) };
}

function listUrl(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.role) params.set('role', filters.role);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** What this actor may do with this row: nothing, or a role form with these choices. */
function choicesFor(ctx: PageContext, row: UserRow): Role[] {
  const actor = ctx.actor!;
  if (row.id === actor.userId) return [];
  if (actor.role === 'platform_admin') return [...roles];
  return row.role === 'agency_staff' ? AGENCY_ADMIN_CHOICES : [];
}

function RoleForm({ ctx, row, choices, back, ownAgencyCode, failure }: { ctx: PageContext; row: UserRow; choices: Role[]; back: string; ownAgencyCode: string | null; failure?: RowFailure }) {
  const roleId = `field-role-${row.id}`;
  const agencyId = `field-agencyCode-${row.id}`;
  const errorOf = (field: string) => failure?.errors.find((e) => e.field === `${field}-${row.id}`);
  const roleError = errorOf('role');
  const agencyError = errorOf('agencyCode');
  const selectedRole = String(failure?.values.role ?? row.role);
  const agencyValue = String(failure?.values.agencyCode ?? row.agency?.code ?? '');
  const isPlatformAdmin = ctx.actor!.role === 'platform_admin';
  return (
    <PostForm ctx={ctx} action={`/admin/users/${encodeURIComponent(row.id)}/role`}>
      <HiddenFields values={{ back }} />
      <Select
        ctx={ctx}
        state={{ values: { role: selectedRole }, errors: roleError ? [{ ...roleError, field: 'role' }] : [] }}
        name="role"
        id={roleId}
        label={
          <>
            {ctx.t('admin.users_new_role')}
            <span class="usa-sr-only"> {row.displayName}</span>
          </>
        }
        options={choices.map((r) => ({ value: r, label: ctx.t(`role.${r}`) }))}
        markOptional={false}
      />
      {isPlatformAdmin ? (
        <div class={`usa-form-group${agencyError ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for={agencyId}>
            {ctx.t('admin.users_agency_code')}
            <span class="usa-sr-only"> {row.displayName}</span>
          </label>
          {agencyError && (
            <span class="usa-error-message" id={`${agencyId}-error`} role="alert">
              {ctx.t(agencyError.message, agencyError.params)}
            </span>
          )}
          <input
            class={`usa-input${agencyError ? ' usa-input--error' : ''}`}
            id={agencyId}
            name="agencyCode"
            type="text"
            value={agencyValue}
            maxLength={40}
            aria-describedby={['users-agency-hint', agencyError ? `${agencyId}-error` : ''].filter(Boolean).join(' ')}
            aria-invalid={agencyError ? 'true' : undefined}
          />
        </div>
      ) : (
        ownAgencyCode && <input type="hidden" name="agencyCode" value={ownAgencyCode} />
      )}
      <button type="submit" class="usa-button usa-button--outline margin-top-1">
        {ctx.t('admin.users_save_role')}
        <span class="usa-sr-only"> {row.displayName}</span>
      </button>
    </PostForm>
  );
}

interface UsersPageProps {
  ctx: PageContext;
  data: UserPage;
  filters: Filters;
  ownAgencyCode: string | null;
  failure?: RowFailure;
}

function UsersPage({ ctx, data, filters, ownAgencyCode, failure }: UsersPageProps) {
  const query = listUrl(filters).toString();
  const back = query ? `/admin/users?${query}` : '/admin/users';
  const agencyName = (a: NonNullable<UserRow['agency']>) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);
  const filterRoles = ctx.actor!.role === 'platform_admin' ? [...roles] : (['agency_staff', 'agency_admin'] as Role[]);
  return (
    <Layout ctx={ctx} title={ctx.t('admin.users')} breadcrumbs={adminCrumbs(ctx, { label: ctx.t('admin.users') })} wide>
      <h1>{ctx.t('admin.users')}</h1>
      {ctx.actor!.role === 'agency_admin' ? (
        <p class="usa-intro">{ctx.t('admin.users_agency_scope')}</p>
      ) : (
        <p id="users-agency-hint">{ctx.t('admin.users_agency_code_hint')}</p>
      )}
      <ErrorSummary ctx={ctx} state={failure && { values: failure.values, errors: failure.errors }} />
      <FilteredTable
        ctx={ctx}
        filter={{ names: ['q', 'role'], label: ctx.t('admin.users_filter'), applyLabel: ctx.t('admin.filter') }}
        controls={
          <>
            <Field ctx={ctx} state={emptyForm({ ...filters })} name="q" id="users-q" type="search" label={ctx.t('admin.users_search')} maxLength={200} markOptional={false} />
            <Select ctx={ctx} state={emptyForm({ ...filters })} name="role" id="users-role" label={ctx.t('admin.users_role_filter')} options={filterRoles.map((r) => ({ value: r, label: ctx.t(`role.${r}`) }))} emptyLabel={ctx.t('admin.all')} markOptional={false} />
          </>
        }
        caption={ctx.t('admin.users_caption')}
        rows={data.users}
        columns={[
          {
            header: ctx.t('admin.users_user'),
            cell: (u) => (
              <>
                {u.displayName}
                <br />
                <span class="text-normal">{u.email}</span>
              </>
            ),
          },
          { header: ctx.t('admin.users_role'), cell: (u) => ctx.t(`role.${u.role}`) },
          { header: ctx.t('admin.users_agency'), cell: (u) => (u.agency ? <a href={`/agencies/${encodeURIComponent(u.agency.code)}`}>{agencyName(u.agency)}</a> : '—') },
          { header: ctx.t('admin.users_email_verified'), cell: (u) => ctx.t(u.emailVerified ? 'admin.yes' : 'admin.no') },
          { header: ctx.t('admin.users_joined'), cell: (u) => <DateText ctx={ctx} value={u.createdAt} /> },
          {
            header: ctx.t('admin.users_change_role'),
            cell: (u) => {
              const choices = choicesFor(ctx, u);
              if (choices.length === 0) return u.id === ctx.actor!.userId ? ctx.t('admin.users_is_you') : ctx.t('admin.users_not_yours');
              return <RoleForm ctx={ctx} row={u} choices={choices} back={back} ownAgencyCode={ownAgencyCode} failure={failure?.userId === u.id ? failure : undefined} />;
            },
          },
        ]}
        total={data.total}
        page={data.page}
        pageSize={data.pageSize}
        emptyMessage={ctx.t('admin.users_none')}
      />
    </Layout>
  );
}

async function findOwnAgencyCode(deps: AppDeps, request: FastifyRequest): Promise<string | null> {
  const agencyId = request.actor?.role === 'agency_admin' ? request.actor.agencyId : null;
  if (!agencyId) return null;
  const agencies = await runAction(deps, request, agencyList, {});
  return agencies.find((a) => a.id === agencyId)?.code ?? null;
}

async function listFor(deps: AppDeps, request: FastifyRequest, filters: Filters) {
  return runAction(deps, request, userList, { ...(filters.q && { q: filters.q }), ...(filters.role && { role: filters.role }), page: filters.page, pageSize: PAGE_SIZE });
}

/** Only a users-list URL is a valid place to return to after a role change. */
function safeBack(value: unknown): string {
  return typeof value === 'string' && /^\/admin\/users(\?[^#\s]*)?$/.test(value) ? value : '/admin/users';
}

function rowFailure(userId: string, values: Record<string, unknown>, error: AppError): RowFailure {
  const errors = error.fields.map((f) => ({ ...f, field: f.field === 'role' || f.field === 'agencyCode' ? `${f.field}-${userId}` : '_' }));
  return { userId, values, errors };
}

export async function userAdminPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/users', async (request, reply) => {
    const filters = filtersFrom(request.query);
    const data = await listFor(deps, request, filters);
    return sendPage(reply, <UsersPage ctx={pageContext(request, reply)} data={data} filters={filters} ownAgencyCode={await findOwnAgencyCode(deps, request)} />);
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id/role', { config: { runs: [userSetRole, userList] } }, async (request, reply) => {
    requireRole(request, USER_MANAGERS);
    const body = formInput(request.body);
    const back = safeBack(body.back);
    const input = { userId: request.params.id, role: body.role, ...(body.agencyCode !== undefined && { agencyCode: String(body.agencyCode).trim() }) };
    try {
      const result = await runAction(deps, request, userSetRole, input);
      return redirectWithFlash(reply, back, { kind: 'success', message: 'admin.users_role_changed', params: { role: t(request.locale, `role.${result.role}`) } });
    } catch (error) {
      const formError = formErrorOrThrow(error);
      const failure = rowFailure(request.params.id, { role: body.role, agencyCode: body.agencyCode ?? '' }, formError);
      const url = new URL(back, 'http://local');
      const filters = filtersFrom(Object.fromEntries(url.searchParams));
      const data = await listFor(deps, request, filters);
      const ctx = contextAt(pageContext(request, reply), '/admin/users', listUrl(filters));
      return sendPage(reply, <UsersPage ctx={ctx} data={data} filters={filters} ownAgencyCode={await findOwnAgencyCode(deps, request)} failure={failure} />, formError.status);
    }
  });
}
