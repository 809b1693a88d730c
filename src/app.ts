// Builds the Fastify app: shared plugins first, then every module listed in modules.ts.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Services } from './core/action.js';
import { registerMessages, negotiateLocale } from './core/i18n/index.js';
import { coreMessages } from './core/i18n/core-messages.js';
import { JobRunner } from './core/jobs/index.js';
import { writeCheckpoint } from './core/audit/checkpoints.js';
import { auditKeys } from './core/audit/keys.js';
import { Registry } from './core/registry.js';
import { databaseIsReachable } from './core/db/adapters.js';
import { registerBodyParsers } from './http/body.js';
import { registerErrorHandlers } from './http/errors.js';
import { addSharedSchemas } from './http/schemas.js';
import { withExtraOperations } from './http/openapi-extra.js';
import { registerMetrics } from './http/metrics.js';
import { rateLimitStore } from './http/rate-limit-store.js';
import { readFlashes, setFlash, setNavigation } from './http/views.js';
import { registerCallerChecks } from './http/actions.js';
import './http/types.js';
import type { AppDeps } from './manifest.js';
import { modules } from './modules.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const uswdsDist = path.resolve(path.dirname(require.resolve('@uswds/uswds/css/uswds.min.css')), '..');

registerMessages(coreMessages);
for (const m of modules) if (m.messages) registerMessages(m.messages);

export interface BuiltApp {
  app: FastifyInstance;
  registry: Registry;
  jobs: JobRunner;
  deps: AppDeps;
  /** Body-taking routes that declare no actions (config.runs); a test keeps this empty. */
  routesWithoutActions: string[];
}

export function createRegistry(services: Services): Registry {
  const registry = new Registry(services);
  for (const m of modules) registry.register(...m.actions);
  return registry;
}

export function createJobRunner(deps: AppDeps): JobRunner {
  const { services } = deps;
  const jobs = new JobRunner(services.db, services.clock, (job, error) => services.logger.error({ err: error, job }, 'job failed'));
  jobs.addRecurring({ name: 'core.deliver_outbox', everySeconds: 30, run: async () => void (await services.mail.flush(), await services.sms.flush()) });
  jobs.addRecurring({ name: 'core.prune_rate_limits', everySeconds: 3600, run: () => services.rateLimits.prune() });
  jobs.addRecurring({ name: 'core.audit_checkpoint', everySeconds: 60, run: async () => void (await writeCheckpoint(services.db, auditKeys(services.config.secret), services.config.dataDir, services.clock)) });
  for (const m of modules) {
    for (const job of m.jobs?.(deps) ?? []) jobs.addRecurring(job);
    for (const handler of m.taskHandlers?.(deps) ?? []) jobs.addHandler(handler);
  }
  return jobs;
}

export async function buildApp(services: Services): Promise<BuiltApp> {
  const { config } = services;
  const registry = createRegistry(services);
  const deps: AppDeps = { services, registry, modules };
  const jobs = createJobRunner(deps);

  // pino's Logger type is narrower than Fastify's base logger; the instance is used as a plain one.
  const app = Fastify({
    loggerInstance: services.logger,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  }) as unknown as FastifyInstance;

  registerBodyParsers(app);
  registerErrorHandlers(app);

  // Security headers (CSP and the rest) from helmet, built once: @fastify/helmet rebuilt helmet's
  // middleware on every request, which showed in profiles of the busiest endpoints.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  const httpsOnly = config.baseUrl.startsWith('https:');
  // Every cookie the app sets (flash, language, CSRF, session) is Secure when the site is served over https.
  await app.register(cookie, { secret: config.secret, parseOptions: { secure: httpsOnly } });
  await app.register(csrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: httpsOnly },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? (request.headers['x-csrf-token'] as string | undefined) ?? '';
    },
  });
  await app.register(rateLimit, { global: false, store: rateLimitStore(services.rateLimits) as never, skipOnError: false });

  app.decorateRequest('actor', null);
  app.decorateRequest('viewer', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('locale', 'zh-TW');
  app.decorateRequest('flashes', null as never);
  app.decorateReply('flash', function (this: import('fastify').FastifyReply, flash) {
    setFlash(this, flash);
  });

  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const chosen = query?.lang ?? request.cookies.lang;
    request.locale = negotiateLocale(chosen, request.headers['accept-language']);
    if (query?.lang && query.lang !== request.cookies.lang && (query.lang === 'en' || query.lang === 'zh-TW')) {
      reply.setCookie('lang', query.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
    }
    request.flashes = readFlashes(request);
  });

  // What answers a signed-in caller is theirs alone: no shared or browser cache may keep it. JSON always
  // (a module's public caching is for anonymous readers), other answers unless their route chose.
  app.addHook('onSend', async (request, reply) => {
    if (!request.actor && request.headers.authorization === undefined) return;
    const type = String(reply.getHeader('content-type') ?? '');
    if (/[/+]json\b/.test(type) || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // Forms and cookie-authenticated API calls need a CSRF token; bearer-token API calls do not
  // (a browser never attaches a bearer token on its own).
  app.addHook('preValidation', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
    if (request.authVia === 'token') return done();
    // Routes that never act on a session cookie (the CKAN API) opt out with config.csrf = false.
    if ((request.routeOptions.config as { csrf?: boolean } | undefined)?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  const { routesWithoutActions } = registerCallerChecks(app, registry);
  addSharedSchemas(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'opengov API',
        version: '1',
        description: 'JSON API of the opengov platform. Authenticate with `Authorization: Bearer <token>`.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: config.baseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      // Anonymous callers are welcome unless an operation says otherwise; a token is always accepted.
      security: [{}, { bearer: [] }],
    },
    hideUntagged: true,
    // Shared schemas keep their $id as their name under components.schemas.
    // Operations a module describes itself (the CKAN Action API's one route answers many actions).
    transformObject: (document) => ('openapiObject' in document ? withExtraOperations(app, document.openapiObject) : document.swaggerObject),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(fastifyStatic, { root: uswdsDist, prefix: '/assets/uswds/', maxAge: '7d', decorateReply: false });
  await app.register(fastifyStatic, { root: path.join(here, 'web', 'assets'), prefix: '/assets/', maxAge: '1h', decorateReply: false, index: false });

  registerMetrics(app, config);
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const dbOk = await databaseIsReachable(services.db);
    return reply.status(dbOk ? 200 : 503).send({ status: dbOk ? 'ok' : 'unavailable', database: services.dialect, checks: { database: dbOk } });
  });

  setNavigation(modules.flatMap((m) => m.nav ?? []));
  for (const m of modules) {
    if (m.plugins) await m.plugins(app, deps);
  }
  for (const m of modules) {
    if (m.routes) await m.routes(app, deps);
  }
  return { app, registry, jobs, deps, routesWithoutActions };
}
