// Pure rules of the open data catalog: the controlled vocabularies of Taiwan's dataset metadata
// standard, name slugs, change diffs, the five-star level and the quality mark. No I/O.

export interface CategorySeed {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** data.gov.tw 服務分類; operators can change the list (od_categories). */
export const defaultCategories: CategorySeed[] = [
  { code: 'fertility-health', nameZh: '生育保健', nameEn: 'Fertility and Health Care' },
  { code: 'birth-adoption', nameZh: '出生及收養', nameEn: 'Birth and Adoption' },
  { code: 'education', nameZh: '求學及進修', nameEn: 'Education and Further Study' },
  { code: 'military-service', nameZh: '服兵役', nameEn: 'Military Service' },
  { code: 'employment', nameZh: '求職及就業', nameEn: 'Jobs and Employment' },
  { code: 'business', nameZh: '開創事業', nameEn: 'Starting a Business' },
  { code: 'marriage', nameZh: '婚姻', nameEn: 'Marriage' },
  { code: 'investment', nameZh: '投資理財', nameEn: 'Investment and Finance' },
  { code: 'leisure-travel', nameZh: '休閒旅遊', nameEn: 'Leisure and Travel' },
  { code: 'transport', nameZh: '交通及通訊', nameEn: 'Transport and Communications' },
  { code: 'medical', nameZh: '就醫', nameEn: 'Medical Care' },
  { code: 'housing', nameZh: '購屋及遷徙', nameEn: 'Housing and Relocation' },
  { code: 'elections', nameZh: '選舉及投票', nameEn: 'Elections and Voting' },
  { code: 'safety', nameZh: '生活安全及品質', nameEn: 'Safety and Quality of Life' },
  { code: 'retirement', nameZh: '退休', nameEn: 'Retirement' },
  { code: 'elderly-care', nameZh: '老年安養', nameEn: 'Elderly Care' },
  { code: 'funeral', nameZh: '生命禮儀', nameEn: 'Funeral Services' },
  { code: 'public-information', nameZh: '公共資訊', nameEn: 'Public Information' },
];

export const provisionTypes = ['open', 'on_application'] as const;
export type ProvisionType = (typeof provisionTypes)[number];

export const updateFrequencies = ['realtime', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular', 'discontinued'] as const;
export type UpdateFrequency = (typeof updateFrequencies)[number];

/** How long (days) a dataset may go without an update before its declared frequency is broken. */
export const frequencyDays: Record<UpdateFrequency, number | null> = {
  realtime: 2,
  hourly: 2,
  daily: 3,
  weekly: 10,
  monthly: 40,
  quarterly: 100,
  half_yearly: 190,
  yearly: 380,
  irregular: null,
  discontinued: null,
};

/** EU frequency vocabulary for DCAT-AP dct:accrualPeriodicity. */
export const frequencyUris: Record<UpdateFrequency, string> = {
  realtime: 'http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT',
  hourly: 'http://publications.europa.eu/resource/authority/frequency/HOURLY',
  daily: 'http://publications.europa.eu/resource/authority/frequency/DAILY',
  weekly: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY',
  monthly: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
  quarterly: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY',
  half_yearly: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL_2',
  yearly: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
  irregular: 'http://publications.europa.eu/resource/authority/frequency/IRREG',
  discontinued: 'http://publications.europa.eu/resource/authority/frequency/NEVER',
};

export interface License {
  id: string;
  titleZh: string;
  titleEn: string;
  url: string;
  /** Counts as an open licence (CKAN isopen, five stars). */
  open: boolean;
}

export const licenses: License[] = [
  {
    id: 'ogdl-tw-1.0',
    titleZh: '政府資料開放授權條款-第1版',
    titleEn: 'Open Government Data License, version 1.0',
    url: 'https://data.gov.tw/license',
    open: true,
  },
  { id: 'cc-by-4.0', titleZh: '創用CC 姓名標示 4.0', titleEn: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/', open: true },
  { id: 'cc0-1.0', titleZh: 'CC0 1.0 公眾領域貢獻宣告', titleEn: 'CC0 1.0 Public Domain Dedication', url: 'https://creativecommons.org/publicdomain/zero/1.0/', open: true },
  { id: 'other', titleZh: '其他授權', titleEn: 'Other licence', url: '', open: false },
];
export const defaultLicenseId = 'ogdl-tw-1.0';
export const licenseIds = licenses.map((l) => l.id);
export const licenseById = (id: string): License | undefined => licenses.find((l) => l.id === id);

export const charges = ['free', 'paid'] as const;
export type Charge = (typeof charges)[number];

export const qualityMarks = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;
export type QualityMark = (typeof qualityMarks)[number];

export interface FormatInfo {
  mediaType: string;
  /** Open, machine-readable and structured (the "processable" aspect). */
  open: boolean;
  structured: boolean;
  /** Linked-data format (five stars). */
  linked?: boolean;
}

export const formats: Record<string, FormatInfo> = {
  CSV: { mediaType: 'text/csv', open: true, structured: true },
  JSON: { mediaType: 'application/json', open: true, structured: true },
  XML: { mediaType: 'application/xml', open: true, structured: true },
  XLSX: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', open: false, structured: true },
  XLS: { mediaType: 'application/vnd.ms-excel', open: false, structured: true },
  ODS: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', open: true, structured: true },
  GEOJSON: { mediaType: 'application/geo+json', open: true, structured: true },
  KML: { mediaType: 'application/vnd.google-earth.kml+xml', open: true, structured: true },
  SHP: { mediaType: 'application/x-shapefile', open: true, structured: true },
  PDF: { mediaType: 'application/pdf', open: true, structured: false },
  ZIP: { mediaType: 'application/zip', open: true, structured: false },
  TXT: { mediaType: 'text/plain', open: true, structured: false },
  RDF: { mediaType: 'application/rdf+xml', open: true, structured: true, linked: true },
  JSONLD: { mediaType: 'application/ld+json', open: true, structured: true, linked: true },
  TTL: { mediaType: 'text/turtle', open: true, structured: true, linked: true },
  API: { mediaType: 'application/json', open: true, structured: true },
  WEBAPI: { mediaType: 'application/json', open: true, structured: true },
  HTML: { mediaType: 'text/html', open: true, structured: false },
};

export const encodings = ['UTF-8', 'BIG5', 'UTF-16', 'ASCII', 'ISO-8859-1', 'GB18030'] as const;

/** Normalises a declared format ("csv", ".CSV", "text/csv") to the catalog's upper-case code. */
export function normalizeFormat(value: string | null | undefined): string {
  const raw = (value ?? '').trim();
  if (!raw) return '';
  const byMedia = Object.entries(formats).find(([, f]) => f.mediaType === raw.toLowerCase());
  if (byMedia && raw.includes('/')) return byMedia[0];
  const code = raw.replace(/^\./, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (code === 'GEOJSON' || code === 'JSONLD') return code;
  return code.slice(0, 20);
}

export function mediaTypeOf(format: string): string | null {
  return formats[format]?.mediaType ?? null;
}

/** Guesses a format from a URL's file extension. */
export function formatFromUrl(url: string): string {
  try {
    const path = new URL(url).pathname.toLowerCase();
    const ext = /\.([a-z0-9]+)$/.exec(path)?.[1];
    if (!ext) return '';
    const code = ext === 'geojson' ? 'GEOJSON' : ext === 'jsonld' ? 'JSONLD' : ext.toUpperCase();
    return formats[code] ? code : '';
  } catch {
    return '';
  }
}

// CKAN name rules: 2–100 characters, lower-case ASCII letters, digits, - and _.
export const NAME_PATTERN = '^[a-z0-9_-]{2,100}$';
const NAME_RE = new RegExp(NAME_PATTERN);
export const isValidName = (name: string) => NAME_RE.test(name);

/** A name slug from a title: ASCII words when there are some, else "dataset-<identifier>". */
export function slugFor(title: string, identifier: string): string {
  const ascii = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return ascii.length >= 3 ? `${ascii}-${identifier}` : `dataset-${identifier}`;
}

/** { field: [before, after] } for the fields that differ (JSON-compared). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, keys: string[]): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of keys) {
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b];
  }
  return changes;
}

export interface FieldDescription {
  name: string;
  type: string;
  meaning: string;
  unit?: string;
}

export interface ResourceFacts {
  format: string;
  url: string;
  checks?: Partial<Record<QualityCheckName, boolean>>;
}

export const qualityCheckNames = ['reachable', 'downloadable', 'open_format', 'format_matches', 'encoding_matches', 'no_broken_rows', 'fields_described', 'fields_match_headers', 'frequency_honoured', 'machine_api'] as const;
export type QualityCheckName = (typeof qualityCheckNames)[number];

export interface QualityCheck {
  name: QualityCheckName;
  aspect: 'accessible' | 'processable' | 'understandable' | 'api';
  ok: boolean;
  /** i18n key for the fix when not ok. */
  hint?: string;
  resourceId?: string;
}

const aspectOf: Record<QualityCheckName, QualityCheck['aspect']> = {
  reachable: 'accessible',
  downloadable: 'accessible',
  open_format: 'processable',
  format_matches: 'processable',
  encoding_matches: 'processable',
  no_broken_rows: 'processable',
  fields_described: 'understandable',
  fields_match_headers: 'understandable',
  frequency_honoured: 'understandable',
  machine_api: 'api',
};

export function check(name: QualityCheckName, ok: boolean, resourceId?: string): QualityCheck {
  return { name, aspect: aspectOf[name], ok, ...(ok ? {} : { hint: `opendata.quality.fix.${name}` }), ...(resourceId ? { resourceId } : {}) };
}

/** Bronze: accessible; silver: + processable; gold: + understandable; platinum: + an API with updates. */
export function qualityMarkOf(checks: QualityCheck[]): QualityMark {
  if (checks.length === 0) return 'none';
  const all = (aspect: QualityCheck['aspect']) => checks.filter((c) => c.aspect === aspect).every((c) => c.ok) && checks.some((c) => c.aspect === aspect);
  if (!all('accessible')) return 'none';
  if (!all('processable')) return 'bronze';
  if (!all('understandable')) return 'silver';
  return checks.some((c) => c.aspect === 'api' && c.ok) ? 'platinum' : 'gold';
}

/** Tim Berners-Lee's five stars for a dataset's best resource. */
export function fiveStars(licenseOpen: boolean, resourceFormats: string[]): number {
  if (!licenseOpen || resourceFormats.length === 0) return 0;
  let best = 1;
  for (const f of resourceFormats) {
    const info = formats[f];
    if (!info) continue;
    if (info.linked) best = Math.max(best, 5);
    else if (info.structured && info.open) best = Math.max(best, 3);
    else if (info.structured) best = Math.max(best, 2);
  }
  return best;
}

/** Days since `from` in whole days. */
export function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - new Date(from).getTime()) / 86_400_000);
}

export function frequencyHonoured(frequency: UpdateFrequency, lastModified: string, now: Date): boolean {
  const limit = frequencyDays[frequency];
  return limit === null || daysBetween(lastModified, now) <= limit;
}

/** Bot user agents are not counted in the usage statistics. */
const BOT_PATTERN = /bot|crawl|spider|slurp|curl|wget|python-requests|httpclient|headless|monitor|preview|facebookexternalhit|bingpreview|ckanapi|go-http-client|java\//i;
export const isBot = (userAgent: string | null | undefined): boolean => !userAgent || BOT_PATTERN.test(userAgent);
