// The platform as an OpenID Connect relying party of the external provider (the mobile citizen
// certificate), on panva's certified openid-client: discovery, PKCE S256, state and nonce, and the
// ID token checked for issuer, audience, signature (the provider's JWKS), expiry and nonce. Every
// request to the provider is bounded by FEDERATION_TIMEOUT_MS; the issuer is operator config.
import { importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import type { Services } from '../../core/action.js';
import type { FederationConfig } from '../../core/config.js';
import { FederationError, requestedAcrValues } from './federation-rules.js';

/** The path the provider returns people to (registered with it as the redirect URI). */
export const FEDERATION_CALLBACK_PATH = '/signin/mobile-id/callback';
export const federationRedirectUri = (services: Pick<Services, 'config'>) => `${services.config.baseUrl}${FEDERATION_CALLBACK_PATH}`;

/** What the relying party learned from the provider, every part verified. */
export interface FederatedIdentity {
  issuer: string;
  subject: string;
  acr: string | null;
  amr: unknown;
  /** Claims of the ID token and userinfo together (userinfo's subject checked against the token's). */
  claims: Record<string, unknown>;
}

/** One started sign-in: the secrets the callback must match. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const configurations = new WeakMap<Services, Promise<oidc.Configuration>>();

async function clientAuth(federation: FederationConfig): Promise<oidc.ClientAuth> {
  if (federation.clientSecret) return oidc.ClientSecretBasic(federation.clientSecret);
  const key = await importPKCS8(federation.privateKeyPem!, federation.keyAlg);
  return oidc.PrivateKeyJwt({ key, ...(federation.keyId && { kid: federation.keyId }) });
}

const isLoopback = (issuer: string) => new URL(issuer).protocol === 'http:';

/**
 * The provider's configuration, discovered once per process and kept; a failed discovery is not
 * kept, so the next sign-in tries again.
 */
export function relyingParty(services: Services): Promise<oidc.Configuration> {
  const federation = services.config.federation;
  if (!federation) return Promise.reject(new Error('no external provider configured'));
  let found = configurations.get(services);
  if (!found) {
    found = (async () => {
      const timeout = federation.timeoutMs / 1000;
      const configuration = await oidc.discovery(
        new URL(federation.issuer),
        federation.clientId,
        { redirect_uris: [federationRedirectUri(services)] },
        await clientAuth(federation),
        // Non-repudiation: the ID token's signature is checked against the provider's JWKS even
        // though it came straight from the token endpoint (openid-client skips that by default).
        { timeout, execute: [oidc.enableNonRepudiationChecks, ...(isLoopback(federation.issuer) ? [oidc.allowInsecureRequests] : [])] },
      );
      configuration.timeout = timeout;
      return configuration;
    })();
    configurations.set(services, found);
    found.catch(() => configurations.delete(services));
  }
  return found.catch((error: unknown) => {
    throw new FederationError('unavailable', describe(error));
  });
}

/** Fresh secrets for one sign-in. */
export async function newPendingSignIn(): Promise<PendingSignIn> {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

/** Where to send the person: the provider's authorization endpoint with PKCE S256, state, nonce and the wanted acr. */
export async function authorizationUrl(services: Services, pending: PendingSignIn, locale: string): Promise<URL> {
  const federation = services.config.federation!;
  const configuration = await relyingParty(services);
  const acrValues = requestedAcrValues(federation.acrLevels, federation.minLevel);
  return oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: federationRedirectUri(services),
    scope: federation.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    ui_locales: locale,
    ...(acrValues.length > 0 && { acr_values: acrValues.join(' ') }),
  });
}

const unreachable = new Set(['OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_INVALID_SERVER_METADATA', 'OAUTH_MISSING_SERVER_METADATA']);

/** A network failure, a timeout or an answer that is not the protocol (on the error or its causes). */
function isUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, name, cause } = error as { code?: string; name?: string; cause?: unknown };
  if (error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError' || (code && unreachable.has(code))) return true;
  return isUnreachable(cause, depth + 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}${(error as { code?: string }).code ? ` (${(error as { code?: string }).code})` : ''}` : String(error);
}

/** Sorts what openid-client threw into the failures a person is told about. */
function failureOf(error: unknown): FederationError {
  if (error instanceof FederationError) return error;
  if (error instanceof oidc.ResponseBodyError) return new FederationError('rejected', describe(error));
  if (error instanceof oidc.AuthorizationResponseError) return new FederationError(error.error === 'access_denied' ? 'cancelled' : 'rejected', describe(error));
  if (isUnreachable(error)) return new FederationError('unavailable', describe(error));
  return new FederationError('bad_token', describe(error));
}

/**
 * Finishes the sign-in at the provider: exchanges the code (PKCE), verifies the ID token (issuer,
 * audience, signature, expiry, nonce) and reads userinfo for the claims the scopes give.
 */
export async function verifiedIdentity(services: Services, callback: URL, pending: PendingSignIn): Promise<FederatedIdentity> {
  const configuration = await relyingParty(services);
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    return {
      issuer: idToken.iss,
      subject: idToken.sub,
      acr: typeof idToken.acr === 'string' ? idToken.acr : null,
      amr: idToken.amr,
      claims: { ...userinfo, ...idToken },
    };
  } catch (error) {
    throw failureOf(error);
  }
}
