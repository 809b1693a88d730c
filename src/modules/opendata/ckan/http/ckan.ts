// CKAN Action API v3 at /api/3/action/{action} (and /api/action/{action}): GET with query
// parameters, POST with JSON, a form or multipart (uploads). Its own scope with CKAN's envelope
// {help, success, result} and error shape {success: false, error: {__type, message, field: [...]}}.
// Requests act only through an API token (a bare token or "Bearer <token>"); a session cookie is
// ignored here, which is why these routes need no CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { AnyAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { t } from '../../../../core/i18n/index.js';
import { toAppError } from '../../../../http/errors.js';
import { requestInfo } from '../../../../http/actions.js';
import type { AppDeps } from '../../../../manifest.js';
import { currentPackageListWithResources } from '../../catalog/actions/current_package_list_with_resources.js';
import { packageAutocomplete } from '../../catalog/actions/package_autocomplete.js';
import { packageCreate } from '../../catalog/actions/package_create.js';
import { packageDelete } from '../../catalog/actions/package_delete.js';
import { packageList } from '../../catalog/actions/package_list.js';
import { packagePatch } from '../../catalog/actions/package_patch.js';
import { packageShow } from '../../catalog/actions/package_show.js';
import { packageUpdate } from '../../catalog/actions/package_update.js';
import { packageSearch } from '../../search/actions/package_search.js';
import { resourceCreate } from '../../catalog/actions/resource_create.js';
import { resourceDelete } from '../../catalog/actions/resource_delete.js';
import { resourceShow } from '../../catalog/actions/resource_show.js';
import { resourceUpdate } from '../../catalog/actions/resource_update.js';
import { groupList } from '../../catalog/actions/group_list.js';
import { groupShow } from '../../catalog/actions/group_show.js';
import { organizationList } from '../../catalog/actions/organization_list.js';
import { organizationShow } from '../../catalog/actions/organization_show.js';
import { tagList } from '../../catalog/actions/tag_list.js';
import { discardStagedUpload, MAX_UPLOAD_BYTES, stageUploadStream, type StoredUpload } from '../../storage.js';
import { datasetInputFromCkan, groupDict, organizationDict, packageDict, resourceDict, resourceInput } from '../ckan-dicts.js';
import { ckanAnswerCache } from '../answer-cache.js';

type Params = Record<string, unknown>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route never acts on a session cookie, so it needs no CSRF token. */
    csrf?: boolean;
  }
}

interface CkanCall {
  /** Keys of uploads staged for this call; whatever no action adopted is discarded after it. */
  staged: string[];
  deps: AppDeps;
  request: FastifyRequest;
  params: Params;
  baseUrl: string;
  locale: string;
}

function call<A extends AnyAction>(c: CkanCall, action: A, input: unknown): Promise<Awaited<ReturnType<A['run']>>> {
  return c.deps.registry.call(action, input, { actor: c.request.actor, request: requestInfo(c.request) });
}

const bool = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === true || v === 'true' || v === 'True' || v === '1' || v === 'yes' || v === 'on');
function int(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new AppError('INVALID', 'error.invalid_input', [{ field: name, message: 'validation.invalid' }]);
  return n;
}
function list(name: string, v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) return v.map(String);
  const text = String(v).trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* reported below */
    }
    throw new AppError('INVALID', 'error.invalid_input', [{ field: name, message: 'validation.invalid' }]);
  }
  return [text];
}
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const idOf = (p: Params) => str(p.id ?? p.name_or_id ?? p.name) ?? '';

async function withUpload(c: CkanCall, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const stored = c.params.__upload as StoredUpload | undefined;
  if (!stored) return input;
  return { ...input, upload: { key: stored.key, size: stored.size, checksum: stored.checksum, sha1: stored.sha1, mediaType: stored.mediaType, filename: stored.filename }, ...(input.format ? {} : { format: stored.detectedFormat }) };
}

const ckanActions: Record<string, (c: CkanCall) => Promise<unknown>> = {
  site_read: async () => true,
  status_show: async (c) => ({
    site_title: t(c.request.locale, 'site.name'),
    site_description: t(c.request.locale, 'site.tagline'),
    site_url: c.baseUrl,
    ckan_version: '2.10.4',
    error_emails_to: null,
    locale_default: 'zh_Hant_TW',
    extensions: ['opengov-opendata', 'dcat'],
  }),
  package_list: async (c) => call(c, packageList, { limit: int('limit', c.params.limit), offset: int('offset', c.params.offset) }),
  package_show: async (c) => packageDict(c.baseUrl, await call(c, packageShow, { id: idOf(c.params) }), c.locale),
  package_search: async (c) => {
    const p = c.params;
    const fields = list('facet.field', p['facet.field']);
    const result = await call(c, packageSearch, {
      q: str(p.q),
      fq: str(p.fq) ?? (Array.isArray(p.fq_list) ? p.fq_list.map((x) => `(${String(x)})`).join(' AND ') : undefined),
      sort: str(p.sort),
      rows: int('rows', p.rows),
      start: int('start', p.start),
      facet: bool(p.facet) ?? true,
      'facet.field': fields,
      'facet.limit': int('facet.limit', p['facet.limit']),
      'facet.mincount': int('facet.mincount', p['facet.mincount']),
      include_private: bool(p.include_private),
      include_drafts: bool(p.include_drafts),
    });
    const facets: Record<string, Record<string, number>> = {};
    const searchFacets: Record<string, { title: string; items: Array<{ name: string; display_name: string; count: number }> }> = {};
    for (const [field, items] of Object.entries(result.facets)) {
      facets[field] = Object.fromEntries(items.map((i) => [i.name, i.count]));
      searchFacets[field] = { title: field, items };
    }
    return { count: result.count, sort: result.sort, facets, search_facets: searchFacets, results: result.results.map((d) => packageDict(c.baseUrl, d, c.locale)) };
  },
  package_autocomplete: async (c) => call(c, packageAutocomplete, { q: str(c.params.q) ?? '', limit: int('limit', c.params.limit) }),
  current_package_list_with_resources: async (c) =>
    (await call(c, currentPackageListWithResources, { limit: int('limit', c.params.limit), offset: int('offset', c.params.offset), page: int('page', c.params.page) })).map((d) => packageDict(c.baseUrl, d, c.locale)),
  package_create: async (c) => packageDict(c.baseUrl, await call(c, packageCreate, withoutId(datasetInputFromCkan(c.params))), c.locale),
  package_update: async (c) => packageDict(c.baseUrl, await call(c, packageUpdate, datasetInputFromCkan(c.params)), c.locale),
  package_patch: async (c) => packageDict(c.baseUrl, await call(c, packagePatch, datasetInputFromCkan(c.params)), c.locale),
  package_delete: async (c) => {
    await call(c, packageDelete, { id: idOf(c.params) });
    return null;
  },
  resource_show: async (c) => {
    const { resource, dataset } = await call(c, resourceShow, { id: idOf(c.params) });
    return resourceDict(c.baseUrl, dataset, resource);
  },
  resource_create: async (c) => {
    const input = await withUpload(c, { ...resourceInput(c.params, { keepId: false }), package_id: str(c.params.package_id) ?? '' });
    const { resource, dataset } = await call(c, resourceCreate, input);
    return resourceDict(c.baseUrl, dataset, resource);
  },
  resource_update: async (c) => {
    const input = await withUpload(c, resourceInput(c.params, { keepId: true }));
    const { resource, dataset } = await call(c, resourceUpdate, input);
    return resourceDict(c.baseUrl, dataset, resource);
  },
  resource_patch: async (c) => ckanActions.resource_update!(c),
  resource_delete: async (c) => {
    await call(c, resourceDelete, { id: idOf(c.params) });
    return null;
  },
  organization_list: async (c) => {
    const orgs = await call(c, organizationList, {
      all_fields: bool(c.params.all_fields),
      sort: str(c.params.sort),
      limit: int('limit', c.params.limit),
      offset: int('offset', c.params.offset),
      organizations: list('organizations', c.params.organizations),
      q: str(c.params.q),
    });
    return bool(c.params.all_fields) ? orgs.map((o) => organizationDict(o, c.locale)) : orgs.map((o) => o.code);
  },
  organization_show: async (c) => {
    const org = await call(c, organizationShow, { id: idOf(c.params) });
    const dict: Record<string, unknown> = organizationDict(org, c.locale);
    if (bool(c.params.include_datasets)) {
      const found = await call(c, packageSearch, { fq: `organization:"${org.code}"`, rows: 10 });
      dict.packages = found.results.map((d) => packageDict(c.baseUrl, d, c.locale));
    }
    return dict;
  },
  group_list: async (c) => {
    const groups = await call(c, groupList, { all_fields: bool(c.params.all_fields), sort: str(c.params.sort), limit: int('limit', c.params.limit), offset: int('offset', c.params.offset), groups: list('groups', c.params.groups), q: str(c.params.q) });
    return bool(c.params.all_fields) ? groups.map((g) => groupDict(g, c.locale)) : groups.map((g) => g.code);
  },
  group_show: async (c) => {
    const group = await call(c, groupShow, { id: idOf(c.params) });
    const dict: Record<string, unknown> = groupDict(group, c.locale);
    if (bool(c.params.include_datasets)) {
      const found = await call(c, packageSearch, { fq: `groups:"${group.code}"`, rows: 10 });
      dict.packages = found.results.map((d) => packageDict(c.baseUrl, d, c.locale));
    }
    return dict;
  },
  tag_list: async (c) => {
    const tags = await call(c, tagList, { query: str(c.params.query ?? c.params.q), vocabulary_id: str(c.params.vocabulary_id) });
    return bool(c.params.all_fields) ? tags.map((tg) => ({ id: tg.name, name: tg.name, display_name: tg.name, vocabulary_id: null })) : tags.map((tg) => tg.name);
  },
  api_token_create: async (c) => {
    // A token never mints another (a leaked token must not be able to outlive its revocation), and
    // this API ignores sessions: tokens are made on the account page, which says so.
    if (!c.request.actor || c.request.actor.via === 'token') throw new AppError('FORBIDDEN', 'opendata.ckan.token_create_on_account_page');
    const created = (await c.deps.registry.call('api_token_create', { name: str(c.params.name) ?? 'ckan' }, { actor: c.request.actor, request: requestInfo(c.request) })) as { token: string };
    return { token: created.token };
  },
};

function withoutId(input: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = input;
  return rest;
}

/** The actions this endpoint answers, for the docs page. */
export const supportedCkanActions = Object.keys(ckanActions);

const errorTypes: Partial<Record<AppError['code'], { status: number; type: string }>> = {
  INVALID: { status: 409, type: 'Validation Error' },
  CONFLICT: { status: 409, type: 'Validation Error' },
  NOT_FOUND: { status: 404, type: 'Not Found Error' },
  FORBIDDEN: { status: 403, type: 'Authorization Error' },
  STEP_UP_REQUIRED: { status: 403, type: 'Authorization Error' },
  UNAUTHENTICATED: { status: 403, type: 'Authorization Error' },
  RATE_LIMITED: { status: 429, type: 'Rate Limit Error' },
  PAYLOAD_TOO_LARGE: { status: 413, type: 'Bad Request' },
  UNSUPPORTED_MEDIA_TYPE: { status: 400, type: 'Bad Request' },
};

function helpUrl(baseUrl: string, action: string): string {
  return `${baseUrl}/api/3/action/help_show?name=${encodeURIComponent(action)}`;
}

export function ckanError(request: FastifyRequest, reply: FastifyReply, baseUrl: string, error: unknown) {
  const appError = toAppError(error);
  const action = (request.params as { action?: string } | undefined)?.action ?? '';
  const mapped = errorTypes[appError.code];
  if (!mapped) {
    request.log.error({ err: error }, 'CKAN action failed');
    return reply.status(500).send({ help: helpUrl(baseUrl, action), success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } });
  }
  const body: Record<string, unknown> = { __type: mapped.type, message: t(request.locale, appError.message, appError.params) };
  for (const f of appError.fields) {
    const key = f.field === '_' ? 'message' : f.field;
    const text = t(request.locale, f.message, f.params);
    body[key] = [...((Array.isArray(body[key]) ? body[key] : []) as string[]), text];
  }
  if (appError.code === 'NOT_FOUND') body.message = t(request.locale, appError.message);
  if (appError.code === 'RATE_LIMITED') reply.header('retry-after', '60');
  return reply.status(mapped.status).send({ help: helpUrl(baseUrl, action), success: false, error: body });
}

/** The caller requirements of the CKAN actions that write, checked before the body is read. */
const ckanWriteActions: Record<string, readonly AnyAction[]> = {
  package_create: [packageCreate],
  package_update: [packageUpdate],
  package_patch: [packagePatch],
  package_delete: [packageDelete],
  resource_create: [resourceCreate],
  resource_update: [resourceUpdate],
  resource_patch: [resourceUpdate],
  resource_delete: [resourceDelete],
};

/**
 * Writes through this API per minute: per account, and per address for anonymous callers (refused
 * anyway, but a flood of them still costs a request each). Security review probe 616: ten anonymous
 * 10 MiB uploads in 0.9 s. Counted before the body is read, in the platform's rate-limit counters.
 */
export const CKAN_WRITE_RATE = { perAccount: 120, perAnonymousAddress: 30, windowMs: 60_000 } as const;

function isCkanWrite(request: FastifyRequest): boolean {
  const name = (request.params as { action?: string } | undefined)?.action ?? '';
  return request.method === 'POST' && (Object.hasOwn(ckanWriteActions, name) || name === 'api_token_create');
}

/** Reads the parameters; a multipart file is streamed to the staging area, never held in memory. */
async function readParams(request: FastifyRequest, deps: AppDeps, staged: string[]): Promise<Params> {
  const query = { ...(request.query as Params) };
  if (request.method === 'GET') return query;
  if (request.isMultipart()) {
    const params: Params = {};
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const stored = await stageUploadStream(deps.services.config, part.file, part.filename || 'upload');
        staged.push(stored.key);
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'opendata.upload_too_large', [], { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
        if (stored.size > 0) params.__upload = stored;
      } else {
        params[part.fieldname] = part.value;
      }
    }
    return { ...query, ...params };
  }
  const body = request.body;
  if (body === undefined || body === null) return query;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('INVALID', 'error.malformed_json');
  return { ...query, ...(body as Params) };
}

/** Read actions whose anonymous answers depend only on the catalog, the parameters and the language (kept by ../answer-cache.ts). */
const cacheableActions = new Set(['package_search', 'package_list', 'package_show', 'current_package_list_with_resources']);

export async function ckanApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const baseUrl = deps.services.config.baseUrl;
  const answers = ckanAnswerCache(deps.services);
  const scope = async (api: FastifyInstance) => {
    await api.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 100, parts: 101 } });
    // Parameters arrive as query strings or untyped JSON; the actions validate them.
    api.setErrorHandler((error, request, reply) => ckanError(request, reply, baseUrl, error));
    api.setNotFoundHandler((request, reply) => ckanError(request, reply, baseUrl, new AppError('NOT_FOUND', 'error.not_found')));
    // onRequest, so the caller checks made before the body is read already see the session ignored.
    api.addHook('onRequest', async (request) => {
      if (request.authVia === 'session') {
        request.actor = null;
        request.viewer = null;
      }
    });
    api.addHook('onRequest', async (request) => {
      if (!isCkanWrite(request)) return;
      const [hit] = await deps.services.rateLimits.hit([
        request.actor ? { key: `ckan:write:user:${request.actor.userId}`, windowMs: CKAN_WRITE_RATE.windowMs } : { key: `ckan:write:ip:${request.ip}`, windowMs: CKAN_WRITE_RATE.windowMs },
      ]);
      if (hit!.current > (request.actor ? CKAN_WRITE_RATE.perAccount : CKAN_WRITE_RATE.perAnonymousAddress)) throw new AppError('RATE_LIMITED', 'error.rate_limited');
    });
    const handler = async (request: FastifyRequest<{ Params: { action: string } }>, reply: FastifyReply) => {
      const name = request.params.action;
      const action = Object.hasOwn(ckanActions, name) ? ckanActions[name] : undefined;
      if (!action) {
        return reply.status(400).send({ help: helpUrl(baseUrl, name), success: false, error: { __type: 'Bad Request', message: `Bad request - Action name not known: ${name}` } });
      }
      const cacheKey = request.method === 'GET' && !request.actor && cacheableActions.has(name) ? `${name}\n${request.locale}\n${request.url.split('?')[1] ?? ''}` : null;
      const cached = cacheKey ? await answers.lookup(cacheKey) : null;
      if (cached?.body !== undefined) return reply.type('application/json; charset=utf-8').send(cached.body);
      const staged: string[] = [];
      let result: unknown;
      try {
        const params = await readParams(request, deps, staged);
        result = await action({ deps, request, params, baseUrl, locale: request.locale, staged });
      } finally {
        for (const key of staged) await discardStagedUpload(deps.services.config, key);
      }
      const body = JSON.stringify({ help: helpUrl(baseUrl, name), success: true, result });
      cached?.store(body);
      return reply.type('application/json; charset=utf-8').send(body);
    };
    api.route({
      method: ['GET', 'POST'],
      url: '/:action',
      config: { csrf: false, runs: (request) => ckanWriteActions[(request.params as { action: string }).action] ?? [] },
      schema: { hide: true, params: { type: 'object', properties: { action: { type: 'string', maxLength: 100 } }, required: ['action'] } },
      handler,
    });
  };
  await app.register(scope, { prefix: '/api/3/action' });
  await app.register(scope, { prefix: '/api/action' });
}
