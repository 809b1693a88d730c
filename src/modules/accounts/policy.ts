// Who may act on what in accounts: one's own sessions, tokens and passkeys (someone else's read as
// absent, so their ids cannot be probed), and who may give whom which role.
import { isPlatformAdmin, type Actor, type Role } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';

/** Policy of acting on a record of one account: its owner only; to anyone else it is NOT_FOUND. */
export function ownsRecord(actor: Actor | null, record: { user_id: string }, notFoundMessage = 'error.not_found'): true {
  if (!actor || record.user_id !== actor.userId) throw new AppError('NOT_FOUND', notFoundMessage);
  return true;
}

export interface RoleChange {
  user: { id: string; role: Role; agency_id: string | null };
  role: Role;
  /** The agency the new role belongs to (null for roles without one). */
  agencyId: string | null;
}

/**
 * Role changes. Platform admins may set any role. Agency admins may only make citizens or their own
 * agency's staff staff of their own agency, or take their own agency's staff back to citizen.
 * Nobody changes their own role.
 */
export function mayChangeRole(actor: Actor | null, change: RoleChange): true {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (change.user.id === actor.userId) throw new AppError('FORBIDDEN', 'accounts.cannot_change_own_role');
  if (isPlatformAdmin(actor)) return true;
  const { user, role, agencyId } = change;
  const ownStaff = user.role === 'agency_staff' && user.agency_id === actor.agencyId;
  if (role === 'citizen' && ownStaff) return true;
  if (role === 'agency_staff' && agencyId === actor.agencyId && (user.role === 'citizen' || ownStaff)) return true;
  throw new AppError('FORBIDDEN', 'error.forbidden');
}
