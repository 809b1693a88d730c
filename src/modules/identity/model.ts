// Pure rules of the identity module: assurance from sign-in methods, claims by scope, and the
// metadata the provider sees for a registered relying party.
import { FEDERATED_AMR } from './federation-rules.js';
import { clientSecret } from './keys.js';
import { acrValues, scopeClaims, type Acr, type OidcClient, type ReleasableClaim, type Scope } from './schemas.js';

export interface SignInFacts {
  /** RFC 8176 amr values of the platform session. */
  methods: readonly string[];
  emailVerified: boolean;
  mobileVerified: boolean;
  /** The level an outside authority vouched for (a federated sign-in), if any. */
  assertedAcr?: string | null;
}

/**
 * The level a sign-in reaches (trust.md, section 1): two different methods, or a user-verified
 * passkey on an account with verified e-mail and mobile, give level 2; one method gives level 1.
 * A citizen digital certificate (amr `sc`) gives level 3.
 */
export function acrFor(signIn: SignInFacts): Acr {
  const asserted = signIn.assertedAcr && acrValues.includes(signIn.assertedAcr as Acr) ? (signIn.assertedAcr as Acr) : undefined;
  // A federated sign-in is worth what the provider vouched for, as the operator counts it: the
  // provider's amr values (kept after `fed`) describe its sign-in, not factors shown here.
  if (signIn.methods.includes(FEDERATED_AMR)) return asserted ?? 'urn:opengov:loa:1';
  const fromMethods = acrOfMethods(signIn);
  return asserted && acrRank(asserted) > acrRank(fromMethods) ? asserted : fromMethods;
}

function acrOfMethods(signIn: SignInFacts): Acr {
  const methods = new Set(signIn.methods);
  if (methods.has('sc')) return 'urn:opengov:loa:3';
  const factors = ['pwd', 'otp', 'sms', 'hwk'].filter((m) => methods.has(m)).length;
  if (factors >= 2) return 'urn:opengov:loa:2';
  if (methods.has('hwk') && methods.has('user') && signIn.emailVerified && signIn.mobileVerified) return 'urn:opengov:loa:2';
  return 'urn:opengov:loa:1';
}

export const acrRank = (acr: string): number => acrValues.indexOf(acr as Acr) + 1;

/** Whether a sign-in at `acr` satisfies a relying party that requires `minimum`. */
export const meetsAcr = (acr: string, minimum: string): boolean => acrRank(acr) >= acrRank(minimum);

/** The claims a relying party receives for `granted` scopes, within what it is allowed. */
export function releasedClaims(granted: Iterable<string>, allowed: readonly ReleasableClaim[]): Set<string> {
  const out = new Set<string>(['sub']);
  for (const scope of granted) {
    for (const claim of scopeClaims[scope as Scope] ?? []) if (claim === 'sub' || allowed.includes(claim as ReleasableClaim)) out.add(claim);
  }
  return out;
}

/** The registered relying party as oidc-provider client metadata. */
export function clientMetadata(client: OidcClient, secret: string, secretSalt: string | null): Record<string, unknown> {
  const offline = client.scopes.includes('offline_access');
  return {
    client_id: client.clientId,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: offline ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    scope: client.scopes.join(' '),
    token_endpoint_auth_method: client.authMethod,
    ...(client.authMethod === 'client_secret_basic' && secretSalt && { client_secret: clientSecret(secret, client.clientId, secretSalt) }),
    ...(client.authMethod === 'private_key_jwt' && client.jwks && { jwks: client.jwks }),
    subject_type: client.publicSubject ? 'public' : 'pairwise',
    id_token_signed_response_alg: client.idTokenAlg,
    default_acr_values: [client.minAcr],
    opengov_sector: client.sector,
    opengov_claims: client.claims,
    opengov_min_acr: client.minAcr,
  };
}
