// What this module's routes share: per-account and per-address rate limits, form helpers, and the
// short cache of anonymous proposal pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireLevel } from '../../../core/assurance.js';
import { AppError, type FieldError } from '../../../core/errors.js';
import type { AppDeps } from '../../../manifest.js';
import type { FormState } from '../../../web/components.js';
import { cachedSettings, type PetitionSettings } from '../settings.js';
import { forgetProposalPages, proposalPages } from '../page-cache.js';

type LimitKind = 'propose' | 'endorse';

/**
 * Two counters per request, one for the address and one for the account, in the platform's
 * rate-limit counters (shared by every app process on PostgreSQL). Limits are operator settings.
 */
export function rateLimited(deps: AppDeps, kind: LimitKind) {
  return async (request: FastifyRequest): Promise<void> => {
    const settings: PetitionSettings = await cachedSettings(deps.services);
    const perAddress = settings[`${kind}PerAddress`];
    const perAccount = settings[`${kind}PerAccount`];
    const addressKey = `petitions:${kind}:ip:${request.ip}`;
    // Anonymous requests are refused later; they still count against their address.
    const accountKey = request.actor ? `petitions:${kind}:user:${request.actor.userId}` : `petitions:${kind}:anonymous:${request.ip}`;
    const [address, account] = await deps.services.rateLimits.hit([
      { key: addressKey, windowMs: perAddress.windowSeconds * 1000 },
      { key: accountKey, windowMs: perAccount.windowSeconds * 1000 },
    ]);
    if (address.current > perAddress.max) throw new AppError('RATE_LIMITED', 'error.rate_limited');
    if (request.actor && account.current > perAccount.max) throw new AppError('RATE_LIMITED', 'error.rate_limited');
  };
}

export function requireSignedIn(request: FastifyRequest) {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

/**
 * The proposal form is for proposing: a session below the operator's proposing level goes through
 * the step-up sign-in first (STEP_UP_REQUIRED on a GET) and comes back to the form.
 */
export async function requireProposeLevel(deps: AppDeps, request: FastifyRequest): Promise<void> {
  requireLevel(requireSignedIn(request), (await cachedSettings(deps.services)).proposeLevel);
}

export function requireRoles(request: FastifyRequest, roles: string[]) {
  const actor = requireSignedIn(request);
  if (!roles.includes(actor.role)) throw new AppError('FORBIDDEN', 'error.forbidden');
  return actor;
}

export function text(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  return typeof value === 'string' ? value : '';
}

export function list(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function queryText(query: unknown, name: string, max = 200): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/**
 * A refused action as a form state: field errors beside their fields, a field-less refusal
 * (a conflict, a missing verification) as the summary's first line. Other errors propagate.
 */
export function formFailure(error: unknown, values: Record<string, unknown>): { status: number; state: FormState } {
  if (!(error instanceof AppError) || !['INVALID', 'CONFLICT', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND'].includes(error.code)) throw error;
  if (error.code === 'FORBIDDEN' && error.fields.length === 0) throw error;
  if (error.code === 'NOT_FOUND' && error.fields.length === 0) throw error;
  const fields: FieldError[] = error.fields.filter((f) => !f.field.startsWith('verification.'));
  const errors: FieldError[] = error.message !== 'error.invalid_input' || fields.length === 0 ? [{ field: '_', message: error.message, params: error.params }, ...fields] : fields;
  return { status: error.status, state: { values, errors } };
}

export function cachePage(deps: AppDeps, key: string, html: string, seconds: number): void {
  proposalPages(deps.services.cache).set(key, html, seconds * 1000);
}

/**
 * A route-level onRequest hook that answers from the cache before body parsing, validation and the
 * handler: under a viral proposal most requests are these, and each skipped step is CPU.
 */
export function answerFromCache(deps: AppDeps, keyOf: (request: FastifyRequest) => string | null, contentType: string) {
  const cache = proposalPages(deps.services.cache);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = keyOf(request);
    const hit = key === null ? undefined : cache.get(key);
    if (hit === undefined) return;
    await reply.header('content-type', contentType).header('cache-control', 'no-store').send(hit);
    return reply;
  };
}

/** See forgetProposalPages. */
export function forgetPage(deps: AppDeps, proposalId: string): Promise<void> {
  return forgetProposalPages(deps.services.cache, proposalId);
}
