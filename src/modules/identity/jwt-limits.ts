// What the provider accepts in the JWTs relying parties send it, beyond oidc-provider's own checks
// (signature, algorithm, issuer, audience, exp/nbf with the clock tolerance, one use of a client
// assertion's jti): a client assertion must expire soon and not claim to be issued in the future,
// and a request object must carry an expiry within the hour and stay under a size limit.
import { errors, type KoaContextWithOIDC } from 'oidc-provider';

/** How far a relying party's clock may be from ours (seconds), for exp, nbf and iat. */
export const CLOCK_TOLERANCE_S = 30;
/** A client assertion is made for one request: it may not be valid for longer than this after now. */
export const CLIENT_ASSERTION_MAX_LIFETIME_S = 300;
/** A request object may be prepared ahead, but not kept for reuse beyond this. */
export const REQUEST_OBJECT_MAX_LIFETIME_S = 3600;
/**
 * The longest request object (characters of the compact JWT) the authorization endpoint reads. It
 * comes in the query string (the endpoint takes GET only), which Node caps with the headers at 16 KB.
 */
export const REQUEST_OBJECT_MAX_CHARS = 8 * 1024;

/** Asymmetric algorithms only: a client secret is an HMAC the platform derives, never a signing key for the RP. */
export const requestObjectAlgs: Array<'ES256' | 'RS256' | 'PS256' | 'EdDSA'> = ['ES256', 'RS256', 'PS256', 'EdDSA'];

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Problems with a JWT's timing beyond oidc-provider's checks, or undefined when it is acceptable. */
export function timingProblem(claims: { iat?: unknown; exp?: unknown }, maxLifetimeS: number, now = nowSeconds()): string | undefined {
  if (typeof claims.exp !== 'number') return 'exp (expiry) is required';
  if (claims.exp > now + maxLifetimeS + CLOCK_TOLERANCE_S) return `exp must be at most ${maxLifetimeS} seconds ahead`;
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_TOLERANCE_S)) return 'iat (issued at) is in the future';
  return undefined;
}

export async function checkClientAssertion(_ctx: KoaContextWithOIDC, claims: Record<string, unknown>): Promise<void> {
  const problem = timingProblem(claims, CLIENT_ASSERTION_MAX_LIFETIME_S);
  if (problem) throw new errors.InvalidClientAuth(`client_assertion: ${problem}`);
}

export async function checkRequestObject(ctx: KoaContextWithOIDC, claims: Record<string, unknown>): Promise<void> {
  const request = ctx.oidc.params?.['request'];
  if (typeof request === 'string' && request.length > REQUEST_OBJECT_MAX_CHARS) throw new errors.InvalidRequestObject(`Request Object longer than ${REQUEST_OBJECT_MAX_CHARS} characters`);
  const problem = timingProblem(claims, REQUEST_OBJECT_MAX_LIFETIME_S);
  if (problem) throw new errors.InvalidRequestObject(`Request Object ${problem}`);
}
