// JSON API under /api/v1/deliberation: list, show, create, change, vote, submit a statement, the
// next statement for the caller, and the report.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { actionFields, addSharedSchemas, described, LangField, problemResponses, refTo } from '../../../http/schemas.js';
import type { AppDeps } from '../../../manifest.js';
import { deliberationCreate, deliberationList, deliberationShow, deliberationUpdate } from '../actions/conversations.js';
import { deliberationNext, deliberationStatementSubmit, deliberationVote } from '../actions/participation.js';
import { deliberationReport } from '../actions/report.js';
import {
  Conversation,
  ConversationChanges,
  ConversationCreateInput,
  ConversationSummary,
  NextStatement,
  Report,
  Statement,
  StatementSubmitResult,
  VoteResult,
} from '../schemas.js';

const tags = ['deliberation'];
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ConversationDetail = Type.Object({ conversation: refTo(Conversation), statements: Type.Array(Statement), participants: Type.Integer() });

export async function deliberationApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  addSharedSchemas(app, [Conversation]);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/api/v1/deliberation', {
    schema: {
      tags,
      operationId: deliberationList.name,
      summary: 'All conversations, newest first',
      querystring: actionFields(deliberationList.input, [], LangField),
      response: { 200: described('The conversations, newest first', Type.Array(ConversationSummary)), ...problemResponses(400) },
    },
    handler: (request) => runAction(deps, request, deliberationList, request.query.agency ? { agency: request.query.agency } : {}),
  });

  api.post('/api/v1/deliberation', {
    schema: {
      tags,
      operationId: deliberationCreate.name,
      summary: 'Create a conversation (agency staff, moderators)',
      security: [{ bearer: [] }],
      body: ConversationCreateInput,
      response: { 201: described('The conversation created', refTo(Conversation)), ...problemResponses(400, 401, 403, 409, 415) },
    },
    config: { runs: [deliberationCreate] },
    handler: async (request, reply) => reply.status(201).send(await runAction(deps, request, deliberationCreate, request.body)),
  });

  api.get('/api/v1/deliberation/:id', {
    schema: {
      tags,
      operationId: deliberationShow.name,
      summary: 'A conversation and its statements',
      params: Params,
      response: { 200: described('The conversation, the statements the caller may see and how many take part', ConversationDetail), ...problemResponses(404) },
    },
    handler: (request) => runAction(deps, request, deliberationShow, { conversationId: request.params.id }),
  });

  api.patch('/api/v1/deliberation/:id', {
    schema: {
      tags,
      operationId: deliberationUpdate.name,
      summary: 'Change a conversation or add seed statements',
      security: [{ bearer: [] }],
      params: Params,
      body: ConversationChanges,
      response: { 200: described('The conversation as changed', refTo(Conversation)), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    config: { runs: [deliberationUpdate] },
    handler: (request) => runAction(deps, request, deliberationUpdate, { conversationId: request.params.id, changes: request.body }),
  });

  api.get('/api/v1/deliberation/:id/next', {
    schema: {
      tags,
      operationId: deliberationNext.name,
      summary: 'The next statement for the caller to vote on (by routing priority) and how many are left',
      security: [{ bearer: [] }],
      params: Params,
      response: { 200: described('The next statement (null when none is left) and the caller\'s progress', NextStatement), ...problemResponses(404) },
    },
    handler: async (request) => {
      const view = await runAction(deps, request, deliberationNext, { conversationId: request.params.id });
      return { statement: view.statement, remaining: view.remaining, voted: view.voted, total: view.total };
    },
  });

  api.post('/api/v1/deliberation/:id/votes', {
    schema: {
      tags,
      operationId: deliberationVote.name,
      summary: 'Agree, disagree or pass on a statement (a later vote replaces the earlier one)',
      security: [{ bearer: [] }],
      params: Params,
      body: actionFields(deliberationVote.input, ['conversationId']),
      response: { 200: described('The vote as recorded', VoteResult), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    config: { runs: [deliberationVote] },
    handler: (request) => runAction(deps, request, deliberationVote, { conversationId: request.params.id, ...request.body }),
  });

  api.post('/api/v1/deliberation/:id/statements', {
    schema: {
      tags,
      operationId: deliberationStatementSubmit.name,
      summary: 'Submit a statement (shown after approval under strict moderation)',
      security: [{ bearer: [] }],
      params: Params,
      body: actionFields(deliberationStatementSubmit.input, ['conversationId']),
      response: { 201: described('The statement\'s number and status (pending under strict moderation)', StatementSubmitResult), ...problemResponses(400, 401, 403, 404, 409, 415, 429) },
    },
    config: { rateLimit: { max: 20, timeWindow: 60_000 }, runs: [deliberationStatementSubmit] },
    handler: async (request, reply) => reply.status(201).send(await runAction(deps, request, deliberationStatementSubmit, { conversationId: request.params.id, body: request.body.body })),
  });

  api.get('/api/v1/deliberation/:id/report', {
    schema: {
      tags,
      operationId: deliberationReport.name,
      summary: 'The report: opinion map, groups and representative statements, consensus, majority opinions, participation',
      params: Params,
      response: { 200: described('The report', Report), ...problemResponses(404) },
    },
    handler: (request) => runAction(deps, request, deliberationReport, { conversationId: request.params.id }),
  });
}
