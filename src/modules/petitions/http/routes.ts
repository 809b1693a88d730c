import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { petitionApi } from './api.js';
import { agencyPages } from './pages/agency.js';
import { moderatePages } from './pages/moderate.js';
import { proposePages } from './pages/propose.js';
import { publicPages } from './pages/public.js';

export async function petitionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await petitionApi(app, deps);
  await publicPages(app, deps);
  await proposePages(app, deps);
  await moderatePages(app, deps);
  await agencyPages(app, deps);
}
