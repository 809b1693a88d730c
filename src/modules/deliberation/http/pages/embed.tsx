// The embeddable participation page: no site chrome, and the only route whose CSP lets other sites
// frame it. Voting inside a frame needs the platform's session cookie, which browsers do not send to
// a third-party frame, so signed-out viewers get a link that opens the conversation in a new tab.
import type { FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { runAction } from '../../../../http/actions.js';
import { FLASH_COOKIE, pageContext } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import type { PageContext } from '../../../../web/context.js';
import { deliberationNext, type NextView } from '../../actions/participation.js';
import { ParticipationCard } from './participate.js';
import { CSS_PATH, JS_PATH, conversationHref, langAttr } from './shared.js';

export const EMBED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; form-action 'self'; frame-ancestors *; object-src 'none'; base-uri 'self'";

function EmbedPage({ ctx, view }: { ctx: PageContext; view: NextView }) {
  const c = view.conversation;
  const self = conversationHref(c.id, '/embed');
  return (
    <html lang={ctx.locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${c.topic} | ${ctx.t('site.name')}`}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href={CSS_PATH} />
        <script src={JS_PATH} defer />
      </head>
      <body class="og-embed">
        <main id="main-content">
          <h1 class="og-embed-title" lang={langAttr(c)}>
            <a href={conversationHref(c.id)} target="_blank" rel="noopener">
              {c.topic}
            </a>
          </h1>
          {ctx.flashes.map((f) => (
            <p class="usa-alert usa-alert--slim usa-alert--success og-embed-flash" role="status">
              <span class="usa-alert__body">{ctx.t(f.message, f.params)}</span>
            </p>
          ))}
          <ParticipationCard ctx={ctx} view={view} returnTo={self} embed />
          <p class="og-embed-footer">
            <a href={conversationHref(c.id, '/report')} target="_blank" rel="noopener">
              {ctx.t('deliberation.read_report')}
            </a>{' '}
            · {ctx.t('site.name')}
          </p>
        </main>
      </body>
    </html>
  );
}

export async function embedPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/deliberation/:id/embed', async (request, reply) => {
    const view = await runAction(deps, request, deliberationNext, { conversationId: request.params.id });
    const html = `<!DOCTYPE html>${renderToString(<EmbedPage ctx={pageContext(request, reply)} view={view} />)}`;
    if (request.flashes.length > 0) reply.clearCookie(FLASH_COOKIE, { path: '/' });
    reply.removeHeader('x-frame-options');
    return reply.status(200).header('content-security-policy', EMBED_CSP).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
}
