// Which agency a harvest source or an import belongs to: an agency admin's own, without asking;
// a platform admin chooses with the agency picker. The harvest and import pages ask the same way.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../../core/actor.js';
import { runAction } from '../../../../http/actions.js';
import type { AppDeps } from '../../../../manifest.js';
import type { FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { AgencyPicker, type PickerAgency } from '../../../../web/kit/agency-picker.js';
import { agencyList } from '../../../agencies/manifest.js';

/** The agencies to choose from, or null when the caller has no choice. */
export async function importerAgencyChoices(deps: AppDeps, request: FastifyRequest, actor: Actor): Promise<PickerAgency[] | null> {
  return actor.role === 'platform_admin' ? runAction(deps, request, agencyList, {}) : null;
}

/** The agency code to act for: the chosen one for a platform admin, the caller's own otherwise. */
export const targetAgency = (actor: Actor, chosen: string): string => (actor.role === 'platform_admin' ? chosen : (actor.agencyId ?? ''));

interface ImporterAgencyFieldProps {
  ctx: PageContext;
  state: FormState;
  agencies: PickerAgency[] | null;
  label: string;
  id?: string;
  required?: boolean;
  emptyLabel?: string;
}

export function ImporterAgencyField({ ctx, state, agencies, label, id, required, emptyLabel = '' }: ImporterAgencyFieldProps) {
  if (!agencies) return null;
  return <AgencyPicker ctx={ctx} state={state} name="agency" id={id} label={label} agencies={agencies} required={required} emptyLabel={emptyLabel} />;
}
