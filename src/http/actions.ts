// Route handlers call actions through here, so every entry point passes the same request facts.
import type { FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { AnyAction } from '../core/action.js';
import type { AppDeps } from '../manifest.js';

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
