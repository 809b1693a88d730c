// JSON API under /api/v1 for data requests (索取資料), the data inventory and harvest sources. Every
// route declares its input and its responses; the response schemas are the allow-list of fields that
// leave the server (a requester appears only by nickname). Bodies use the actions' field names, so a
// field error names the field that was sent. Write with an API token (Authorization: Bearer …);
// cookie-authenticated calls need the CSRF header like forms do.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TLiteral } from '@sinclair/typebox';
import { AppError } from '../../../core/errors.js';
import { runAction } from '../../../http/actions.js';
import { actionFields, described, LangField, problemResponses } from '../../../http/schemas.js';
import type { AppDeps } from '../../../manifest.js';
import { dataRequestCreate } from '../requests/actions/data_request_create.js';
import { dataRequestDecide } from '../requests/actions/data_request_decide.js';
import { dataRequestEscalate } from '../requests/actions/data_request_escalate.js';
import { dataRequestList } from '../requests/actions/data_request_list.js';
import { dataRequestRule } from '../requests/actions/data_request_rule.js';
import { dataRequestShow } from '../requests/actions/data_request_show.js';
import { inventoryList } from '../requests/actions/inventory_list.js';
import { harvestSourceCreate } from '../harvest/actions/harvest_source_create.js';
import { harvestSourceDelete } from '../harvest/actions/harvest_source_delete.js';
import { harvestSourceList } from '../harvest/actions/harvest_source_list.js';
import { harvestSourceRunNow } from '../harvest/actions/harvest_source_run_now.js';
import { harvestSourceSetEnabled } from '../harvest/actions/harvest_source_set_enabled.js';
import { dataRequestStatuses } from '../requests/requests.js';
import { limitDataRequests } from '../requests/http/requests.js';
import { requireImporter } from '../harvest/http/import.js';

const requestTags = ['data-requests'];
const inventoryTags = ['data-inventory'];
const harvestTags = ['harvest-sources'];
const security = [{ bearer: [] }];

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T>[]);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
/** ?lang= picks the language of error messages; the actions never see it. */
const withoutLang = <T extends { lang?: string }>(query: T) => {
  const { lang: _lang, ...rest } = query;
  return rest;
};

// ---------------------------------------------------------------------------------------------
// Response schemas (the allow-list)

const Status = literals(dataRequestStatuses);
const AgencyRef = Type.Object({ id: Type.String(), code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });
const DatasetRef = Type.Object({ name: Type.String(), title: Type.String(), identifier: Type.String() });

const summaryFields = {
  id: Type.String(),
  title: Type.String(),
  agency: AgencyRef,
  requesterNickname: Type.String({ description: 'The requester is public only by nickname' }),
  status: Status,
  submittedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dueOn: Type.Union([Type.String({ description: 'Asia/Taipei calendar day (YYYY-MM-DD) by which the agency must decide' }), Type.Null()]),
  overdue: Type.Boolean(),
};
const DataRequestSummary = Type.Object(summaryFields);

const DataRequestStep = Type.Object({
  seq: Type.Integer(),
  kind: Type.String({ description: 'submitted, released, terms, refused, escalated_agency_group, escalated_top_group, upheld, release_ordered' }),
  by: Type.String({ description: 'requester, agency, agency_group or top_group' }),
  legalReason: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  dataset: Type.Union([DatasetRef, Type.Null()]),
  plannedOn: Nullable(Type.String()),
  terms: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

const DataRequestDetail = Type.Object({
  ...summaryFields,
  description: Type.String(),
  purpose: Nullable(Type.String()),
  steps: Type.Array(DataRequestStep),
  viewer: Type.Object(
    { isRequester: Type.Boolean(), decisions: Type.Array(literals(['release', 'terms', 'refuse'] as const)), canEscalate: Type.Boolean(), canRule: Type.Boolean() },
    { description: 'What the caller may do next' },
  ),
});

const DataRequestPage = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(DataRequestSummary) });
const StepResult = Type.Object({ id: Type.String(), status: Status });

const InventoryPage = Type.Object({
  agency: Type.Union([AgencyRef, Type.Null()]),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      agency: AgencyRef,
      name: Type.String(),
      description: Type.String(),
      open: Type.Boolean(),
      legalReason: Nullable(Type.String()),
      legalNote: Nullable(Type.String()),
      dataset: Type.Union([DatasetRef, Type.Null()]),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

const HarvestReport = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  failed: Type.Integer(),
  failedRows: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), reasons: Type.Array(Type.String()) })),
  error: Type.Optional(Type.String()),
  since: Type.Optional(Type.String({ description: 'The CKAN modifiedSince bound of an incremental run' })),
});

const HarvestSource = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyCode: Type.String(),
  agencyNameZh: Type.String(),
  agencyNameEn: Type.String(),
  kind: literals(['ckan', 'dcat'] as const),
  url: Type.String(),
  everyHours: Type.Integer(),
  enabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastStartedAt: Nullable(Type.String()),
  lastFinishedAt: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.String()),
  nextRunAt: Type.String({ format: 'date-time' }),
  report: Type.Union([HarvestReport, Type.Null()]),
});

// ---------------------------------------------------------------------------------------------
// Guards

/** Writes answer 401 without credentials, before the CSRF check would answer 403. */
async function signedIn(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
}

/** Harvest sources are for agency admins (their agency) and platform admins, as on the page. */
async function harvester(request: FastifyRequest): Promise<void> {
  requireImporter(request);
}

/** The form's per-account daily allowance (shared with it), after the e-mail check the form makes. */
function limitRequests(deps: AppDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const actor = request.actor!;
    if (!actor.emailVerified) throw new AppError('FORBIDDEN', 'opendata.requests.verify_email');
    await limitDataRequests(deps, actor);
  };
}

/** A bodiless POST counts as an empty object (an appeal needs no reason). */
async function emptyBody(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

// ---------------------------------------------------------------------------------------------
// Routes

async function dataRequestApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/api/v1/data-requests', {
    schema: {
      tags: requestTags,
      operationId: dataRequestList.name,
      summary: 'Data requests, newest first, 20 a page; status filters by status, or "overdue" for agencies past their deadline',
      querystring: actionFields(dataRequestList.input, [], LangField),
      response: { 200: described('A page of data requests and the total', DataRequestPage), ...problemResponses(400) },
    },
    handler: (request) => runAction(deps, request, dataRequestList, withoutLang(request.query)),
  });

  api.get('/api/v1/data-requests/:id', {
    schema: { tags: requestTags, operationId: dataRequestShow.name, summary: 'One data request with its public timeline', params: Id, response: { 200: described('The data request, its timeline and what the caller may do next', DataRequestDetail), ...problemResponses(400, 404) } },
    handler: (request) => runAction(deps, request, dataRequestShow, { id: request.params.id }),
  });

  api.post('/api/v1/data-requests', {
    config: { runs: [dataRequestCreate] },
    schema: {
      tags: requestTags,
      operationId: dataRequestCreate.name,
      summary: 'Ask an agency for data that is not open (verified accounts, a few a day); the agency has 15 calendar days',
      security,
      body: dataRequestCreate.input,
      response: { 201: described('The request and the day the agency must decide by', Type.Object({ id: Type.String(), dueOn: Type.String() })), ...problemResponses(400, 401, 403, 415, 429) },
    },
    onRequest: signedIn,
    preHandler: limitRequests(deps),
    handler: async (request, reply) => reply.status(201).send(await runAction(deps, request, dataRequestCreate, request.body)),
  });

  api.post('/api/v1/data-requests/:id/decision', {
    config: { runs: [dataRequestDecide] },
    schema: {
      tags: requestTags,
      operationId: dataRequestDecide.name,
      summary: "The agency's decision: release (a dataset or a planned day), release on terms, or refuse with a legal reason; agency staff only",
      security,
      params: Id,
      body: actionFields(dataRequestDecide.input, ['id']),
      response: { 200: described('Decided: the request and its new status', StepResult), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    onRequest: signedIn,
    handler: (request) => runAction(deps, request, dataRequestDecide, { ...request.body, id: request.params.id }),
  });

  api.post('/api/v1/data-requests/:id/appeal', {
    config: { runs: [dataRequestEscalate] },
    schema: {
      tags: requestTags,
      operationId: dataRequestEscalate.name,
      summary: "The requester appeals a refusal or the agency's silence to the advisory group (then to the top-level group)",
      security,
      params: Id,
      body: actionFields(dataRequestEscalate.input, ['id']),
      response: { 200: described('Appealed: the request and its new status', StepResult), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    onRequest: signedIn,
    preValidation: emptyBody,
    handler: (request) => runAction(deps, request, dataRequestEscalate, { ...request.body, id: request.params.id }),
  });

  api.post('/api/v1/data-requests/:id/ruling', {
    config: { runs: [dataRequestRule] },
    schema: {
      tags: requestTags,
      operationId: dataRequestRule.name,
      summary: 'An advisory group upholds the refusal or orders release (moderators act for the groups)',
      security,
      params: Id,
      body: actionFields(dataRequestRule.input, ['id']),
      response: { 200: described('Ruled: the request and its new status', StepResult), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    onRequest: signedIn,
    handler: (request) => runAction(deps, request, dataRequestRule, { ...request.body, id: request.params.id }),
  });

  api.get('/api/v1/data-inventory', {
    schema: {
      tags: inventoryTags,
      operationId: inventoryList.name,
      summary: "The data inventory (盤點): every agency's items, or one agency's by code, with legal reasons for closed items",
      querystring: actionFields(inventoryList.input, [], LangField),
      response: { 200: described('The inventory items, and the agency when one was asked for', InventoryPage), ...problemResponses(400, 404) },
    },
    handler: (request) => runAction(deps, request, inventoryList, withoutLang(request.query)),
  });
}

async function harvestSourceApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/api/v1/harvest-sources', {
    schema: { tags: harvestTags, operationId: harvestSourceList.name, summary: "Harvest sources with their last report (an agency admin sees their agency's)", security, response: { 200: described('The harvest sources the caller manages, each with its last report', Type.Array(HarvestSource)), ...problemResponses(401, 403) } },
    onRequest: harvester,
    handler: (request) => runAction(deps, request, harvestSourceList, {}),
  });

  api.post('/api/v1/harvest-sources', {
    config: { runs: [harvestSourceCreate] },
    schema: {
      tags: harvestTags,
      operationId: harvestSourceCreate.name,
      summary: 'Harvest a CKAN site or DCAT feed on a schedule; agency defaults to your own (platform admins name it)',
      security,
      body: actionFields(harvestSourceCreate.input, ['allowLoopback', 'agency'], { agency: Type.Optional(harvestSourceCreate.input.properties.agency) }),
      response: { 201: described('The source created', Type.Object({ id: Type.String() })), ...problemResponses(400, 401, 403, 415) },
    },
    onRequest: harvester,
    handler: async (request, reply) => {
      const input = { ...request.body, agency: request.body.agency ?? request.actor!.agencyId ?? '' };
      return reply.status(201).send(await runAction(deps, request, harvestSourceCreate, input));
    },
  });

  api.post('/api/v1/harvest-sources/:id/run', {
    config: { runs: [harvestSourceRunNow] },
    schema: { tags: harvestTags, operationId: harvestSourceRunNow.name, summary: 'Make the source due now; the harvest job runs it on its next tick', security, params: Id, response: { 200: described('The source, now due', Type.Object({ id: Type.String() })), ...problemResponses(400, 401, 403, 404) } },
    onRequest: harvester,
    handler: (request) => runAction(deps, request, harvestSourceRunNow, { id: request.params.id }),
  });

  api.patch('/api/v1/harvest-sources/:id', {
    config: { runs: [harvestSourceSetEnabled] },
    schema: {
      tags: harvestTags,
      operationId: harvestSourceSetEnabled.name,
      summary: 'Enable or disable a source',
      security,
      params: Id,
      body: actionFields(harvestSourceSetEnabled.input, ['id']),
      response: { 200: described('The source and whether it is enabled', Type.Object({ id: Type.String(), enabled: Type.Boolean() })), ...problemResponses(400, 401, 403, 404, 415) },
    },
    onRequest: harvester,
    handler: (request) => runAction(deps, request, harvestSourceSetEnabled, { id: request.params.id, enabled: request.body.enabled }),
  });

  api.delete('/api/v1/harvest-sources/:id', {
    config: { runs: [harvestSourceDelete] },
    schema: { tags: harvestTags, operationId: harvestSourceDelete.name, summary: 'Delete a source (datasets it harvested stay in the catalog)', security, params: Id, response: { 200: described('The source deleted', Type.Object({ id: Type.String() })), ...problemResponses(400, 401, 403, 404) } },
    onRequest: harvester,
    handler: (request) => runAction(deps, request, harvestSourceDelete, { id: request.params.id }),
  });
}

export async function opendataApiV1(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await dataRequestApi(app, deps);
  await harvestSourceApi(app, deps);
}
