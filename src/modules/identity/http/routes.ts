import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { interactionPages } from './interaction.js';
import { mountProvider } from './mount.js';

export async function identityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await mountProvider(app, deps);
  await interactionPages(app, deps);
}
