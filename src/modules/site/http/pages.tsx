import type { FastifyInstance } from 'fastify';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { EmptyState } from '../../../web/components.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps, HomeCard } from '../../../manifest.js';
import { modules } from '../../../modules.js';
import { agencyList } from '../../agencies/actions/agencies.js';
import type { Agency } from '../../agencies/schemas.js';
import { siteStats } from '../actions.js';

const agencyName = (ctx: PageContext, a: Agency) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);

function Card({ ctx, card, children }: { ctx: PageContext; card: HomeCard; children?: preact.ComponentChildren }) {
  return (
    <li class="usa-card tablet:grid-col-6 desktop:grid-col-4">
      <div class="usa-card__container">
        <div class="usa-card__header">
          <h2 class="usa-card__heading">{ctx.t(card.title)}</h2>
        </div>
        <div class="usa-card__body">
          <p>{ctx.t(card.text)}</p>
          {children}
        </div>
        <div class="usa-card__footer">
          <a class="usa-button" href={card.href}>
            {ctx.t(card.action)}
          </a>
        </div>
      </div>
    </li>
  );
}

function HomePage({ ctx, stats }: { ctx: PageContext; stats: { agencies: number; users: number } }) {
  const agencyCard: HomeCard = { href: '/agencies', title: 'home.agencies', text: 'home.agencies_text', action: 'home.browse_agencies' };
  return (
    <Layout ctx={ctx} title={ctx.t('home.title')}>
      <section class="usa-hero og-hero" aria-labelledby="home-heading">
        <div class="usa-hero__callout">
          <h1 class="usa-hero__heading" id="home-heading">
            {ctx.t('home.heading')}
          </h1>
          <p>{ctx.t('home.intro')}</p>
        </div>
      </section>
      <ul class="usa-card-group og-cards">
        {modules.flatMap((m) => m.home ?? []).map((card) => (
          <Card ctx={ctx} card={card} />
        ))}
        <Card ctx={ctx} card={agencyCard}>
          <p class="og-stat">
            <strong>{stats.agencies}</strong> {ctx.t('home.stats_agencies')} · <strong>{stats.users}</strong> {ctx.t('home.stats_users')}
          </p>
        </Card>
      </ul>
    </Layout>
  );
}

function SearchPage({ ctx, q, agencies }: { ctx: PageContext; q: string; agencies: Agency[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('search.title')} breadcrumbs={[{ label: ctx.t('search.title') }]}>
      <h1>{q ? ctx.t('search.results_for', { q }) : ctx.t('search.title')}</h1>
      <form class="usa-search" role="search" method="get" action="/search">
        <label class="usa-sr-only" for="search-page-q">
          {ctx.t('layout.search_label')}
        </label>
        <input class="usa-input" id="search-page-q" type="search" name="q" value={q} />
        <button class="usa-button" type="submit">
          <span class="og-search-label">{ctx.t('layout.search_button')}</span>
        </button>
      </form>
      {!q ? (
        <p>{ctx.t('search.enter_query')}</p>
      ) : agencies.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('search.no_results')} />
      ) : (
        <section aria-labelledby="search-agencies">
          <h2 id="search-agencies">{ctx.t('search.agencies')}</h2>
          <ul class="usa-list">
            {agencies.map((a) => (
              <li>
                <a href={`/agencies/${encodeURIComponent(a.code)}`}>{agencyName(ctx, a)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export async function sitePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/', async (request, reply) => {
    const stats = await runAction(deps, request, siteStats, {});
    return sendPage(reply, <HomePage ctx={pageContext(request, reply)} stats={stats} />);
  });
  app.get('/search', async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    const agencies = q ? await runAction(deps, request, agencyList, { q }) : [];
    return sendPage(reply, <SearchPage ctx={pageContext(request, reply)} q={q} agencies={agencies.slice(0, 50)} />);
  });
}
