import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { certificatePages } from './certificate-pages.js';
import { clientApi } from './clients-api.js';
import { clientPages } from './clients-pages.js';
import { consentPages } from './consents-pages.js';
import { federationPages } from './federation-pages.js';
import { interactionPages } from './interaction.js';
import { mountProvider } from './mount.js';

export async function identityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await mountProvider(app, deps);
  await interactionPages(app, deps);
  await clientApi(app, deps);
  await clientPages(app, deps);
  await consentPages(app, deps);
  await certificatePages(app, deps);
  await federationPages(app, deps);
}
