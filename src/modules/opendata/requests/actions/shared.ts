// Data requests (索取資料) and the data inventory (盤點). A signed-in citizen asks an agency for data
// that is not open; the agency releases it, releases it on terms or refuses with a legal reason; a
// refusal or silence past the deadline goes to the agency's advisory group, then the top-level group.
// Every step is public; the requester is shown only by nickname. Advisory groups act through
// platform_moderator or platform_admin accounts.
import { Type, type Static } from '@sinclair/typebox';
import type { ActionContext } from '../../../../core/action.js';
import type { LocalDate } from '../../../../core/calendar.js';
import { AppError, conflict, notFound, type FieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { normalizeUserText, userTextProblem } from '../../../../core/text.js';
import type { AgencyRef } from '../../queries.js';
import type { DataRequestStatus, DataRequestStepBy, DataRequestStepKind, OdDataRequestsTable } from '../migrations.js';
import { awaitingAgency, decisionDueOn, isOverdue, type AgencyDecision } from '../requests.js';
import { opendataDb } from '../../tables.js';
import { agencyRefsByIds } from '../../../agencies/published.js';

export const REQUEST_PAGE_SIZE = 20;
export const TEXT_MAX = 5000;

export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const idInput = Type.String({ minLength: 1, maxLength: 100 });

export function fail(fields: FieldError[]): never {
  throw new AppError('INVALID', 'error.invalid_input', fields);
}

/** Trimmed text, or a field error when blank or too long. */
export function requiredText(value: string | undefined, field: string, max: number, errors: FieldError[]): string {
  const cleaned = normalizeUserText(value ?? '');
  const problem = userTextProblem(cleaned, field);
  if (problem) errors.push(problem);
  else if (!cleaned) errors.push({ field, message: 'validation.required' });
  else if (cleaned.length > max) errors.push({ field, message: 'validation.max_length', params: { max } });
  return cleaned;
}

export function optionalText(value: string | undefined, field: string, max: number, errors: FieldError[]): string | null {
  const cleaned = normalizeUserText(value ?? '');
  const problem = userTextProblem(cleaned, field);
  if (problem) errors.push(problem);
  else if (cleaned.length > max) errors.push({ field, message: 'validation.max_length', params: { max } });
  return cleaned || null;
}

export async function findRequest(ctx: Pick<ActionContext, 'db'>, id: string): Promise<OdDataRequestsTable | undefined> {
  return opendataDb(ctx.db).selectFrom('od_data_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireRequest(ctx: Pick<ActionContext, 'db'>, id: string): Promise<OdDataRequestsTable> {
  const row = await findRequest(ctx, id);
  if (!row) throw notFound('opendata.requests.not_found');
  return row;
}

export const factsOf = (row: Pick<OdDataRequestsTable, 'status' | 'decision_clock_from'>) => ({ status: row.status, decisionClockFrom: row.decision_clock_from });

export interface StepInput {
  kind: DataRequestStepKind;
  by: DataRequestStepBy;
  legalReason?: string | null;
  reason?: string | null;
  datasetId?: string | null;
  plannedOn?: string | null;
  terms?: string | null;
}

/**
 * Moves a request from the status it was read in to the next one and appends the public step. The
 * status guard makes a concurrent second decision fail with CONFLICT instead of stacking up.
 */
export async function transition(ctx: ActionContext, row: OdDataRequestsTable, next: DataRequestStatus, step: StepInput, extra: { restartClock?: boolean } = {}): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const result = await opendataDb(ctx.db)
    .updateTable('od_data_requests')
    .set({ status: next, updated_at: now, ...(extra.restartClock ? { decision_clock_from: now } : {}) })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw conflict('opendata.requests.already_decided');
  const last = await opendataDb(ctx.db).selectFrom('od_data_request_steps').select((eb) => eb.fn.max('seq').as('seq')).where('request_id', '=', row.id).executeTakeFirst();
  await opendataDb(ctx.db)
    .insertInto('od_data_request_steps')
    .values({
      id: newId(),
      request_id: row.id,
      seq: Number(last?.seq ?? 0) + 1,
      kind: step.kind,
      by_side: step.by,
      legal_reason: step.legalReason ?? null,
      reason: step.reason ?? null,
      dataset_id: step.datasetId ?? null,
      planned_on: step.plannedOn ?? null,
      terms: step.terms ?? null,
      created_at: now,
    })
    .execute();
  await ctx.audit({
    action: `data_request_${step.kind}`,
    subjectType: 'data_request',
    subjectId: row.id,
    data: { from: row.status, to: next, legalReason: step.legalReason ?? null, reason: step.reason ?? null, datasetId: step.datasetId ?? null, plannedOn: step.plannedOn ?? null },
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface DataRequestStep {
  seq: number;
  kind: DataRequestStepKind;
  by: DataRequestStepBy;
  legalReason: string | null;
  reason: string | null;
  dataset: { name: string; title: string; identifier: string } | null;
  plannedOn: string | null;
  terms: string | null;
  createdAt: string;
}

export interface DataRequestSummary {
  id: string;
  title: string;
  agency: AgencyRef;
  requesterNickname: string;
  status: DataRequestStatus;
  submittedAt: string;
  updatedAt: string;
  /** The agency's deadline while it owes a decision; null otherwise. */
  dueOn: LocalDate | null;
  overdue: boolean;
}

export interface DataRequestView extends DataRequestSummary {
  description: string;
  purpose: string | null;
  steps: DataRequestStep[];
  viewer: { isRequester: boolean; decisions: AgencyDecision[]; canEscalate: boolean; canRule: boolean };
}

export function requestRows(ctx: ActionContext) {
  return opendataDb(ctx.db).selectFrom('od_data_requests as r').selectAll('r');
}

/** Summaries of `rows`, in their order; their agencies are read in one query (every request names one: a foreign key). */
export async function summariesOf(ctx: ActionContext, rows: OdDataRequestsTable[], now: Date): Promise<DataRequestSummary[]> {
  const agencies = await agencyRefsByIds(ctx.db, rows.map((r) => r.agency_id));
  return rows.map((row) => summaryOf(row, agencies.get(row.agency_id)!, now));
}

function summaryOf(row: OdDataRequestsTable, agency: AgencyRef, now: Date): DataRequestSummary {
  const facts = factsOf(row);
  return {
    id: row.id,
    title: row.title,
    agency,
    requesterNickname: row.requester_nickname,
    status: row.status,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    dueOn: awaitingAgency.includes(row.status) ? decisionDueOn(row.decision_clock_from) : null,
    overdue: isOverdue(facts, now),
  };
}

export const decideInput = Type.Object(
  {
    id: idInput,
    decision: literals<AgencyDecision>(['release', 'terms', 'refuse']),
    dataset: Type.Optional(Type.String({ maxLength: 200 })),
    planned_on: Type.Optional(Type.String({ maxLength: 20 })),
    terms: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
    legal_reason: Type.Optional(Type.String({ maxLength: 50 })),
    reason: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
  },
  { additionalProperties: false },
);
export type DecideInput = Static<typeof decideInput>;

// ---------------------------------------------------------------------------------------------
// Inventory (盤點)

export interface InventoryItem {
  id: string;
  agency: AgencyRef;
  name: string;
  description: string;
  open: boolean;
  legalReason: string | null;
  legalNote: string | null;
  dataset: { name: string; title: string; identifier: string } | null;
  updatedAt: string;
}
