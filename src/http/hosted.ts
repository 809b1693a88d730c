// Sections other modules contribute to a page about one subject (ModuleManifest.hostedSections),
// rendered before the page itself because they may need the database.
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppDeps } from '../manifest.js';
import type { PageContext } from '../web/context.js';

export async function hostedSectionsFor(deps: AppDeps, request: FastifyRequest, ctx: PageContext, subject: { path: string }): Promise<VNode[]> {
  const providers = deps.modules.flatMap((m) => m.hostedSections ?? []);
  const sections = await Promise.all(providers.map((render) => render(deps, request, ctx, subject)));
  return sections.filter((section): section is VNode => section !== null);
}
