// Quality marks (品質檢測): machine checks per resource grouped in three aspects. Uploaded files
// are inspected here; linked resources are fetched by the scheduled check (network results are
// kept in the report and reused until the next check).
import type { ActionContext } from '../../../core/action.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { check, formats, frequencyHonoured, qualityMarkOf, type QualityCheck, type UpdateFrequency } from '../model.js';
import type { Dataset, Resource } from '../queries.js';
import { detectFormat, readUpload } from '../storage.js';
import { opendataDb } from '../tables.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface ContentFacts {
  reachable: boolean;
  detectedFormat: string | null;
  utf8: boolean | null;
  brokenRows: boolean | null;
  headers: string[] | null;
}

/** Inspects a file's bytes: real format, encoding, broken CSV rows, header names. */
export function inspectContent(bytes: Buffer, filename = ''): ContentFacts {
  const detectedFormat = detectFormat(bytes, filename);
  let utf8: boolean | null = null;
  let text = '';
  try {
    text = strictUtf8.decode(bytes).replace(/^\uFEFF/, '');
    utf8 = true;
  } catch {
    utf8 = false;
  }
  let brokenRows: boolean | null = null;
  let headers: string[] | null = null;
  if (detectedFormat === 'CSV' && utf8) {
    try {
      const rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, to: 5000 }) as string[][];
      headers = rows[0]?.map((h) => h.trim()) ?? [];
      brokenRows = rows.some((r) => r.length !== headers!.length);
    } catch {
      brokenRows = true;
    }
  } else if ((detectedFormat === 'JSON' || detectedFormat === 'GEOJSON') && utf8) {
    try {
      const value = JSON.parse(text) as unknown;
      brokenRows = false;
      const first = Array.isArray(value) ? value[0] : null;
      if (first && typeof first === 'object') headers = Object.keys(first as object);
    } catch {
      brokenRows = true;
    }
  }
  return { reachable: true, detectedFormat, utf8, brokenRows, headers };
}

const sameFormat = (declared: string, detected: string | null) =>
  detected === null || declared === detected || (declared === 'GEOJSON' && detected === 'JSON') || (declared === 'JSON' && detected === 'GEOJSON') || (['XLSX', 'ODS', 'SHP'].includes(declared) && detected === 'ZIP');

/** Checks for one resource from facts about its content (null facts: not checked yet). */
export function resourceChecks(resource: Resource, facts: ContentFacts | null, fieldNames: string[]): QualityCheck[] {
  const id = resource.id;
  const info = formats[resource.format];
  const checks: QualityCheck[] = [check('reachable', !!facts?.reachable, id), check('downloadable', !!facts?.reachable, id)];
  checks.push(check('open_format', !!info?.open && !!info.structured, id));
  if (facts) {
    checks.push(check('format_matches', sameFormat(resource.format, facts.detectedFormat), id));
    if (facts.utf8 !== null && ['CSV', 'JSON', 'GEOJSON', 'XML', 'TXT', 'KML'].includes(resource.format)) {
      const declaredUtf8 = /^UTF-?8$/i.test(resource.encoding);
      checks.push(check('encoding_matches', declaredUtf8 === facts.utf8, id));
    }
    if (facts.brokenRows !== null) checks.push(check('no_broken_rows', !facts.brokenRows, id));
    if (facts.headers && fieldNames.length > 0) {
      const described = new Set(fieldNames);
      checks.push(check('fields_match_headers', facts.headers.every((h) => described.has(h)), id));
    }
  }
  if (resource.format === 'API' || resource.format === 'WEBAPI') checks.push(check('machine_api', !!resource.api_spec_url, id));
  return checks;
}

export function datasetChecks(dataset: Dataset, now: Date): QualityCheck[] {
  return [
    check('fields_described', dataset.fields.length > 0 && dataset.fields.every((f) => !!f.meaning)),
    check('frequency_honoured', frequencyHonoured(dataset.update_frequency as UpdateFrequency, dataset.modified_at, now)),
  ];
}

/** Network facts from the last scheduled check, kept in the report, per resource id. */
function previousFacts(dataset: Dataset): Map<string, ContentFacts> {
  const map = new Map<string, ContentFacts>();
  const stored = dataset.quality_facts as Record<string, ContentFacts>;
  for (const [id, facts] of Object.entries(stored)) map.set(id, facts);
  return map;
}

export interface QualityReport {
  checks: QualityCheck[];
  facts: Record<string, ContentFacts>;
  checkedAt: string;
}

export async function computeQuality(
  ctx: Pick<ActionContext, 'config' | 'clock'>,
  dataset: Dataset,
  network: Map<string, ContentFacts> = new Map(),
): Promise<{ mark: string; report: QualityReport }> {
  const fieldNames = dataset.fields.map((f) => f.name);
  const previous = previousFacts(dataset);
  const facts: Record<string, ContentFacts> = {};
  const checks: QualityCheck[] = [];
  for (const resource of dataset.resources) {
    let fact: ContentFacts | null = network.get(resource.id) ?? null;
    if (!fact && resource.url_type === 'upload' && resource.upload_key) {
      const bytes = await readUpload(ctx.config, resource.upload_key, 5 * 1024 * 1024);
      fact = bytes ? inspectContent(bytes, resource.name) : { reachable: false, detectedFormat: null, utf8: null, brokenRows: null, headers: null };
    }
    fact ??= previous.get(resource.id) ?? null;
    if (fact) facts[resource.id] = fact;
    checks.push(...resourceChecks(resource, fact, fieldNames));
  }
  checks.push(...datasetChecks(dataset, ctx.clock.now()));
  const mark = dataset.resources.length === 0 ? 'none' : qualityMarkOf(checks);
  return { mark, report: { checks, facts, checkedAt: ctx.clock.now().toISOString() } };
}

/** Recomputes and stores the mark (inside the caller's transaction). */
export async function refreshQuality(ctx: ActionContext, dataset: Dataset, network?: Map<string, ContentFacts>): Promise<Dataset> {
  const { mark, report } = await computeQuality(ctx, dataset, network);
  await opendataDb(ctx.db).updateTable('od_datasets').set({ quality_mark: mark, quality_report: JSON.stringify(report) }).where('id', '=', dataset.id).execute();
  return { ...dataset, quality_mark: mark, quality_report: report.checks, quality_facts: report.facts };
}
