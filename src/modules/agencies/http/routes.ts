import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { agencyApi } from './api.js';
import { agencyPages } from './pages.js';

export async function agencyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await agencyApi(app, deps);
  await agencyPages(app, deps);
}
