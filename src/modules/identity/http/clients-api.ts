// JSON API of the relying-party registry. The response schemas are the allow-list of what leaves;
// a client secret leaves only in the answer to the request that made it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../http/actions.js';
import { actionFields, addSharedSchemas, described, problemResponses, refTo } from '../../../http/schemas.js';
import type { AppDeps } from '../../../manifest.js';
import { oidcClientCreate, oidcClientList, oidcClientSecretRotate, oidcClientSetDisabled, oidcClientShow, oidcClientUpdate } from '../actions/clients.js';
import { OidcClient, OidcClientInput } from '../schemas.js';

const tags = ['identity'];
const security = [{ bearer: [] }];
const ClientParams = Type.Object({ clientId: Type.String({ maxLength: 100 }) });
const WithSecret = Type.Object({
  client: refTo(OidcClient),
  clientSecret: Type.Union([Type.String(), Type.Null()], { description: 'client_secret_basic: the new secret, shown only in this answer' }),
});

export async function clientApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  addSharedSchemas(app, [OidcClient]);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/v1/oidc-clients', {
    schema: {
      tags,
      security,
      operationId: oidcClientList.name,
      summary: 'Relying parties the caller manages',
      description: 'All relying parties for platform admins; their own agency’s for agency admins.',
      response: { 200: described('The relying parties', Type.Object({ clients: Type.Array(refTo(OidcClient)) })), ...problemResponses(401, 403) },
    },
    handler: async (request) => ({ clients: await runAction(deps, request, oidcClientList, {}) }),
  });
  api.post('/api/v1/oidc-clients', {
    schema: {
      tags,
      security,
      operationId: oidcClientCreate.name,
      summary: 'Register a relying party',
      body: OidcClientInput,
      response: { 201: described('The registered relying party, with its secret when it uses one', WithSecret), ...problemResponses(400, 401, 403, 415) },
    },
    config: { runs: [oidcClientCreate] },
    handler: async (request, reply) => reply.status(201).send(await runAction(deps, request, oidcClientCreate, request.body)),
  });
  api.get('/api/v1/oidc-clients/:clientId', {
    schema: { tags, security, operationId: oidcClientShow.name, summary: 'One relying party', params: ClientParams, response: { 200: described('The relying party (never its secret)', refTo(OidcClient)), ...problemResponses(401, 403, 404) } },
    handler: (request) => runAction(deps, request, oidcClientShow, { clientId: request.params.clientId }),
  });
  api.put('/api/v1/oidc-clients/:clientId', {
    schema: {
      tags,
      security,
      operationId: oidcClientUpdate.name,
      summary: 'Change a relying party’s settings',
      description: 'Every setting is given; a client that moves to client_secret_basic gets a secret in the answer.',
      params: ClientParams,
      body: OidcClientInput,
      response: { 200: described('The changed relying party', WithSecret), ...problemResponses(400, 401, 403, 404, 415) },
    },
    config: { runs: [oidcClientUpdate] },
    handler: (request) => runAction(deps, request, oidcClientUpdate, { clientId: request.params.clientId, changes: request.body }),
  });
  api.post('/api/v1/oidc-clients/:clientId/secret', {
    schema: {
      tags,
      security,
      operationId: oidcClientSecretRotate.name,
      summary: 'Replace a relying party’s secret',
      params: ClientParams,
      response: { 200: described('The new secret (the old one no longer works)', Type.Object({ clientId: Type.String(), clientSecret: Type.String() })), ...problemResponses(400, 401, 403, 404) },
    },
    config: { runs: [oidcClientSecretRotate] },
    handler: (request) => runAction(deps, request, oidcClientSecretRotate, { clientId: request.params.clientId }),
  });
  api.put('/api/v1/oidc-clients/:clientId/disabled', {
    schema: {
      tags,
      security,
      operationId: oidcClientSetDisabled.name,
      summary: 'Disable or enable a relying party',
      params: ClientParams,
      body: actionFields(oidcClientSetDisabled.input, ['clientId']),
      response: { 200: described('The relying party as it is now', refTo(OidcClient)), ...problemResponses(400, 401, 403, 404, 415) },
    },
    config: { runs: [oidcClientSetDisabled] },
    handler: (request) => runAction(deps, request, oidcClientSetDisabled, { clientId: request.params.clientId, disabled: request.body.disabled }),
  });
}
