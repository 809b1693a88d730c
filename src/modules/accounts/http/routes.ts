import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { accountApi } from './api.js';
import { authPlugin } from './auth-plugin.js';
import { passkeyRoutes } from './passkeys.js';
import { accountPages } from './pages/index.js';

export async function accountPlugins(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(authPlugin, { services: deps.services });
}

export async function accountRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await accountApi(app, deps);
  await accountPages(app, deps);
  await passkeyRoutes(app, deps);
}
