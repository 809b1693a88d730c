// The site's notices: privacy (under Taiwan's Personal Data Protection Act), terms of use, contact
// and the accessibility statement. Their words are i18n messages (notice-messages.ts); the
// operator's name and addresses come from the configuration (OPERATOR_NAME, CONTACT_*).
import type { FastifyInstance } from 'fastify';
import type { OperatorConfig } from '../../../core/config.js';
import type { AppDeps } from '../../../manifest.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { PRIVACY_NOTICE_VERSION } from '../../accounts/published.js';

/** One section of a notice: a heading, paragraphs, then an optional bulleted list (all i18n keys). */
interface NoticeSection {
  id: string;
  heading: string;
  paragraphs: string[];
  list?: string[];
  /** Paragraphs after the list. */
  after?: string[];
}

interface Notice {
  path: string;
  /** i18n key of the title (also the footer link). */
  title: string;
  intro: string;
  sections: NoticeSection[];
}

const section = (page: string, id: string, paragraphs: number, listItems = 0, after = 0): NoticeSection => ({
  id,
  heading: `${page}.${id}.heading`,
  paragraphs: Array.from({ length: paragraphs }, (_, i) => `${page}.${id}.p${i + 1}`),
  list: listItems > 0 ? Array.from({ length: listItems }, (_, i) => `${page}.${id}.li${i + 1}`) : undefined,
  after: Array.from({ length: after }, (_, i) => `${page}.${id}.p${paragraphs + i + 1}`),
});

export const notices: Notice[] = [
  {
    path: '/privacy',
    title: 'privacy.title',
    intro: 'privacy.intro',
    sections: [
      section('privacy', 'controller', 1),
      section('privacy', 'collected', 1, 5),
      section('privacy', 'purposes', 1, 5),
      section('privacy', 'recipients', 3),
      section('privacy', 'retention', 3),
      section('privacy', 'rights', 1, 5, 1),
      section('privacy', 'exercise', 3),
      section('privacy', 'optional', 1),
      section('privacy', 'cookies', 1),
      section('privacy', 'changes', 1),
    ],
  },
  {
    path: '/terms',
    title: 'terms.title',
    intro: 'terms.intro',
    sections: [
      section('terms', 'accounts', 2),
      section('terms', 'content', 3),
      section('terms', 'conduct', 1, 5),
      section('terms', 'moderation', 1),
      section('terms', 'data', 1),
      section('terms', 'service', 2),
      section('terms', 'law', 1),
    ],
  },
  {
    path: '/accessibility',
    title: 'accessibility.title',
    intro: 'accessibility.intro',
    sections: [
      section('accessibility', 'target', 2),
      section('accessibility', 'testing', 1, 5),
      section('accessibility', 'limits', 1, 2),
      section('accessibility', 'report', 2, 3),
    ],
  },
];

/** The values notices may name: who runs the site and how to reach them. */
function noticeParams(ctx: PageContext, operator: OperatorConfig): Record<string, string> {
  return { operator: operator.name ?? ctx.t('site.name'), email: operator.email, version: PRIVACY_NOTICE_VERSION };
}

function NoticePage({ ctx, notice, operator }: { ctx: PageContext; notice: Notice; operator: OperatorConfig }) {
  const params = noticeParams(ctx, operator);
  const title = ctx.t(notice.title);
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: title }]}>
      <article class="usa-prose og-notice">
        <h1>{title}</h1>
        <p class="usa-intro">{ctx.t(notice.intro, params)}</p>
        {notice.sections.map((s) => (
          <section aria-labelledby={`notice-${s.id}`}>
            <h2 id={`notice-${s.id}`}>{ctx.t(s.heading)}</h2>
            {s.paragraphs.map((key) => (
              <p>{ctx.t(key, params)}</p>
            ))}
            {s.list && (
              <ul>
                {s.list.map((key) => (
                  <li>{ctx.t(key, params)}</li>
                ))}
              </ul>
            )}
            {s.after?.map((key) => (
              <p>{ctx.t(key, params)}</p>
            ))}
          </section>
        ))}
        <p class="og-notice-contact">
          {ctx.t('notice.questions')} <a href={`mailto:${operator.email}`}>{operator.email}</a> · <a href="/contact">{ctx.t('contact.title')}</a>
        </p>
      </article>
    </Layout>
  );
}

function ContactPage({ ctx, operator }: { ctx: PageContext; operator: OperatorConfig }) {
  const params = noticeParams(ctx, operator);
  const title = ctx.t('contact.title');
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: title }]}>
      <article class="usa-prose og-notice">
        <h1>{title}</h1>
        <p class="usa-intro">{ctx.t('contact.intro', params)}</p>
        <section aria-labelledby="contact-operator">
          <h2 id="contact-operator">{params.operator}</h2>
          <dl class="og-contact">
            <dt>{ctx.t('contact.email')}</dt>
            <dd>
              <a href={`mailto:${operator.email}`}>{operator.email}</a>
            </dd>
            {operator.phone && (
              <>
                <dt>{ctx.t('contact.phone')}</dt>
                <dd>
                  <a href={`tel:${operator.phone.replace(/[^\d+]/g, '')}`}>{operator.phone}</a>
                </dd>
              </>
            )}
            {operator.address && (
              <>
                <dt>{ctx.t('contact.address')}</dt>
                <dd>{operator.address}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="contact-which">
          <h2 id="contact-which">{ctx.t('contact.which.heading')}</h2>
          <ul>
            <li>
              {ctx.t('contact.which.privacy')} <a href="/privacy">{ctx.t('privacy.title')}</a>
            </li>
            <li>
              {ctx.t('contact.which.accessibility')} <a href="/accessibility">{ctx.t('accessibility.title')}</a>
            </li>
            <li>
              {ctx.t('contact.which.agency')} <a href="/agencies">{ctx.t('agencies.directory')}</a>
            </li>
            <li>{ctx.t('contact.which.security')}</li>
          </ul>
        </section>
      </article>
    </Layout>
  );
}

export async function noticePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const operator = deps.services.config.operator;
  for (const notice of notices) {
    app.get(notice.path, async (request, reply) => sendPage(reply, <NoticePage ctx={pageContext(request, reply)} notice={notice} operator={operator} />));
  }
  app.get('/contact', async (request, reply) => sendPage(reply, <ContactPage ctx={pageContext(request, reply)} operator={operator} />));
}
