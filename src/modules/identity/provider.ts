// Builds the OpenID Connect provider (panva's oidc-provider) from the platform's services: storage
// in the database (adapter.ts), signing keys from the database (keys.ts), relying parties from the
// registry, people and their claims from the accounts module. One provider per process, rebuilt when
// the keys rotate (the `identity.provider` cache is invalidated in every process).
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../../core/action.js';
import { participantFacts } from '../accounts/manifest.js';
import { recordsAdapter } from './adapter.js';
import { cookieKeys, ensureSigningKeys, pairwiseSubject, providerKeys } from './keys.js';
import { CLOCK_TOLERANCE_S, checkClientAssertion, checkRequestObject, requestObjectAlgs } from './jwt-limits.js';
import { releasedClaims } from './model.js';
import { personClaims } from './person-claims.js';
import { acrValues, scopes, type ReleasableClaim } from './schemas.js';
import { acrInteractionPolicy } from './acr-policy.js';
import { identityDb } from './tables.js';

/** Where the provider's endpoints live; discovery is at the issuer's /.well-known/openid-configuration. */
export const OIDC_PREFIX = '/oidc';
export const interactionPath = (uid: string) => `${OIDC_PREFIX}/interaction/${uid}`;

export interface ProviderPages {
  renderError: NonNullable<Configuration['renderError']>;
  logoutSource: (ctx: KoaContextWithOIDC, form: string) => Promise<void>;
  postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => Promise<void>;
}

const ID_TOKEN_TTL_S = 3600;

async function consentedGrantId(services: Services, userId: string, clientId: string): Promise<string | undefined> {
  const row = await identityDb(services.db).selectFrom('identity_consents').select('grant_id').where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
  return row?.grant_id;
}

export async function buildProvider(services: Services, pages: ProviderPages): Promise<Provider> {
  const { config, clock, db } = services;
  await ensureSigningKeys(db, config.secret, clock.now());
  const keys = await providerKeys(db, config.secret, clock.now());

  const configuration: Configuration = {
    adapter: recordsAdapter({ db, clock, secret: config.secret }),
    jwks: { keys: keys as never },
    cookies: { keys: cookieKeys(config.secret) },
    scopes,
    acrValues: [...acrValues],
    claims: {
      // amr goes in every ID token (the provider releases only claims a scope names).
      openid: ['sub', 'amr'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
      nationality: ['nationality_verified', 'residence_verified'],
      national_id: ['national_id'],
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
    },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => pairwiseSubject(config.secret, String(client['opengov_sector']), accountId),
    extraClientMetadata: { properties: ['opengov_sector', 'opengov_claims', 'opengov_min_acr'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt'],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      userinfoSigningAlgValues: ['ES256', 'RS256'],
      clientAuthSigningAlgValues: ['ES256', 'RS256', 'PS256', 'EdDSA'],
      requestObjectSigningAlgValues: requestObjectAlgs,
    },
    // Relying parties' JWTs (jwt-limits.ts): the clock tolerance, and limits beyond the library's checks.
    clockTolerance: CLOCK_TOLERANCE_S,
    assertJwtClientAuthClaimsAndHeader: checkClientAssertion,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      // For an essential acr claim (OpenID Connect Core 5.5.1.1); claims still come only from granted scopes.
      claimsParameter: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      requestObjects: { enabled: true, requireSignedRequestObject: false, assertJwtClaimsAndHeader: checkRequestObject },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: pages.logoutSource, postLogoutSuccessSource: pages.postLogoutSuccessSource },
    },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/userinfo`,
      jwks: `${OIDC_PREFIX}/jwks`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      end_session: `${OIDC_PREFIX}/session/end`,
      registration: `${OIDC_PREFIX}/reg`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      code_verification: `${OIDC_PREFIX}/device`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      challenge: `${OIDC_PREFIX}/challenge`,
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy: acrInteractionPolicy() },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: ID_TOKEN_TTL_S,
      RefreshToken: 14 * 86400,
      Interaction: 3600,
      Session: 14 * 86400,
      Grant: 365 * 86400,
    },
    // Consent is remembered per relying party (identity_consents), not per provider session, and
    // only the account page withdraws it: revoking one token never forgets the consent.
    loadExistingGrant: async (ctx) => {
      const { session, client } = ctx.oidc;
      const fromSession = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
      const grantId = fromSession ?? (session?.accountId ? await consentedGrantId(services, session.accountId, client!.clientId) : undefined);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    revokeGrantPolicy: () => false,
    findAccount: async (ctx, sub) => {
      const facts = await participantFacts(db, sub);
      if (!facts) return undefined;
      const allowed = (ctx.oidc.client?.['opengov_claims'] as ReleasableClaim[] | undefined) ?? [];
      return {
        accountId: sub,
        claims: async (_use, scope) => {
          const released = releasedClaims(scope.split(' '), allowed);
          const all: Record<string, unknown> = {
            sub,
            name: facts.name ?? undefined,
            email: facts.email,
            email_verified: facts.emailVerified,
            phone_number: facts.mobile ?? undefined,
            phone_number_verified: facts.mobile ? facts.mobileVerified : undefined,
            ...(['nationality_verified', 'residence_verified', 'national_id'].some((c) => released.has(c)) && (await personClaims(db, config.secret, sub))),
          };
          return Object.fromEntries(Object.entries(all).filter(([claim, value]) => released.has(claim) && value !== undefined)) as { sub: string };
        },
      };
    },
    renderError: pages.renderError,
  };

  const provider = new Provider(config.baseUrl, configuration);
  provider.proxy = config.trustProxy;
  return provider;
}
