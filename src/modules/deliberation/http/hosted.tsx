// The conversation about another module's page, as a section that page hosts (ModuleManifest's
// hostedSections): the proposal page shows the conversation that links to it, with its voting card.
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { runAction } from '../../../http/actions.js';
import type { AppDeps } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import { deliberationAbout } from '../actions/about.js';
import { deliberationWidget } from './pages/participate.js';

export async function conversationAboutPage(deps: AppDeps, request: FastifyRequest, ctx: PageContext, subject: { path: string }): Promise<VNode | null> {
  const found = await runAction(deps, request, deliberationAbout, { path: subject.path });
  if (!found) return null;
  return (
    <section class="margin-y-4" aria-labelledby="hosted-deliberation-heading">
      <h2 id="hosted-deliberation-heading">{ctx.t('deliberation.hosted_heading')}</h2>
      {await deliberationWidget(deps, request, ctx, found.id, { returnTo: subject.path })}
    </section>
  );
}
