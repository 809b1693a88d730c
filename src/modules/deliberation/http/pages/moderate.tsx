// The moderator's queue: pending statements to accept or reject, meta flags, math status and the
// full-recompute button.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, DataTable, DateText, HiddenFields, PaginatedList, type Column } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { deliberationModerationQueue, deliberationRecompute, deliberationStatementMeta, deliberationStatementModerate } from '../../actions/moderation.js';
import type { Conversation, Statement } from '../../schemas.js';
import { Assets, conversationHref, formText, langAttr, requireActor } from './shared.js';

type Queue = Awaited<ReturnType<typeof deliberationModerationQueue.run>>;

function DecisionForms({ ctx, c, s }: { ctx: PageContext; c: Conversation; s: Statement }) {
  const action = conversationHref(c.id, `/statements/${s.number}/moderate`);
  return (
    <div class="og-decisions">
      {s.status !== 'accepted' && (
        <ActionForm ctx={ctx} action={action} class="og-inline-form">
          <HiddenFields values={{ decision: 'accept' }} />
          <button type="submit" class="usa-button usa-button--outline">
            {ctx.t('deliberation.accept')}
            <span class="usa-sr-only">: {ctx.t('deliberation.statement_number', { number: s.number })}</span>
          </button>
        </ActionForm>
      )}
      {s.status !== 'rejected' && (
        <ActionForm ctx={ctx} action={action} class="og-inline-form">
          <HiddenFields values={{ decision: 'reject' }} />
          <button type="submit" class="usa-button usa-button--outline usa-button--secondary">
            {ctx.t('deliberation.reject')}
            <span class="usa-sr-only">: {ctx.t('deliberation.statement_number', { number: s.number })}</span>
          </button>
        </ActionForm>
      )}
      <ActionForm ctx={ctx} action={conversationHref(c.id, `/statements/${s.number}/meta`)} class="og-inline-form">
        <HiddenFields values={{ meta: s.isMeta ? 'false' : 'true' }} />
        <button type="submit" class="usa-button usa-button--unstyled">
          {ctx.t(s.isMeta ? 'deliberation.unmark_meta' : 'deliberation.mark_meta')}
          <span class="usa-sr-only">: {ctx.t('deliberation.statement_number', { number: s.number })}</span>
        </button>
      </ActionForm>
    </div>
  );
}

function StatementTable({ ctx, c, statements, caption }: { ctx: PageContext; c: Conversation; statements: Statement[]; caption: string }) {
  const columns: Column<Statement>[] = [
    { header: ctx.t('deliberation.col.number'), cell: (s) => s.number },
    { header: ctx.t('deliberation.col.statement'), cell: (s) => <span lang={langAttr(c)}>{s.body}</span> },
    {
      header: ctx.t('deliberation.col.status'),
      cell: (s) => (
        <>
          {ctx.t(`deliberation.statement_status.${s.status}`)}
          {s.isMeta && `，${ctx.t('deliberation.meta')}`}
          {s.isSeed && `，${ctx.t('deliberation.seed')}`}
        </>
      ),
    },
    { header: ctx.t('deliberation.col.submitted'), cell: (s) => <DateText ctx={ctx} value={new Date(s.createdAt)} withTime /> },
  ];
  if (!c.readOnly) columns.push({ header: ctx.t('deliberation.col.actions'), cell: (s) => <DecisionForms ctx={ctx} c={c} s={s} /> });
  return <DataTable caption={caption} rows={statements} columns={columns} />;
}

function ModeratePage({ ctx, queue }: { ctx: PageContext; queue: Queue }) {
  const c = queue.conversation;
  const title = ctx.t('deliberation.moderate_title');
  const behind = queue.math ? queue.votesSeq - queue.math.votesSeq : queue.votesSeq;
  return (
    <Layout ctx={ctx} title={`${title}: ${c.topic}`} breadcrumbs={[{ href: '/deliberation', label: ctx.t('deliberation.nav') }, { href: conversationHref(c.id), label: c.topic }, { label: title }]} wide>
      <Assets />
      <h1>
        {title}
        <span class="display-block font-sans-md text-normal" lang={langAttr(c)}>
          {c.topic}
        </span>
      </h1>
      <p>{ctx.t(c.moderation === 'strict' ? 'deliberation.moderation_intro_strict' : 'deliberation.moderation_intro_permissive')}</p>
      <section aria-labelledby="og-queue-heading">
        <h2 id="og-queue-heading">{ctx.t('deliberation.queue_heading', { count: queue.pending.length })}</h2>
        <PaginatedList ctx={ctx} total={queue.pending.length} emptyMessage={ctx.t('deliberation.queue_empty')}>
          <StatementTable ctx={ctx} c={c} statements={queue.pending} caption={ctx.t('deliberation.queue_heading', { count: queue.pending.length })} />
        </PaginatedList>
      </section>
      <section aria-labelledby="og-math-heading">
        <h2 id="og-math-heading">{ctx.t('deliberation.math_heading')}</h2>
        {queue.math ? (
          <dl class="og-facts">
            <dt>{ctx.t('deliberation.math_computed_at')}</dt>
            <dd>
              <DateText ctx={ctx} value={new Date(queue.math.computedAt)} withTime />
            </dd>
            <dt>{ctx.t('deliberation.math_duration')}</dt>
            <dd>{ctx.t('deliberation.ms', { ms: Math.round(queue.math.durationMs) })}</dd>
            <dt>{ctx.t('deliberation.math_version')}</dt>
            <dd>{queue.math.version}</dd>
            <dt>{ctx.t('deliberation.math_groups')}</dt>
            <dd>{queue.math.groups}</dd>
            <dt>{ctx.t('deliberation.math_behind')}</dt>
            <dd>{behind}</dd>
          </dl>
        ) : (
          <p>{ctx.t('deliberation.math_none')}</p>
        )}
        <ActionForm ctx={ctx} action={conversationHref(c.id, '/recompute')}>
          <p class="usa-hint">{ctx.t('deliberation.recompute_hint')}</p>
          <button type="submit" class="usa-button usa-button--outline">
            {ctx.t('deliberation.recompute')}
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby="og-all-heading">
        <h2 id="og-all-heading">{ctx.t('deliberation.all_statements_heading', { count: queue.statements.length })}</h2>
        <PaginatedList ctx={ctx} total={queue.statements.length} emptyMessage={ctx.t('deliberation.no_statements_yet')}>
          <StatementTable ctx={ctx} c={c} statements={queue.statements} caption={ctx.t('deliberation.all_statements_heading', { count: queue.statements.length })} />
        </PaginatedList>
      </section>
    </Layout>
  );
}

export async function moderationPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/deliberation/:id/moderate', async (request, reply) => {
    requireActor(request);
    const queue = await runAction(deps, request, deliberationModerationQueue, { conversationId: request.params.id });
    return sendPage(reply, <ModeratePage ctx={pageContext(request, reply)} queue={queue} />);
  });

  app.post<{ Params: { id: string; number: string } }>('/deliberation/:id/statements/:number/moderate', { config: { runs: [deliberationStatementModerate] } }, async (request, reply) => {
    requireActor(request);
    const decision = formText(request.body, 'decision');
    await runAction(deps, request, deliberationStatementModerate, { conversationId: request.params.id, number: Number(request.params.number), decision });
    const message = decision === 'accept' ? 'deliberation.flash.accepted' : 'deliberation.flash.rejected';
    return redirectWithFlash(reply, conversationHref(request.params.id, '/moderate'), { kind: 'success', message, params: { number: request.params.number } });
  });

  app.post<{ Params: { id: string; number: string } }>('/deliberation/:id/statements/:number/meta', { config: { runs: [deliberationStatementMeta] } }, async (request, reply) => {
    requireActor(request);
    const meta = formText(request.body, 'meta') === 'true';
    await runAction(deps, request, deliberationStatementMeta, { conversationId: request.params.id, number: Number(request.params.number), meta });
    return redirectWithFlash(reply, conversationHref(request.params.id, '/moderate'), { kind: 'success', message: meta ? 'deliberation.flash.meta_on' : 'deliberation.flash.meta_off', params: { number: request.params.number } });
  });

  app.post<{ Params: { id: string } }>('/deliberation/:id/recompute', { config: { runs: [deliberationRecompute] } }, async (request, reply) => {
    requireActor(request);
    await runAction(deps, request, deliberationRecompute, { conversationId: request.params.id });
    return redirectWithFlash(reply, conversationHref(request.params.id, '/moderate'), { kind: 'success', message: 'deliberation.flash.recomputed' });
  });
}
