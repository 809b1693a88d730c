import type { OidcClient } from './schemas.js';
import type { IdentityClientsTable, IdentityDb } from './tables.js';

export function toClient(row: IdentityClientsTable): OidcClient {
  return {
    clientId: row.id,
    name: row.name,
    agencyId: row.agency_id,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    scopes: row.scopes.split(' ').filter(Boolean) as OidcClient['scopes'],
    claims: row.claims.split(' ').filter(Boolean) as OidcClient['claims'],
    sector: row.sector,
    publicSubject: row.public_subject === 1,
    minAcr: row.min_acr as OidcClient['minAcr'],
    authMethod: row.auth_method,
    jwks: row.jwks ? (JSON.parse(row.jwks) as OidcClient['jwks']) : null,
    idTokenAlg: row.id_token_alg,
    secretRotatedAt: row.secret_rotated_at,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface StoredClient extends OidcClient {
  secretSalt: string | null;
}

export async function findClient(db: IdentityDb, clientId: string): Promise<StoredClient | undefined> {
  const row = await db.selectFrom('identity_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  return row && { ...toClient(row), secretSalt: row.secret_salt };
}

export async function listClients(db: IdentityDb, agencyId: string | null): Promise<OidcClient[]> {
  let query = db.selectFrom('identity_clients').selectAll().orderBy('name').orderBy('id');
  if (agencyId !== null) query = query.where('agency_id', '=', agencyId);
  return (await query.execute()).map(toClient);
}

export async function consentsOf(db: IdentityDb, userId: string) {
  return db
    .selectFrom('identity_consents')
    .innerJoin('identity_clients', 'identity_clients.id', 'identity_consents.client_id')
    .select(['identity_consents.client_id', 'identity_clients.name', 'identity_consents.scopes', 'identity_consents.granted_at', 'identity_consents.grant_id'])
    .where('identity_consents.user_id', '=', userId)
    .orderBy('identity_consents.granted_at', 'desc')
    .execute();
}
