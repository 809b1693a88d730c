// The outbox: every e-mail and SMS the platform queued, with its full text. During development this
// is where operators read verification links and SMS codes.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { DataTable, DateText, EmptyState, Pagination } from '../../../web/components.js';
import type { PageContext } from '../../../web/context.js';
import { Layout } from '../../../web/layout.js';
import { outboxList } from '../actions.js';
import { adminCrumbs, queryChoice, queryPage } from './shared.js';

type OutboxPage = Awaited<ReturnType<typeof outboxList.run>>;
type Message = OutboxPage['messages'][number];

const CHANNELS = ['email', 'sms'] as const;
const STATUSES = ['pending', 'sent', 'failed'] as const;

/** Keeps the line breaks of a message body without letting long links widen the table. */
export function MultilineText({ text }: { text: string }) {
  return <div class="og-pre">{text}</div>;
}

function StatusCell({ ctx, m }: { ctx: PageContext; m: Message }) {
  return (
    <>
      <strong>{ctx.t(`admin.outbox_status.${m.status}`)}</strong>
      <br />
      {ctx.t('admin.outbox_attempts', { count: m.attempts })}
      {m.sentAt && (
        <>
          <br />
          {ctx.t('admin.outbox_sent_at')} <DateText ctx={ctx} value={new Date(m.sentAt)} withTime />
        </>
      )}
      {m.lastError && (
        <>
          <br />
          {ctx.t('admin.outbox_last_error')} {m.lastError}
        </>
      )}
    </>
  );
}

function OutboxPageView({ ctx, data, channel, status }: { ctx: PageContext; data: OutboxPage; channel?: string; status?: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('admin.outbox')} breadcrumbs={adminCrumbs(ctx, { label: ctx.t('admin.outbox') })} wide>
      <h1>{ctx.t('admin.outbox')}</h1>
      <p class="usa-intro">{ctx.t('admin.outbox_intro')}</p>
      <form class="usa-form usa-form--large margin-bottom-3" method="get" action="/admin/outbox" aria-label={ctx.t('admin.outbox_filter')}>
        <label class="usa-label" for="outbox-channel">
          {ctx.t('admin.outbox_channel')}
        </label>
        <select class="usa-select" id="outbox-channel" name="channel">
          <option value="">{ctx.t('admin.all')}</option>
          {CHANNELS.map((c) => (
            <option value={c} selected={c === channel}>
              {ctx.t(`admin.outbox_channel.${c}`)}
            </option>
          ))}
        </select>
        <label class="usa-label" for="outbox-status">
          {ctx.t('admin.outbox_status')}
        </label>
        <select class="usa-select" id="outbox-status" name="status">
          <option value="">{ctx.t('admin.all')}</option>
          {STATUSES.map((s) => (
            <option value={s} selected={s === status}>
              {ctx.t(`admin.outbox_status.${s}`)}
            </option>
          ))}
        </select>
        <button class="usa-button" type="submit">
          {ctx.t('admin.filter')}
        </button>
      </form>
      {data.messages.length === 0 ? (
        <EmptyState ctx={ctx} message={ctx.t('admin.outbox_none')} />
      ) : (
        <DataTable
          caption={ctx.t('admin.outbox_caption')}
          rows={data.messages}
          columns={[
            { header: ctx.t('admin.outbox_created'), cell: (m) => <DateText ctx={ctx} value={new Date(m.createdAt)} withTime /> },
            { header: ctx.t('admin.outbox_channel'), cell: (m) => ctx.t(`admin.outbox_channel.${m.channel}`) },
            { header: ctx.t('admin.outbox_recipient'), cell: (m) => m.recipient },
            { header: ctx.t('admin.outbox_subject'), cell: (m) => m.subject || '—' },
            { header: ctx.t('admin.outbox_body'), cell: (m) => <MultilineText text={m.body} /> },
            { header: ctx.t('admin.outbox_status'), cell: (m) => <StatusCell ctx={ctx} m={m} /> },
          ]}
        />
      )}
      <Pagination ctx={ctx} page={data.page} pageSize={data.pageSize} total={data.total} />
    </Layout>
  );
}

export async function outboxAdminPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/outbox', async (request, reply) => {
    const channel = queryChoice(request.query, 'channel', CHANNELS);
    const status = queryChoice(request.query, 'status', STATUSES);
    const data = await runAction(deps, request, outboxList, { ...(channel && { channel }), ...(status && { status }), page: queryPage(request.query), pageSize: 25 });
    return sendPage(reply, <OutboxPageView ctx={pageContext(request, reply)} data={data} channel={channel} status={status} />);
  });
}
