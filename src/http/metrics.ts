// Prometheus metrics at /metrics: request counts and latencies by route, plus process metrics.
// They tell an outsider the routes, load and versions, so they are not public: with METRICS_TOKEN
// set the scraper sends it as a bearer token; without it production does not serve them.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { sendProblem } from './errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

function mayReadMetrics(request: FastifyRequest, config: Pick<Config, 'env' | 'metricsToken'>): boolean {
  if (!config.metricsToken) return config.env !== 'production';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return !!match && timingSafeEqual(digest(match[1]!), digest(config.metricsToken));
}

export function registerMetrics(app: FastifyInstance, config: Pick<Config, 'env' | 'metricsToken'>): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'opengov_' });
  const duration = new client.Histogram({
    name: 'opengov_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // The Authorization header carries the metrics token, not a platform API token.
  app.get('/metrics', { schema: { hide: true }, config: { platformAuth: false } }, async (request, reply) => {
    if (!mayReadMetrics(request, config)) {
      // A scraper is no browser: a problem answer, never the sign-in redirect pages get.
      const refusal = config.metricsToken ? new AppError('UNAUTHENTICATED', 'error.unauthenticated') : new AppError('NOT_FOUND', 'error.not_found');
      return sendProblem(request, reply, refusal);
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
