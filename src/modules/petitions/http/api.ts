// JSON API under /api/v1/proposals. Every route declares its input and its responses; the response
// schemas are the allow-list of fields that leave the server. Agencies answer with API tokens
// (Authorization: Bearer …); cookie-authenticated calls need the CSRF header like forms do.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { actionFields, described, LangField, problemResponses, requiring } from '../../../http/schemas.js';
import type { AppDeps } from '../../../manifest.js';
import { proposalCreate } from '../actions/proposal_create.js';
import { proposalEndorse } from '../actions/proposal_endorse.js';
import { proposalEndorsementWithdraw } from '../actions/proposal_endorsement_withdraw.js';
import { proposalExtend } from '../actions/proposal_extend.js';
import { proposalList } from '../actions/proposal_list.js';
import { proposalRespond } from '../actions/proposal_respond.js';
import { proposalSimilar } from '../actions/proposal_similar.js';
import { proposalCount, proposalShow } from '../actions/proposal_show.js';
import { CountOut, EndorseOut, OutcomeSchema, ProposalDetail, ProposalList } from '../schemas.js';
import { answerFromCache, cachePage, forgetPage, rateLimited } from './support.js';
import { cachedSettings } from '../settings.js';

const tags = ['proposals'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const withoutLang = <T extends Record<string, unknown>>(query: T) => {
  const { lang: _lang, ...rest } = query;
  return rest;
};
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const countKey = (request: FastifyRequest) => `${idOf(request)}:count:${request.locale}`;

export async function petitionApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/api/v1/proposals', {
    schema: {
      tags,
      operationId: proposalList.name,
      summary: 'Published proposals, with filters (status, agency, topic, date) and search',
      querystring: actionFields(proposalList.input, [], LangField),
      response: { 200: described('A page of published proposals and the total', ProposalList), ...problemResponses(400) },
    },
    handler: (request) => runAction(deps, request, proposalList, withoutLang(request.query)),
  });

  api.get('/api/v1/proposals/similar', {
    schema: {
      tags,
      operationId: proposalSimilar.name,
      summary: 'Published proposals similar to a title (used while typing a new proposal)',
      querystring: actionFields(proposalSimilar.input, ['limit'], LangField),
      response: { 200: described('Up to five similar proposals, most similar first', Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: Type.String(), endorsementCount: Type.Integer(), url: Type.String() }))), ...problemResponses(400) },
    },
    handler: (request) => runAction(deps, request, proposalSimilar, { title: request.query.title }),
  });

  api.get('/api/v1/proposals/:id', {
    schema: { tags, operationId: proposalShow.name, summary: 'One proposal: content, live count, timeline, response, follow-ups', params: Id, querystring: Type.Object(LangField), response: { 200: described('The proposal as the caller may see it', ProposalDetail), ...problemResponses(400, 404) } },
    handler: (request) => runAction(deps, request, proposalShow, { proposalId: request.params.id }),
  });

  api.get('/api/v1/proposals/:id/count', {
    schema: { tags, operationId: proposalCount.name, summary: 'The live endorsement count against the threshold, and days left', params: Id, querystring: Type.Object(LangField), response: { 200: described('The count, the threshold, the phase and the days left', CountOut), ...problemResponses(400, 404) } },
    // Many readers poll this during a viral proposal: one answer per proposal and language is
    // reused for the page cache's seconds (operator setting, 0 turns it off), like the page itself.
    onRequest: answerFromCache(deps, countKey, 'application/json; charset=utf-8'),
    handler: async (request, reply) => {
      const key = countKey(request);
      const result = await runAction(deps, request, proposalCount, { proposalId: request.params.id });
      const json = String(reply.serialize(result));
      cachePage(deps, key, json, (await cachedSettings(deps.services)).pageCacheSeconds);
      // A string with a JSON content type is sent as it is (already serialized by this route's schema).
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  });

  api.post('/api/v1/proposals', {
    schema: {
      tags,
      operationId: proposalCreate.name,
      summary: 'Propose: creates the proposal and submits it for review (or keeps a draft with draft: true)',
      security: [{ bearer: [] }],
      body: actionFields(proposalCreate.input, ['submit'], { draft: Type.Optional(Type.Boolean({ description: 'Keep a draft instead of submitting for review' })) }),
      response: { 201: described('The proposal, in review (or a draft), and the day its review is due', Type.Object({ id: Type.String(), status: Type.String(), reviewDueOn: Type.Union([Type.String(), Type.Null()]) })), ...problemResponses(400, 401, 403, 409, 415, 429) },
    },
    config: { runs: [proposalCreate] },
    preHandler: rateLimited(deps, 'propose'),
    handler: async (request, reply) => {
      const { draft, ...fields } = request.body;
      const created = await runAction(deps, request, proposalCreate, { ...fields, submit: !draft });
      return reply.status(201).send(created);
    },
  });

  api.post('/api/v1/proposals/:id/endorsements', {
    schema: {
      tags,
      operationId: proposalEndorse.name,
      summary: 'Endorse once (409 if already endorsed), with an optional public comment',
      security: [{ bearer: [] }],
      params: Id,
      body: actionFields(proposalEndorse.input, ['proposalId']),
      response: { 201: described('Endorsed: the new count, and whether the proposal is now established', EndorseOut), ...problemResponses(400, 401, 403, 404, 409, 415, 429) },
    },
    config: { runs: [proposalEndorse] },
    // One click: a request without a body endorses without a comment.
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    preHandler: rateLimited(deps, 'endorse'),
    handler: async (request, reply) => {
      const result = await runAction(deps, request, proposalEndorse, { proposalId: idOf(request), ...request.body });
      if (result.established) await forgetPage(deps, idOf(request));
      return reply.status(201).send(result);
    },
  });

  api.delete('/api/v1/proposals/:id/endorsements/me', {
    schema: {
      tags,
      operationId: proposalEndorsementWithdraw.name,
      summary: 'Withdraw your endorsement while endorsement is open',
      security: [{ bearer: [] }],
      params: Id,
      response: { 200: described('Withdrawn: the new count', Type.Object({ count: Type.Integer() })), ...problemResponses(401, 404, 409, 429) },
    },
    config: { runs: [proposalEndorsementWithdraw] },
    preHandler: rateLimited(deps, 'endorse'),
    handler: (request) => runAction(deps, request, proposalEndorsementWithdraw, { proposalId: request.params.id }),
  });

  api.post('/api/v1/proposals/:id/response', {
    schema: {
      tags,
      operationId: proposalRespond.name,
      summary: 'Publish the lead agency’s response (outcome, reasons, follow-up actions); agency tokens only',
      security: [{ bearer: [] }],
      params: Id,
      // The page may publish a saved draft; through the API the answer comes whole.
      body: requiring(actionFields(proposalRespond.input, ['proposalId']), ['outcome', 'reasons']),
      response: { 200: described('Answered: the outcome, and whether it came by the due day', Type.Object({ id: Type.String(), status: Type.String(), outcome: OutcomeSchema, onTime: Type.Boolean() })), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    config: { runs: [proposalRespond] },
    handler: async (request) => {
      const result = await runAction(deps, request, proposalRespond, { proposalId: request.params.id, ...request.body });
      await forgetPage(deps, request.params.id);
      return result;
    },
  });

  api.post('/api/v1/proposals/:id/extensions', {
    schema: {
      tags,
      operationId: proposalExtend.name,
      summary: 'Publish an extension notice: reasons and the new deadline (each ≤ 2 months, at most 2)',
      security: [{ bearer: [] }],
      params: Id,
      body: actionFields(proposalExtend.input, ['proposalId']),
      response: { 201: described('Extended: the new due day and how many extensions so far', Type.Object({ id: Type.String(), responseDueOn: Type.String(), extensionCount: Type.Integer() })), ...problemResponses(400, 401, 403, 404, 409, 415) },
    },
    config: { runs: [proposalExtend] },
    handler: async (request, reply) => {
      const result = await runAction(deps, request, proposalExtend, { proposalId: request.params.id, ...request.body });
      await forgetPage(deps, request.params.id);
      return reply.status(201).send(result);
    },
  });
}
