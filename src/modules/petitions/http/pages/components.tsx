// View pieces the proposal pages share: status tags, the progress against the threshold, the
// markdown subset, agency names, the timeline, proposal cards.
import type { ComponentChildren } from 'preact';
import { formatDate, taipeiDateOf } from '../../../../core/calendar.js';
import { DateText } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Markdown } from '../../../../web/markdown.js';
import type { ProposalView } from '../../actions/proposal_show.js';
import type { ProposalSummary } from '../../schemas.js';
import type { ProposalStatus } from '../../tables.js';

export const proposalHref = (id: string) => `/proposals/${encodeURIComponent(id)}`;

export const agencyName = (ctx: PageContext, a: { nameZh: string; nameEn: string }) => (ctx.locale === 'en' ? a.nameEn : a.nameZh);

const tagClass: Record<ProposalStatus, string> = {
  draft: 'bg-base-dark',
  in_review: 'bg-primary-dark',
  hidden: 'bg-secondary-darker',
  endorsing: 'bg-primary',
  established: 'bg-accent-cool-darker',
  not_established: 'bg-base-darker',
  answered: 'bg-primary-darker',
};

export function StatusTag({ ctx, status }: { ctx: PageContext; status: ProposalStatus }) {
  return <span class={`usa-tag ${tagClass[status]}`}>{ctx.t(`petitions.status.${status}`)}</span>;
}

export function OverdueTag({ ctx }: { ctx: PageContext }) {
  return <span class="usa-tag bg-secondary-dark">{ctx.t('petitions.overdue')}</span>;
}

export function AgencyList({ ctx, agencies }: { ctx: PageContext; agencies: Array<{ code: string; nameZh: string; nameEn: string; role: 'lead' | 'co' }> }) {
  if (agencies.length === 0) return <span>—</span>;
  return (
    <>
      {agencies.map((a, i) => (
        <>
          {i > 0 && (ctx.locale === 'en' ? ', ' : '、')}
          <a href={`/agencies/${encodeURIComponent(a.code)}`}>{agencyName(ctx, a)}</a>
          <span class="text-base-dark">（{ctx.t(`petitions.role.${a.role}`)}）</span>
        </>
      ))}
    </>
  );
}

const number = (ctx: PageContext, n: number) => n.toLocaleString(ctx.locale === 'en' ? 'en-US' : 'zh-TW');

/** The count against the threshold, as text and as a progress bar (the text carries the meaning). */
export function Progress({ ctx, count, target, label }: { ctx: PageContext; count: number; target: number; label?: string }) {
  const id = `progress-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <div class="og-progress">
      <p id={id} class="og-progress__text">
        {label ?? ctx.t('petitions.progress', { count: number(ctx, count), target: number(ctx, target) })}
      </p>
      <progress value={Math.min(count, target)} max={target} aria-labelledby={id}>
        {Math.min(100, Math.floor((count / Math.max(1, target)) * 100))}%
      </progress>
    </div>
  );
}

export function ProposalCard({ ctx, p, headingLevel = 3 }: { ctx: PageContext; p: ProposalSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="usa-card og-proposal-card">
      <div class="usa-card__container">
        <div class="usa-card__header">
          <Heading class="usa-card__heading">
            <a href={proposalHref(p.id)}>{p.title}</a>
          </Heading>
        </div>
        <div class="usa-card__body">
          <p>
            <StatusTag ctx={ctx} status={p.status} /> {p.overdue && <OverdueTag ctx={ctx} />}
            {p.topic && <span class="text-base-dark"> {ctx.t(`petitions.topic.${p.topic}`)}</span>}
          </p>
          <p class="text-base-dark">
            {ctx.t('petitions.field.agencies')}：<AgencyList ctx={ctx} agencies={p.agencies} />
          </p>
          {(p.status === 'endorsing' || p.status === 'established') && <Progress ctx={ctx} count={p.endorsementCount} target={p.threshold} />}
          <p class="text-base-dark">
            {p.status === 'endorsing' && p.daysLeft > 0 && ctx.t('petitions.days_left', { days: p.daysLeft })}
            {p.status === 'established' && p.responseDueOn && (
              <>
                {ctx.t('petitions.response_due')}：<DateText ctx={ctx} value={p.responseDueOn} />
              </>
            )}
            {p.status === 'answered' && p.respondedAt && (
              <>
                {ctx.t('petitions.answered_on')}：<DateText ctx={ctx} value={p.respondedAt} />
              </>
            )}
            {p.status === 'not_established' && ctx.t('petitions.final_count', { count: number(ctx, p.endorsementCount) })}
          </p>
        </div>
      </div>
    </li>
  );
}

interface Step {
  title: string;
  date: string | null;
  detail?: ComponentChildren;
  upcoming?: boolean;
}

const day = (iso: string) => (iso.length > 10 ? taipeiDateOf(new Date(iso)) : iso);

/** Every step of the proposal with its date, then the deadlines still ahead. */
export function Timeline({ ctx, view }: { ctx: PageContext; view: ProposalView }) {
  const steps: Step[] = [];
  for (const e of view.timeline) {
    const data = e.data;
    let detail: ComponentChildren = null;
    if (e.kind === 'submitted' && typeof data.dueOn === 'string') detail = ctx.t('petitions.timeline.review_due', { date: formatDate(data.dueOn, ctx.locale) });
    if (e.kind === 'approved' && typeof data.endorsementOpensOn === 'string') detail = ctx.t('petitions.timeline.opens', { date: formatDate(data.endorsementOpensOn, ctx.locale) });
    if ((e.kind === 'established' || e.kind === 'not_established' || e.kind === 'stage_reached') && typeof data.count === 'number') detail = ctx.t('petitions.timeline.count', { count: number(ctx, data.count) });
    if (e.kind === 'extended') detail = ctx.t('petitions.timeline.extended', { date: formatDate(String(data.newDueOn), ctx.locale), reasons: String(data.note ?? '') });
    if (e.kind === 'responded' && typeof data.outcome === 'string') detail = ctx.t(`petitions.outcome.${data.outcome}`);
    if (e.kind === 'meeting_added' && typeof data.heldOn === 'string') detail = ctx.t('petitions.timeline.meeting', { date: formatDate(data.heldOn, ctx.locale) });
    if (e.kind === 'followup_updated') detail = `${String(data.description ?? '')}：${ctx.t(`petitions.followup_status.${String(data.status)}`)}`;
    if (e.kind === 'hidden' && Array.isArray(data.reasons)) detail = (data.reasons as string[]).map((r) => ctx.t(`petitions.hide_reason.${r}`)).join(ctx.locale === 'en' ? '; ' : '；');
    if (e.kind === 'agencies_changed') {
      const names = (ctx.locale === 'en' ? data.toEn : data.toZh) ?? data.to;
      if (Array.isArray(names)) detail = (names as string[]).join(ctx.locale === 'en' ? ', ' : '、');
    }
    steps.push({ title: ctx.t(`petitions.event.${e.kind}`), date: e.at, detail });
  }
  if (view.status === 'not_established' && !view.timeline.some((e) => e.kind === 'not_established')) {
    steps.push({ title: ctx.t('petitions.event.not_established'), date: view.endorsement.closesOn });
  }
  if (view.status === 'in_review' && view.reviewDueOn) steps.push({ title: ctx.t('petitions.timeline.review_deadline'), date: view.reviewDueOn, upcoming: true });
  if (view.status === 'endorsing' && view.endorsement.closesOn) {
    const opens = view.endorsement.phase === 'not_started' && view.endorsement.startOn;
    if (opens) steps.push({ title: ctx.t('petitions.timeline.endorsement_opens'), date: view.endorsement.startOn, upcoming: true });
    steps.push({ title: ctx.t('petitions.timeline.endorsement_deadline', { target: number(ctx, view.endorsement.target) }), date: view.endorsement.closesOn, upcoming: true });
  }
  if (view.status === 'established' && view.responseDueOn) steps.push({ title: ctx.t('petitions.timeline.response_deadline'), date: view.responseDueOn, upcoming: true });
  return (
    <ol class="usa-process-list og-timeline">
      {steps.map((s) => (
        <li class={`usa-process-list__item${s.upcoming ? ' og-timeline__upcoming' : ''}`}>
          <h3 class="usa-process-list__heading">
            {s.upcoming && <span class="text-base-dark">{ctx.t('petitions.timeline.upcoming')}：</span>}
            {s.title}
          </h3>
          <p class="margin-top-05">{s.date ? <DateText ctx={ctx} value={s.date.length > 10 ? new Date(s.date) : day(s.date)} withTime={s.date.length > 10} /> : '—'}</p>
          {s.detail && <p class="margin-top-05">{s.detail}</p>}
        </li>
      ))}
    </ol>
  );
}

export { number as formatNumber };

/** What the proposer wrote: content, benefits, and the links and files given as evidence. */
export function ProposalBody({ ctx, view, headingId }: { ctx: PageContext; view: ProposalView; headingId: string }) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{ctx.t('petitions.field.content')}</h2>
      <Markdown source={view.content} class="og-prose" />
      <h2>{ctx.t('petitions.field.benefits')}</h2>
      <Markdown source={view.benefits} class="og-prose" />
      {(view.links.length > 0 || view.attachments.length > 0) && (
        <>
          <h2>{ctx.t('petitions.field.evidence')}</h2>
          <ul class="usa-list">
            {view.links.map((l) => (
              <li>
                <a href={l.url} rel="nofollow ugc noopener noreferrer" class="usa-link usa-link--external">
                  {l.label ?? l.url}
                </a>
              </li>
            ))}
            {view.attachments.map((a) => (
              <li>
                <a href={a.url}>{a.filename}</a> <span class="text-base-dark">（{Math.max(1, Math.round(a.size / 1024))} KB）</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
