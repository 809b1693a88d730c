import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { flushUsage } from '../usage.js';
import { ckanApi } from './ckan.js';
import { dcatRoutes } from './dcat.js';
import { apiDocsPage } from './pages/api-docs.js';
import { communityPages } from './pages/community.js';
import { datasetPages } from './pages/dataset.js';
import { managePages } from './pages/manage.js';
import { searchPages } from './pages/search.js';
import { importPages } from './import.js';
import { harvestPages } from './harvest.js';
import { statsPages } from './stats.js';
import { dataRequestPages } from './requests.js';
import { opendataApiV1 } from './api-v1.js';

export async function opendataRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await ckanApi(app, deps);
  await dcatRoutes(app, deps);
  await searchPages(app, deps);
  await datasetPages(app, deps);
  await managePages(app, deps);
  await communityPages(app, deps);
  await apiDocsPage(app, deps);
  await importPages(app, deps);
  await harvestPages(app, deps);
  await statsPages(app, deps);
  await dataRequestPages(app, deps);
  await opendataApiV1(app, deps);
  app.addHook('onClose', async () => flushUsage(deps.services));
}
