// Imports from three kinds of source: our own catalog CSV (data.gov.tw column order), a CKAN site
// through its Action API, and a DCAT feed (Turtle or JSON-LD). Each source is turned into dataset
// inputs, and each dataset goes through `package_import` in its own transaction; the report says
// what was created, updated or failed, and why (with CSV line numbers).
import { parse } from 'csv-parse/sync';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { Actor } from '../../../core/actor.js';
import { AppError, type FieldError } from '../../../core/errors.js';
import { t, type Locale } from '../../../core/i18n/index.js';
import type { AppDeps } from '../../../manifest.js';
import { csvColumns } from '../catalog/export.js';
import { prefixes } from '../dcat/dcat.js';
import { charges, frequencyUris, licenses, provisionTypes, updateFrequencies } from '../model.js';
import { findAgencyRef, listCategories, type Category } from '../queries.js';
import { datasetProperties, type DatasetInput, type ResourceInput } from '../schemas.js';
import { datasetInputFromCkan } from '../ckan/ckan-dicts.js';
import { safeFetch, FetchRefused, type SafeFetchOptions } from '../ssrf.js';
import { packageImport } from './actions/package_import.js';
import { opendataDb } from '../tables.js';
import { agencyRefByNameOrCode } from '../../agencies/published.js';
import { canImport } from '../policy.js';

export interface ImportRow {
  /** CSV lines the dataset came from (empty for remote sources). */
  lines: number[];
  key: string;
  title: string;
  outcome: 'created' | 'updated' | 'failed';
  reasons: string[];
}

export interface ImportReport {
  source: string;
  created: number;
  updated: number;
  failed: number;
  rows: ImportRow[];
  /** A problem with the whole source (unreachable, not CSV, ...). */
  error?: string;
}

export interface ImportOptions {
  actor: Actor;
  /** Agency code or id the datasets belong to; for CSV without it, 提供機關 names the agency. */
  agency?: string;
  locale?: Locale;
  fetch?: SafeFetchOptions;
  /** Cap on datasets read from a remote source in one run. */
  limit?: number;
  /** CKAN only: ask package_search for datasets modified at or after this ISO time. */
  modifiedSince?: string;
}

interface Candidate {
  key: string;
  title: string;
  lines: number[];
  input?: DatasetInput & { match: 'identifier' | 'source' };
  /** Problems found while reading the source; the dataset is not attempted. */
  problems: string[];
  /** resources.N → the CSV line it came from, to point field errors at lines. */
  resourceLines?: number[];
}

const emptyReport = (source: string): ImportReport => ({ source, created: 0, updated: 0, failed: 0, rows: [] });

function describe(error: unknown, locale: Locale): string[] {
  if (error instanceof AppError) {
    if (error.fields.length === 0) return [t(locale, error.message, error.params)];
    return error.fields.map((f: FieldError) => `${f.field}: ${t(locale, f.message, f.params)}`);
  }
  if (error instanceof FetchRefused) return [t(locale, `opendata.import.refused.${error.reason}`, { detail: error.detail })];
  return [t(locale, 'opendata.import.unexpected')];
}

async function runCandidates(deps: AppDeps, source: string, candidates: Candidate[], options: ImportOptions): Promise<ImportReport> {
  const locale = options.locale ?? 'zh-TW';
  const report = emptyReport(source);
  for (const c of candidates) {
    const row: ImportRow = { lines: c.lines, key: c.key, title: c.title, outcome: 'failed', reasons: [...c.problems] };
    if (c.input && c.problems.length === 0) {
      try {
        const result = await deps.registry.call(packageImport, c.input, { actor: options.actor, request: { locale } });
        row.outcome = result.outcome;
      } catch (error) {
        if (!(error instanceof AppError)) deps.services.logger.warn({ err: error, key: c.key }, 'dataset import failed');
        row.reasons = describe(error, locale).map((reason) => {
          const m = /^resources\.(\d+)/.exec(reason);
          const line = m && c.resourceLines ? c.resourceLines[Number(m[1])] : undefined;
          return line ? `${t(locale, 'opendata.import.line', { line })}: ${reason}` : reason;
        });
      }
    }
    report[row.outcome]++;
    report.rows.push(row);
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Vocabularies back from their labels (both languages and the codes themselves)

function reverse(values: readonly string[], prefix: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) {
    map.set(v.toLowerCase(), v);
    for (const locale of ['zh-TW', 'en'] as const) map.set(t(locale, `${prefix}.${v}`).toLowerCase(), v);
  }
  return map;
}

interface Vocab {
  provision: Map<string, string>;
  frequency: Map<string, string>;
  charge: Map<string, string>;
  license: Map<string, string>;
  categories: Category[];
  category(label: string): string | undefined;
}

async function vocabulary(deps: AppDeps): Promise<Vocab> {
  const categories = await listCategories(opendataDb(deps.services.db));
  const license = new Map<string, string>();
  for (const l of licenses) for (const label of [l.id, l.titleZh, l.titleEn, l.url]) if (label) license.set(label.toLowerCase(), l.id);
  license.set('cc-by', 'cc-by-4.0');
  license.set('cc-zero', 'cc0-1.0');
  license.set('cc0', 'cc0-1.0');
  return {
    provision: reverse(provisionTypes, 'opendata.provision_type'),
    frequency: reverse(updateFrequencies, 'opendata.update_frequency'),
    charge: reverse(charges, 'opendata.charge'),
    license,
    categories,
    category(label) {
      const l = label.trim().toLowerCase();
      return categories.find((c) => c.code === l || c.nameZh.toLowerCase() === l || c.nameEn.toLowerCase() === l)?.code;
    },
  };
}

const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** data.gov.tw writes frequencies as phrases (每1日, 每季, 不定期更新); the closest of ours, if any. */
export function frequencyFromPhrase(text: string): string | undefined {
  const v = text.replace(/\s+/g, '');
  const rules: Array<[RegExp, string]> = [
    [/不再更新|停止更新|不更新/, 'discontinued'],
    [/不定期/, 'irregular'],
    [/即時|動態/, 'realtime'],
    [/半年/, 'half_yearly'],
    [/每\d*(小?時)/, 'hourly'],
    [/每\d*(日|天)/, 'daily'],
    [/每\d*(週|周|星期)/, 'weekly'],
    [/每\d*(個)?月/, 'monthly'],
    [/每\d*季/, 'quarterly'],
    [/每\d*年/, 'yearly'],
  ];
  return rules.find(([re]) => re.test(v))?.[1];
}

/** YYYY-MM-DD from '2024-03-01', '2024/3/1' or '2024-03-01 10:27:33'; anything else as given. */
export function dateOf(text: string | undefined): string | null {
  const v = blankToNull(text);
  if (!v) return null;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[ T])/.exec(v);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
}
const splitList = (v: string | undefined) => (v ?? '').split(/[；;,，、]/).map((s) => s.trim()).filter(Boolean);

// ---------------------------------------------------------------------------------------------
// CSV

type Column = (typeof csvColumns)[number];

function parseFields(text: string): DatasetInput['fields'] {
  if (!text.trim()) return [];
  return text
    .split('；')
    .filter((part) => part.trim())
    .map((part) => {
      const [name = '', type = '', meaning = '', unit = ''] = part.split('｜');
      return { name: name.trim(), type: type.trim(), meaning: meaning.trim(), ...(unit.trim() ? { unit: unit.trim() } : {}) };
    });
}

async function agencyByName(deps: AppDeps, name: string): Promise<string | undefined> {
  if (!name.trim()) return undefined;
  return (await agencyRefByNameOrCode(deps.services.db, name.trim()))?.id;
}

/** Reads a catalog CSV (our export format; a data.gov.tw export has the same columns). */
export async function importCsv(deps: AppDeps, text: string, options: ImportOptions): Promise<ImportReport> {
  const locale = options.locale ?? 'zh-TW';
  const report = emptyReport('csv');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: false }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    report.error = t(locale, 'opendata.import.csv_unreadable', { line: line ?? '?' });
    return report;
  }
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  if (!header.includes('資料集識別碼') || !header.includes('資料集名稱')) {
    report.error = t(locale, 'opendata.import.csv_no_header');
    return report;
  }
  const known = new Set<string>(csvColumns);
  const vocab = await vocabulary(deps);
  const fixedAgency = options.agency ? await findAgencyRef(opendataDb(deps.services.db), options.agency) : undefined;
  if (options.agency && !fixedAgency) {
    report.error = t(locale, 'opendata.unknown_agency');
    return report;
  }
  if (!canImport(options.actor, fixedAgency?.id ?? (options.actor.role === 'platform_admin' ? undefined : options.actor.agencyId ?? undefined))) {
    report.error = t(locale, 'error.forbidden');
    return report;
  }

  const groups = new Map<string, Candidate>();
  const loose: Candidate[] = [];
  let previousEnd = records[0]!.info.lines;
  for (const { record, info } of records.slice(1)) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.every((cell) => cell.trim() === '')) continue;
    const cell = (c: Column) => {
      const i = header.indexOf(c);
      return i >= 0 ? (record[i] ?? '').trim() : '';
    };
    const problems: string[] = [];
    const at = (key: string, params?: Record<string, string | number>) => problems.push(`${t(locale, 'opendata.import.line', { line })}: ${t(locale, key, params)}`);
    const identifier = cell('資料集識別碼');
    if (!identifier) {
      at('opendata.import.missing', { column: '資料集識別碼' });
      loose.push({ key: '', title: cell('資料集名稱'), lines: [line], problems });
      continue;
    }
    let group = groups.get(identifier);
    if (!group) {
      const pick = (map: Map<string, string>, column: Column, fallback: string | undefined) => {
        const v = cell(column);
        if (!v) {
          if (fallback === undefined) at('opendata.import.missing', { column });
          return fallback;
        }
        const code = map.get(v.toLowerCase()) ?? (column === '更新頻率' ? frequencyFromPhrase(v) : undefined);
        if (!code) at('opendata.import.unknown_value', { column, value: v });
        return code;
      };
      const category = cell('服務分類') ? vocab.category(cell('服務分類')) : undefined;
      if (!category) at(cell('服務分類') ? 'opendata.import.unknown_value' : 'opendata.import.missing', { column: '服務分類', value: cell('服務分類') });
      const agencyId = fixedAgency?.id ?? (await agencyByName(deps, cell('提供機關')));
      if (!agencyId) at('opendata.import.unknown_value', { column: '提供機關', value: cell('提供機關') });
      const extras: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h && !known.has(h) && record[i]) extras[h] = record[i]!;
      });
      const input = {
        match: 'identifier' as const,
        identifier,
        ...(cell('網址名稱') ? { name: cell('網址名稱') } : {}),
        title: cell('資料集名稱'),
        notes: cell('資料集描述') || cell('資料集名稱'),
        fields: parseFields(cell('主要欄位說明')),
        ...(agencyId ? { owner_org: agencyId } : {}),
        contact_name: cell('提供機關聯絡人姓名') || cell('提供機關'),
        contact_phone: blankToNull(cell('提供機關聯絡人電話')),
        contact_email: blankToNull(cell('提供機關聯絡人電子郵件')),
        category: category ?? '',
        tags: splitList(cell('關鍵字')),
        provision_type: pick(vocab.provision, '資料提供屬性', 'open') as DatasetInput['provision_type'],
        update_frequency: (pick(vocab.frequency, '更新頻率', undefined) ?? 'irregular') as DatasetInput['update_frequency'],
        license_id: pick(vocab.license, '授權方式', 'ogdl-tw-1.0'),
        license_url: blankToNull(cell('授權條款網址')),
        charge: pick(vocab.charge, '計費方式', 'free') as DatasetInput['charge'],
        fee: blankToNull(cell('收費標準')),
        fee_basis: blankToNull(cell('收費法令依據')),
        issued: dateOf(cell('上架日期')),
        temporal_start: dateOf(cell('資料涵蓋期間開始')),
        temporal_end: dateOf(cell('資料涵蓋期間結束')),
        spatial: blankToNull(cell('資料涵蓋範圍')),
        data_volume: blankToNull(cell('資料量')),
        related_urls: cell('相關網址').split(/\s+/).filter(Boolean),
        remarks: blankToNull(cell('備註')),
        extras,
        resources: [] as ResourceInput[],
      };
      if (input.license_id !== 'other') input.license_url = null;
      group = { key: identifier, title: input.title, lines: [], input, problems: [], resourceLines: [] };
      groups.set(identifier, group);
    }
    group.lines.push(line);
    // data.gov.tw's own export puts several resources in one row, joined with ';'.
    const urls = cell('資料下載網址').split(/;(?=\s*https?:)/i).map((u) => u.trim()).filter(Boolean);
    const formats = cell('檔案格式').split(';').map((f) => f.trim());
    const encodings = cell('編碼格式').split(';').map((e) => e.trim());
    urls.forEach((url, i) => {
      if (!/^https?:\/\/\S+$/i.test(url)) return at('opendata.import.bad_url', { value: url.slice(0, 100) });
      const format = formats[urls.length === formats.length ? i : 0];
      const encoding = encodings[urls.length === encodings.length ? i : 0];
      group.input!.resources!.push({ url, ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), ...(cell('資料資源名稱') ? { name: cell('資料資源名稱') } : {}) });
      group.resourceLines!.push(line);
    });
    group.problems.push(...problems);
  }
  return runCandidates(deps, 'csv', [...loose, ...groups.values()], options);
}

// ---------------------------------------------------------------------------------------------
// CKAN

const datasetKeys = new Set(Object.keys(datasetProperties));

function fromCkan(raw: Record<string, unknown>, vocab: Vocab, agencyId: string, sourceKey: string): DatasetInput {
  const mapped = datasetInputFromCkan(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mapped)) if (datasetKeys.has(k) && v !== null && v !== undefined) out[k] = v;
  out.owner_org = agencyId;
  out.source_key = sourceKey;
  delete out.private;
  if (typeof out.identifier === 'string' && !/^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/.test(out.identifier)) delete out.identifier;
  if (typeof out.category !== 'string' || !vocab.category(out.category)) out.category = 'public-information';
  else out.category = vocab.category(out.category);
  if (typeof out.update_frequency !== 'string' || !(updateFrequencies as readonly string[]).includes(out.update_frequency)) out.update_frequency = 'irregular';
  if (typeof out.notes !== 'string' || !out.notes.trim()) out.notes = typeof raw.title === 'string' ? raw.title : '-';
  if (typeof out.contact_name !== 'string' || !out.contact_name.trim()) {
    const org = raw.organization as { title?: unknown } | undefined;
    out.contact_name = typeof raw.author === 'string' && raw.author ? raw.author : typeof org?.title === 'string' ? org.title : '-';
  }
  if (typeof out.license_id === 'string') {
    const id = vocab.license.get(out.license_id.toLowerCase());
    if (id) out.license_id = id;
    else if (typeof raw.license_url === 'string' && raw.license_url) {
      out.license_id = 'other';
      out.license_url = raw.license_url;
    } else delete out.license_id;
  }
  if (!out.issued && typeof raw.metadata_created === 'string') out.issued = raw.metadata_created.slice(0, 10);
  if (Array.isArray(out.resources)) {
    out.resources = (out.resources as Array<Record<string, unknown>>).map((r) => {
      const { id: _id, ...rest } = r;
      // CKAN writes timestamps without a zone (UTC); the schema wants RFC 3339.
      if (typeof rest.last_modified === 'string') {
        const stamp = /[zZ]|[+-]\d\d:?\d\d$/.test(rest.last_modified) ? rest.last_modified : `${rest.last_modified}Z`;
        if (Number.isNaN(Date.parse(stamp))) delete rest.last_modified;
        else rest.last_modified = new Date(stamp).toISOString();
      }
      return rest;
    });
  }
  return out as unknown as DatasetInput;
}

async function fetchJson(url: string, options: ImportOptions): Promise<unknown> {
  const res = await safeFetch(url, { ...options.fetch, headers: { accept: 'application/json' } });
  if (res.status >= 400) throw new FetchRefused('network', `HTTP ${res.status} ${url}`);
  return res.json();
}

function ckanResult(body: unknown): unknown {
  const b = body as { success?: unknown; result?: unknown };
  if (!b || b.success !== true) throw new FetchRefused('network', 'not a CKAN response');
  return b.result;
}

/** Harvests a CKAN site: package_search in pages (package_list + package_show where search is missing). */
export async function importCkan(deps: AppDeps, siteUrl: string, options: ImportOptions): Promise<ImportReport> {
  const locale = options.locale ?? 'zh-TW';
  const base = siteUrl.replace(/\/+$/, '').replace(/\/api\/3(\/action)?$/, '');
  const report = emptyReport(base);
  const agency = options.agency ? await findAgencyRef(opendataDb(deps.services.db), options.agency) : undefined;
  if (!agency) return { ...report, error: t(locale, 'opendata.unknown_agency') };
  if (!canImport(options.actor, agency.id)) return { ...report, error: t(locale, 'error.forbidden') };
  const limit = options.limit ?? 10_000;
  const packages: Array<Record<string, unknown>> = [];
  // Without package_search (the package_list fallback below) a modifiedSince run reads everything;
  // imports are idempotent, so that costs time, not correctness.
  const since = options.modifiedSince ? `&fq=${encodeURIComponent(`metadata_modified:[${options.modifiedSince} TO *]`)}` : '';
  try {
    try {
      for (let start = 0; packages.length < limit; ) {
        const page = ckanResult(await fetchJson(`${base}/api/3/action/package_search?rows=100&start=${start}${since}`, options)) as { count: number; results: Array<Record<string, unknown>> };
        packages.push(...page.results);
        start += page.results.length;
        if (page.results.length === 0 || start >= page.count) break;
      }
    } catch (error) {
      if (error instanceof FetchRefused && error.reason !== 'network') throw error;
      packages.length = 0;
      const names = ckanResult(await fetchJson(`${base}/api/3/action/package_list`, options)) as string[];
      for (const name of names.slice(0, limit)) {
        packages.push(ckanResult(await fetchJson(`${base}/api/3/action/package_show?id=${encodeURIComponent(name)}`, options)) as Record<string, unknown>);
      }
    }
  } catch (error) {
    return { ...report, error: describe(error, locale).join('; ') };
  }
  const vocab = await vocabulary(deps);
  const candidates: Candidate[] = packages.slice(0, limit).map((p) => {
    const key = String(p.id ?? p.name ?? '');
    const title = typeof p.title === 'string' ? p.title : String(p.name ?? '');
    return { key: String(p.name ?? key), title, lines: [], problems: [], input: { ...fromCkan(p, vocab, agency.id, `ckan:${base}#${key}`), match: 'source' } };
  });
  return runCandidates(deps, base, candidates, options);
}

// ---------------------------------------------------------------------------------------------
// DCAT

const RDF_TYPE = `${prefixes.rdf}type`;
const P = (compact: string) => {
  const [prefix, local] = compact.split(':') as [string, string];
  return prefixes[prefix]! + local;
};

/** The JSON-LD our own export writes (a @context of prefixes, a @graph of nodes), as quads. */
export function jsonldQuads(doc: unknown): Quad[] {
  const { namedNode, literal, blankNode, quad } = N3.DataFactory;
  const d = doc as { '@context'?: unknown; '@graph'?: unknown };
  const context: Record<string, string> = {};
  const contexts = Array.isArray(d['@context']) ? d['@context'] : [d['@context']];
  for (const c of contexts) if (c && typeof c === 'object') for (const [k, v] of Object.entries(c as Record<string, unknown>)) if (typeof v === 'string') context[k] = v;
  const expand = (value: string) => {
    const i = value.indexOf(':');
    if (i > 0 && context[value.slice(0, i)] && !value.startsWith('http')) return context[value.slice(0, i)]! + value.slice(i + 1);
    return context[value] ?? value;
  };
  const term = (id: string) => (id.startsWith('_:') ? blankNode(id.slice(2)) : namedNode(expand(id)));
  const nodes = Array.isArray(d['@graph']) ? d['@graph'] : Array.isArray(doc) ? (doc as unknown[]) : [doc];
  const quads: Quad[] = [];
  for (const node of nodes as Array<Record<string, unknown>>) {
    if (!node || typeof node !== 'object' || typeof node['@id'] !== 'string') continue;
    const subject = term(node['@id']);
    for (const [key, raw] of Object.entries(node)) {
      if (key === '@id' || key === '@context') continue;
      const values = Array.isArray(raw) ? raw : [raw];
      for (const v of values) {
        if (key === '@type') {
          if (typeof v === 'string') quads.push(quad(subject as never, namedNode(RDF_TYPE), namedNode(expand(v))));
          continue;
        }
        const predicate = namedNode(expand(key));
        let object;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') object = literal(String(v));
        else if (v && typeof v === 'object' && typeof (v as { '@id'?: unknown })['@id'] === 'string') object = term((v as { '@id': string })['@id']);
        else if (v && typeof v === 'object' && '@value' in v) {
          const lit = v as { '@value': unknown; '@language'?: string; '@type'?: string };
          object = lit['@language'] ? literal(String(lit['@value']), lit['@language']) : lit['@type'] ? literal(String(lit['@value']), namedNode(expand(lit['@type']))) : literal(String(lit['@value']));
        } else continue;
        quads.push(quad(subject as never, predicate, object as never));
      }
    }
  }
  return quads;
}

function datasetsFromGraph(quads: Quad[], vocab: Vocab, agencyId: string): Candidate[] {
  const store = new N3.Store(quads);
  const objects = (s: string, p: string) => store.getObjects(s.startsWith('_:') ? N3.DataFactory.blankNode(s.slice(2)) : s, P(p), null);
  const idOf = (term: { termType: string; value: string }) => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);
  const text = (s: string, p: string) => {
    const all = objects(s, p);
    const zh = all.find((o) => o.termType === 'Literal' && (o as N3.Literal).language.startsWith('zh'));
    return (zh ?? all[0])?.value ?? '';
  };
  const frequencyByUri = new Map(Object.entries(frequencyUris).map(([k, v]) => [v, k]));
  const fileTypes = new Map([['RDF_XML', 'RDF'], ['JSON_LD', 'JSONLD'], ['RDF_TURTLE', 'TTL']]);
  const subjects = store.getSubjects(RDF_TYPE, P('dcat:Dataset'), null);
  return subjects.map((subject) => {
    const s = idOf(subject);
    const title = text(s, 'dct:title');
    const contact = objects(s, 'dcat:contactPoint')[0];
    const contactId = contact ? idOf(contact) : null;
    const email = contactId ? objects(contactId, 'vcard:hasEmail')[0]?.value.replace(/^mailto:/, '') : undefined;
    const phone = contactId ? objects(contactId, 'vcard:hasTelephone')[0]?.value.replace(/^tel:/, '') : undefined;
    const themeIri = objects(s, 'dcat:theme')[0]?.value;
    const themeLabel = themeIri ? text(themeIri, 'skos:prefLabel') : '';
    const category = (themeIri && vocab.category(decodeURIComponent(themeIri.split('/').pop() ?? ''))) || (themeLabel && vocab.category(themeLabel)) || 'public-information';
    const frequency = text(s, 'og:updateFrequency') || frequencyByUri.get(objects(s, 'dct:accrualPeriodicity')[0]?.value ?? '') || 'irregular';
    const access = objects(s, 'dct:accessRights')[0]?.value ?? '';
    const provision = text(s, 'og:provisionType') || (/RESTRICTED|NON_PUBLIC/.test(access) ? 'on_application' : 'open');
    const period = objects(s, 'dct:temporal')[0];
    const place = objects(s, 'dct:spatial')[0];
    let licenseId: string | undefined;
    let licenseUrl: string | null = null;
    const resources: ResourceInput[] = objects(s, 'dcat:distribution').map((dist) => {
      const r = idOf(dist);
      const license = objects(r, 'dct:license')[0]?.value;
      if (license && !licenseId) {
        licenseId = vocab.license.get(license.toLowerCase()) ?? 'other';
        if (licenseId === 'other') licenseUrl = license;
      }
      const formatIri = objects(r, 'dct:format')[0]?.value ?? '';
      const fileType = formatIri.split('/').pop() ?? '';
      const size = Number(objects(r, 'dcat:byteSize')[0]?.value ?? NaN);
      const media = objects(r, 'dcat:mediaType')[0]?.value.replace('https://www.iana.org/assignments/media-types/', '');
      return {
        url: objects(r, 'dcat:downloadURL')[0]?.value ?? objects(r, 'dcat:accessURL')[0]?.value ?? '',
        ...(text(r, 'dct:title') ? { name: text(r, 'dct:title') } : {}),
        ...(text(r, 'dct:description') ? { description: text(r, 'dct:description') } : {}),
        ...(fileType ? { format: fileTypes.get(fileType) ?? fileType } : {}),
        ...(text(r, 'og:encoding') ? { encoding: text(r, 'og:encoding') } : {}),
        ...(Number.isInteger(size) && size >= 0 ? { size } : {}),
        ...(media ? { media_type: media } : {}),
      };
    });
    const fields = objects(s, 'og:field').map((f) => {
      const [name = '', type = '', meaning = '', unit] = f.value.split(' | ');
      return { name, type, meaning, ...(unit ? { unit } : {}) };
    });
    const identifier = text(s, 'dct:identifier');
    const input: DatasetInput & { match: 'source' } = {
      match: 'source',
      source_key: `dcat:${s}`,
      ...(/^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/.test(identifier) ? { identifier } : {}),
      title,
      notes: text(s, 'dct:description') || title,
      language: objects(s, 'dct:title').some((o) => (o as N3.Literal).language?.startsWith('zh')) || !objects(s, 'dct:title').length ? 'zh-TW' : 'en',
      fields,
      owner_org: agencyId,
      contact_name: (contactId && text(contactId, 'vcard:fn')) || '-',
      contact_phone: phone ?? null,
      contact_email: email ?? null,
      category,
      tags: objects(s, 'dcat:keyword').map((k) => k.value),
      provision_type: provision as DatasetInput['provision_type'],
      update_frequency: frequency as DatasetInput['update_frequency'],
      ...(licenseId ? { license_id: licenseId, license_url: licenseUrl } : {}),
      ...(text(s, 'og:charge') ? { charge: text(s, 'og:charge') as DatasetInput['charge'] } : {}),
      // DCAT has no fee property; a paid dataset without og:fee points at its source for the terms.
      ...(text(s, 'og:charge') === 'paid' ? { fee: text(s, 'og:fee') || s.slice(0, 500), fee_basis: text(s, 'og:feeBasis') || null } : {}),
      issued: text(s, 'dct:issued').slice(0, 10) || null,
      temporal_start: period ? text(idOf(period), 'dcat:startDate').slice(0, 10) || null : null,
      temporal_end: period ? text(idOf(period), 'dcat:endDate').slice(0, 10) || null : null,
      spatial: place ? text(idOf(place), 'rdfs:label') || null : null,
      related_urls: objects(s, 'foaf:page').map((o) => o.value),
      resources,
    };
    return { key: identifier || s, title, lines: [], problems: [], input };
  });
}

/** Parses a DCAT document (Turtle, or JSON-LD when it looks like JSON). */
export function parseDcat(body: string, contentType = ''): { quads: Quad[]; next: string | null } {
  const trimmed = body.trimStart();
  const quads = /json/.test(contentType) || trimmed.startsWith('{') || trimmed.startsWith('[') ? jsonldQuads(JSON.parse(trimmed)) : new N3.Parser().parse(body);
  const next = quads.find((q) => q.predicate.value === `${prefixes.hydra}next`)?.object.value ?? null;
  return { quads, next };
}

/** Harvests a DCAT feed, following hydra:next pages. */
export async function importDcat(deps: AppDeps, feedUrl: string, options: ImportOptions): Promise<ImportReport> {
  const locale = options.locale ?? 'zh-TW';
  const report = emptyReport(feedUrl);
  const agency = options.agency ? await findAgencyRef(opendataDb(deps.services.db), options.agency) : undefined;
  if (!agency) return { ...report, error: t(locale, 'opendata.unknown_agency') };
  if (!canImport(options.actor, agency.id)) return { ...report, error: t(locale, 'error.forbidden') };
  const quads: Quad[] = [];
  try {
    const seen = new Set<string>();
    for (let url: string | null = feedUrl; url && !seen.has(url) && seen.size < 200; ) {
      seen.add(url);
      const res = await safeFetch(url, { ...options.fetch, headers: { accept: 'text/turtle, application/ld+json;q=0.9' } });
      if (res.status >= 400) throw new FetchRefused('network', `HTTP ${res.status} ${url}`);
      const page = parseDcat(res.text(), res.contentType);
      quads.push(...page.quads);
      url = page.next;
    }
  } catch (error) {
    return { ...report, error: error instanceof SyntaxError || (error instanceof Error && !(error instanceof FetchRefused)) ? t(locale, 'opendata.import.dcat_unreadable') : describe(error, locale).join('; ') };
  }
  const vocab = await vocabulary(deps);
  const candidates = datasetsFromGraph(quads, vocab, agency.id).slice(0, options.limit ?? 10_000);
  return runCandidates(deps, feedUrl, candidates, options);
}
