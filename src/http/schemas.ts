// Schemas shared by the JSON routes. Each has an `$id`, is added to the app once (addSchema) and is
// referred to by `$ref` (refTo), so the OpenAPI document lists it once under components.schemas.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the problem type; `about:blank` when the status says it all' }),
    title: Type.String({ description: 'The stable error code (as `code`)' }),
    status: Type.Integer(),
    detail: Type.String({ description: "What went wrong, in the caller's language (zh-TW or en)" }),
    code: Type.String({ description: 'INVALID, UNAUTHENTICATED, FORBIDDEN, STEP_UP_REQUIRED, NOT_FOUND, CONFLICT, GONE, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, LOCKED, RATE_LIMITED or INTERNAL' }),
    requiredLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, description: 'With STEP_UP_REQUIRED: the assurance level the action needs (the caller has less)' })),
    requiredAcr: Type.Optional(Type.String({ description: 'With STEP_UP_REQUIRED: the same level as an `acr` value (urn:opengov:loa:N)' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String({ description: "In the caller's language" }) }), { description: 'One entry per invalid field' }),
    ),
  },
  { $id: 'Problem', title: 'Problem', description: 'RFC 9457 problem details' },
);

/** A reference to a shared schema, typed as the schema itself; the app must have it (addSharedSchemas). */
export function refTo<T extends TSchema>(schema: T) {
  if (!schema.$id) throw new Error('a shared schema needs an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}

/** Adds schemas for `$ref` (each once): the core's by default, a module's before its routes. */
export function addSharedSchemas(app: FastifyInstance, schemas: TSchema[] = [Problem]): void {
  for (const schema of schemas) if (!app.getSchema(schema.$id!)) app.addSchema(schema);
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input: `errors` lists each field',
  401: 'Not signed in, or the token is missing or unknown',
  403: 'Signed in but not allowed (FORBIDDEN), or allowed only at a higher assurance level (STEP_UP_REQUIRED, with `requiredLevel`)',
  404: 'No such resource, or not visible to the caller',
  409: 'Conflicts with the current state',
  410: 'No longer available',
  413: 'The body is too large',
  415: 'The content type is not accepted',
  423: 'Locked for now',
  429: 'Too many requests; try again after `Retry-After` seconds',
};

const problemRef = refTo(Problem);

/** Error responses as served: `application/problem+json` with the shared Problem schema. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: problemDescriptions[s] ?? 'Problem details', content: { 'application/problem+json': { schema: problemRef } } }]),
  ) as Record<number, { description: string; content: { 'application/problem+json': { schema: typeof problemRef } } }>;

/**
 * A route's body or query string made from an action's input, so the route checks (and the document
 * states) what the action accepts: the fields the route fills itself (path parameters, flags it
 * sets) left out, the few it reads for itself (`lang`, `draft`) added. Unknown fields are refused
 * when the action refuses them.
 */
export function actionFields<T extends TObject, K extends keyof T['properties'] & string, E extends TProperties = Record<never, never>>(input: T, leaveOut: readonly K[], extra?: E) {
  const closed = input.additionalProperties === false;
  return Type.Composite([Type.Omit(input, [...leaveOut]), Type.Object(extra ?? ({} as E))], closed ? { additionalProperties: false } : {});
}

/** A route body that asks for more than the action does: these optional fields of it made required. */
export function requiring<T extends TObject, K extends keyof T['properties'] & string>(schema: T, keys: readonly K[]) {
  const closed = schema.additionalProperties === false;
  return Type.Composite([Type.Omit(schema, [...keys]), Type.Required(Type.Pick(schema, [...keys]))], closed ? { additionalProperties: false } : {});
}

/**
 * A success response with what it is: @fastify/swagger takes a response's description from
 * `x-response-description` (and removes the keyword), else from the schema, else writes "Default
 * Response". A `$ref` is resolved before the keyword is read, so a reference carries `description`.
 */
export function described<T extends TSchema>(description: string, schema: T): T {
  return { ...schema, ...(schema.$ref ? { description } : { 'x-response-description': description }) };
}

/** `?lang=` is accepted by every JSON route (it picks the language of messages). */
export const LangField = { lang: Type.Optional(Type.String({ maxLength: 10, description: 'zh-TW or en: the language of messages' })) };
