// One dataset: metadata, resources with download links and previews, quality checks, history and
// related datasets. Also the download route, which counts downloads and serves uploaded files.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ComponentChildren } from 'preact';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../../../core/errors.js';
import { runAction } from '../../../../http/actions.js';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DateText } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { packageHistory } from '../actions/package_history.js';
import { packageShow } from '../actions/package_show.js';
import { packageSearch } from '../../search/actions/package_search.js';
import { resourceShow } from '../actions/resource_show.js';
import type { QualityCheck } from '../../model.js';
import type { Dataset, Resource } from '../../queries.js';
import { readUpload, uploadPath } from '../../storage.js';
import { usage } from '../../stats/usage.js';
import { canEditAgencyDatasets } from '../../policy.js';
import { isAgencyMember } from '../../../../core/actor.js';
import { datasetCommentList } from '../../community/actions/dataset_comment_list.js';
import { packageTombstone } from '../actions/package_tombstone.js';
import { showcaseList } from '../../community/actions/showcase_list.js';
import type { CommentView, ShowcaseView } from '../../community/actions/shared.js';
import { CommunitySections } from '../../community/http/community.js';
import { agencyLabel, categoryLabel, datasetHref, formatBytes, licenseLabel, QualityBadge, safeHref } from '../../http/shared.js';

type History = Awaited<ReturnType<typeof packageHistory.run>>;

export interface Preview {
  resourceId: string;
  columns: string[];
  rows: string[][];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The first rows of an uploaded CSV or JSON file; null when it cannot be read as a table. */
export function previewOf(bytes: Buffer, format: string, maxRows = 10): Omit<Preview, 'resourceId'> | null {
  let text: string;
  try {
    text = strictUtf8.decode(bytes.subarray(0, 256 * 1024)).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
  try {
    if (format === 'CSV') {
      const rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, to: maxRows + 1, relax_quotes: true }) as string[][];
      if (rows.length === 0) return null;
      return { columns: rows[0]!, rows: rows.slice(1) };
    }
    if (format === 'JSON') {
      const value = JSON.parse(text) as unknown;
      const list = Array.isArray(value) ? value : value && typeof value === 'object' ? (Object.values(value).find(Array.isArray) as unknown[] | undefined) : undefined;
      if (!list || list.length === 0 || typeof list[0] !== 'object' || list[0] === null) return null;
      const columns = Object.keys(list[0] as object).slice(0, 20);
      return { columns, rows: list.slice(0, maxRows).map((r) => columns.map((c) => String((r as Record<string, unknown>)[c] ?? ''))) };
    }
  } catch {
    return null;
  }
  return null;
}

const downloadHref = (d: Pick<Dataset, 'id'>, r: Resource) => `/dataset/${d.id}/resource/${r.id}/download${r.url_type === 'upload' ? `/${encodeURIComponent(r.upload_key?.split('/').pop() ?? 'file')}` : ''}`;

function Meta({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt class="text-bold margin-top-1">{label}</dt>
      <dd class="margin-left-0">{children}</dd>
    </>
  );
}

function Checks({ ctx, checks, resources }: { ctx: PageContext; checks: QualityCheck[]; resources: Resource[] }) {
  const name = (id?: string) => resources.find((r) => r.id === id)?.name;
  return (
    <ul class="usa-list">
      {checks.map((c) => (
        <li>
          <strong>{c.ok ? ctx.t('opendata.quality.passed') : ctx.t('opendata.quality.failed')}</strong>：{ctx.t(`opendata.quality.${c.name}`)}
          {c.resourceId && ` （${name(c.resourceId) ?? ''}）`}
          {!c.ok && c.hint && <div class="usa-hint">{ctx.t(c.hint)}</div>}
        </li>
      ))}
    </ul>
  );
}

interface Community {
  comments: CommentView[];
  showcases: ShowcaseView[];
}

function TombstonePage({ ctx, t }: { ctx: PageContext; t: Awaited<ReturnType<typeof packageTombstone.run>> }) {
  return (
    <Layout ctx={ctx} title={t.title} breadcrumbs={[{ href: '/datasets', label: ctx.t('opendata.search.title') }, { label: t.title }]}>
      <h1>{t.title}</h1>
      <div class="usa-alert usa-alert--warning">
        <div class="usa-alert__body">
          <h2 class="usa-alert__heading">{ctx.t('opendata.tombstone.heading')}</h2>
          <p class="usa-alert__text">{ctx.t('opendata.tombstone.text', { agency: agencyLabel(ctx, t.agency), reason: ctx.t(t.reason) })}</p>
        </div>
      </div>
    </Layout>
  );
}

function DatasetPage({ ctx, d, history, previews, related, community }: { ctx: PageContext; d: Dataset; history: History; previews: Preview[]; related: Dataset[]; community: Community }) {
  const lang = d.language === 'en' ? 'en' : undefined;
  const editable = canEditAgencyDatasets(ctx.actor, d.agency.id);
  const licenseUrl = safeHref(d.license_id === 'other' ? d.license_url : null);
  return (
    <Layout ctx={ctx} title={d.title} breadcrumbs={[{ href: '/datasets', label: ctx.t('opendata.search.title') }, { label: d.title }]}>
      <h1 lang={lang}>{d.title}</h1>
      {d.status !== 'published' && (
        <div class="usa-alert usa-alert--warning usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">
              {ctx.t(`opendata.status.${d.status}`)}
              {d.unpublish_reason && `：${ctx.t(d.unpublish_reason)}`}
            </p>
          </div>
        </div>
      )}
      <p class="usa-intro" lang={lang}>
        {d.notes}
      </p>
      <p>
        <QualityBadge ctx={ctx} mark={d.quality_mark} /> {agencyLabel(ctx, d.agency)} · {categoryLabel(ctx, d.category)}
      </p>
      {editable && (
        <p>
          <a class="usa-button usa-button--outline" href={`/datasets/${encodeURIComponent(d.name)}/edit`}>
            {ctx.t('opendata.edit')}
          </a>
        </p>
      )}

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">{ctx.t('opendata.resources')}</h2>
        {d.resources.length === 0 ? (
          <p>{ctx.t('opendata.no_resources')}</p>
        ) : (
          <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="resources-heading">
            <table class="usa-table usa-table--borderless">
              <caption class="usa-sr-only">{ctx.t('opendata.resources')}</caption>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('opendata.field.resource_name')}</th>
                  <th scope="col">{ctx.t('opendata.field.format')}</th>
                  <th scope="col">{ctx.t('opendata.field.encoding')}</th>
                  <th scope="col">{ctx.t('opendata.field.size')}</th>
                  <th scope="col">{ctx.t('opendata.field.download')}</th>
                </tr>
              </thead>
              <tbody>
                {d.resources.map((r) => (
                  <tr>
                    <th scope="row">
                      {r.name}
                      {r.description && <div class="usa-hint">{r.description}</div>}
                    </th>
                    <td>{r.format || '—'}</td>
                    <td>{r.encoding}</td>
                    <td>{formatBytes(r.size)}</td>
                    <td>
                      <a href={downloadHref(d, r)} rel="nofollow">
                        {ctx.t('opendata.download')}
                        <span class="usa-sr-only">
                          {' '}
                          {r.name} ({r.format})
                        </span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {previews.map((p) => {
          const r = d.resources.find((x) => x.id === p.resourceId)!;
          return (
            <div class="usa-table-container--scrollable margin-top-2" tabIndex={0} role="region" aria-label={ctx.t('opendata.preview_of', { name: r.name })}>
              <table class="usa-table usa-table--compact usa-table--striped">
                <caption>{ctx.t('opendata.preview_of', { name: r.name })}</caption>
                <thead>
                  <tr>
                    {p.columns.map((c) => (
                      <th scope="col">{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {p.rows.map((row) => (
                    <tr>
                      {p.columns.map((_, i) => (
                        <td>{row[i] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </section>

      <section aria-labelledby="metadata-heading">
        <h2 id="metadata-heading">{ctx.t('opendata.metadata')}</h2>
        <dl>
          <Meta label={ctx.t('opendata.field.identifier')}>{d.identifier}</Meta>
          <Meta label={ctx.t('opendata.field.agency')}>{agencyLabel(ctx, d.agency)}</Meta>
          <Meta label={ctx.t('opendata.field.contact')}>{[d.contact_name, d.contact_phone, d.contact_email].filter(Boolean).join(' · ')}</Meta>
          <Meta label={ctx.t('opendata.field.category')}>{categoryLabel(ctx, d.category)}</Meta>
          <Meta label={ctx.t('opendata.field.tags')}>{d.tags.length > 0 ? d.tags.join('、') : '—'}</Meta>
          <Meta label={ctx.t('opendata.field.provision_type')}>{ctx.t(`opendata.provision_type.${d.provision_type}`)}</Meta>
          <Meta label={ctx.t('opendata.field.update_frequency')}>{ctx.t(`opendata.update_frequency.${d.update_frequency}`)}</Meta>
          <Meta label={ctx.t('opendata.field.license')}>{licenseUrl ? <a href={licenseUrl}>{licenseLabel(ctx, d.license_id)}</a> : licenseLabel(ctx, d.license_id)}</Meta>
          <Meta label={ctx.t('opendata.field.charge')}>{d.charge === 'paid' ? `${ctx.t('opendata.charge.paid')}：${d.fee ?? ''}（${d.fee_basis ?? ''}）` : ctx.t('opendata.charge.free')}</Meta>
          <Meta label={ctx.t('opendata.field.issued')}>
            <DateText ctx={ctx} value={d.issued} />
          </Meta>
          <Meta label={ctx.t('opendata.field.modified')}>
            <DateText ctx={ctx} value={d.modified_at} withTime />
          </Meta>
          <Meta label={ctx.t('opendata.field.temporal')}>{d.temporal_start || d.temporal_end ? `${d.temporal_start ?? '…'} – ${d.temporal_end ?? '…'}` : '—'}</Meta>
          <Meta label={ctx.t('opendata.field.spatial')}>{d.spatial ?? '—'}</Meta>
          <Meta label={ctx.t('opendata.field.data_volume')}>{d.data_volume ?? '—'}</Meta>
          <Meta label={ctx.t('opendata.field.remarks')}>{d.remarks ?? '—'}</Meta>
          <Meta label={ctx.t('opendata.field.usage')}>{ctx.t('opendata.usage_counts', { views: d.views, downloads: d.downloads })}</Meta>
        </dl>
        {d.fields.length > 0 && (
          <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="fields-heading">
            <table class="usa-table usa-table--compact">
              <caption id="fields-heading">{ctx.t('opendata.field.fields')}</caption>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('opendata.field.field_name')}</th>
                  <th scope="col">{ctx.t('opendata.field.field_type')}</th>
                  <th scope="col">{ctx.t('opendata.field.field_meaning')}</th>
                  <th scope="col">{ctx.t('opendata.field.field_unit')}</th>
                </tr>
              </thead>
              <tbody>
                {d.fields.map((f) => (
                  <tr>
                    <th scope="row">{f.name}</th>
                    <td>{f.type || '—'}</td>
                    <td>{f.meaning || '—'}</td>
                    <td>{f.unit ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <a href={`/dataset/${d.id}.jsonld`}>DCAT JSON-LD</a> · <a href={`/dataset/${d.id}.ttl`}>DCAT Turtle</a> · <a href={`/api/3/action/package_show?id=${encodeURIComponent(d.name)}`}>CKAN API</a>
        </p>
      </section>

      <section aria-labelledby="quality-heading">
        <h2 id="quality-heading">{ctx.t('opendata.quality.heading')}</h2>
        <p>
          <QualityBadge ctx={ctx} mark={d.quality_mark} />
        </p>
        {d.quality_report && d.quality_report.length > 0 ? <Checks ctx={ctx} checks={d.quality_report} resources={d.resources} /> : <p>{ctx.t('opendata.quality.not_checked')}</p>}
      </section>

      {related.length > 0 && (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">{ctx.t('opendata.related')}</h2>
          <ul class="usa-list">
            {related.map((r) => (
              <li>
                <a href={datasetHref(r)}>{r.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <CommunitySections ctx={ctx} d={d} comments={community.comments} showcases={community.showcases} canAnswer={isAgencyMember(ctx.actor, d.agency.id)} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{ctx.t('opendata.history')}</h2>
        <ol class="usa-list">
          {history.map((h) => (
            <li>
              <DateText ctx={ctx} value={h.at} withTime /> · {ctx.t(`opendata.history.${h.action}`)} · {h.actorName ?? ctx.t('opendata.history.someone')}
              {h.note && `：${ctx.t(h.note)}`}
              {Object.keys(h.changes).length > 0 && h.action !== 'create' && (
                <span class="text-base-dark">
                  {' '}
                  （{ctx.t('opendata.history.changed')}：{Object.keys(h.changes)
                    .map((k) => ctx.t(`opendata.field.${k}`))
                    .join('、')}
                  ）
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export async function datasetPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { services } = deps;

  app.get<{ Params: { name: string } }>('/datasets/:name', async (request, reply) => {
    let d: Dataset;
    try {
      d = await runAction(deps, request, packageShow, { id: request.params.name });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      // An unpublished dataset still tells the public why it went away.
      const tombstone = await runAction(deps, request, packageTombstone, { id: request.params.name }).catch(() => null);
      if (!tombstone) throw error;
      return sendPage(reply, <TombstonePage ctx={pageContext(request, reply)} t={tombstone} />, 410);
    }
    if (d.name !== request.params.name) return reply.redirect(datasetHref(d), 301);
    const history = await runAction(deps, request, packageHistory, { id: d.id });
    const previews: Preview[] = [];
    for (const r of d.resources) {
      if (r.url_type !== 'upload' || !r.upload_key || !['CSV', 'JSON'].includes(r.format) || previews.length >= 2) continue;
      const bytes = await readUpload(services.config, r.upload_key, 5 * 1024 * 1024);
      const preview = bytes && previewOf(bytes, r.format);
      if (preview) previews.push({ resourceId: r.id, ...preview });
    }
    const relatedFq = `groups:"${d.category.code}"${d.tags.length > 0 ? ` OR tags:(${d.tags.map((tg) => `"${tg.replace(/["\\]/g, '')}"`).join(' OR ')})` : ''}`;
    const related = (await runAction(deps, request, packageSearch, { fq: `(${relatedFq}) AND -id:"${d.id}"`, rows: 5, sort: 'downloads desc' })).results;
    const community: Community = {
      comments: await runAction(deps, request, datasetCommentList, { dataset_id: d.id }),
      showcases: await runAction(deps, request, showcaseList, { dataset_id: d.id }),
    };
    if (d.status === 'published') usage(services).record('view', d.id, null, request.headers['user-agent']);
    return sendPage(reply, <DatasetPage ctx={pageContext(request, reply)} d={d} history={history} previews={previews} related={related} community={community} />);
  });

  const download = async (request: import('fastify').FastifyRequest<{ Params: { id: string; rid: string } }>, reply: import('fastify').FastifyReply) => {
    const { resource, dataset } = await runAction(deps, request, resourceShow, { id: request.params.rid });
    if (dataset.id !== request.params.id) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
    if (dataset.status === 'published') usage(services).record('download', dataset.id, resource.id, request.headers['user-agent']);
    if (resource.url_type === 'upload' && resource.upload_key) {
      const file = uploadPath(services.config, resource.upload_key);
      if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
      const filename = resource.upload_key.split('/').pop() ?? 'file';
      return reply
        .type(resource.media_type ?? 'application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(fs.createReadStream(file));
    }
    const target = safeHref(resource.url);
    if (!target) throw new AppError('NOT_FOUND', 'opendata.resource_not_found');
    return reply.redirect(target, 302);
  };
  app.get('/dataset/:id/resource/:rid/download', download);
  app.get('/dataset/:id/resource/:rid/download/:file', download);
}
