import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { runAction } from '../../../http/actions.js';
import { addSharedSchemas, described, problemResponses, refTo } from '../../../http/schemas.js';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../manifest.js';
import { meShow, meUpdate } from '../actions/profile.js';
import { Me, ProfileChanges } from '../schemas.js';
import { ApiTokenSummary, apiTokenList } from '../actions/tokens.js';

export async function accountApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  addSharedSchemas(app, [Me, ApiTokenSummary]);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/v1/me', {
    schema: { tags: ['accounts'], operationId: meShow.name, summary: 'The signed-in user', security: [{ bearer: [] }], response: { 200: refTo(Me), ...problemResponses(401) } },
    handler: (request) => runAction(deps, request, meShow, {}),
  });
  api.patch('/api/v1/me', {
    schema: {
      tags: ['accounts'],
      operationId: meUpdate.name,
      summary: 'Change profile fields',
      security: [{ bearer: [] }],
      body: ProfileChanges,
      response: { 200: refTo(Me), ...problemResponses(400, 401, 403, 415) },
    },
    config: { rateLimit: { max: 60, timeWindow: 60_000 }, runs: [meUpdate] },
    handler: (request) => runAction(deps, request, meUpdate, request.body),
  });
  api.get('/api/v1/tokens', {
    schema: {
      tags: ['accounts'],
      operationId: apiTokenList.name,
      summary: "The signed-in user's API tokens, with when each expires",
      security: [{ bearer: [] }],
      response: { 200: described('The tokens not revoked, newest first; expired ones say so', Type.Array(refTo(ApiTokenSummary))), ...problemResponses(401) },
    },
    handler: (request) => runAction(deps, request, apiTokenList, {}),
  });
}
