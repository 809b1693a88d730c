// Registers the deliberation module's pages, JSON API and style sheet (its island is under /assets/js/).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../manifest.js';
import { mathRunnerFor } from '../math-runner.js';
import { deliberationApi } from './api.js';
import { embedPages } from './pages/embed.js';
import { formPages } from './pages/form.js';
import { importPages } from './pages/import.js';
import { listPages } from './pages/list.js';
import { moderationPages } from './pages/moderate.js';
import { participationPages } from './pages/participate.js';
import { reportPages } from './pages/report.js';

const css = readFileSync(new URL('./assets/deliberation.css', import.meta.url), 'utf8');

export async function deliberationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/deliberation/assets/deliberation.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
  await deliberationApi(app, deps);
  await listPages(app, deps);
  await formPages(app, deps);
  await importPages(app, deps);
  await participationPages(app, deps);
  await moderationPages(app, deps);
  await reportPages(app, deps);
  await embedPages(app, deps);
  app.addHook('onClose', async () => {
    await mathRunnerFor(deps.services).close();
  });
}
