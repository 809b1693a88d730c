// The admin area: a dashboard linking to what the actor's role may open, and the pages behind it.
import type { FastifyInstance } from 'fastify';
import { isPlatformAdmin } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps, NavItem } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { adminOverview } from '../actions.js';
import { agencyAdminPages } from './agencies.js';
import { auditAdminPages } from './audit.js';
import { outboxAdminPages } from './outbox.js';
import { userAdminPages } from './users.js';

type Overview = Awaited<ReturnType<typeof adminOverview.run>>;

/** A line under a dashboard link, for the pages this module knows; other modules' links show alone. */
const descriptions: Record<string, string> = {
  '/admin/users': 'admin.dashboard_users',
  '/admin/agencies': 'admin.dashboard_agencies',
  '/admin/outbox': 'admin.dashboard_outbox',
  '/admin/audit': 'admin.dashboard_audit',
};

function adminLinks(ctx: PageContext): NavItem[] {
  return ctx.nav.filter((item) => item.area === 'admin' && (!item.roles || (ctx.actor && item.roles.includes(ctx.actor.role))));
}

function Stat({ ctx, href, overview }: { ctx: PageContext; href: string; overview: Overview | null }) {
  if (!overview) return null;
  if (href === '/admin/outbox') {
    return <p>{ctx.t('admin.dashboard_outbox_stat', overview.outbox)}</p>;
  }
  if (href === '/admin/audit') {
    return <p>{ctx.t('admin.dashboard_audit_stat', { count: overview.auditRecords })}</p>;
  }
  return null;
}

function Dashboard({ ctx, links, overview }: { ctx: PageContext; links: NavItem[]; overview: Overview | null }) {
  return (
    <Layout ctx={ctx} title={ctx.t('admin.title')} breadcrumbs={[{ label: ctx.t('admin.title') }]}>
      <h1>{ctx.t('admin.title')}</h1>
      <p class="usa-intro">{ctx.t('admin.dashboard_intro', { role: ctx.t(`role.${ctx.actor!.role}`) })}</p>
      <ul class="usa-card-group">
        {links.map((item) => (
          <li class="usa-card tablet:grid-col-6">
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h2 class="usa-card__heading">
                  <a href={item.href}>{ctx.t(item.label)}</a>
                </h2>
              </div>
              <div class="usa-card__body">
                {descriptions[item.href] && <p>{ctx.t(descriptions[item.href]!)}</p>}
                <Stat ctx={ctx} href={item.href} overview={overview} />
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export async function adminPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // The dashboard opens for every role that has at least one admin-area page in some module's
  // manifest (the header links to it on the same rule); each page behind it checks its own access.
  app.get('/admin', async (request, reply) => {
    if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
    const ctx = pageContext(request, reply);
    const links = adminLinks(ctx);
    if (links.length === 0) throw new AppError('FORBIDDEN', 'error.forbidden');
    const overview = isPlatformAdmin(request.actor) ? await runAction(deps, request, adminOverview, {}) : null;
    return sendPage(reply, <Dashboard ctx={ctx} links={links} overview={overview} />);
  });
  await userAdminPages(app, deps);
  await agencyAdminPages(app, deps);
  await outboxAdminPages(app, deps);
  await auditAdminPages(app, deps);
}
