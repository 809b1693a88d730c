// One place that turns any error into a response: problem+json under /api, an HTML page elsewhere.
// 5xx details are logged, never shown.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import { AppError, type ErrorCode } from '../core/errors.js';
import { t } from '../core/i18n/index.js';
import { fieldErrorsFromRouteSchema, type RouteSchemaError } from './route-validation.js';
import { ErrorPage } from '../web/error-page.js';
import { pageContext, sendPage } from './views.js';

const codeByFastifyError: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'error.body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'error.unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID', message: 'error.malformed_json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID', message: 'error.invalid_input' },
  FST_CSRF_INVALID_TOKEN: { code: 'FORBIDDEN', message: 'error.csrf' },
  FST_CSRF_MISSING_SECRET: { code: 'FORBIDDEN', message: 'error.csrf' },
  FST_ERR_VALIDATION: { code: 'INVALID', message: 'error.invalid_input' },
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: RouteSchemaError[] };
  if (e?.validation) return new AppError('INVALID', 'error.invalid_input', fieldErrorsFromRouteSchema(e.validation));
  const known = e?.code ? codeByFastifyError[e.code] : undefined;
  if (known) return new AppError(known.code, known.message);
  if (e?.statusCode === 429) return new AppError('RATE_LIMITED', 'error.rate_limited');
  if (e?.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', 'error.body_too_large');
  if (e?.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'error.unsupported_media_type');
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('INVALID', 'error.invalid_input');
  return new AppError('INTERNAL', 'error.internal');
}

export const wantsJson = (request: FastifyRequest) =>
  request.url.startsWith('/api/') || request.url === '/openapi.json' || (request.headers.accept ?? '').startsWith('application/json');

export function problemBody(request: FastifyRequest, error: AppError) {
  return {
    type: `about:blank`,
    title: error.code,
    status: error.status,
    detail: t(request.locale ?? 'en', error.message, error.params),
    code: error.code,
    ...(error.code === 'STEP_UP_REQUIRED' && { requiredLevel: Number(error.params.level), requiredAcr: String(error.params.acr) }),
    ...(error.fields.length > 0 && {
      errors: error.fields.map((f) => ({ field: f.field, message: t(request.locale ?? 'en', f.message, f.params) })),
    }),
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  return reply.status(error.status).type('application/problem+json').send(problemBody(request, error));
}

/** The step-up sign-in for a level, returning to `back` (the step-up page checks it again). */
export const stepUpHref = (back: string, error: AppError) => `/step-up?level=${Number(error.params.level)}&next=${encodeURIComponent(back)}`;

function sendErrorPage(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  const ctx = pageContext(request, reply);
  const title = error.status === 404 ? ctx.t('error.not_found_title') : error.status >= 500 ? ctx.t('error.internal_title') : ctx.t('error.title');
  const action = error.code === 'STEP_UP_REQUIRED' ? { href: stepUpHref('/account', error), label: ctx.t('error.step_up_link') } : undefined;
  return sendPage(reply, h(ErrorPage, { ctx, title, message: ctx.t(error.message, error.params), action }) as VNode, error.status);
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    else if (appError.code === 'UNAUTHENTICATED' && !wantsJson(request) && request.headers.authorization === undefined) {
      // Signing in helps a browser without a session (a form POST returns to its form, `returnTo`); a
      // request with a bad token would bring the same token to /signin and be sent on again without
      // end, so it gets its 401 page once.
      const back = request.method === 'GET' ? request.url : request.routeOptions.config?.returnTo?.(request);
      if (back) return reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
    } else if (appError.code === 'STEP_UP_REQUIRED' && !wantsJson(request)) {
      const back = request.method === 'GET' ? request.url : request.routeOptions.config?.returnTo?.(request);
      if (back) return reply.redirect(stepUpHref(back, appError), 303);
    }
    if (appError.code === 'RATE_LIMITED') reply.header('retry-after', '60');
    return wantsJson(request) ? sendProblem(request, reply, appError) : sendErrorPage(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', 'error.not_found');
    return wantsJson(request) ? sendProblem(request, reply, error) : sendErrorPage(request, reply, error);
  });
}
