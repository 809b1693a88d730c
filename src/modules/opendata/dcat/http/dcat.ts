// DCAT-AP exports: the catalog (paged) and each dataset, as Turtle or JSON-LD, by extension or by
// content negotiation (Accept: text/turtle / application/ld+json); browsers go to the HTML page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../../core/errors.js';
import { t } from '../../../../core/i18n/index.js';
import { runAction } from '../../../../http/actions.js';
import type { AppDeps } from '../../../../manifest.js';
import { packageShow } from '../../catalog/actions/package.js';
import { packageSearch } from '../../search/actions/search.js';
import { Readable } from 'node:stream';
import { DcatGraph } from '../dcat.js';
import { catalogCsv, catalogJson } from '../../catalog/export.js';
import { packageDict } from '../../ckan/ckan-dicts.js';

type Format = 'ttl' | 'jsonld';
const MAX_PER_PAGE = 1000;

function negotiate(request: FastifyRequest): Format | null {
  const accept = request.headers.accept ?? '';
  if (/text\/turtle|application\/x-turtle/.test(accept)) return 'ttl';
  if (/application\/ld\+json|application\/json/.test(accept)) return 'jsonld';
  return null;
}

function send(reply: FastifyReply, graph: DcatGraph, format: Format): FastifyReply {
  reply.header('vary', 'Accept').header('access-control-allow-origin', '*');
  if (format === 'ttl') return reply.type('text/turtle; charset=utf-8').send(graph.turtle());
  return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(graph.jsonld()));
}

function pageNumber(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'page', message: 'validation.invalid' }]);
  return n;
}

export async function dcatRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const baseUrl = deps.services.config.baseUrl;

  async function catalog(request: FastifyRequest, reply: FastifyReply, format: Format) {
    const query = request.query as Record<string, unknown>;
    const perPage = pageNumber(query.per_page, 100, MAX_PER_PAGE);
    const page = pageNumber(query.page, 1, 1_000_000);
    const result = await runAction(deps, request, packageSearch, { rows: perPage, start: (page - 1) * perPage, sort: 'metadata_created asc' });
    const graph = new DcatGraph(baseUrl);
    graph.catalog(
      {
        baseUrl,
        title: { zh: `${t('zh-TW', 'site.name')} 資料目錄`, en: `${t('en', 'site.name')} data catalog` },
        description: { zh: t('zh-TW', 'opendata.catalog_description'), en: t('en', 'opendata.catalog_description') },
        publisherName: t('zh-TW', 'site.name'),
        modified: result.results.reduce<string | null>((max, d) => (!max || d.modified_at > max ? d.modified_at : max), null),
        paging: { page, perPage, total: result.count, pageUrl: (p) => `${baseUrl}/catalog.${format}?page=${p}${perPage !== 100 ? `&per_page=${perPage}` : ''}` },
      },
      result.results,
    );
    return send(reply, graph, format);
  }

  // Whole-catalog exports (public datasets), streamed.
  app.get('/catalog/export.csv', async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="catalog.csv"')
      .send(Readable.from(catalogCsv(deps.services.db, baseUrl))),
  );
  app.get('/catalog/export.json', async (request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="catalog.json"')
      .send(Readable.from(catalogJson(deps.services.db, (d) => packageDict(baseUrl, d, request.locale)))),
  );

  app.get('/catalog.ttl', (request, reply) => catalog(request, reply, 'ttl'));
  app.get('/catalog.jsonld', (request, reply) => catalog(request, reply, 'jsonld'));
  app.get('/catalog', (request, reply) => {
    const format = negotiate(request);
    if (!format) return reply.redirect('/datasets', 303);
    return catalog(request, reply, format);
  });

  app.get<{ Params: { ref: string } }>('/dataset/:ref', async (request, reply) => {
    const match = /^(.+?)\.(ttl|jsonld)$/.exec(request.params.ref);
    const ref = match ? match[1]! : request.params.ref;
    const format = (match?.[2] as Format | undefined) ?? negotiate(request);
    const dataset = await runAction(deps, request, packageShow, { id: ref });
    if (!format) return reply.redirect(`/datasets/${encodeURIComponent(dataset.name)}`, 303);
    const graph = new DcatGraph(baseUrl);
    graph.dataset(dataset);
    return send(reply, graph, format);
  });
}
