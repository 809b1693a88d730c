import { defineAction, type ActionContext } from '../../../../core/action.js';
import { compareDates, isValidLocalDate, taipeiDateOf } from '../../../../core/calendar.js';
import { conflict, type FieldError } from '../../../../core/errors.js';
import { findDatasetRow } from '../../queries.js';
import type { DataRequestStatus } from '../migrations.js';
import { allowedDecisions, isLegalReason, type AgencyDecision } from '../requests.js';
import { agencyMember } from '../../../../core/access.js';
import { mayDecideRequest } from '../../policy.js';
import { TEXT_MAX, fail, requiredText, optionalText, findRequest, type StepInput, transition, decideInput, type DecideInput } from './shared.js';
import { opendataDb } from '../../tables.js';

/** Checks a release: a dataset in this catalog, or a planned day from today on. */
async function releaseStep(ctx: ActionContext, input: DecideInput, errors: FieldError[]): Promise<StepInput> {
  const reason = optionalText(input.reason, 'reason', TEXT_MAX, errors);
  const ref = input.dataset?.trim() ?? '';
  const planned = input.planned_on?.trim() ?? '';
  let datasetId: string | null = null;
  if (ref) {
    const dataset = await findDatasetRow(opendataDb(ctx.db), ref);
    // Only a published dataset: the step is public, and a draft's title must not leak through it.
    if (!dataset || dataset.status !== 'published') errors.push({ field: 'dataset', message: 'opendata.requests.unknown_dataset' });
    else datasetId = dataset.id;
  }
  if (planned && (!isValidLocalDate(planned) || compareDates(planned, taipeiDateOf(ctx.clock.now())) < 0)) {
    errors.push({ field: 'planned_on', message: 'opendata.requests.bad_planned_on' });
  }
  if (!ref && !planned) errors.push({ field: 'dataset', message: 'opendata.requests.release_needs_link' });
  return { kind: 'released', by: 'agency', reason, datasetId, plannedOn: planned || null };
}

async function decisionStep(ctx: ActionContext, input: DecideInput): Promise<StepInput> {
  const errors: FieldError[] = [];
  let step: StepInput;
  if (input.decision === 'release') {
    step = await releaseStep(ctx, input, errors);
  } else if (input.decision === 'terms') {
    step = { kind: 'terms', by: 'agency', terms: requiredText(input.terms, 'terms', TEXT_MAX, errors), reason: optionalText(input.reason, 'reason', TEXT_MAX, errors) };
  } else {
    const legalReason = input.legal_reason?.trim() ?? '';
    if (!isLegalReason(legalReason)) errors.push({ field: 'legal_reason', message: 'opendata.requests.legal_reason_required' });
    step = { kind: 'refused', by: 'agency', legalReason, reason: requiredText(input.reason, 'reason', TEXT_MAX, errors) };
  }
  if (errors.length > 0) fail(errors);
  return step;
}

const nextStatusOf: Record<AgencyDecision, DataRequestStatus> = { release: 'released', terms: 'terms', refuse: 'refused' };

export const dataRequestDecide = defineAction({
  name: 'data_request_decide',
  input: decideInput,
  caller: agencyMember,
  load: (ctx, input) => findRequest(ctx, input.id),
  policy: (ctx, _input, row) => mayDecideRequest(ctx.actor, row),
  async run(ctx, input, found) {
    const row = found!;
    if (!allowedDecisions(row.status).includes(input.decision)) throw conflict('opendata.requests.already_decided');
    const step = await decisionStep(ctx, input);
    await transition(ctx, row, nextStatusOf[input.decision], step);
    return { id: row.id, status: nextStatusOf[input.decision] };
  },
});
