import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';

// Pages and JSON routes for agencies are added in routes of their own below.
export async function agencyRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
