// DCAT-AP exports: the catalog (paged) and each dataset, as Turtle or JSON-LD, by extension or by
// content negotiation (Accept: text/turtle / application/ld+json); browsers go to the HTML page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../../core/errors.js';
import { t } from '../../../../core/i18n/index.js';
import { runAction } from '../../../../http/actions.js';
import type { AppDeps } from '../../../../manifest.js';
import { problemResponses } from '../../../../http/schemas.js';
import { packageShow } from '../../catalog/actions/package_show.js';
import { packageSearch } from '../../search/actions/package_search.js';
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

const dcatTags = ['dcat'];
const mediaTypes: Record<Format, string> = { ttl: 'text/turtle', jsonld: 'application/ld+json' };

/** A DCAT document is written, not serialized: documented as text, sent as it is. */
const dcatContent = (description: string, formats: Format[]) => ({
  description,
  content: Object.fromEntries(formats.map((f) => [mediaTypes[f], { schema: Type.String() }])),
});

function catalogSchema(operationId: string, summary: string, formats: Format[], redirects = false) {
  return {
    tags: dcatTags,
    operationId,
    summary,
    description: 'DCAT-AP (dcat:Catalog with its dcat:Dataset and dcat:Distribution), paged with hydra:PartialCollectionView links.',
    querystring: Type.Object({
      page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Page number, from 1' })),
      per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Datasets per page (default 100)' })),
    }),
    response: {
      200: dcatContent('The catalog page', formats),
      ...(redirects && { 303: { description: 'No DCAT format asked for: the dataset list page', type: 'null' } }),
      ...problemResponses(400),
    },
  };
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
      .send(Readable.from(catalogCsv(deps.services, baseUrl))),
  );
  app.get('/catalog/export.json', async (request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="catalog.json"')
      .send(Readable.from(catalogJson(deps.services, (d) => packageDict(baseUrl, d, request.locale)))),
  );

  app.get('/catalog.ttl', { schema: catalogSchema('catalog_ttl', 'The catalog as DCAT-AP Turtle, one page of datasets', ['ttl']) }, (request, reply) => catalog(request, reply, 'ttl'));
  app.get('/catalog.jsonld', { schema: catalogSchema('catalog_jsonld', 'The catalog as DCAT-AP JSON-LD, one page of datasets', ['jsonld']) }, (request, reply) => catalog(request, reply, 'jsonld'));
  app.get(
    '/catalog',
    { schema: catalogSchema('catalog_negotiated', 'The catalog in the format the Accept header asks for (text/turtle or application/ld+json); browsers are sent to /datasets', ['ttl', 'jsonld'], true) },
    (request, reply) => {
      const format = negotiate(request);
      if (!format) return reply.redirect('/datasets', 303);
      return catalog(request, reply, format);
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/dataset/:ref',
    {
      schema: {
        tags: dcatTags,
        operationId: 'dataset_dcat',
        summary: 'One dataset as DCAT-AP',
        description: 'Turtle for `{name}.ttl`, JSON-LD for `{name}.jsonld`; without an extension the Accept header decides, and browsers are sent to the dataset page.',
        params: Type.Object({ ref: Type.String({ description: 'The dataset name or id, optionally followed by `.ttl` or `.jsonld`' }) }),
        response: { 200: dcatContent('The dataset', ['ttl', 'jsonld']), 303: { description: 'No DCAT format asked for: the dataset page', type: 'null' }, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const match = /^(.+?)\.(ttl|jsonld)$/.exec(request.params.ref);
      const ref = match ? match[1]! : request.params.ref;
      const format = (match?.[2] as Format | undefined) ?? negotiate(request);
      const dataset = await runAction(deps, request, packageShow, { id: ref });
      if (!format) return reply.redirect(`/datasets/${encodeURIComponent(dataset.name)}`, 303);
      const graph = new DcatGraph(baseUrl);
      graph.dataset(dataset);
      return send(reply, graph, format);
    },
  );
}
