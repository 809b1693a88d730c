// The layout every page uses: USWDS header, skip link, landmarks, breadcrumbs, flash messages,
// language switch and footer. Works without JavaScript.
import type { ComponentChildren } from 'preact';
import { withQuery, type PageContext } from './context.js';

export interface Crumb {
  href?: string;
  label: string;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
  wide?: boolean;
}

function visibleNav(ctx: PageContext, area: 'main' | 'admin') {
  return ctx.nav.filter((item) => item.area === area && (!item.roles || (ctx.actor && item.roles.includes(ctx.actor.role))));
}

function Breadcrumbs({ ctx, crumbs }: { ctx: PageContext; crumbs: Crumb[] }) {
  return (
    <nav class="usa-breadcrumb" aria-label={ctx.t('layout.breadcrumbs')}>
      <ol class="usa-breadcrumb__list">
        <li class="usa-breadcrumb__list-item">
          <a href="/" class="usa-breadcrumb__link">
            <span>{ctx.t('layout.home')}</span>
          </a>
        </li>
        {crumbs.map((crumb, i) =>
          crumb.href && i < crumbs.length - 1 ? (
            <li class="usa-breadcrumb__list-item">
              <a href={crumb.href} class="usa-breadcrumb__link">
                <span>{crumb.label}</span>
              </a>
            </li>
          ) : (
            <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
              <span>{crumb.label}</span>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

function Flashes({ ctx }: { ctx: PageContext }) {
  if (ctx.flashes.length === 0) return null;
  return (
    <div class="og-flashes" role="status" aria-label={ctx.t('layout.flash_region')}>
      {ctx.flashes.map((flash) => (
        <div class={`usa-alert usa-alert--${flash.kind} usa-alert--slim`}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">{ctx.t(flash.message, flash.params)}</p>
          </div>
        </div>
      ))}
    </div>
  );
}

function AccountLinks({ ctx }: { ctx: PageContext }) {
  if (!ctx.actor) {
    return (
      <>
        <li class="usa-nav__primary-item">
          <a class="usa-nav__link" href="/signin">
            <span>{ctx.t('layout.sign_in')}</span>
          </a>
        </li>
        <li class="usa-nav__primary-item">
          <a class="usa-nav__link" href="/signup">
            <span>{ctx.t('layout.sign_up')}</span>
          </a>
        </li>
      </>
    );
  }
  return (
    <>
      {visibleNav(ctx, 'admin').length > 0 && (
        <li class="usa-nav__primary-item">
          <a class="usa-nav__link" href="/admin">
            <span>{ctx.t('layout.admin')}</span>
          </a>
        </li>
      )}
      <li class="usa-nav__primary-item">
        <a class="usa-nav__link" href="/account">
          <span>{ctx.viewer?.displayName ?? ctx.t('layout.account')}</span>
        </a>
      </li>
      <li class="usa-nav__primary-item">
        <form method="post" action="/signout" class="og-inline-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <button type="submit" class="usa-button usa-button--unstyled og-nav-button">
            {ctx.t('layout.sign_out')}
          </button>
        </form>
      </li>
    </>
  );
}

export function Layout({ ctx, title, breadcrumbs, children, wide }: LayoutProps) {
  const otherLocale = ctx.locale === 'zh-TW' ? 'en' : 'zh-TW';
  return (
    <html lang={ctx.locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${ctx.t('site.name')}`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="alternate" hreflang={otherLocale} href={withQuery(ctx, { lang: otherLocale })} />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {ctx.t('layout.skip')}
        </a>
        <section class="usa-banner og-banner" aria-label={ctx.t('site.banner')}>
          <div class="usa-banner__header">
            <div class="usa-banner__inner">
              <p class="usa-banner__header-text">{ctx.t('site.banner')}</p>
            </div>
          </div>
        </section>
        <header class="usa-header usa-header--basic">
          <div class="usa-nav-container">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href="/" title={ctx.t('site.name')}>
                    {ctx.t('site.name')}
                  </a>
                </em>
              </div>
              <a class="og-lang-switch" href={withQuery(ctx, { lang: otherLocale })} lang={otherLocale === 'en' ? 'en' : 'zh-Hant-TW'}>
                {ctx.t('layout.switch_to')}
              </a>
            </div>
            <section class="og-header-search" aria-label={ctx.t('layout.search_label')}>
              <form class="usa-search usa-search--small" role="search" method="get" action="/search">
                <label class="usa-sr-only" for="site-search">
                  {ctx.t('layout.search_label')}
                </label>
                <input class="usa-input" id="site-search" type="search" name="q" placeholder={ctx.t('layout.search_placeholder')} />
                <button class="usa-button" type="submit">
                  <span class="og-search-label">{ctx.t('layout.search_button')}</span>
                </button>
              </form>
            </section>
            <nav aria-label={ctx.t('layout.primary_nav')} class="usa-nav og-nav">
              <ul class="usa-nav__primary usa-accordion">
                {visibleNav(ctx, 'main').map((item) => (
                  <li class="usa-nav__primary-item">
                    <a class={`usa-nav__link${ctx.path.startsWith(item.href) ? ' usa-current' : ''}`} href={item.href}>
                      <span>{ctx.t(item.label)}</span>
                    </a>
                  </li>
                ))}
                <AccountLinks ctx={ctx} />
              </ul>
            </nav>
          </div>
        </header>
        <main id="main-content" class={`grid-container og-main${wide ? ' og-main--wide' : ''}`} tabIndex={-1}>
          {breadcrumbs && breadcrumbs.length > 0 && <Breadcrumbs ctx={ctx} crumbs={breadcrumbs} />}
          <Flashes ctx={ctx} />
          {children}
        </main>
        <footer class="usa-footer usa-footer--slim">
          <div class="usa-footer__primary-section">
            <div class="grid-container og-footer">
              <p>{ctx.t('layout.footer_about')}</p>
              <nav aria-label={ctx.t('notice.footer_nav')}>
                <ul class="usa-list usa-list--unstyled og-footer-links">
                  <li>
                    <a href="/privacy">{ctx.t('privacy.title')}</a>
                  </li>
                  <li>
                    <a href="/terms">{ctx.t('terms.title')}</a>
                  </li>
                  <li>
                    <a href="/accessibility">{ctx.t('accessibility.title')}</a>
                  </li>
                  <li>
                    <a href="/contact">{ctx.t('contact.title')}</a>
                  </li>
                  <li>
                    <a href="/api/docs">{ctx.t('layout.api_docs')}</a>
                  </li>
                  <li>
                    <a href="/agencies">{ctx.t('agencies.directory')}</a>
                  </li>
                </ul>
              </nav>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}
