// Pure rules of signing in through the external provider (the mobile citizen certificate): what its
// acr counts as here, which of its amr values a session keeps, and what a national id tells.
import type { FederationConfig } from '../../core/config.js';
import { acrValues, type Acr } from './schemas.js';

/** Why a federated sign-in did not finish; each has its own page (identity.federation.failure.*). */
export const federationFailures = [
  'unavailable', // discovery, JWKS or token endpoint unreachable, timed out or answered nonsense
  'state_mismatch', // no started sign-in in this browser, or a different one
  'replayed', // the started sign-in was already finished or has expired
  'cancelled', // the person (or the provider) declined at the provider
  'rejected', // the provider refused the code (invalid_grant and the like)
  'bad_token', // signature, issuer, audience, nonce, expiry or a malformed ID token
  'level_too_low', // the provider's acr counts below what is needed here
  'no_national_id', // the provider released no usable national id
  'bound_elsewhere', // the person is bound to another account
  'account_has_other_person', // the signed-in account is bound to a different person
  'not_signed_in', // first use with no account signed in: explained, nothing bound
] as const;
export type FederationFailure = (typeof federationFailures)[number];

export class FederationError extends Error {
  constructor(
    readonly failure: FederationFailure,
    detail?: string,
  ) {
    super(detail ? `${failure}: ${detail}` : failure);
    this.name = 'FederationError';
  }
}

/** The platform level the provider's acr counts as; 0 when the operator did not list it. */
export function levelOfAcr(acr: unknown, levels: FederationConfig['acrLevels']): 0 | 1 | 2 | 3 {
  return typeof acr === 'string' && Object.hasOwn(levels, acr) ? levels[acr]! : 0;
}

export const acrOfLevel = (level: 1 | 2 | 3): Acr => acrValues[level - 1]!;

/** The acr values to ask the provider for: those counting at least `minLevel`, best first. */
export function requestedAcrValues(levels: FederationConfig['acrLevels'], minLevel: number): string[] {
  return Object.entries(levels)
    .filter(([, level]) => level >= minLevel)
    .sort((a, b) => b[1] - a[1])
    .map(([acr]) => acr);
}

// RFC 8176 / the IANA registry: the provider's other values are not kept.
const registeredAmr = new Set(['face', 'fpt', 'geo', 'hwk', 'iris', 'kba', 'mca', 'mfa', 'otp', 'pin', 'pop', 'pwd', 'rba', 'retina', 'sc', 'sms', 'swk', 'tel', 'user', 'vbm', 'wia']);

/** `fed` marks the federated sign-in; the provider's registered amr values follow it. */
export { FEDERATED_AMR } from '../../core/assurance.js';
import { FEDERATED_AMR } from '../../core/assurance.js';
export function sessionMethods(providerAmr: unknown): string {
  const kept = Array.isArray(providerAmr) ? providerAmr.filter((m): m is string => typeof m === 'string' && registeredAmr.has(m)) : [];
  return [FEDERATED_AMR, ...new Set(kept)].join(' ');
}

const letterValues = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';

/**
 * A Taiwan national identification number (A123456789) or resident certificate number (new form
 * A800000014, old form AB12345678), upper-cased, with its check digit verified; otherwise null.
 */
export function normalizedNationalId(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const id = raw.trim().toUpperCase();
  if (!/^[A-Z][A-D0-9]\d{8}$/.test(id)) return null;
  const first = letterValues.indexOf(id[0]!) + 10;
  const second = /\d/.test(id[1]!) ? Number(id[1]) : (letterValues.indexOf(id[1]!) + 10) % 10;
  if (/\d/.test(id[1]!) && !['1', '2', '8', '9'].includes(id[1]!)) return null;
  const digits = [Math.floor(first / 10), first % 10, second, ...id.slice(2).split('').map(Number)];
  const weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];
  const sum = digits.reduce((total, d, i) => total + d * weights[i]!, 0);
  return sum % 10 === 0 ? id : null;
}

/** What the number itself says: national (second digit 1 or 2) or a resident certificate. */
export function nationalityOfId(id: string): 'roc' | 'residence_permit' {
  return id[1] === '1' || id[1] === '2' ? 'roc' : 'residence_permit';
}

/** The provider's nationality claim when it states one we know, else what the id says. */
export function verifiedNationality(claim: unknown, id: string): 'roc' | 'residence_permit' {
  return claim === 'roc' || claim === 'residence_permit' ? claim : nationalityOfId(id);
}
