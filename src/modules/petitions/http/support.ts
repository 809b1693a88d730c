// What this module's routes share: per-account and per-address rate limits, form helpers, and the
// short cache of anonymous proposal pages.
import type { FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../../core/errors.js';
import type { AppDeps } from '../../../manifest.js';
import '../../../http/rate-limit-store.js';
import { prepare } from '../prepared.js';
import type { FormState } from '../../../web/components.js';
import { loadSettings, type PetitionSettings } from '../settings.js';

type LimitKind = 'propose' | 'endorse';

// The same atomic upsert as the shared rate-limit store (a fresh window starts at 1, a live one
// counts up), for the address and the account in one statement and one round trip, prepared once:
// it runs on every endorsement.
const hitQuery = prepare(5, (db, addressKey: string, addressEnds: number, accountKey: string, accountEnds: number, nowMs: number) =>
  db
    .insertInto('rate_limits')
    .values([
      { key: addressKey, count: 1, window_ends_ms: addressEnds },
      { key: accountKey, count: 1, window_ends_ms: accountEnds },
    ])
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(1).else(eb('rate_limits.count', '+', 1)).end(),
        window_ends_ms: eb.case().when('rate_limits.window_ends_ms', '<=', nowMs).then(eb.ref('excluded.window_ends_ms')).else(eb.ref('rate_limits.window_ends_ms')).end(),
      })),
    )
    .returning(['key', 'count']),
);

/**
 * Two counters per request, one for the address and one for the account, in the shared
 * rate-limit table (so every app process counts together). Limits are operator settings.
 */
export function rateLimited(deps: AppDeps, kind: LimitKind) {
  return async (request: FastifyRequest): Promise<void> => {
    const { db, dialect, clock } = deps.services;
    const settings: PetitionSettings = await loadSettings(db);
    const nowMs = clock.now().getTime();
    const perAddress = settings[`${kind}PerAddress`];
    const perAccount = settings[`${kind}PerAccount`];
    const addressKey = `petitions:${kind}:ip:${request.ip}`;
    // Anonymous requests are refused later; they still count against their address.
    const accountKey = request.actor ? `petitions:${kind}:user:${request.actor.userId}` : `petitions:${kind}:anonymous:${request.ip}`;
    const rows = await hitQuery.execute(db, dialect, addressKey, nowMs + perAddress.windowSeconds * 1000, accountKey, nowMs + perAccount.windowSeconds * 1000, nowMs);
    const count = (key: string) => Number(rows.find((r) => r.key === key)?.count ?? 0);
    if (count(addressKey) > perAddress.max) throw new AppError('RATE_LIMITED', 'error.rate_limited');
    if (request.actor && count(accountKey) > perAccount.max) throw new AppError('RATE_LIMITED', 'error.rate_limited');
  };
}

export function requireSignedIn(request: FastifyRequest) {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
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

// Anonymous proposal pages are the same for everyone in a language; under a viral proposal they
// are rendered once per second per language instead of once per reader. Counts on them may lag by
// that second; the JSON count endpoint is never cached.
const pageCache = new Map<string, { html: string; expires: number }>();
const MAX_CACHED = 2000;

export function cachedPage(key: string): string | null {
  const entry = pageCache.get(key);
  if (!entry) return null;
  if (entry.expires < Date.now()) {
    pageCache.delete(key);
    return null;
  }
  return entry.html;
}

export function cachePage(key: string, html: string, seconds: number): void {
  if (seconds <= 0) return;
  if (pageCache.size >= MAX_CACHED) pageCache.delete(pageCache.keys().next().value as string);
  pageCache.set(key, { html, expires: Date.now() + seconds * 1000 });
}

/** Called after a change that is not just a count (a status, a response): readers see it at once. */
export function forgetPage(proposalId: string): void {
  for (const key of pageCache.keys()) if (key.startsWith(`${proposalId}:`)) pageCache.delete(key);
}
