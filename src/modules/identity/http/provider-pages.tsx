// The provider's own pages (errors, the logout confirmation and its result), rendered in the
// platform's layout and language from the provider's Koa context.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import { negotiateLocale } from '../../../core/i18n/index.js';
import { makeTranslator, type PageContext } from '../../../web/context.js';
import { ErrorPage } from '../../../web/error-page.js';
import { Layout } from '../../../web/layout.js';
import type { ProviderPages } from '../provider.js';

function koaPageContext(ctx: KoaContextWithOIDC): PageContext {
  const locale = negotiateLocale(ctx.cookies.get('lang'), ctx.get('accept-language') || undefined);
  return { locale, t: makeTranslator(locale), actor: null, viewer: null, csrfToken: '', path: ctx.path, query: new URLSearchParams(), nav: [], flashes: [] };
}

function send(ctx: KoaContextWithOIDC, page: VNode): void {
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = `<!DOCTYPE html>${renderToString(page)}`;
}

export const providerPages: ProviderPages = {
  async renderError(ctx, out) {
    const page = koaPageContext(ctx);
    // The OAuth error code is shown as given (it is what an RP's developer looks up); the rest is ours.
    send(ctx, <ErrorPage ctx={page} title={page.t('identity.error_title')} message={page.t('identity.error_text', { code: String(out.error ?? 'server_error') })} />);
  },
  async logoutSource(ctx, form) {
    const page = koaPageContext(ctx);
    send(
      ctx,
      <Layout ctx={page} title={page.t('identity.logout_title')}>
        <h1>{page.t('identity.logout_title')}</h1>
        <p class="usa-intro">{page.t('identity.logout_text')}</p>
        {/* The provider's form (its own CSRF field); the buttons submit it. */}
        <div dangerouslySetInnerHTML={{ __html: form }} />
        <button class="usa-button" type="submit" form="op.logoutForm" name="logout" value="yes">
          {page.t('identity.logout_yes')}
        </button>
        <button class="usa-button usa-button--outline" type="submit" form="op.logoutForm">
          {page.t('identity.logout_no')}
        </button>
      </Layout>,
    );
  },
  async postLogoutSuccessSource(ctx) {
    const page = koaPageContext(ctx);
    send(
      ctx,
      <Layout ctx={page} title={page.t('identity.logged_out_title')}>
        <h1>{page.t('identity.logged_out_title')}</h1>
        <p class="usa-intro">{page.t('identity.logged_out_text')}</p>
      </Layout>,
    );
  },
};
