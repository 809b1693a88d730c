// The relying-party registry: platform admins, and agency admins for their agency, register the
// systems that sign people in through the platform, rotate their secrets and disable them.
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { requirement } from '../../../core/access.js';
import { fieldError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { agencyRefById } from '../../agencies/manifest.js';
import { clientSecret } from '../keys.js';
import { releasedClaims } from '../model.js';
import { clientListScope, mayManageClient, mayRegisterClient } from '../policy.js';
import { findClient, listClients, type StoredClient } from '../queries.js';
import { OidcClientInput, releasableClaims, type OidcClient } from '../schemas.js';
import { identityDb } from '../tables.js';

/** Platform admins, and agency admins who belong to an agency. */
export const clientAdmin = requirement(
  'role: platform_admin, or agency_admin with an agency',
  (actor) => actor !== null && (actor.role === 'platform_admin' || (actor.role === 'agency_admin' && actor.agencyId !== null)),
);

const isLoopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

function checkRedirectUris(field: string, uris: readonly string[]): void {
  for (const [i, raw] of uris.entries()) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw fieldError(field, 'identity.redirect_uri_invalid', { index: i + 1 });
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    if (!secure || url.hash || url.username || url.password) throw fieldError(field, 'identity.redirect_uri_invalid', { index: i + 1 });
  }
}

/** Checks what the schema cannot; returns the stored shape of the client's settings. */
function settingsRow(ctx: ActionContext, input: OidcClientInput) {
  if (!input.scopes.includes('openid')) throw fieldError('scopes', 'identity.scopes_need_openid');
  const possible = releasedClaims(input.scopes, releasableClaims);
  for (const claim of input.claims) if (!possible.has(claim)) throw fieldError('claims', 'identity.claim_outside_scopes', { claim });
  if (input.authMethod === 'private_key_jwt' && !input.jwks) throw fieldError('jwks', 'identity.jwks_required');
  checkRedirectUris('redirectUris', input.redirectUris);
  checkRedirectUris('postLogoutRedirectUris', input.postLogoutRedirectUris ?? []);
  return {
    name: input.name,
    agency_id: input.agencyId ?? null,
    redirect_uris: JSON.stringify(input.redirectUris),
    post_logout_redirect_uris: JSON.stringify(input.postLogoutRedirectUris ?? []),
    scopes: input.scopes.join(' '),
    claims: input.claims.join(' '),
    sector: input.sector,
    public_subject: input.publicSubject ? 1 : 0,
    min_acr: input.minAcr ?? 'urn:opengov:loa:1',
    auth_method: input.authMethod,
    jwks: input.authMethod === 'private_key_jwt' && input.jwks ? JSON.stringify(input.jwks) : null,
    id_token_alg: input.idTokenAlg ?? 'ES256',
    updated_at: ctx.clock.now().toISOString(),
  };
}

async function checkAgency(ctx: ActionContext, agencyId: string | undefined): Promise<void> {
  if (agencyId !== undefined && !(await agencyRefById(ctx.db, agencyId))) throw fieldError('agencyId', 'identity.unknown_agency');
}

/** A new secret for a client_secret_basic client (returned once, never stored). */
function newSecret(ctx: ActionContext, clientId: string) {
  const salt = randomBytes(16).toString('base64url');
  return { salt, secret: clientSecret(ctx.config.secret, clientId, salt) };
}

const publicView = ({ secretSalt: _salt, ...client }: StoredClient): OidcClient => client;

async function loadClient(ctx: ActionContext, clientId: string): Promise<StoredClient> {
  const client = await findClient(identityDb(ctx.db), clientId);
  if (!client) throw notFound();
  return client;
}

export const oidcClientList = defineAction({
  name: 'oidc_client_list',
  description: 'Relying parties the caller manages: all for platform admins, their agency’s for agency admins.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: clientAdmin,
  run: (ctx) => listClients(identityDb(ctx.db), clientListScope(ctx.actor!)),
});

export const oidcClientShow = defineAction({
  name: 'oidc_client_show',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }) }),
  sideEffectFree: true,
  caller: clientAdmin,
  load: (ctx, input) => loadClient(ctx, input.clientId),
  policy: (ctx, _input, client) => mayManageClient(ctx.actor, client),
  run: async (_ctx, _input, client) => publicView(client),
});

export const oidcClientCreate = defineAction({
  name: 'oidc_client_create',
  description: 'Registers a relying party. A client_secret_basic client’s secret is in the answer, and only there.',
  input: OidcClientInput,
  caller: clientAdmin,
  policy: (ctx, input) => mayRegisterClient(ctx.actor, { agencyId: input.agencyId ?? null, publicSubject: input.publicSubject ?? false }),
  async run(ctx, input) {
    const row = settingsRow(ctx, input);
    await checkAgency(ctx, input.agencyId);
    const clientId = newId();
    const secret = input.authMethod === 'client_secret_basic' ? newSecret(ctx, clientId) : null;
    const now = ctx.clock.now().toISOString();
    await identityDb(ctx.db)
      .insertInto('identity_clients')
      .values({ id: clientId, ...row, secret_salt: secret?.salt ?? null, secret_rotated_at: secret ? now : null, disabled_at: null, created_at: now })
      .execute();
    await ctx.audit({ action: 'oidc_client_create', subjectType: 'oidc_client', subjectId: clientId, data: { ...auditedSettings(input) } });
    const client = publicView((await findClient(identityDb(ctx.db), clientId))!);
    return { client, clientSecret: secret?.secret ?? null };
  },
});

const auditedSettings = (input: OidcClientInput) => ({
  name: input.name,
  agencyId: input.agencyId ?? null,
  redirectUris: input.redirectUris,
  postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
  scopes: input.scopes,
  claims: input.claims,
  sector: input.sector,
  publicSubject: input.publicSubject ?? false,
  minAcr: input.minAcr ?? 'urn:opengov:loa:1',
  authMethod: input.authMethod,
});

export const oidcClientUpdate = defineAction({
  name: 'oidc_client_update',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }), changes: OidcClientInput }, { additionalProperties: false }),
  caller: clientAdmin,
  load: (ctx, input) => loadClient(ctx, input.clientId),
  policy: (ctx, input, client) =>
    mayManageClient(ctx.actor, client) && mayRegisterClient(ctx.actor, { agencyId: input.changes.agencyId ?? null, publicSubject: input.changes.publicSubject ?? false }),
  async run(ctx, input, client) {
    const row = settingsRow(ctx, input.changes);
    await checkAgency(ctx, input.changes.agencyId);
    // A client that changes to secrets gets one now; one that leaves them forgets its salt.
    const secret = input.changes.authMethod === 'client_secret_basic' && !client.secretSalt ? newSecret(ctx, client.clientId) : null;
    await identityDb(ctx.db)
      .updateTable('identity_clients')
      .set({
        ...row,
        ...(secret && { secret_salt: secret.salt, secret_rotated_at: row.updated_at }),
        ...(input.changes.authMethod !== 'client_secret_basic' && { secret_salt: null }),
      })
      .where('id', '=', client.clientId)
      .execute();
    await ctx.audit({ action: 'oidc_client_update', subjectType: 'oidc_client', subjectId: client.clientId, data: auditedSettings(input.changes) });
    return { client: publicView((await findClient(identityDb(ctx.db), client.clientId))!), clientSecret: secret?.secret ?? null };
  },
});

export const oidcClientSecretRotate = defineAction({
  name: 'oidc_client_secret_rotate',
  description: 'Replaces a client_secret_basic client’s secret; the old one stops working at once. The new one is shown only here.',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }) }),
  caller: clientAdmin,
  load: (ctx, input) => loadClient(ctx, input.clientId),
  policy: (ctx, _input, client) => mayManageClient(ctx.actor, client),
  async run(ctx, _input, client) {
    if (client.authMethod !== 'client_secret_basic') throw fieldError('clientId', 'identity.no_secret_to_rotate');
    const secret = newSecret(ctx, client.clientId);
    const now = ctx.clock.now().toISOString();
    await identityDb(ctx.db).updateTable('identity_clients').set({ secret_salt: secret.salt, secret_rotated_at: now, updated_at: now }).where('id', '=', client.clientId).execute();
    await ctx.audit({ action: 'oidc_client_secret_rotate', subjectType: 'oidc_client', subjectId: client.clientId });
    return { clientId: client.clientId, clientSecret: secret.secret };
  },
});

export const oidcClientSetDisabled = defineAction({
  name: 'oidc_client_set_disabled',
  description: 'Disables a relying party (sign-ins and token requests are refused at once) or enables it again.',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }), disabled: Type.Boolean() }),
  caller: clientAdmin,
  load: (ctx, input) => loadClient(ctx, input.clientId),
  policy: (ctx, _input, client) => mayManageClient(ctx.actor, client),
  async run(ctx, input, client) {
    const now = ctx.clock.now().toISOString();
    await identityDb(ctx.db)
      .updateTable('identity_clients')
      .set({ disabled_at: input.disabled ? (client.disabledAt ?? now) : null, updated_at: now })
      .where('id', '=', client.clientId)
      .execute();
    await ctx.audit({ action: input.disabled ? 'oidc_client_disable' : 'oidc_client_enable', subjectType: 'oidc_client', subjectId: client.clientId });
    return publicView((await findClient(identityDb(ctx.db), client.clientId))!);
  },
});

export const clientActions = [oidcClientList, oidcClientShow, oidcClientCreate, oidcClientUpdate, oidcClientSecretRotate, oidcClientSetDisabled];
