// Data requests (索取資料) and the data inventory (盤點). A signed-in citizen asks an agency for data
// that is not open; the agency releases it, releases it on terms or refuses with a legal reason; a
// refusal or silence past the deadline goes to the agency's advisory group, then the top-level group.
// Every step is public; the requester is shown only by nickname. Advisory groups act through
// platform_moderator or platform_admin accounts.
import { Type, type Static } from '@sinclair/typebox';
import { anyone, defineAction, type ActionContext } from '../../../../core/action.js';
import { isAgencyMember, isModerator, type Actor } from '../../../../core/actor.js';
import { compareDates, isValidLocalDate, taipeiDateOf, type LocalDate } from '../../../../core/calendar.js';
import { AppError, conflict, notFound, type FieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { normalizeUserText, userTextProblem } from '../../../../core/text.js';
import { findAgencyRef, findDatasetRow, type AgencyRef } from '../../queries.js';
import type { DataRequestStatus, DataRequestStepBy, DataRequestStepKind, OdDataRequestsTable } from '../migrations.js';
import {
  allowedDecisions,
  awaitingAgency,
  awaitingGroup,
  byDeadline,
  dataRequestStatuses,
  decisionDueOn,
  escalationTarget,
  groupOf,
  isLegalReason,
  isOverdue,
  legalReasons,
  overdueCutoff,
  statusAfterRuling,
  type AgencyDecision,
} from '../requests.js';
import { moderator, requirement, signedIn, verifiedEmail } from '../../../../core/access.js';

export const REQUEST_PAGE_SIZE = 20;
const TEXT_MAX = 5000;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const idInput = Type.String({ minLength: 1, maxLength: 100 });

function fail(fields: FieldError[]): never {
  throw new AppError('INVALID', 'error.invalid_input', fields);
}

/** Trimmed text, or a field error when blank or too long. */
function requiredText(value: string | undefined, field: string, max: number, errors: FieldError[]): string {
  const cleaned = normalizeUserText(value ?? '');
  const problem = userTextProblem(cleaned, field);
  if (problem) errors.push(problem);
  else if (!cleaned) errors.push({ field, message: 'validation.required' });
  else if (cleaned.length > max) errors.push({ field, message: 'validation.max_length', params: { max } });
  return cleaned;
}

function optionalText(value: string | undefined, field: string, max: number, errors: FieldError[]): string | null {
  const cleaned = normalizeUserText(value ?? '');
  const problem = userTextProblem(cleaned, field);
  if (problem) errors.push(problem);
  else if (cleaned.length > max) errors.push({ field, message: 'validation.max_length', params: { max } });
  return cleaned || null;
}

async function nicknameOf(ctx: ActionContext): Promise<string> {
  const user = await ctx.db.selectFrom('users').select(['nickname']).where('id', '=', ctx.actor!.userId).executeTakeFirst();
  return (user?.nickname || '—').slice(0, 50);
}

async function findRequest(ctx: ActionContext, id: string): Promise<OdDataRequestsTable | undefined> {
  return ctx.db.selectFrom('od_data_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

async function requireRequest(ctx: ActionContext, id: string): Promise<OdDataRequestsTable> {
  const row = await findRequest(ctx, id);
  if (!row) throw notFound('opendata.requests.not_found');
  return row;
}

const factsOf = (row: Pick<OdDataRequestsTable, 'status' | 'decision_clock_from'>) => ({ status: row.status, decisionClockFrom: row.decision_clock_from });

interface StepInput {
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
async function transition(ctx: ActionContext, row: OdDataRequestsTable, next: DataRequestStatus, step: StepInput, extra: { restartClock?: boolean } = {}): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const result = await ctx.db
    .updateTable('od_data_requests')
    .set({ status: next, updated_at: now, ...(extra.restartClock ? { decision_clock_from: now } : {}) })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw conflict('opendata.requests.already_decided');
  const last = await ctx.db.selectFrom('od_data_request_steps').select((eb) => eb.fn.max('seq').as('seq')).where('request_id', '=', row.id).executeTakeFirst();
  await ctx.db
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

type RequestRow = OdDataRequestsTable & { agency_code: string; agency_name_zh: string; agency_name_en: string };

function requestsWithAgency(ctx: ActionContext) {
  return ctx.db
    .selectFrom('od_data_requests as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .selectAll('r')
    .select(['a.code as agency_code', 'a.name_zh as agency_name_zh', 'a.name_en as agency_name_en']);
}

function summaryOf(row: RequestRow, now: Date): DataRequestSummary {
  const facts = factsOf(row);
  return {
    id: row.id,
    title: row.title,
    agency: { id: row.agency_id, code: row.agency_code, nameZh: row.agency_name_zh, nameEn: row.agency_name_en },
    requesterNickname: row.requester_nickname,
    status: row.status,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    dueOn: awaitingAgency.includes(row.status) ? decisionDueOn(row.decision_clock_from) : null,
    overdue: isOverdue(facts, now),
  };
}

const statusFilter = Type.Optional(Type.Union([...dataRequestStatuses.map((s) => Type.Literal(s)), Type.Literal('overdue')]));

export const dataRequestList = defineAction({
  name: 'data_request_list',
  sideEffectFree: true,
  input: Type.Object({ status: statusFilter, page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }, { additionalProperties: false }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    let query = requestsWithAgency(ctx);
    if (input.status === 'overdue') query = query.where('r.status', 'in', [...awaitingAgency]).where('r.decision_clock_from', '<', overdueCutoff(now));
    else if (input.status) query = query.where('r.status', '=', input.status);
    const page = input.page ?? 1;
    const counted = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .orderBy('r.submitted_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(REQUEST_PAGE_SIZE)
      .offset((page - 1) * REQUEST_PAGE_SIZE)
      .execute();
    return { total: Number(counted.n), page, pageSize: REQUEST_PAGE_SIZE, items: rows.map((r) => summaryOf(r, now)) };
  },
});

/** Open requests for the signed-in staff: their agency's decisions due, and group reviews for moderators. */
export const dataRequestInbox = defineAction({
  name: 'data_request_inbox',
  sideEffectFree: true,
  input: Type.Object({}, { additionalProperties: false }),
  caller: requirement('agency member or moderator', (actor) => !!actor && (actor.agencyId !== null || isModerator(actor))),
  async run(ctx) {
    const now = ctx.clock.now();
    const actor = ctx.actor!;
    let agency: DataRequestSummary[] = [];
    if (actor.agencyId && isAgencyMember(actor, actor.agencyId)) {
      const rows = await requestsWithAgency(ctx).where('r.agency_id', '=', actor.agencyId).where('r.status', 'in', [...awaitingAgency]).execute();
      agency = rows.map((r) => summaryOf(r, now)).sort((a, b) => byDeadline({ ...a, dueOn: a.dueOn! }, { ...b, dueOn: b.dueOn! }));
    }
    let groups: DataRequestSummary[] = [];
    if (isModerator(actor)) {
      const rows = await requestsWithAgency(ctx).where('r.status', 'in', [...awaitingGroup]).orderBy('r.updated_at').orderBy('r.id').execute();
      groups = rows.map((r) => summaryOf(r, now));
    }
    return { agency, groups };
  },
});

async function stepsOf(ctx: ActionContext, requestId: string): Promise<DataRequestStep[]> {
  const rows = await ctx.db
    .selectFrom('od_data_request_steps as s')
    .leftJoin('od_datasets as d', 'd.id', 's.dataset_id')
    .selectAll('s')
    .select(['d.name as dataset_name', 'd.title as dataset_title', 'd.identifier as dataset_identifier'])
    .where('s.request_id', '=', requestId)
    .orderBy('s.seq')
    .execute();
  return rows.map((s) => ({
    seq: Number(s.seq),
    kind: s.kind,
    by: s.by_side,
    legalReason: s.legal_reason,
    reason: s.reason,
    dataset: s.dataset_name ? { name: s.dataset_name, title: s.dataset_title ?? s.dataset_name, identifier: s.dataset_identifier ?? '' } : null,
    plannedOn: s.planned_on,
    terms: s.terms,
    createdAt: s.created_at,
  }));
}

function viewerRights(actor: Actor | null, row: OdDataRequestsTable, now: Date): DataRequestView['viewer'] {
  const isRequester = !!actor && actor.userId === row.requester_id;
  return {
    isRequester,
    decisions: isAgencyMember(actor, row.agency_id) ? allowedDecisions(row.status) : [],
    canEscalate: isRequester && escalationTarget(factsOf(row), now) !== null,
    canRule: isModerator(actor) && awaitingGroup.includes(row.status),
  };
}

export const dataRequestShow = defineAction({
  name: 'data_request_show',
  sideEffectFree: true,
  input: Type.Object({ id: idInput }, { additionalProperties: false }),
  caller: anyone,
  async run(ctx, input): Promise<DataRequestView> {
    const row = await requestsWithAgency(ctx).where('r.id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('opendata.requests.not_found');
    const now = ctx.clock.now();
    return {
      ...summaryOf(row, now),
      description: row.description,
      purpose: row.purpose,
      steps: await stepsOf(ctx, row.id),
      viewer: viewerRights(ctx.actor, row, now),
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Writing

export const dataRequestCreate = defineAction({
  name: 'data_request_create',
  input: Type.Object(
    {
      agency: Type.String({ maxLength: 100 }),
      title: Type.String({ maxLength: 400 }),
      description: Type.String({ maxLength: TEXT_MAX * 2 }),
      purpose: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
    },
    { additionalProperties: false },
  ),
  caller: verifiedEmail,
  async run(ctx, input) {
    const errors: FieldError[] = [];
    const title = requiredText(input.title, 'title', 200, errors);
    const description = requiredText(input.description, 'description', TEXT_MAX, errors);
    const purpose = optionalText(input.purpose, 'purpose', 2000, errors);
    const agency = input.agency.trim() ? await findAgencyRef(ctx.db, input.agency.trim()) : undefined;
    if (!input.agency.trim()) errors.push({ field: 'agency', message: 'validation.required' });
    else if (!agency) errors.push({ field: 'agency', message: 'opendata.unknown_agency' });
    if (errors.length > 0 || !agency) fail(errors);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await ctx.db
      .insertInto('od_data_requests')
      .values({
        id,
        agency_id: agency.id,
        requester_id: ctx.actor!.userId,
        requester_nickname: await nicknameOf(ctx),
        title,
        description,
        purpose,
        status: 'pending',
        decision_clock_from: now,
        submitted_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.db
      .insertInto('od_data_request_steps')
      .values({ id: newId(), request_id: id, seq: 1, kind: 'submitted', by_side: 'requester', legal_reason: null, reason: null, dataset_id: null, planned_on: null, terms: null, created_at: now })
      .execute();
    await ctx.audit({ action: 'data_request_submitted', subjectType: 'data_request', subjectId: id, data: { agencyId: agency.id, title } });
    return { id, dueOn: decisionDueOn(now) };
  },
});

const decideInput = Type.Object(
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

/** Checks a release: a dataset in this catalog, or a planned day from today on. */
async function releaseStep(ctx: ActionContext, input: DecideInput, errors: FieldError[]): Promise<StepInput> {
  const reason = optionalText(input.reason, 'reason', TEXT_MAX, errors);
  const ref = input.dataset?.trim() ?? '';
  const planned = input.planned_on?.trim() ?? '';
  let datasetId: string | null = null;
  if (ref) {
    const dataset = await findDatasetRow(ctx.db, ref);
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
  caller: signedIn,
  async policy(ctx, input) {
    const row = await findRequest(ctx, input.id);
    return !!row && isAgencyMember(ctx.actor, row.agency_id);
  },
  async run(ctx, input) {
    const row = await requireRequest(ctx, input.id);
    if (!allowedDecisions(row.status).includes(input.decision)) throw conflict('opendata.requests.already_decided');
    const step = await decisionStep(ctx, input);
    await transition(ctx, row, nextStatusOf[input.decision], step);
    return { id: row.id, status: nextStatusOf[input.decision] };
  },
});

export const dataRequestEscalate = defineAction({
  name: 'data_request_escalate',
  input: Type.Object({ id: idInput, reason: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })) }, { additionalProperties: false }),
  caller: signedIn,
  async policy(ctx, input) {
    const row = await findRequest(ctx, input.id);
    return !!row && !!ctx.actor && ctx.actor.userId === row.requester_id;
  },
  async run(ctx, input) {
    const row = await requireRequest(ctx, input.id);
    const target = escalationTarget(factsOf(row), ctx.clock.now());
    if (!target) throw conflict('opendata.requests.cannot_escalate');
    const errors: FieldError[] = [];
    const reason = optionalText(input.reason, 'reason', TEXT_MAX, errors);
    if (errors.length > 0) fail(errors);
    const kind = target === 'review_agency_group' ? 'escalated_agency_group' : 'escalated_top_group';
    await transition(ctx, row, target, { kind, by: 'requester', reason });
    return { id: row.id, status: target };
  },
});

export const dataRequestRule = defineAction({
  name: 'data_request_rule',
  input: Type.Object(
    {
      id: idInput,
      ruling: literals(['uphold', 'order_release'] as const),
      reason: Type.String({ maxLength: TEXT_MAX * 2 }),
    },
    { additionalProperties: false },
  ),
  caller: moderator,
  async run(ctx, input) {
    const row = await requireRequest(ctx, input.id);
    const next = statusAfterRuling(row.status, input.ruling);
    if (!next) throw conflict('opendata.requests.no_review');
    const errors: FieldError[] = [];
    const reason = requiredText(input.reason, 'reason', TEXT_MAX, errors);
    if (errors.length > 0) fail(errors);
    const kind = input.ruling === 'uphold' ? 'upheld' : 'release_ordered';
    // An order to release gives the agency a fresh decision period from the day of the order.
    await transition(ctx, row, next, { kind, by: groupOf(row.status), reason }, { restartClock: next === 'release_ordered' });
    return { id: row.id, status: next };
  },
});

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

function inventoryQuery(ctx: ActionContext) {
  return ctx.db
    .selectFrom('od_inventory_items as i')
    .innerJoin('agencies as a', 'a.id', 'i.agency_id')
    .leftJoin('od_datasets as d', 'd.id', 'i.dataset_id')
    .selectAll('i')
    .select(['a.code as agency_code', 'a.name_zh as agency_name_zh', 'a.name_en as agency_name_en', 'd.name as dataset_name', 'd.title as dataset_title', 'd.identifier as dataset_identifier'])
    .orderBy('a.code')
    .orderBy('i.name')
    .orderBy('i.id');
}

type InventoryRow = Awaited<ReturnType<ReturnType<typeof inventoryQuery>['execute']>>[number];

function inventoryItemOf(r: InventoryRow): InventoryItem {
  return {
    id: r.id,
    agency: { id: r.agency_id, code: r.agency_code, nameZh: r.agency_name_zh, nameEn: r.agency_name_en },
    name: r.name,
    description: r.description,
    open: Number(r.is_open) === 1,
    legalReason: r.legal_reason,
    legalNote: r.legal_note,
    dataset: r.dataset_name ? { name: r.dataset_name, title: r.dataset_title ?? r.dataset_name, identifier: r.dataset_identifier ?? '' } : null,
    updatedAt: r.updated_at,
  };
}

export const inventoryList = defineAction({
  name: 'inventory_list',
  sideEffectFree: true,
  input: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }),
  caller: anyone,
  async run(ctx, input) {
    let agency: AgencyRef | null = null;
    let query = inventoryQuery(ctx);
    if (input.agency !== undefined) {
      agency = (await findAgencyRef(ctx.db, input.agency)) ?? null;
      if (!agency) throw notFound('opendata.organization_not_found');
      query = query.where('i.agency_id', '=', agency.id);
    }
    return { agency, items: (await query.execute()).map(inventoryItemOf) };
  },
});

const mayKeepInventory = (actor: Actor | null, agencyId: string | undefined) => !!agencyId && (isAgencyMember(actor, agencyId) || actor?.role === 'platform_admin');

export const inventorySave = defineAction({
  name: 'inventory_save',
  input: Type.Object(
    {
      agency: Type.String({ minLength: 1, maxLength: 100 }),
      id: Type.Optional(idInput),
      name: Type.String({ maxLength: 400 }),
      description: Type.String({ maxLength: TEXT_MAX * 2 }),
      openness: literals(['open', 'not_open'] as const),
      legal_reason: Type.Optional(Type.String({ maxLength: 50 })),
      legal_note: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
      dataset: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  caller: signedIn,
  async policy(ctx, input) {
    const agency = await findAgencyRef(ctx.db, input.agency);
    return mayKeepInventory(ctx.actor, agency?.id);
  },
  async run(ctx, input) {
    const agency = (await findAgencyRef(ctx.db, input.agency))!;
    const errors: FieldError[] = [];
    const name = requiredText(input.name, 'name', 200, errors);
    const description = requiredText(input.description, 'description', TEXT_MAX, errors);
    const open = input.openness === 'open';
    let legalReason: string | null = null;
    let legalNote: string | null = null;
    let datasetId: string | null = null;
    if (open) {
      const ref = input.dataset?.trim() ?? '';
      const dataset = ref ? await findDatasetRow(ctx.db, ref) : undefined;
      if (!ref) errors.push({ field: 'dataset', message: 'opendata.inventory.dataset_required' });
      else if (!dataset || dataset.agency_id !== agency.id || dataset.status !== 'published') errors.push({ field: 'dataset', message: 'opendata.inventory.unknown_dataset' });
      else datasetId = dataset.id;
    } else {
      legalReason = input.legal_reason?.trim() ?? '';
      if (!isLegalReason(legalReason)) errors.push({ field: 'legal_reason', message: 'opendata.requests.legal_reason_required' });
      legalNote = optionalText(input.legal_note, 'legal_note', TEXT_MAX, errors);
    }
    if (errors.length > 0) fail(errors);
    const now = ctx.clock.now().toISOString();
    const values = { name, description, is_open: open ? 1 : 0, legal_reason: legalReason, legal_note: legalNote, dataset_id: datasetId, updated_at: now };
    let id = input.id;
    if (id) {
      const result = await ctx.db.updateTable('od_inventory_items').set(values).where('id', '=', id).where('agency_id', '=', agency.id).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw notFound('opendata.inventory.not_found');
    } else {
      id = newId();
      await ctx.db.insertInto('od_inventory_items').values({ id, agency_id: agency.id, created_at: now, ...values }).execute();
    }
    await ctx.audit({ action: input.id ? 'inventory_update' : 'inventory_create', subjectType: 'inventory_item', subjectId: id, data: { agencyId: agency.id, name, open, legalReason, datasetId } });
    return { id };
  },
});

export const inventoryDelete = defineAction({
  name: 'inventory_delete',
  input: Type.Object({ id: idInput }, { additionalProperties: false }),
  caller: signedIn,
  async policy(ctx, input) {
    const item = await ctx.db.selectFrom('od_inventory_items').select('agency_id').where('id', '=', input.id).executeTakeFirst();
    if (!item) return ctx.actor?.agencyId != null || ctx.actor?.role === 'platform_admin';
    return mayKeepInventory(ctx.actor, item.agency_id);
  },
  async run(ctx, input) {
    const item = await ctx.db.selectFrom('od_inventory_items').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!item) throw notFound('opendata.inventory.not_found');
    await ctx.db.deleteFrom('od_inventory_items').where('id', '=', input.id).execute();
    await ctx.audit({ action: 'inventory_delete', subjectType: 'inventory_item', subjectId: input.id, data: { agencyId: item.agency_id, name: item.name } });
    return { id: input.id };
  },
});

export { legalReasons };

export const requestActions = [dataRequestList, dataRequestInbox, dataRequestShow, dataRequestCreate, dataRequestDecide, dataRequestEscalate, dataRequestRule, inventoryList, inventorySave, inventoryDelete];
