// Who may act on which relying party: platform admins on any; agency admins on their own agency's.
// Only a platform admin (the operator) marks an RP as a government system that gets public subjects.
import { isAgencyAdminOf, isPlatformAdmin, type Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import type { OidcClient } from './schemas.js';

/** Policy for acting on an existing client; to anyone else it is NOT_FOUND, so ids cannot be probed. */
export function mayManageClient(actor: Actor | null, client: Pick<OidcClient, 'agencyId'>): true {
  if (isPlatformAdmin(actor)) return true;
  if (client.agencyId !== null && isAgencyAdminOf(actor, client.agencyId)) return true;
  throw new AppError('NOT_FOUND', 'error.not_found');
}

/** Policy for registering or changing a client to belong to `agencyId` with the given subject type. */
export function mayRegisterClient(actor: Actor | null, target: { agencyId: string | null; publicSubject: boolean }): true {
  if (isPlatformAdmin(actor)) return true;
  if (target.publicSubject) throw new AppError('FORBIDDEN', 'identity.public_subject_operator_only');
  if (target.agencyId !== null && isAgencyAdminOf(actor, target.agencyId)) return true;
  throw new AppError('FORBIDDEN', 'error.forbidden');
}

/** Which clients a list shows the actor: all for platform admins, their agency's for agency admins. */
export const clientListScope = (actor: Actor): string | null => (isPlatformAdmin(actor) ? null : (actor.agencyId ?? '-'));
