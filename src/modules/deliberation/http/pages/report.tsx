// The report page: opinion map, groups with representative statements, consensus, group-aware
// consensus, majority opinions and participation over time. Every figure has a table and a CSV.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DateText, EmptyState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { deliberationShow } from '../../actions/conversations.js';
import { deliberationExport, deliberationReport } from '../../actions/report.js';
import { reportCsv, reportFigures, type ReportFigure } from '../../report.js';
import type { Conversation, Report } from '../../schemas.js';
import { OpinionMap, ParticipationChart, Swatch, groupStyle } from '../charts.js';
import { Assets, conversationHref, formatPct, langAttr } from './shared.js';

function CsvLink({ ctx, c, figure }: { ctx: PageContext; c: Conversation; figure: ReportFigure }) {
  return (
    <p class="og-figure-links">
      <a href={conversationHref(c.id, `/report/${figure}.csv`)} type="text/csv" download>
        {ctx.t('deliberation.download_csv', { figure: ctx.t(`deliberation.figure.${figure}`) })}
      </a>
    </p>
  );
}

function Table({ caption, headers, rows, lang }: { caption: string; headers: string[]; rows: (string | number | preact.JSX.Element)[][]; lang?: string }) {
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={caption}>
      <table class="usa-table usa-table--striped og-report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td lang={i === row.length - 1 ? lang : undefined}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const direction = (ctx: PageContext, d: 'agree' | 'disagree') => ctx.t(`deliberation.direction.${d}`);

function ReportPage({ ctx, c, report }: { ctx: PageContext; c: Conversation; report: Report }) {
  const title = ctx.t('deliberation.report_title');
  const lang = langAttr(c);
  const hasGroups = report.groups.length > 0;
  return (
    <Layout ctx={ctx} title={`${title}: ${c.topic}`} breadcrumbs={[{ href: '/deliberation', label: ctx.t('deliberation.nav') }, { href: conversationHref(c.id), label: c.topic }, { label: title }]} wide>
      <Assets />
      <h1>
        {title}
        <span class="display-block font-sans-md text-normal" lang={lang}>
          {c.topic}
        </span>
      </h1>
      <dl class="og-facts og-summary">
        <dt>{ctx.t('deliberation.count.participants')}</dt>
        <dd>{report.counts.participants}</dd>
        <dt>{ctx.t('deliberation.count.statements')}</dt>
        <dd>{report.counts.statements}</dd>
        <dt>{ctx.t('deliberation.count.votes')}</dt>
        <dd>{report.counts.votes}</dd>
        <dt>{ctx.t('deliberation.count.in_conv')}</dt>
        <dd>{report.counts.inConv}</dd>
        <dt>{ctx.t('deliberation.count.groups')}</dt>
        <dd>{report.counts.groups}</dd>
        <dt>{ctx.t('deliberation.computed_at')}</dt>
        <dd>{report.computedAt ? <DateText ctx={ctx} value={new Date(report.computedAt)} withTime /> : ctx.t('deliberation.not_computed')}</dd>
      </dl>
      <p>{ctx.t('deliberation.report_intro')}</p>
      <ul class="usa-list og-downloads">
        <li>
          <a href={`/api/v1/deliberation/${encodeURIComponent(c.id)}/report`} type="application/json">
            {ctx.t('deliberation.report_json')}
          </a>
        </li>
        {(['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv'] as const).map((file) => (
          <li>
            <a href={conversationHref(c.id, `/export/${file}`)} type="text/csv" download>
              {ctx.t('deliberation.polis_export', { file })}
            </a>
          </li>
        ))}
      </ul>
      {report.counts.participants === 0 && <EmptyState ctx={ctx} message={ctx.t('deliberation.report_empty')} />}

      <section aria-labelledby="og-map-heading">
        <h2 id="og-map-heading">{ctx.t('deliberation.map_heading')}</h2>
        <p>{ctx.t('deliberation.map_intro')}</p>
        {report.participants.length > 0 && (
          <figure class="og-figure">
            <OpinionMap ctx={ctx} report={report} />
            <figcaption>
              <ul class="usa-list usa-list--unstyled og-legend">
                {report.groups.map((g, i) => (
                  <li>
                    <Swatch index={i} /> {ctx.t('deliberation.legend_group', { label: g.label, size: g.size, shape: ctx.t(`deliberation.shape.${groupStyle(i).shape}`) })}
                  </li>
                ))}
                <li>
                  <svg class="og-swatch" width="16" height="16" viewBox="-7 -7 14 14" aria-hidden="true" focusable="false">
                    <circle r="3" fill="none" stroke="#71767a" />
                  </svg>{' '}
                  {ctx.t('deliberation.legend_ungrouped')}
                </li>
              </ul>
            </figcaption>
          </figure>
        )}
        <Table
          caption={ctx.t('deliberation.groups_table')}
          headers={[ctx.t('deliberation.col.group'), ctx.t('deliberation.col.shape'), ctx.t('deliberation.col.size'), ctx.t('deliberation.col.centre')]}
          rows={[
            ...report.groups.map((g, i) => [g.label, ctx.t(`deliberation.shape.${groupStyle(i).shape}`), g.size, `(${g.x.toFixed(2)}, ${g.y.toFixed(2)})`]),
            [ctx.t('deliberation.ungrouped'), ctx.t('deliberation.shape.hollow'), report.participants.filter((p) => p.group === null).length, '—'],
          ]}
        />
        <CsvLink ctx={ctx} c={c} figure="participants" />
        <CsvLink ctx={ctx} c={c} figure="groups" />
        {report.sourceAgreement && (
          <p>
            {ctx.t('deliberation.source_agreement', {
              ari: report.sourceAgreement.ari.toFixed(2),
              compared: report.sourceAgreement.compared,
              groups: report.sourceAgreement.sourceGroups,
            })}
          </p>
        )}
      </section>

      <section aria-labelledby="og-groups-heading">
        <h2 id="og-groups-heading">{ctx.t('deliberation.groups_heading')}</h2>
        {!hasGroups && <p>{ctx.t('deliberation.no_groups')}</p>}
        {report.groups.map((g, i) => (
          <section aria-labelledby={`og-group-${g.id}`}>
            <h3 id={`og-group-${g.id}`}>
              <Swatch index={i} /> {ctx.t('deliberation.group_heading', { label: g.label, size: g.size })}
            </h3>
            {g.representative.length === 0 ? (
              <p>{ctx.t('deliberation.no_representative')}</p>
            ) : (
              <Table
                caption={ctx.t('deliberation.representative_caption', { label: g.label })}
                lang={lang}
                headers={[
                  ctx.t('deliberation.col.number'),
                  ctx.t('deliberation.col.direction'),
                  ctx.t('deliberation.col.agree_in'),
                  ctx.t('deliberation.col.disagree_in'),
                  ctx.t('deliberation.col.agree_out'),
                  ctx.t('deliberation.col.disagree_out'),
                  ctx.t('deliberation.col.statement'),
                ]}
                rows={g.representative.map((r) => [
                  r.statement,
                  direction(ctx, r.direction),
                  `${formatPct(r.inGroup.agreePct)} (${r.inGroup.agree}/${r.inGroup.seen})`,
                  `${formatPct(r.inGroup.disagreePct)} (${r.inGroup.disagree}/${r.inGroup.seen})`,
                  `${formatPct(r.otherGroups.agreePct)} (${r.otherGroups.agree}/${r.otherGroups.seen})`,
                  `${formatPct(r.otherGroups.disagreePct)} (${r.otherGroups.disagree}/${r.otherGroups.seen})`,
                  r.text,
                ])}
              />
            )}
          </section>
        ))}
        <CsvLink ctx={ctx} c={c} figure="representative" />
      </section>

      <section aria-labelledby="og-consensus-heading">
        <h2 id="og-consensus-heading">{ctx.t('deliberation.consensus_heading')}</h2>
        <p>{ctx.t('deliberation.consensus_intro')}</p>
        {report.consensus.length === 0 ? (
          <p>{ctx.t('deliberation.none_yet')}</p>
        ) : (
          <Table
            caption={ctx.t('deliberation.consensus_heading')}
            lang={lang}
            headers={[ctx.t('deliberation.col.number'), ctx.t('deliberation.col.direction'), ctx.t('deliberation.col.by_group'), ctx.t('deliberation.col.statement')]}
            rows={report.consensus.map((e) => [
              e.statement,
              direction(ctx, e.direction),
              e.groups.map((g) => `${g.label}: ${formatPct(e.direction === 'agree' ? g.agreePct : g.disagreePct)}`).join('，'),
              e.text,
            ])}
          />
        )}
        <CsvLink ctx={ctx} c={c} figure="consensus" />
      </section>

      <section aria-labelledby="og-gac-heading">
        <h2 id="og-gac-heading">{ctx.t('deliberation.gac_heading')}</h2>
        <p>{ctx.t('deliberation.gac_intro')}</p>
        {report.groupAwareConsensus.length === 0 ? (
          <p>{ctx.t('deliberation.none_yet')}</p>
        ) : (
          <Table
            caption={ctx.t('deliberation.gac_heading')}
            lang={lang}
            headers={[ctx.t('deliberation.col.rank'), ctx.t('deliberation.col.number'), ctx.t('deliberation.col.gac'), ctx.t('deliberation.col.statement')]}
            rows={report.groupAwareConsensus.map((g) => [g.rank, g.statement, g.geometricMean.toFixed(3), g.text])}
          />
        )}
        <CsvLink ctx={ctx} c={c} figure="group-aware-consensus" />
      </section>

      <section aria-labelledby="og-majority-heading">
        <h2 id="og-majority-heading">{ctx.t('deliberation.majority_heading')}</h2>
        <p>{ctx.t('deliberation.majority_intro')}</p>
        {report.majority.length === 0 ? (
          <p>{ctx.t('deliberation.none_yet')}</p>
        ) : (
          <Table
            caption={ctx.t('deliberation.majority_heading')}
            lang={lang}
            headers={[ctx.t('deliberation.col.number'), ctx.t('deliberation.col.direction'), ctx.t('deliberation.col.share'), ctx.t('deliberation.col.statement')]}
            rows={report.majority.map((m) => [m.statement, direction(ctx, m.direction), `${m.percent}% (${m.votes})`, m.text])}
          />
        )}
        <CsvLink ctx={ctx} c={c} figure="majority" />
      </section>

      <section aria-labelledby="og-participation-heading">
        <h2 id="og-participation-heading">{ctx.t('deliberation.participation_heading')}</h2>
        {report.participation.series.length === 0 ? (
          <p>{ctx.t('deliberation.participation_none')}</p>
        ) : (
          <>
            <figure class="og-figure">
              <ParticipationChart ctx={ctx} report={report} />
              <figcaption>{ctx.t('deliberation.participation_legend')}</figcaption>
            </figure>
            <Table
              caption={ctx.t('deliberation.participation_table', { bucket: ctx.t(`deliberation.bucket.${report.participation.bucket}`) })}
              headers={[
                ctx.t(`deliberation.bucket.${report.participation.bucket}`),
                ctx.t('deliberation.col.votes'),
                ctx.t('deliberation.col.new_participants'),
                ctx.t('deliberation.col.total_votes'),
                ctx.t('deliberation.col.total_participants'),
              ]}
              rows={report.participation.series.map((s) => [s.period, s.votes, s.newParticipants, s.totalVotes, s.totalParticipants])}
            />
          </>
        )}
        <CsvLink ctx={ctx} c={c} figure="participation" />
      </section>
    </Layout>
  );
}

const exportFiles = ['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv'] as const;
type ExportFile = (typeof exportFiles)[number];

function csvFilename(id: string, name: string): string {
  return `attachment; filename="deliberation-${id.replace(/[^A-Za-z0-9-]/g, '')}-${name}"`;
}

export async function reportPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/deliberation/:id/report', async (request, reply) => {
    const shown = await runAction(deps, request, deliberationShow, { conversationId: request.params.id });
    const report = await runAction(deps, request, deliberationReport, { conversationId: request.params.id });
    return sendPage(reply, <ReportPage ctx={pageContext(request, reply)} c={shown.conversation} report={report} />);
  });

  app.get<{ Params: { id: string; figure: string } }>('/deliberation/:id/report/:figure', async (request, reply) => {
    const figure = request.params.figure.replace(/\.csv$/, '') as ReportFigure;
    if (!request.params.figure.endsWith('.csv') || !reportFigures.includes(figure)) throw new AppError('NOT_FOUND', 'error.not_found');
    const report = await runAction(deps, request, deliberationReport, { conversationId: request.params.id });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', csvFilename(request.params.id, `${figure}.csv`))
      .header('cache-control', 'no-store')
      .send(reportCsv(report, figure));
  });

  app.get<{ Params: { id: string; file: string } }>('/deliberation/:id/export/:file', async (request, reply) => {
    const file = request.params.file as ExportFile;
    if (!exportFiles.includes(file)) throw new AppError('NOT_FOUND', 'error.not_found');
    const files = await runAction(deps, request, deliberationExport, { conversationId: request.params.id });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', csvFilename(request.params.id, file))
      .header('cache-control', 'no-store')
      .send(files[file]);
  });
}
