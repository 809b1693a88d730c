// Pure rules of the identity module: assurance from sign-in methods, claims by scope, and the
// metadata the provider sees for a registered relying party.
import { clientSecret } from './keys.js';
import { acrValues, type Acr } from '../../core/assurance.js';
import { scopeClaims, type OidcClient, type ReleasableClaim, type Scope } from './schemas.js';

// The level of a sign-in is the platform's one rule (core/assurance.ts), shared with every action's check.
export { acrFor } from '../../core/assurance.js';

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

/** What an authorization request needs: the lowest acceptable level, and the essential values asked for, if any. */
export type AcrRequest = { ok: true; minimum: Acr; essential: Acr[] | null } | { ok: false; unknown: string };

const lowest = (values: Acr[]): Acr => values.reduce((low, v) => (acrRank(v) < acrRank(low) ? v : low));

/**
 * The level a request needs (OpenID Connect Core 5.5.1.1, 3.1.2.1): the RP's registered minimum,
 * raised by `acr_values` (any value listed is acceptable, so the lowest) and by an essential `acr`
 * claim in the claims parameter (its value, or the lowest of its values). A value this provider does
 * not know is refused rather than ignored, so an RP never believes it asked for something it got.
 */
export function requestedAcr(params: { acr_values?: unknown; claims?: unknown }, minimum: string): AcrRequest {
  let needed: Acr = (acrValues as readonly string[]).includes(minimum) ? (minimum as Acr) : acrValues[0];
  const known = (values: string[]): Acr[] | string => values.find((v) => !(acrValues as readonly string[]).includes(v)) ?? (values as Acr[]);
  if (typeof params.acr_values === 'string' && params.acr_values.trim() !== '') {
    const listed = known(params.acr_values.trim().split(/\s+/));
    if (typeof listed === 'string') return { ok: false, unknown: listed };
    if (acrRank(lowest(listed)) > acrRank(needed)) needed = lowest(listed);
  }
  let essential: Acr[] | null = null;
  const claims = typeof params.claims === 'string' ? safeJson(params.claims) : params.claims;
  const acrClaim = (claims as { id_token?: { acr?: { essential?: boolean; value?: unknown; values?: unknown } } } | undefined)?.id_token?.acr;
  if (acrClaim && typeof acrClaim === 'object') {
    const raw = [acrClaim.value, ...(Array.isArray(acrClaim.values) ? acrClaim.values : [])].filter((v): v is string => typeof v === 'string');
    const listed = known(raw);
    if (typeof listed === 'string') return { ok: false, unknown: listed };
    if (acrClaim.essential && listed.length > 0) {
      essential = listed;
      if (acrRank(lowest(listed)) > acrRank(needed)) needed = lowest(listed);
    }
  }
  return { ok: true, minimum: needed, essential };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The acr to state for a session at `reached`: itself, unless the RP made acr essential with given
 * values (the provider then wants one of them exactly): the highest of those the session reaches.
 */
export function statedAcr(reached: Acr, essential: Acr[] | null): Acr {
  if (!essential) return reached;
  const met = essential.filter((v) => acrRank(v) <= acrRank(reached));
  return met.length === 0 ? reached : met.reduce((high, v) => (acrRank(v) > acrRank(high) ? v : high));
}
