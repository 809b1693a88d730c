import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { flushUsage } from '../usage.js';
import { ckanApi } from './ckan.js';
import { dcatRoutes } from './dcat.js';
import { apiDocsPage } from './pages/api-docs.js';
import { datasetPages } from './pages/dataset.js';
import { searchPages } from './pages/search.js';

export async function opendataRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await ckanApi(app, deps);
  await dcatRoutes(app, deps);
  await searchPages(app, deps);
  await datasetPages(app, deps);
  await apiDocsPage(app, deps);
  app.addHook('onClose', async () => flushUsage(deps.services));
}
