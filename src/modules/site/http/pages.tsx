import type { FastifyInstance } from 'fastify';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { EmptyState } from '../../../web/components.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps, HomeCard, SiteSearchSection } from '../../../manifest.js';
import { siteStats } from '../actions.js';
import { noticePages } from './notices.js';
import { crawlerFiles } from './crawler-files.js';

function Card({ ctx, card, children }: { ctx: PageContext; card: HomeCard; children?: preact.ComponentChildren }) {
  return (
    <li class="usa-card tablet:grid-col-6">
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

function HomePage({ ctx, stats, cards }: { ctx: PageContext; stats: { agencies: number; users: number }; cards: HomeCard[] }) {
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
        {cards.map((card) => (
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

function SearchPage({ ctx, q, sections }: { ctx: PageContext; q: string; sections: SiteSearchSection[] }) {
  const found = sections.filter((s) => s.total > 0);
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
      ) : found.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('search.no_results')} />
      ) : (
        found.map((section, i) => (
          <section aria-labelledby={`search-section-${i}`}>
            <h2 id={`search-section-${i}`}>
              {ctx.t(section.heading)} <span class="og-optional">({ctx.t('search.count', { count: section.total })})</span>
            </h2>
            <ul class="usa-list">
              {section.items.map((item) => (
                <li>
                  <a href={item.href}>{item.title}</a>
                  {item.detail && <span class="og-optional"> · {item.detail}</span>}
                </li>
              ))}
            </ul>
            {section.moreHref && section.total > section.items.length && (
              <p>
                <a href={section.moreHref}>{ctx.t('search.more', { count: section.total, what: ctx.t(section.heading) })}</a>
              </p>
            )}
          </section>
        ))
      )}
    </Layout>
  );
}

export async function sitePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await noticePages(app, deps);
  await crawlerFiles(app);
  app.get('/', async (request, reply) => {
    const stats = await runAction(deps, request, siteStats, {});
    return sendPage(reply, <HomePage ctx={pageContext(request, reply)} stats={stats} cards={deps.modules.flatMap((m) => m.home ?? [])} />);
  });
  app.get('/search', async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    const searchers = deps.modules.flatMap((m) => (m.siteSearch ? [m.siteSearch] : []));
    const sections = q ? await Promise.all(searchers.map((search) => search(deps, request, q))) : [];
    return sendPage(reply, <SearchPage ctx={pageContext(request, reply)} q={q} sections={sections} />);
  });
}
