// The outbox: every e-mail and SMS the platform queued, with its full text. During development this
// is where operators read verification links and SMS codes.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../http/actions.js';
import { pageContext, sendPage } from '../../../http/views.js';
import type { AppDeps } from '../../../manifest.js';
import { DateText, FilteredTable, Select, emptyForm } from '../../../web/components.js';
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
      <FilteredTable
        ctx={ctx}
        filter={{ names: ['channel', 'status'], label: ctx.t('admin.outbox_filter'), applyLabel: ctx.t('admin.filter') }}
        controls={
          <>
            <Select ctx={ctx} state={emptyForm({ channel })} name="channel" id="outbox-channel" label={ctx.t('admin.outbox_channel')} options={CHANNELS.map((c) => ({ value: c, label: ctx.t(`admin.outbox_channel.${c}`) }))} emptyLabel={ctx.t('admin.all')} markOptional={false} />
            <Select ctx={ctx} state={emptyForm({ status })} name="status" id="outbox-status" label={ctx.t('admin.outbox_status')} options={STATUSES.map((s) => ({ value: s, label: ctx.t(`admin.outbox_status.${s}`) }))} emptyLabel={ctx.t('admin.all')} markOptional={false} />
          </>
        }
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
        total={data.total}
        page={data.page}
        pageSize={data.pageSize}
        emptyMessage={ctx.t('admin.outbox_none')}
      />
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
