// Who may do what with datasets: agency staff and admins work on their own agency's datasets;
// platform admins on all; everyone reads published ones.
import type { Actor } from '../../core/actor.js';
import { requirement } from '../../core/access.js';
import { AppError } from '../../core/errors.js';

export const isAgencyStaff = (a: Actor | null): boolean => !!a && (a.role === 'agency_staff' || a.role === 'agency_admin') && !!a.agencyId;

export function canEditAgencyDatasets(actor: Actor | null, agencyId: string): boolean {
  if (!actor) return false;
  if (actor.role === 'platform_admin') return true;
  return isAgencyStaff(actor) && actor.agencyId === agencyId;
}

/** May publish at all (the dataset's own agency is checked in the action). */
export const canPublish = (actor: Actor | null): boolean => actor?.role === 'platform_admin' || isAgencyStaff(actor);

export function canSeeDataset(actor: Actor | null, dataset: { status: string; agency: { id: string } }): boolean {
  if (dataset.status === 'published') return true;
  if (dataset.status === 'deleted') return actor?.role === 'platform_admin';
  return canEditAgencyDatasets(actor, dataset.agency.id);
}

/** The caller requirement of every dataset write: the dataset's own agency is checked by its policy. */
export const publisher = requirement('role: platform_admin, or agency_staff/agency_admin with an agency', canPublish);

/**
 * Policy of every write on an existing dataset: its own agency's staff or a platform admin, and
 * never a deleted one (which reads as absent).
 */
export function mayEditDataset(actor: Actor | null, dataset: { status: string; agency: { id: string } }): true {
  if (!canEditAgencyDatasets(actor, dataset.agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
  if (dataset.status === 'deleted') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return true;
}
