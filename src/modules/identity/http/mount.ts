// Mounts the provider in the Fastify app. Its protocol endpoints (under /oidc and the discovery
// document) are handed to the provider's own request handler untouched: no platform authentication
// (the Authorization header carries client credentials or the provider's own tokens), no CSRF (the
// protocol has its own protections) and no body parsing (the provider reads the body itself).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { AppDeps } from '../../../manifest.js';
import { accountSignOut } from '../../accounts/manifest.js';
import { buildProvider, OIDC_PREFIX } from '../provider.js';
import { providerCache } from '../provider-cache.js';
import { providerPages } from './provider-pages.js';

type NodeHandler = ReturnType<Provider['callback']>;
const handlers = new WeakMap<Provider, NodeHandler>();

const building = new WeakMap<AppDeps['services'], Promise<Provider>>();

/**
 * The process's provider, built on first use and again after the signing keys rotated. Requests
 * that arrive while it is being built wait for that one build: concurrent builds would each
 * unseal the keys and, on a new database, each create signing keys.
 */
export function currentProvider(deps: AppDeps): Promise<Provider> {
  const { services } = deps;
  const cached = providerCache<Provider>(services).get('provider');
  if (cached) return Promise.resolve(cached);
  let build = building.get(services);
  if (!build) {
    build = providerCache<Provider>(services)
      .getOrLoad('provider', async () => {
        const provider = await buildProvider(services, providerPages);
        watchLogout(provider, deps);
        return provider;
      })
      .finally(() => building.delete(services));
    building.set(services, build);
  }
  return build;
}

/** Signing out at the provider (RP-initiated logout) also ends the platform session it was based on. */
function watchLogout(provider: Provider, deps: AppDeps): void {
  provider.on('end_session.success', (ctx) => {
    const token = ctx.cookies.get('og_session');
    if (token) void deps.registry.call(accountSignOut, { sessionToken: token }, { actor: null }).catch((error: unknown) => deps.services.logger.warn({ err: error }, 'platform sign-out after OIDC logout failed'));
  });
}

export async function mountProvider(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    // The provider parses its own bodies: leave the request stream unread here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const provider = await currentProvider(deps);
      let handle = handlers.get(provider);
      if (!handle) handlers.set(provider, (handle = provider.callback()));
      reply.hijack();
      handle(request.raw, reply.raw);
    };
    const config = { platformAuth: false as const, csrf: false, runs: [] };
    scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: `${OIDC_PREFIX}/*`, config, schema: { hide: true }, handler });
    scope.route({ method: ['GET', 'OPTIONS'], url: '/.well-known/openid-configuration', config, schema: { hide: true }, handler });
  });
}
