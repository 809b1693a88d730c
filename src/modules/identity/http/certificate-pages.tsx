// Certificate sign-in on the main site: the link that sends a person to the listener's port, the
// page the listener returns them to with a one-time code, and the pages for every refusal.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/errors.js';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { safeNext, startSession } from '../../accounts/manifest.js';
import { certificateSignInComplete } from '../actions/certificate-sign-in.js';
import { failureReasons } from '../certificates/judge.js';

const CERTIFICATE_PATH = '/signin/certificate';
const again = (next: string) => `${CERTIFICATE_PATH}?next=${encodeURIComponent(next)}`;

function FailurePage({ ctx, message, next }: { ctx: PageContext; message: string; next: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.certificate.failed_title')}>
      <h1>{ctx.t('identity.certificate.failed_title')}</h1>
      <div class="usa-alert usa-alert--error" role="alert">
        <div class="usa-alert__body">
          <p class="usa-alert__text">{message}</p>
        </div>
      </div>
      <ul class="usa-list">
        <li>
          <a href={again(next)}>{ctx.t('identity.certificate.try_again')}</a>
        </li>
        <li>
          <a href={`/signin?next=${encodeURIComponent(next)}`}>{ctx.t('identity.certificate.other_ways')}</a>
        </li>
      </ul>
    </Layout>
  );
}

function UnboundPage({ ctx, next }: { ctx: PageContext; next: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('identity.certificate.unbound_title')}>
      <h1>{ctx.t('identity.certificate.unbound_title')}</h1>
      <p class="usa-intro">{ctx.t('identity.certificate.unbound_text')}</p>
      <ul class="usa-list">
        <li>
          <a href={`/signin?next=${encodeURIComponent(again(next))}`}>{ctx.t('identity.certificate.unbound_sign_in')}</a>
        </li>
        <li>
          <a href="/signup">{ctx.t('identity.certificate.unbound_sign_up')}</a>
        </li>
      </ul>
    </Layout>
  );
}

const StartQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) });
const CompleteQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 200 })) });
const FailedQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 40 })), next: Type.Optional(Type.String({ maxLength: 500 })) });

export async function certificatePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const listenerUrl = deps.services.config.identityCertificates.publicUrl;

  app.get(CERTIFICATE_PATH, { schema: { querystring: StartQuery, hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    if (!listenerUrl) {
      const ctx = pageContext(request, reply);
      return sendPage(reply, <FailurePage ctx={ctx} message={ctx.t('identity.certificate.failed.unavailable')} next={next} />, 404);
    }
    return reply.redirect(`${listenerUrl}/sign-in?next=${encodeURIComponent(next)}`, 303);
  });

  app.get(`${CERTIFICATE_PATH}/complete`, { schema: { querystring: CompleteQuery, hide: true } }, async (request, reply) => {
    const code = (request.query as { code?: string }).code ?? '';
    try {
      const result = await runAction(deps, request, certificateSignInComplete, { code });
      if (result.outcome === 'unbound') return sendPage(reply, <UnboundPage ctx={pageContext(request, reply)} next={result.next} />);
      return startSession(deps, reply, result.session, result.next, { kind: 'success', message: result.bound ? 'identity.certificate.bound' : 'identity.certificate.signed_in' });
    } catch (error) {
      if (!(error instanceof AppError) || !['INVALID', 'CONFLICT'].includes(error.code)) throw error;
      const ctx = pageContext(request, reply);
      return sendPage(reply, <FailurePage ctx={ctx} message={ctx.t(error.message)} next="/" />, error.code === 'CONFLICT' ? 409 : 400);
    }
  });

  app.get(`${CERTIFICATE_PATH}/failed`, { schema: { querystring: FailedQuery, hide: true } }, async (request, reply) => {
    const query = request.query as { reason?: string; next?: string };
    const reason = (failureReasons as readonly string[]).includes(query.reason ?? '') ? query.reason! : 'unavailable';
    const ctx = pageContext(request, reply);
    return sendPage(reply, <FailurePage ctx={ctx} message={ctx.t(`identity.certificate.failed.${reason}`)} next={safeNext(query.next)} />, 403);
  });
}
