// JSON API for the agency directory. The response schemas are the allow-list of what leaves.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { actionFields, addSharedSchemas, described, LangField, problemResponses, refTo } from '../../../http/schemas.js';
import type { AppDeps } from '../../../manifest.js';
import { agencyList, agencyShow } from '../actions/agencies.js';
import { Agency } from '../schemas.js';

const AgencyListQuery = actionFields(agencyList.input, [], LangField);

const AgencyListResponse = Type.Object({
  count: Type.Integer(),
  agencies: Type.Array(refTo(Agency)),
});

const AgencyDetail = Type.Object({
  agency: refTo(Agency),
  ancestors: Type.Array(refTo(Agency), { description: 'From the top-level agency down to the direct parent' }),
  children: Type.Array(refTo(Agency)),
  staffCount: Type.Integer({ description: 'Agency staff and admins registered on the platform' }),
});

export async function agencyApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  addSharedSchemas(app, [Agency]);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/v1/agencies', {
    schema: {
      tags: ['agencies'],
      operationId: agencyList.name,
      summary: 'List agencies',
      description: 'All agencies, optionally filtered by words of their name or by kind. Without a query they come ordered by level, then code.',
      querystring: AgencyListQuery,
      response: { 200: described('The agencies and how many', AgencyListResponse), ...problemResponses(400) },
    },
    handler: async (request) => {
      const { q, kind } = request.query;
      const agencies = await runAction(deps, request, agencyList, { ...(q !== undefined && { q }), ...(kind && { kind }) });
      return { count: agencies.length, agencies };
    },
  });
  api.get('/api/v1/agencies/:code', {
    schema: {
      tags: ['agencies'],
      operationId: agencyShow.name,
      summary: 'One agency with its parent chain and sub-agencies',
      params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
      response: { 200: described('The agency, its parent chain and its sub-agencies', AgencyDetail), ...problemResponses(400, 404) },
    },
    handler: (request) => runAction(deps, request, agencyShow, { code: request.params.code }),
  });
}
