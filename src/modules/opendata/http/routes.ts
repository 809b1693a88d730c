import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { flushUsage } from '../stats/usage.js';
import { ckanApi, supportedCkanActions } from '../ckan/http/ckan.js';
import { ckanDocumentation } from '../ckan/http/openapi.js';
import { documentOperations } from '../../../http/openapi-extra.js';
import { dcatRoutes } from '../dcat/http/dcat.js';
import { apiDocsPage } from '../ckan/http/api-docs.js';
import { communityPages } from '../community/http/community.js';
import { datasetPages } from '../catalog/http/dataset.js';
import { managePages } from '../catalog/http/manage.js';
import { searchPages } from '../search/http/search.js';
import { importPages } from '../harvest/http/import.js';
import { harvestPages } from '../harvest/http/harvest.js';
import { statsPages } from '../stats/http/stats.js';
import { dataRequestPages } from '../requests/http/requests.js';
import { opendataApiV1 } from './api-v1.js';

export async function opendataRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await ckanApi(app, deps);
  documentOperations(app, ckanDocumentation(supportedCkanActions));
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
