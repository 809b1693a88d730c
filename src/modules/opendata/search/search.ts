// Catalog search: full-text matches come from core's search adapter; filters, facets, sorting and
// paging run over a compact in-process snapshot of the catalog's facet columns (like a search
// engine's doc values). The snapshot is only a cache: every search first reads the catalog's change
// sequence (one indexed row) and reloads just the rows changed since, so several processes on one
// database always answer from current data. It is held in core's cache service (one per process).
import type { CacheService } from '../../../core/cache.js';
import type { Actor } from '../../../core/actor.js';
import type { DB } from '../../../core/db/index.js';
import { matchDocuments } from '../../../core/db/search-adapter.js';
import { tokenizeQuery } from '../../../core/search/tokenizer.js';
import type { Dialect } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { DATASET_DOC, currentChangeSeq } from '../queries.js';
import { parseQuery, combine, QuerySyntaxError, type QueryNode } from './query-parser.js';
import type { DatasetStatus } from '../tables.js';
import { opendataDb } from '../tables.js';
import { agencyRefsByIds } from '../../agencies/published.js';

/** Facet fields, in the order pages show them. */
export const facetFieldNames = ['organization', 'groups', 'res_format', 'license_id', 'provision_type', 'update_frequency', 'quality_mark', 'tags'] as const;
export type FacetField = (typeof facetFieldNames)[number];
export const isFacetField = (name: string): name is FacetField => (facetFieldNames as readonly string[]).includes(name);
const multiValued = new Set<FacetField>(['res_format', 'tags']);

/** Interns a field's values as small integers, so filters and facet counts work on numbers. */
class Dict {
  readonly values: string[] = [];
  readonly index = new Map<string, number>();
  code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }
}

export interface SnapshotDoc {
  id: string;
  name: string;
  identifier: string;
  title: string;
  agencyId: string;
  status: DatasetStatus;
  modified: string;
  created: string;
  downloads: number;
  views: number;
  /** The title's query tokens, space-delimited (" 空氣 氣品 "), for relevance scoring. */
  titleTokens: string;
  /** Facet codes: one per single-valued field, a list for res_format and tags. */
  single: Partial<Record<FacetField, number>>;
  multi: Partial<Record<FacetField, number[]>>;
}

const collator = new Intl.Collator('zh-Hant-TW');

/**
 * Column arrays over document ordinals, rebuilt after the catalog changes: filters and facet
 * counts then touch typed arrays only.
 */
interface Columns {
  docs: SnapshotDoc[];
  ordinal: Map<string, number>;
  published: Uint8Array;
  owner: Int32Array;
  owners: Map<string, number>;
  single: Partial<Record<FacetField, Int32Array>>;
  /** Compressed lists: values of document o are vals[offsets[o]] .. vals[offsets[o + 1] - 1]. */
  multi: Partial<Record<FacetField, { offsets: Int32Array; vals: Int32Array }>>;
  orders: Map<string, Int32Array>;
}

class Snapshot {
  seq = -1;
  readonly docs = new Map<string, SnapshotDoc>();
  readonly dicts = Object.fromEntries(facetFieldNames.map((f) => [f, new Dict()])) as Record<FacetField, Dict>;
  private cols: Columns | null = null;
  loading: Promise<void> | null = null;

  apply(rows: Row[], seq: number): void {
    for (const row of rows) {
      if (row.status === 'deleted') {
        this.docs.delete(row.id);
        continue;
      }
      const d = this.dicts;
      this.docs.set(row.id, {
        id: row.id,
        name: row.name,
        identifier: row.identifier,
        title: row.title,
        agencyId: row.agency_id,
        status: row.status,
        modified: row.modified_at,
        created: row.created_at,
        downloads: Number(row.downloads),
        views: Number(row.views),
        titleTokens: ` ${tokenizeQuery(row.title).join(' ')} `,
        single: {
          organization: d.organization.code(row.agency_code),
          groups: d.groups.code(row.category),
          license_id: d.license_id.code(row.license_id),
          provision_type: d.provision_type.code(row.provision_type),
          update_frequency: d.update_frequency.code(row.update_frequency),
          quality_mark: d.quality_mark.code(row.quality_mark),
        },
        multi: {
          res_format: row.formats ? row.formats.split(',').map((v) => d.res_format.code(v)) : [],
          tags: (JSON.parse(row.tags) as string[]).map((v) => d.tags.code(v)),
        },
      });
    }
    if (rows.length > 0) this.cols = null;
    this.seq = Math.max(this.seq, seq);
  }

  columns(): Columns {
    if (this.cols) return this.cols;
    const docs = [...this.docs.values()];
    const n = docs.length;
    const cols: Columns = { docs, ordinal: new Map(), published: new Uint8Array(n), owner: new Int32Array(n), owners: new Map(), single: {}, multi: {}, orders: new Map() };
    for (const f of facetFieldNames) {
      if (multiValued.has(f)) {
        const offsets = new Int32Array(n + 1);
        let total = 0;
        docs.forEach((doc, o) => {
          offsets[o] = total;
          total += doc.multi[f]!.length;
        });
        offsets[n] = total;
        const vals = new Int32Array(total);
        docs.forEach((doc, o) => vals.set(doc.multi[f]!, offsets[o]!));
        cols.multi[f] = { offsets, vals };
      } else {
        cols.single[f] = Int32Array.from(docs, (doc) => doc.single[f]!);
      }
    }
    docs.forEach((doc, o) => {
      cols.ordinal.set(doc.id, o);
      cols.published[o] = doc.status === 'published' ? 1 : 0;
      let owner = cols.owners.get(doc.agencyId);
      if (owner === undefined) cols.owners.set(doc.agencyId, (owner = cols.owners.size));
      cols.owner[o] = owner;
    });
    this.cols = cols;
    return cols;
  }

  /** Every ordinal in one sort order, cached until the catalog changes. */
  order(key: string, compare: (a: SnapshotDoc, b: SnapshotDoc) => number): Int32Array {
    const cols = this.columns();
    let order = cols.orders.get(key);
    if (!order) {
      const ords = Array.from(cols.docs.keys());
      ords.sort((a, b) => compare(cols.docs[a]!, cols.docs[b]!));
      order = Int32Array.from(ords);
      cols.orders.set(key, order);
    }
    return order;
  }
}

type Row = Awaited<ReturnType<typeof loadChanged>>[number];

/** Rows changed after `since`, each with its agency's code (a foreign key: every dataset has an agency). */
async function loadChanged(db: DB, since: number) {
  const rows = await opendataDb(db)
    .selectFrom('od_datasets')
    .select([
      'id',
      'name',
      'identifier',
      'title',
      'agency_id',
      'category',
      'license_id',
      'provision_type',
      'update_frequency',
      'quality_mark',
      'formats',
      'tags',
      'status',
      'modified_at',
      'created_at',
      'downloads',
      'views',
    ])
    .where('change_seq', '>', since)
    .execute();
  const agencies = await agencyRefsByIds(db, rows.map((r) => r.agency_id));
  return rows.flatMap((row) => {
    const agency = agencies.get(row.agency_id);
    return agency ? [{ ...row, agency_code: agency.code }] : [];
  });
}

const snapshots = (cache: CacheService) => cache.named<Snapshot>('opendata.search-snapshot', { ttlMs: Infinity, maxEntries: 1 });

/** The up-to-date snapshot of this process. */
export async function catalogSnapshot(db: DB, cache: CacheService): Promise<Snapshot> {
  const held = snapshots(cache);
  let snapshot = held.get('catalog');
  if (!snapshot) {
    snapshot = new Snapshot();
    held.set('catalog', snapshot);
  }
  const seq = await currentChangeSeq(opendataDb(db));
  if (seq === snapshot.seq) return snapshot;
  // One reload at a time per process; concurrent searches wait for it rather than each reloading.
  while (snapshot.loading) await snapshot.loading;
  if (seq > snapshot.seq) {
    const since = snapshot.seq;
    const s = snapshot;
    s.loading = (async () => {
      try {
        s.apply(await loadChanged(db, since), seq);
      } finally {
        s.loading = null;
      }
    })();
    await s.loading;
  }
  return snapshot;
}

// ---------------------------------------------------------------------------------------------

const stringFields: Record<string, (d: SnapshotDoc) => string> = {
  owner_org: (d) => d.agencyId,
  name: (d) => d.name,
  id: (d) => d.id,
  identifier: (d) => d.identifier,
  state: (d) => (d.status === 'published' ? 'active' : 'draft'),
  capacity: (d) => (d.status === 'published' ? 'public' : 'private'),
  private: (d) => (d.status === 'published' ? 'false' : 'true'),
  dataset_type: () => 'dataset',
  type: () => 'dataset',
};
/** Other names clients use for the facet fields. */
const facetAliases: Record<string, FacetField> = { category: 'groups', license: 'license_id', format: 'res_format', tag: 'tags' };
const rangeFields: Record<string, (d: SnapshotDoc) => string | number> = {
  metadata_modified: (d) => d.modified,
  metadata_created: (d) => d.created,
  downloads: (d) => d.downloads,
  views_total: (d) => d.views,
};
/** Fields whose value is searched as text (the index holds them all). */
const textFields = new Set(['text', 'title', 'notes', 'description', 'res_name', 'res_description', 'fields']);

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

type Test = (o: number) => boolean;

interface Compiled {
  test: Test | null;
  /** Full-text leaves every match must be in (ANDed at the top), used to narrow the candidates. */
  required: Array<{ text: string; ids: Set<string> }>;
}

function invalidQuery(field: 'q' | 'fq', message: string): AppError {
  return new AppError('INVALID', 'error.invalid_input', [{ field, message: 'opendata.search.bad_syntax', params: { detail: message } }]);
}

function parseOrFail(field: 'q' | 'fq', text: string | undefined): QueryNode {
  try {
    return parseQuery(text ?? '');
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw invalidQuery(field, `${error.message} (${field} position ${error.position + 1})`);
    throw error;
  }
}

function collectText(node: QueryNode, out: Set<string>): void {
  if (node.kind === 'text') out.add(node.text);
  else if (node.kind === 'term' && textFields.has(node.field)) out.add(node.value);
  else if (node.kind === 'and' || node.kind === 'or') node.children.forEach((c) => collectText(c, out));
  else if (node.kind === 'not') collectText(node.child, out);
}

const always: Test = () => true;

function compile(node: QueryNode, snapshot: Snapshot, hits: Map<string, Set<string> | null>): Compiled {
  const cols = snapshot.columns();
  switch (node.kind) {
    case 'all':
      return { test: null, required: [] };
    case 'text': {
      const ids = hits.get(node.text);
      // A text with nothing searchable in it (punctuation only) restricts nothing.
      if (!ids) return { test: null, required: [] };
      const mask = new Uint8Array(cols.docs.length);
      for (const id of ids) {
        const o = cols.ordinal.get(id);
        if (o !== undefined) mask[o] = 1;
      }
      return { test: (o) => mask[o] === 1, required: [{ text: node.text, ids }] };
    }
    case 'term': {
      if (textFields.has(node.field)) return compile({ kind: 'text', text: node.value }, snapshot, hits);
      const wanted = fold(node.value);
      const matches = node.prefix ? (v: string) => fold(v).startsWith(wanted) : (v: string) => fold(v) === wanted;
      const facet = isFacetField(node.field) ? node.field : facetAliases[node.field];
      if (facet) {
        const dict = snapshot.dicts[facet];
        const codes = new Uint8Array(dict.values.length);
        dict.values.forEach((v, i) => (codes[i] = matches(v) ? 1 : 0));
        const multi = cols.multi[facet];
        if (multi) {
          const { offsets, vals } = multi;
          return {
            test: (o) => {
              for (let k = offsets[o]!; k < offsets[o + 1]!; k++) if (codes[vals[k]!] === 1) return true;
              return false;
            },
            required: [],
          };
        }
        const col = cols.single[facet]!;
        return { test: (o) => codes[col[o]!] === 1, required: [] };
      }
      const read = stringFields[node.field];
      if (!read) throw invalidQuery('fq', `unsupported field "${node.field}"`);
      return { test: (o) => matches(read(cols.docs[o]!)), required: [] };
    }
    case 'range': {
      const read = rangeFields[node.field];
      if (!read) {
        if (node.from === null && node.to === null && (isFacetField(node.field) || stringFields[node.field])) return { test: null, required: [] };
        throw invalidQuery('fq', `unsupported range field "${node.field}"`);
      }
      const numeric = node.field === 'downloads' || node.field === 'views_total';
      const norm = (v: string | null) => (v === null ? null : numeric ? Number(v) : normalizeDateBound(v));
      const from = norm(node.from);
      const to = norm(node.to);
      if ((typeof from === 'number' && Number.isNaN(from)) || (typeof to === 'number' && Number.isNaN(to))) throw invalidQuery('fq', `invalid range bound for ${node.field}`);
      return {
        test: (o) => {
          const v = read(cols.docs[o]!);
          return (from === null || v >= from) && (to === null || v <= to);
        },
        required: [],
      };
    }
    case 'and': {
      const parts = node.children.map((c) => compile(c, snapshot, hits));
      const tests = parts.map((p) => p.test).filter((t): t is Test => t !== null);
      return { test: tests.length === 0 ? null : tests.length === 1 ? tests[0]! : (o) => tests.every((t) => t(o)), required: parts.flatMap((p) => p.required) };
    }
    case 'or': {
      const parts = node.children.map((c) => compile(c, snapshot, hits));
      if (parts.some((p) => p.test === null)) return { test: null, required: [] };
      const tests = parts.map((p) => p.test!);
      return { test: (o) => tests.some((t) => t(o)), required: [] };
    }
    case 'not': {
      const inner = compile(node.child, snapshot, hits).test ?? always;
      return { test: (o) => !inner(o), required: [] };
    }
  }
}

/** Solr date math is not supported; "NOW" and ISO dates (date-only or full) are. */
function normalizeDateBound(value: string): string {
  if (value === 'NOW') return new Date().toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000Z`;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return value;
  return new Date(parsed).toISOString();
}

export interface SearchRequest {
  q?: string;
  fq?: string;
  sort?: string;
  rows: number;
  start: number;
  facetFields: string[];
  facetLimit: number;
  facetMinCount: number;
  includePrivate: boolean;
  actor: Actor | null;
}

export interface SearchResult {
  count: number;
  ids: string[];
  facets: Record<string, Array<{ value: string; count: number }>>;
  sort: string;
}

type Compare = (a: SnapshotDoc, b: SnapshotDoc) => number;

const byModifiedDesc: Compare = (a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.id < b.id ? -1 : 1);
const sortKeys: Record<string, (dir: 1 | -1) => Compare> = {
  metadata_modified: (dir) => (a, b) => dir * (a.modified < b.modified ? -1 : a.modified > b.modified ? 1 : 0) || (a.id < b.id ? -1 : 1),
  metadata_created: (dir) => (a, b) => dir * (a.created < b.created ? -1 : a.created > b.created ? 1 : 0) || (a.id < b.id ? -1 : 1),
  name: (dir) => (a, b) => dir * (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  title_string: (dir) => (a, b) => dir * collator.compare(a.title, b.title) || (a.name < b.name ? -1 : 1),
  title: (dir) => (a, b) => dir * collator.compare(a.title, b.title) || (a.name < b.name ? -1 : 1),
  id: (dir) => (a, b) => dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  downloads: (dir) => (a, b) => dir * (a.downloads - b.downloads) || byModifiedDesc(a, b),
  views_total: (dir) => (a, b) => dir * (a.views - b.views) || byModifiedDesc(a, b),
  views_recent: (dir) => (a, b) => dir * (a.views - b.views) || byModifiedDesc(a, b),
};

/** Parses "score desc, metadata_modified desc" into the first supported key (score = relevance). */
function parseSort(sort: string | undefined, hasText: boolean): { key: string; dir: 1 | -1; text: string } {
  const fallback = hasText ? { key: 'score', dir: -1 as const, text: 'score desc, metadata_modified desc' } : { key: 'metadata_modified', dir: -1 as const, text: 'metadata_modified desc' };
  if (!sort || !sort.trim()) return fallback;
  const first = sort.split(',')[0]!.trim().split(/\s+/);
  const key = first[0]!;
  const dirWord = (first[1] ?? 'asc').toLowerCase();
  if (!['asc', 'desc'].includes(dirWord) || first.length > 2) throw invalidSort();
  if (key !== 'score' && !sortKeys[key]) throw invalidSort();
  if (key === 'score' && !hasText) return { ...fallback, text: sort.trim() };
  return { key, dir: dirWord === 'desc' ? -1 : 1, text: sort.trim() };
}

const invalidSort = () => new AppError('INVALID', 'error.invalid_input', [{ field: 'sort', message: 'opendata.search.bad_sort' }]);

export async function searchCatalog(services: { db: DB; dialect: Dialect; cache: CacheService }, request: SearchRequest): Promise<SearchResult> {
  const { db, dialect } = services;
  const tree = combine(parseOrFail('q', request.q), parseOrFail('fq', request.fq));
  for (const f of request.facetFields) {
    if (!isFacetField(f)) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'facet.field', message: 'opendata.search.bad_facet', params: { field: f } }]);
  }

  const texts = new Set<string>();
  collectText(tree, texts);
  const hits = new Map<string, Set<string> | null>();
  for (const text of texts) {
    const searchable = tokenizeQuery(text).length > 0;
    hits.set(text, searchable ? new Set(await matchDocuments(db, dialect, DATASET_DOC, text)) : null);
  }
  const snapshot = await catalogSnapshot(db, services.cache);
  const cols = snapshot.columns();
  const compiled = compile(tree, snapshot, hits);
  const visible = visibility(cols, request.actor, request.includePrivate);
  const sort = parseSort(request.sort, compiled.required.length > 0);

  // Candidates: the smallest required full-text hit set, else every document in the sort order.
  let candidates: Int32Array;
  let presorted = false;
  if (compiled.required.length > 0) {
    const smallest = compiled.required.reduce((a, b) => (b.ids.size < a.ids.size ? b : a)).ids;
    const list: number[] = [];
    for (const id of smallest) {
      const o = cols.ordinal.get(id);
      if (o !== undefined) list.push(o);
    }
    candidates = Int32Array.from(list);
  } else {
    const key = sort.key === 'score' ? 'metadata_modified' : sort.key;
    const dir = sort.key === 'score' ? -1 : sort.dir;
    candidates = snapshot.order(`${key}:${dir}`, sortKeys[key]!(dir));
    presorted = true;
  }

  const facetNames = request.facetFields.filter(isFacetField);
  const singles = facetNames.filter((f) => !multiValued.has(f)).map((f) => ({ f, col: cols.single[f]!, counter: new Int32Array(snapshot.dicts[f].values.length) }));
  const multis = facetNames.filter((f) => multiValued.has(f)).map((f) => ({ f, ...cols.multi[f]!, counter: new Int32Array(snapshot.dicts[f].values.length) }));
  const test = compiled.test;
  const matched = new Int32Array(candidates.length);
  let count = 0;
  for (let i = 0; i < candidates.length; i++) {
    const o = candidates[i]!;
    if (!visible(o) || (test !== null && !test(o))) continue;
    matched[count++] = o;
    for (const s of singles) s.counter[s.col[o]!]!++;
    for (const m of multis) for (let k = m.offsets[o]!; k < m.offsets[o + 1]!; k++) m.counter[m.vals[k]!]!++;
  }
  const hitsList = matched.subarray(0, count);

  const want = request.start + request.rows;
  let page: number[];
  if (presorted) {
    page = Array.from(hitsList.subarray(request.start, want));
  } else if (sort.key === 'score') {
    page = rankByRelevance(snapshot, compiled.required, hitsList, want).slice(request.start, want);
  } else {
    const compare = sortKeys[sort.key]!(sort.dir);
    page = Array.from(hitsList)
      .sort((a, b) => compare(cols.docs[a]!, cols.docs[b]!))
      .slice(request.start, want);
  }

  const facets: SearchResult['facets'] = {};
  for (const { f, counter } of [...singles, ...multis]) {
    const values = snapshot.dicts[f].values;
    const entries: Array<{ value: string; count: number }> = [];
    counter.forEach((n, code) => {
      if (n >= Math.max(1, request.facetMinCount)) entries.push({ value: values[code]!, count: n });
    });
    entries.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    facets[f] = request.facetLimit < 0 ? entries : entries.slice(0, request.facetLimit);
  }
  const ordered: SearchResult['facets'] = {};
  for (const f of facetNames) ordered[f] = facets[f]!;

  return { count, ids: page.map((o) => cols.docs[o]!.id), facets: ordered, sort: sort.text };
}

/**
 * Relevance: the share of the query's tokens found in the title, then an exact keyword, then
 * shorter titles (more specific), then the most recently modified. Every hit already contains all
 * the query tokens somewhere; this orders them without asking the index to rank every hit, which
 * costs more than the whole rest of a search.
 */
function rankByRelevance(snapshot: Snapshot, required: Compiled['required'], matched: Int32Array, want: number): number[] {
  const cols = snapshot.columns();
  const tokens = [...new Set(required.flatMap((r) => tokenizeQuery(r.text)))];
  const tagCodes = new Set<number>();
  const tagDict = snapshot.dicts.tags;
  for (const r of required) {
    const code = tagDict.index.get(r.text.trim());
    if (code !== undefined) tagCodes.add(code);
  }
  const tags = cols.multi.tags!;
  const score = new Float64Array(matched.length);
  matched.forEach((o, i) => {
    const doc = cols.docs[o]!;
    let inTitle = 0;
    for (const t of tokens) if (doc.titleTokens.includes(` ${t} `)) inTitle++;
    let s = tokens.length > 0 ? (2 * inTitle) / tokens.length : 0;
    for (let k = tags.offsets[o]!; k < tags.offsets[o + 1]!; k++) if (tagCodes.has(tags.vals[k]!)) s += 1;
    score[i] = s + 0.5 / (1 + doc.title.length / 20);
  });
  const before = (a: number, b: number) => score[b]! - score[a]! || byModifiedDesc(cols.docs[matched[a]!]!, cols.docs[matched[b]!]!);
  if (want > 64) return Array.from(matched.keys()).sort(before).slice(0, want).map((i) => matched[i]!);
  // A page of a few results: keep the best `want` in order rather than sorting every hit.
  const best: number[] = [];
  for (let i = 0; i < matched.length; i++) {
    if (best.length === want && before(i, best[want - 1]!) >= 0) continue;
    let at = best.length === want ? want - 1 : best.length;
    while (at > 0 && before(i, best[at - 1]!) < 0) at--;
    best.splice(at, 0, i);
    if (best.length > want) best.pop();
  }
  return best.map((i) => matched[i]!);
}

/** Published datasets for everyone; with include_private, also the viewer's own agency's others. */
function visibility(cols: Columns, actor: Actor | null, includePrivate: boolean): Test {
  const published = cols.published;
  if (!includePrivate || !actor) return (o) => published[o] === 1;
  if (actor.role === 'platform_admin') return always;
  const owner = actor.agencyId && (actor.role === 'agency_staff' || actor.role === 'agency_admin') ? cols.owners.get(actor.agencyId) : undefined;
  if (owner === undefined) return (o) => published[o] === 1;
  return (o) => published[o] === 1 || cols.owner[o] === owner;
}
