// The list of conversations.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DateText, PaginatedList } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { deliberationList } from '../../actions/conversations.js';
import { canCreateConversations } from '../../policy.js';
import type { ConversationSummary } from '../../schemas.js';
import { Assets, StatusTag, conversationHref } from './shared.js';

const order = { open: 0, scheduled: 1, closed: 2 } as const;

function ListPage({ ctx, conversations }: { ctx: PageContext; conversations: ConversationSummary[] }) {
  const sorted = [...conversations].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <Layout ctx={ctx} title={ctx.t('deliberation.nav')} breadcrumbs={[{ label: ctx.t('deliberation.nav') }]}>
      <Assets />
      <h1>{ctx.t('deliberation.list_title')}</h1>
      <p class="usa-intro">{ctx.t('deliberation.list_intro')}</p>
      {canCreateConversations(ctx.actor) && (
        <ul class="usa-list usa-list--unstyled og-actions">
          <li>
            <a class="usa-button" href="/deliberation/new">
              {ctx.t('deliberation.new_title')}
            </a>
          </li>
          <li>
            <a class="usa-button usa-button--outline" href="/deliberation/import">
              {ctx.t('deliberation.import_title')}
            </a>
          </li>
        </ul>
      )}
      <PaginatedList ctx={ctx} total={sorted.length} emptyMessage={ctx.t('deliberation.list_empty')}>
        <ul class="usa-card-group og-conversation-list">
          {sorted.map((c) => (
            <li class="usa-card tablet:grid-col-6">
              <div class="usa-card__container">
                <div class="usa-card__header">
                  <h2 class="usa-card__heading" lang={c.language === 'en' ? 'en' : 'zh-Hant-TW'}>
                    <a href={conversationHref(c.id)}>{c.topic}</a>
                  </h2>
                </div>
                <div class="usa-card__body">
                  <p>
                    <StatusTag ctx={ctx} status={c.status} /> {c.readOnly && <span class="usa-tag bg-base">{ctx.t('deliberation.imported')}</span>}
                  </p>
                  <p>{ctx.t('deliberation.list_counts', { participants: c.participants, statements: c.statements })}</p>
                  {c.closesAt && c.status !== 'closed' && (
                    <p>
                      {ctx.t('deliberation.closes')} <DateText ctx={ctx} value={new Date(c.closesAt)} />
                    </p>
                  )}
                </div>
                <div class="usa-card__footer">
                  <a href={conversationHref(c.id, '/report')}>
                    {ctx.t('deliberation.read_report')}
                    <span class="usa-sr-only">: {c.topic}</span>
                  </a>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </PaginatedList>
    </Layout>
  );
}

export async function listPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/deliberation', async (request, reply) => {
    const conversations = await runAction(deps, request, deliberationList, {});
    return sendPage(reply, <ListPage ctx={pageContext(request, reply)} conversations={conversations} />);
  });
}
