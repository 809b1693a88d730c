// Route handlers call actions through here, so every entry point passes the same request facts.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { AnyAction } from '../core/action.js';
import type { AppDeps } from '../manifest.js';
import type { Registry } from '../core/registry.js';

/** The actions a route runs, so their caller requirements are checked before the body is read. */
export type RouteActions = readonly AnyAction[] | ((request: FastifyRequest) => readonly AnyAction[]);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The actions this route runs. Required on every route that takes a body (POST, PUT, PATCH,
     * DELETE): their caller requirements are checked after authentication and before the body is
     * parsed, so a refused caller's upload is never read, let alone stored. An empty list says the
     * route runs no action (sign-out, language choice) and is open to anyone.
     */
    runs?: RouteActions;
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const takesBody = (method: RouteOptions['method']) => (Array.isArray(method) ? method : [method]).some((m) => BODY_METHODS.has(String(m)));

/**
 * Checks, before the body is parsed, that the caller meets the requirement of every action the
 * route declares, and records the body-taking routes that declare none (routesWithoutActions).
 */
export function registerCallerChecks(app: FastifyInstance, registry: Registry): { routesWithoutActions: string[] } {
  const routesWithoutActions: string[] = [];
  app.addHook('onRoute', (route) => {
    if (takesBody(route.method) && (route.config as { runs?: RouteActions } | undefined)?.runs === undefined) {
      routesWithoutActions.push(`${String(route.method)} ${route.url}`);
    }
  });
  app.addHook('preParsing', async (request, _reply, payload) => {
    const runs = (request.routeOptions.config as { runs?: RouteActions } | undefined)?.runs;
    if (runs) {
      const actions = typeof runs === 'function' ? runs(request) : runs;
      for (const action of actions) registry.checkCaller(action, request.actor);
    }
    return payload;
  });
  return { routesWithoutActions };
}

export function requestInfo(request: FastifyRequest) {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null, locale: request.locale };
}

export function runAction<A extends AnyAction>(deps: AppDeps, request: FastifyRequest, action: A, input: Static<A['input']> | unknown) {
  return deps.registry.call(action, input, { actor: request.actor, request: requestInfo(request) });
}

/** Strips the CSRF field and blank optional values from a form body before it reaches an action. */
export function formInput(body: unknown, keep: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (value === '' && !keep.includes(key)) continue;
    out[key] = value;
  }
  return out;
}
