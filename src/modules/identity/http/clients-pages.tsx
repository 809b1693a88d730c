// The relying-party registry's pages (/admin/oidc-clients): the list, registering, one client with
// its settings, a new secret (shown once, on the page that made it) and disabling. The actions are
// the gate; a person who may not manage clients gets their refusal.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/errors.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import type { Crumb } from '../../../web/layout.js';
import { Layout } from '../../../web/layout.js';
import { CheckboxGroup, RadioGroup } from '../../../web/kit/choices.js';
import { Field, Select } from '../../../web/kit/fields.js';
import { ActionForm, emptyForm, PostForm, SubmitButton, type FormState } from '../../../web/kit/form.js';
import { EmptyState } from '../../../web/kit/lists.js';
import { DataTable } from '../../../web/kit/tables.js';
import { DateText } from '../../../web/kit/dates.js';
import { AgencyPicker, type PickerAgency } from '../../../web/kit/agency-picker.js';
import { agencyList } from '../../agencies/manifest.js';
import { oidcClientCreate, oidcClientList, oidcClientSecretRotate, oidcClientSetDisabled, oidcClientShow, oidcClientUpdate } from '../actions/clients.js';
import { acrValues, releasableClaims, scopes, type OidcClient } from '../schemas.js';

const LIST = '/admin/oidc-clients';
const clientHref = (id: string) => `${LIST}/${encodeURIComponent(id)}`;
const Params = Type.Object({ clientId: Type.String({ maxLength: 100 }) });

const crumbs = (ctx: PageContext, ...rest: Crumb[]): Crumb[] => [{ href: '/admin', label: ctx.t('admin.title') }, { href: LIST, label: ctx.t('identity.admin_title') }, ...rest];

function text(value: unknown, max = 10_000): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}
const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));
const lines = (value: unknown): string[] => text(value).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/** The form as typed (to show again) and the action input made from it. */
function fromForm(body: unknown): { values: Record<string, unknown>; input: Record<string, unknown> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const values = {
    name: text(b.name),
    agencyId: text(b.agencyId),
    redirectUris: text(b.redirectUris),
    postLogoutRedirectUris: text(b.postLogoutRedirectUris),
    scopes: list(b.scopes),
    claims: list(b.claims),
    sector: text(b.sector),
    publicSubject: b.publicSubject === 'yes' ? 'yes' : '',
    minAcr: text(b.minAcr),
    authMethod: text(b.authMethod),
    jwks: text(b.jwks),
    idTokenAlg: text(b.idTokenAlg),
  };
  let jwks: unknown;
  if (values.authMethod === 'private_key_jwt' && values.jwks) {
    try {
      jwks = JSON.parse(values.jwks);
    } catch {
      throw Object.assign(new AppError('INVALID', 'error.invalid', [{ field: 'jwks', message: 'identity.jwks_invalid' }]), { values });
    }
  }
  const input = {
    name: values.name,
    ...(values.agencyId && { agencyId: values.agencyId }),
    redirectUris: lines(values.redirectUris),
    postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
    scopes: values.scopes,
    claims: values.claims,
    sector: values.sector,
    publicSubject: values.publicSubject === 'yes',
    ...(values.minAcr && { minAcr: values.minAcr }),
    authMethod: values.authMethod,
    ...(jwks !== undefined && { jwks }),
    ...(values.idTokenAlg && { idTokenAlg: values.idTokenAlg }),
  };
  return { values, input };
}

function formValues(client: OidcClient): Record<string, unknown> {
  return {
    name: client.name,
    agencyId: client.agencyId ?? '',
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    scopes: client.scopes,
    claims: client.claims,
    sector: client.sector,
    publicSubject: client.publicSubject ? 'yes' : '',
    minAcr: client.minAcr,
    authMethod: client.authMethod,
    jwks: client.jwks ? JSON.stringify(client.jwks, null, 2) : '',
    idTokenAlg: client.idTokenAlg,
  };
}

/** Field errors as the form shows them: one per field, `redirectUris.2` under `redirectUris`. */
function formState(values: Record<string, unknown>, error: unknown): { status: number; state: FormState } {
  if (error instanceof AppError && error.fields.length > 0 && (error.code === 'INVALID' || error.code === 'CONFLICT')) {
    const seen = new Set<string>();
    const errors = error.fields.map((f) => ({ ...f, field: f.field.split(/[./]/)[0]! })).filter((f) => !seen.has(f.field) && seen.add(f.field));
    return { status: error.status, state: { values, errors } };
  }
  throw error;
}

function ClientForm({ ctx, state, action, agencies, submit }: { ctx: PageContext; state: FormState; action: string; agencies: PickerAgency[] | null; submit: string }) {
  const isOperator = ctx.actor?.role === 'platform_admin';
  return (
    <PostForm ctx={ctx} action={action} state={state} large noValidate>
      <Field ctx={ctx} state={state} name="name" label={ctx.t('identity.field.name')} required maxLength={200} />
      {agencies && <AgencyPicker ctx={ctx} state={state} name="agencyId" label={ctx.t('identity.field.agency')} agencies={agencies} submits="id" emptyLabel={ctx.t('identity.field.no_agency')} />}
      <Field ctx={ctx} state={state} name="redirectUris" label={ctx.t('identity.field.redirect_uris')} hint={ctx.t('identity.field.one_per_line')} required multiline />
      <Field ctx={ctx} state={state} name="postLogoutRedirectUris" label={ctx.t('identity.field.post_logout_uris')} hint={ctx.t('identity.field.one_per_line')} multiline />
      <CheckboxGroup ctx={ctx} state={state} name="scopes" legend={ctx.t('identity.field.scopes')} options={scopes.map((s) => ({ value: s, label: `${s}: ${ctx.t(`identity.scope.${s}`)}` }))} />
      <CheckboxGroup ctx={ctx} state={state} name="claims" legend={ctx.t('identity.field.claims')} hint={ctx.t('identity.field.claims_hint')} options={releasableClaims.map((c) => ({ value: c, label: c }))} />
      <Field ctx={ctx} state={state} name="sector" label={ctx.t('identity.field.sector')} hint={ctx.t('identity.field.sector_hint')} required maxLength={100} />
      {isOperator && <CheckboxGroup ctx={ctx} state={state} name="publicSubject" legend={ctx.t('identity.field.subject')} options={[{ value: 'yes', label: ctx.t('identity.field.public_subject') }]} />}
      <Select ctx={ctx} state={state} name="minAcr" label={ctx.t('identity.field.min_acr')} options={acrValues.map((a) => ({ value: a, label: ctx.t(`identity.acr.${a}`) }))} required />
      <RadioGroup
        ctx={ctx}
        state={state}
        name="authMethod"
        legend={ctx.t('identity.field.auth_method')}
        required
        options={[
          { value: 'client_secret_basic', label: ctx.t('identity.auth.client_secret_basic') },
          { value: 'private_key_jwt', label: ctx.t('identity.auth.private_key_jwt') },
        ]}
      />
      <Field ctx={ctx} state={state} name="jwks" label={ctx.t('identity.field.jwks')} hint={ctx.t('identity.field.jwks_hint')} multiline />
      <Select ctx={ctx} state={state} name="idTokenAlg" label={ctx.t('identity.field.id_token_alg')} options={[{ value: 'ES256', label: 'ES256' }, { value: 'RS256', label: 'RS256' }]} required />
      <SubmitButton>{submit}</SubmitButton>
    </PostForm>
  );
}

function ListPage({ ctx, clients }: { ctx: PageContext; clients: OidcClient[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.admin_title')} breadcrumbs={crumbs(ctx)}>
      <h1>{ctx.t('identity.admin_title')}</h1>
      <p class="usa-intro">{ctx.t('identity.admin_intro')}</p>
      <p>
        <a class="usa-button" href={`${LIST}/new`}>
          {ctx.t('identity.register')}
        </a>
      </p>
      {clients.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('identity.no_clients')} />
      ) : (
        <DataTable
          caption={ctx.t('identity.admin_title')}
          captionHidden
          rows={clients}
          columns={[
            { header: ctx.t('identity.field.name'), cell: (c) => <a href={clientHref(c.clientId)}>{c.name}</a> },
            { header: ctx.t('identity.field.client_id'), cell: (c) => <code>{c.clientId}</code> },
            { header: ctx.t('identity.field.sector'), cell: (c) => c.sector },
            { header: ctx.t('identity.field.status'), cell: (c) => ctx.t(c.disabledAt ? 'identity.status.disabled' : 'identity.status.active') },
          ]}
        />
      )}
    </Layout>
  );
}

function SecretNotice({ ctx, clientId, secret }: { ctx: PageContext; clientId: string; secret: string }) {
  return (
    <div class="usa-alert usa-alert--warning" role="status">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{ctx.t('identity.secret_heading')}</h2>
        <p class="usa-alert__text">{ctx.t('identity.secret_once')}</p>
        <dl>
          <dt>{ctx.t('identity.field.client_id')}</dt>
          <dd>
            <code>{clientId}</code>
          </dd>
          <dt>{ctx.t('identity.field.client_secret')}</dt>
          <dd>
            <code>{secret}</code>
          </dd>
        </dl>
      </div>
    </div>
  );
}

function ClientPage({ ctx, client, state, agencies, secret }: { ctx: PageContext; client: OidcClient; state: FormState; agencies: PickerAgency[] | null; secret?: string | null }) {
  const href = clientHref(client.clientId);
  return (
    <Layout ctx={ctx} title={client.name} breadcrumbs={crumbs(ctx, { label: client.name })}>
      <h1>{client.name}</h1>
      {secret && <SecretNotice ctx={ctx} clientId={client.clientId} secret={secret} />}
      <dl>
        <dt>{ctx.t('identity.field.client_id')}</dt>
        <dd>
          <code>{client.clientId}</code>
        </dd>
        <dt>{ctx.t('identity.field.status')}</dt>
        <dd>{ctx.t(client.disabledAt ? 'identity.status.disabled' : 'identity.status.active')}</dd>
        {client.secretRotatedAt && (
          <>
            <dt>{ctx.t('identity.secret_rotated_at')}</dt>
            <dd>
              <DateText ctx={ctx} value={client.secretRotatedAt} withTime />
            </dd>
          </>
        )}
      </dl>
      <div class="usa-button-group">
        {client.authMethod === 'client_secret_basic' && (
          <ActionForm ctx={ctx} action={`${href}/secret`}>
            <SubmitButton secondary>{ctx.t('identity.rotate_secret')}</SubmitButton>
          </ActionForm>
        )}
        <ActionForm ctx={ctx} action={`${href}/disabled`}>
          <input type="hidden" name="disabled" value={client.disabledAt ? 'no' : 'yes'} />
          <SubmitButton secondary>{ctx.t(client.disabledAt ? 'identity.enable' : 'identity.disable')}</SubmitButton>
        </ActionForm>
      </div>
      <h2>{ctx.t('identity.settings')}</h2>
      <ClientForm ctx={ctx} state={state} action={href} agencies={agencies} submit={ctx.t('identity.save')} />
    </Layout>
  );
}

function NewClientPage({ ctx, state, agencies }: { ctx: PageContext; state: FormState; agencies: PickerAgency[] | null }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.register')} breadcrumbs={crumbs(ctx, { label: ctx.t('identity.register') })}>
      <h1>{ctx.t('identity.register')}</h1>
      <ClientForm ctx={ctx} state={state} action={LIST} agencies={agencies} submit={ctx.t('identity.register')} />
    </Layout>
  );
}

/** Platform admins choose the agency; an agency admin's clients are their agency's (no choice shown). */
async function agencyChoices(deps: AppDeps, request: FastifyRequest): Promise<PickerAgency[] | null> {
  if (request.actor?.role !== 'platform_admin') return null;
  return runAction(deps, request, agencyList, {});
}

const forAgencyAdmin = (request: FastifyRequest, input: Record<string, unknown>) =>
  request.actor?.role === 'agency_admin' && request.actor.agencyId ? { ...input, agencyId: request.actor.agencyId } : input;

export async function clientPages(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const showClient = async (request: FastifyRequest, reply: FastifyReply, clientId: string, extra: { state?: FormState; secret?: string | null; status?: number } = {}) => {
    const client = await runAction(deps, request, oidcClientShow, { clientId });
    const state = extra.state ?? emptyForm(formValues(client));
    const ctx = { ...pageContext(request, reply), path: clientHref(client.clientId) };
    return sendPage(reply, <ClientPage ctx={ctx} client={client} state={state} agencies={await agencyChoices(deps, request)} secret={extra.secret} />, extra.status);
  };

  app.get(LIST, async (request, reply) => {
    const clients = await runAction(deps, request, oidcClientList, {});
    return sendPage(reply, <ListPage ctx={pageContext(request, reply)} clients={clients} />);
  });

  app.get(`${LIST}/new`, async (request, reply) => {
    // The same refusal as the list's, before a form is shown to someone who cannot send it.
    await runAction(deps, request, oidcClientList, {});
    const state = emptyForm({ scopes: ['openid'], minAcr: 'urn:opengov:loa:1', authMethod: 'client_secret_basic', idTokenAlg: 'ES256' });
    return sendPage(reply, <NewClientPage ctx={pageContext(request, reply)} state={state} agencies={await agencyChoices(deps, request)} />);
  });

  app.post(LIST, { config: { runs: [oidcClientCreate] } }, async (request, reply) => {
    let values: Record<string, unknown> = {};
    try {
      const form = fromForm(request.body);
      values = form.values;
      const { client, clientSecret } = await runAction(deps, request, oidcClientCreate, forAgencyAdmin(request, form.input));
      if (!clientSecret) return redirectWithFlash(reply, clientHref(client.clientId), { kind: 'success', message: 'identity.flash.registered' });
      return showClient(request, reply, client.clientId, { secret: clientSecret, status: 201 });
    } catch (error) {
      const failed = formState((error as { values?: Record<string, unknown> }).values ?? values, error);
      const ctx = { ...pageContext(request, reply), path: `${LIST}/new` };
      return sendPage(reply, <NewClientPage ctx={ctx} state={failed.state} agencies={await agencyChoices(deps, request)} />, failed.status);
    }
  });

  app.get(`${LIST}/:clientId`, { schema: { hide: true, params: Params } }, async (request, reply) => showClient(request, reply, request.params.clientId));

  app.post(`${LIST}/:clientId`, { schema: { hide: true, params: Params }, config: { runs: [oidcClientUpdate] } }, async (request, reply) => {
    let values: Record<string, unknown> = {};
    try {
      const form = fromForm(request.body);
      values = form.values;
      const { client, clientSecret } = await runAction(deps, request, oidcClientUpdate, { clientId: request.params.clientId, changes: forAgencyAdmin(request, form.input) });
      if (!clientSecret) return redirectWithFlash(reply, clientHref(client.clientId), { kind: 'success', message: 'identity.flash.saved' });
      return showClient(request, reply, client.clientId, { secret: clientSecret });
    } catch (error) {
      const failed = formState((error as { values?: Record<string, unknown> }).values ?? values, error);
      return showClient(request, reply, request.params.clientId, { state: failed.state, status: failed.status });
    }
  });

  app.post(`${LIST}/:clientId/secret`, { schema: { hide: true, params: Params }, config: { runs: [oidcClientSecretRotate] } }, async (request, reply) => {
    const { clientId, clientSecret } = await runAction(deps, request, oidcClientSecretRotate, { clientId: request.params.clientId });
    return showClient(request, reply, clientId, { secret: clientSecret });
  });

  app.post(`${LIST}/:clientId/disabled`, { schema: { hide: true, params: Params }, config: { runs: [oidcClientSetDisabled] } }, async (request, reply) => {
    const disabled = (request.body as Record<string, unknown> | undefined)?.disabled === 'yes';
    const client = await runAction(deps, request, oidcClientSetDisabled, { clientId: request.params.clientId, disabled });
    return redirectWithFlash(reply, clientHref(client.clientId), { kind: 'success', message: disabled ? 'identity.flash.disabled' : 'identity.flash.enabled' });
  });
}
