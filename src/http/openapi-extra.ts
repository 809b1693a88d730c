// Operations the route table cannot describe by itself (the CKAN Action API answers every action on
// one `/:action` route): a module describes them here and the served OpenAPI document includes them.
import type { FastifyInstance } from 'fastify';

type JsonObject = Record<string, unknown>;

export interface ExtraDocumentation {
  paths: Record<string, JsonObject>;
  /** Added to components.schemas, each by its name. */
  schemas?: Record<string, JsonObject>;
  securitySchemes?: Record<string, JsonObject>;
  tags?: Array<{ name: string; description: string }>;
}

const extras = new WeakMap<FastifyInstance, ExtraDocumentation[]>();

export function documentOperations(app: FastifyInstance, documentation: ExtraDocumentation): void {
  extras.set(app, [...(extras.get(app) ?? []), documentation]);
}

/** The swagger plugin's document with every described operation merged in. */
export function withExtraOperations<T extends { paths?: JsonObject; components?: { schemas?: JsonObject; securitySchemes?: JsonObject }; tags?: unknown[] }>(
  app: FastifyInstance,
  document: T,
): T {
  const added = extras.get(app) ?? [];
  if (added.length === 0) return document;
  return {
    ...document,
    paths: Object.assign({}, document.paths, ...added.map((d) => d.paths)),
    components: {
      ...document.components,
      schemas: Object.assign({}, document.components?.schemas, ...added.map((d) => d.schemas ?? {})),
      securitySchemes: Object.assign({}, document.components?.securitySchemes, ...added.map((d) => d.securitySchemes ?? {})),
    },
    tags: [...(document.tags ?? []), ...added.flatMap((d) => d.tags ?? [])],
  };
}
