// Who may do what with datasets: agency staff and admins work on their own agency's datasets;
// platform admins on all; everyone reads published ones.
import { isAgencyMember, isModerator, type Actor } from '../../core/actor.js';
import { agencyMember, anyOf, platformAdmin, requirement } from '../../core/access.js';
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

/**
 * The agency a dataset is created in or moved to: the caller's own (platform admins: any). An
 * unknown one (null) passes here and is a field error found with the other metadata errors.
 */
export function mayPublishIn(actor: Actor | null, agency: { id: string } | null): true {
  if (agency && !canEditAgencyDatasets(actor, agency.id)) throw new AppError('FORBIDDEN', 'opendata.not_your_agency');
  return true;
}

/** Policy of a write that may move a dataset: the dataset as it is, then the agency it goes to. */
export const mayEditAndMove = (actor: Actor | null, subject: { dataset: { status: string; agency: { id: string } }; agency: { id: string } | null }): true =>
  mayEditDataset(actor, subject.dataset) && mayPublishIn(actor, subject.agency);

/** Reading a dataset (its resources, history and comments too): a dataset the caller may not see reads as absent. */
export function mayReadDataset(actor: Actor | null, dataset: { status: string; agency: { id: string } }, absent = 'opendata.dataset_not_found'): true {
  if (!canSeeDataset(actor, dataset)) throw new AppError('NOT_FOUND', absent);
  return true;
}

/** An unpublished dataset keeps a public tombstone (its title and the reason); no other dataset has one. */
export function hasTombstone(dataset: { status: string }): true {
  if (dataset.status !== 'unpublished') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return true;
}

/** Approved showcases are public; a pending or refused one only for its author and moderators. */
export function mayViewShowcase(actor: Actor | null, showcase: { status: string; author_id: string | null }): true {
  if (showcase.status !== 'approved' && !isModerator(actor) && showcase.author_id !== actor?.userId) throw new AppError('NOT_FOUND', 'opendata.showcase.not_found');
  return true;
}

/** Comments go on published datasets only; any other reads as absent. */
export function mayCommentOn(actor: Actor | null, dataset: { status: string; agency: { id: string } }): true {
  if (!canSeeDataset(actor, dataset) || dataset.status !== 'published') throw new AppError('NOT_FOUND', 'opendata.dataset_not_found');
  return true;
}

/** A comment by a member of the dataset's own agency is shown as the agency's answer. */
export const answersForAgency = (actor: Actor | null, dataset: { agency: { id: string } }): boolean => isAgencyMember(actor, dataset.agency.id);

/** Who may run an import into an agency: its admins and platform admins (staff publish one by one). */
export function canImport(actor: Actor | null, agencyId: string | undefined): boolean {
  if (!actor) return false;
  if (actor.role === 'platform_admin') return true;
  return actor.role === 'agency_admin' && !!agencyId && actor.agencyId === agencyId;
}

/** The caller requirement of harvest-source actions: someone who may import into some agency. */
export const importer = requirement('role: platform_admin, or agency_admin with an agency', (actor) => canImport(actor, actor?.agencyId ?? undefined));

/** Who may manage a harvest source: the same people who may import into its agency. */
export const mayManageSource = (actor: Actor | null, source: { agency_id: string }): boolean => canImport(actor, source.agency_id);

/** Who keeps an agency's data inventory: its staff and admins, and platform admins. */
export const mayKeepInventory = (actor: Actor | null, agencyId: string | undefined): boolean => !!agencyId && (isAgencyMember(actor, agencyId) || actor?.role === 'platform_admin');

/** The caller requirement of inventory writes: the agency itself is judged by mayKeepInventory. */
export const inventoryKeeper = anyOf(agencyMember, platformAdmin);

/** A data request is decided by its agency's staff and admins (an unknown one is refused alike). */
export const mayDecideRequest = (actor: Actor | null, request: { agency_id: string } | undefined): boolean => !!request && isAgencyMember(actor, request.agency_id);

/** Only the requester takes a data request to review. */
export const mayEscalateRequest = (actor: Actor | null, request: { requester_id: string } | undefined): boolean => !!request && !!actor && actor.userId === request.requester_id;
