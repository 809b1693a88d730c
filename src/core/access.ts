// Who may call an action at all: a fact about the caller alone (signed in, role, verified contact,
// how they authenticated). The registry and the HTTP layer check it before a request body is read,
// so a refused caller costs no parsing, no validation and no storage. Rules about the thing acted
// on (this dataset's agency, this proposal's author) belong in the module's policy.ts and run after
// the subject is loaded.
import type { Actor, Role } from './actor.js';

export interface CallerRequirement {
  /** Stable words for documentation and permission tests ("anyone", "role: platform_admin"). */
  readonly description: string;
  allows(actor: Actor | null): boolean;
}

export function requirement(description: string, allows: (actor: Actor | null) => boolean): CallerRequirement {
  return { description, allows };
}

export const anyone = requirement('anyone', () => true);
export const signedIn = requirement('signed in', (actor) => actor !== null);
/** Signed in through a browser session, not an API token (passkeys, account security). */
export const signedInBySession = requirement('signed in by session', (actor) => actor !== null && actor.via !== 'token');
export const verifiedEmail = requirement('signed in, e-mail verified', (actor) => actor !== null && actor.emailVerified);
/** The CLI and background jobs only. */
export const systemOnly = requirement('system', (actor) => actor?.via === 'system' || actor?.via === 'cli');

export function withRole(...roles: Role[]): CallerRequirement {
  return requirement(`role: ${roles.join(' or ')}`, (actor) => actor !== null && roles.includes(actor.role));
}

/** Agency staff or admins who belong to an agency. */
export const agencyMember = requirement('role: agency_staff or agency_admin, with an agency', (actor) => actor !== null && (actor.role === 'agency_staff' || actor.role === 'agency_admin') && actor.agencyId !== null);
export const platformAdmin = withRole('platform_admin');
export const moderator = withRole('platform_moderator', 'platform_admin');

export function anyOf(...requirements: CallerRequirement[]): CallerRequirement {
  return requirement(requirements.map((r) => r.description).join(' | '), (actor) => requirements.some((r) => r.allows(actor)));
}
