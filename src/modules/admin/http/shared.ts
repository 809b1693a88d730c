// Small helpers the admin pages share: page guards, query parsing, form-error handling.
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import type { FormState } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import type { Crumb } from '../../../web/layout.js';

/**
 * Pages whose data comes from a public action (the agency list) still belong to the admin area:
 * they check the role here. Actions stay the real gate for every write.
 */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): void {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (!roles.includes(request.actor.role)) throw new AppError('FORBIDDEN', 'error.forbidden');
}

export const PLATFORM_ADMIN: readonly Role[] = ['platform_admin'];
export const USER_MANAGERS: readonly Role[] = ['platform_admin', 'agency_admin'];

/** Errors a form can show beside its fields; anything else propagates to the error page. */
export function formErrorOrThrow(error: unknown): AppError {
  if (error instanceof AppError && (error.code === 'INVALID' || error.code === 'CONFLICT') && error.fields.length > 0) return error;
  throw error;
}

export const failedForm = (values: Record<string, unknown>, error: AppError): FormState => ({ values, errors: error.fields });

export function queryText(query: unknown, name: string, max = 200): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

export function queryPage(query: unknown, name = 'page'): number {
  const n = Number(queryText(query, name, 10));
  return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
}

export function queryChoice<T extends string>(query: unknown, name: string, choices: readonly T[]): T | undefined {
  const value = queryText(query, name, 100);
  return (choices as readonly string[]).includes(value) ? (value as T) : undefined;
}

export const adminCrumbs = (ctx: PageContext, ...rest: Crumb[]): Crumb[] => [{ href: '/admin', label: ctx.t('admin.title') }, ...rest];

/** A page context that renders as if at another URL (after a POST that re-renders a list page). */
export function contextAt(ctx: PageContext, path: string, query: URLSearchParams): PageContext {
  return { ...ctx, path, query };
}
