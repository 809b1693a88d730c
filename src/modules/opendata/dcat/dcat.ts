// DCAT-AP 2.1.1 for the catalog: one RDF graph built from datasets, written as Turtle (n3) or as
// JSON-LD (compact IRIs in a @graph). Every node a property points to carries its rdf:type, as the
// SHACL range shapes require.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { frequencyUris, licenseById, type UpdateFrequency } from '../model.js';
import type { Dataset, Resource } from '../queries.js';

const { namedNode, literal, blankNode, quad } = N3.DataFactory;

export const prefixes: Record<string, string> = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  adms: 'http://www.w3.org/ns/adms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  og: 'https://opengov.tw/ns/opendata#',
};

const iri = (compact: string) => {
  const [prefix, local] = compact.split(':') as [string, string];
  return namedNode(prefixes[prefix]! + local);
};

const EU = 'http://publications.europa.eu/resource/authority';
const fileTypes: Record<string, string> = {
  CSV: 'CSV',
  JSON: 'JSON',
  XML: 'XML',
  XLSX: 'XLSX',
  XLS: 'XLS',
  ODS: 'ODS',
  GEOJSON: 'GEOJSON',
  KML: 'KML',
  SHP: 'SHP',
  PDF: 'PDF',
  ZIP: 'ZIP',
  TXT: 'TXT',
  RDF: 'RDF_XML',
  JSONLD: 'JSON_LD',
  TTL: 'RDF_TURTLE',
  HTML: 'HTML',
};

/** A URL that is safe to write as an IRI (percent-encoded), or null. */
function safeIri(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'mailto:') return null;
    return parsed.href;
  } catch {
    return null;
  }
}

const langTag = (language: string) => (language === 'en' ? 'en' : 'zh-Hant-TW');

export interface CatalogInfo {
  baseUrl: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  publisherName: string;
  modified: string | null;
  paging?: { page: number; perPage: number; total: number; pageUrl: (page: number) => string };
}

export class DcatGraph {
  readonly quads: Quad[] = [];
  private readonly typed = new Set<string>();
  private blank = 0;

  constructor(private readonly baseUrl: string) {}

  add(s: Term, p: string, o: Term): void {
    this.quads.push(quad(s as never, iri(p), o as never));
  }

  type(node: Term, ...classes: string[]): void {
    for (const c of classes) {
      const key = `${node.value} ${c}`;
      if (this.typed.has(key)) continue;
      this.typed.add(key);
      this.add(node, 'rdf:type', iri(c));
    }
  }

  node(url: string, ...classes: string[]): Term {
    const n = namedNode(url);
    this.type(n, ...classes);
    return n;
  }

  bnode(...classes: string[]): Term {
    const n = blankNode(`b${++this.blank}`);
    this.type(n, ...classes);
    return n;
  }

  text(s: Term, p: string, value: string | null | undefined, lang?: string): void {
    if (value === null || value === undefined || value === '') return;
    this.add(s, p, lang ? literal(value, lang) : literal(value));
  }

  typedLiteral(s: Term, p: string, value: string, datatype: string): void {
    this.add(s, p, literal(value, iri(datatype)));
  }

  catalog(info: CatalogInfo, datasets: Dataset[]): Term {
    const catalogUrl = `${this.baseUrl}/catalog`;
    const c = this.node(catalogUrl, 'dcat:Catalog');
    this.text(c, 'dct:title', info.title.zh, 'zh-Hant-TW');
    this.text(c, 'dct:title', info.title.en, 'en');
    this.text(c, 'dct:description', info.description.zh, 'zh-Hant-TW');
    this.text(c, 'dct:description', info.description.en, 'en');
    const publisher = this.node(`${this.baseUrl}/#publisher`, 'foaf:Agent');
    this.text(publisher, 'foaf:name', info.publisherName);
    this.add(c, 'dct:publisher', publisher);
    this.add(c, 'foaf:homepage', this.node(`${this.baseUrl}/`, 'foaf:Document'));
    this.add(c, 'dct:language', this.node(`${EU}/language/ZHO`, 'dct:LinguisticSystem'));
    this.add(c, 'dct:language', this.node(`${EU}/language/ENG`, 'dct:LinguisticSystem'));
    this.add(c, 'dcat:themeTaxonomy', this.themeScheme());
    if (info.modified) this.typedLiteral(c, 'dct:modified', info.modified, 'xsd:dateTime');
    for (const d of datasets) this.add(c, 'dcat:dataset', this.dataset(d));
    if (info.paging) {
      const { page, perPage, total, pageUrl } = info.paging;
      const last = Math.max(1, Math.ceil(total / perPage));
      const view = this.node(pageUrl(page), 'hydra:PartialCollectionView');
      this.add(c, 'hydra:view', view);
      this.typedLiteral(view, 'hydra:totalItems', String(total), 'xsd:integer');
      this.typedLiteral(view, 'hydra:itemsPerPage', String(perPage), 'xsd:integer');
      this.add(view, 'hydra:first', namedNode(pageUrl(1)));
      this.add(view, 'hydra:last', namedNode(pageUrl(last)));
      if (page > 1) this.add(view, 'hydra:previous', namedNode(pageUrl(page - 1)));
      if (page < last) this.add(view, 'hydra:next', namedNode(pageUrl(page + 1)));
    }
    return c;
  }

  private themeScheme(): Term {
    const scheme = this.node(`${this.baseUrl}/categories`, 'skos:ConceptScheme');
    if (!this.typed.has(`${scheme.value} titled`)) {
      this.typed.add(`${scheme.value} titled`);
      this.text(scheme, 'dct:title', '服務分類', 'zh-Hant-TW');
      this.text(scheme, 'dct:title', 'Service categories', 'en');
    }
    return scheme;
  }

  dataset(d: Dataset): Term {
    const lang = langTag(d.language);
    const s = this.node(`${this.baseUrl}/dataset/${d.id}`, 'dcat:Dataset');
    this.text(s, 'dct:title', d.title, lang);
    this.text(s, 'dct:description', d.notes, lang);
    this.text(s, 'dct:identifier', d.identifier);
    for (const tag of d.tags) this.text(s, 'dcat:keyword', tag, lang);

    const publisher = this.node(`${this.baseUrl}/organization/${encodeURIComponent(d.agency.code)}`, 'foaf:Agent');
    if (!this.typed.has(`${publisher.value} named`)) {
      this.typed.add(`${publisher.value} named`);
      this.text(publisher, 'foaf:name', d.agency.nameZh, 'zh-Hant-TW');
      this.text(publisher, 'foaf:name', d.agency.nameEn, 'en');
    }
    this.add(s, 'dct:publisher', publisher);

    const contact = this.bnode('vcard:Kind', 'vcard:Organization');
    this.text(contact, 'vcard:fn', d.contact_name);
    const email = safeIri(d.contact_email ? `mailto:${d.contact_email}` : null);
    if (email) this.add(contact, 'vcard:hasEmail', namedNode(email));
    if (d.contact_phone) this.add(contact, 'vcard:hasTelephone', namedNode(`tel:${d.contact_phone.replace(/[^0-9+#-]/g, '')}`));
    this.add(s, 'dcat:contactPoint', contact);

    const theme = this.node(`${this.baseUrl}/category/${encodeURIComponent(d.category.code)}`, 'skos:Concept');
    if (!this.typed.has(`${theme.value} labelled`)) {
      this.typed.add(`${theme.value} labelled`);
      this.text(theme, 'skos:prefLabel', d.category.nameZh, 'zh-Hant-TW');
      this.text(theme, 'skos:prefLabel', d.category.nameEn, 'en');
      this.add(theme, 'skos:inScheme', this.themeScheme());
    }
    this.add(s, 'dcat:theme', theme);

    const frequency = frequencyUris[d.update_frequency as UpdateFrequency];
    if (frequency) this.add(s, 'dct:accrualPeriodicity', this.node(frequency, 'dct:Frequency'));
    const access = d.provision_type === 'open' ? 'PUBLIC' : 'RESTRICTED';
    this.add(s, 'dct:accessRights', this.node(`${EU}/access-right/${access}`, 'dct:RightsStatement'));
    this.add(s, 'dct:language', this.node(`${EU}/language/${d.language === 'en' ? 'ENG' : 'ZHO'}`, 'dct:LinguisticSystem'));
    this.add(s, 'dcat:landingPage', this.node(`${this.baseUrl}/datasets/${encodeURIComponent(d.name)}`, 'foaf:Document'));
    if (d.issued) this.typedLiteral(s, 'dct:issued', d.issued, 'xsd:date');
    this.typedLiteral(s, 'dct:modified', d.modified_at, 'xsd:dateTime');
    if (d.temporal_start || d.temporal_end) {
      const period = this.bnode('dct:PeriodOfTime');
      if (d.temporal_start) this.typedLiteral(period, 'dcat:startDate', d.temporal_start, 'xsd:date');
      if (d.temporal_end) this.typedLiteral(period, 'dcat:endDate', d.temporal_end, 'xsd:date');
      this.add(s, 'dct:temporal', period);
    }
    if (d.spatial) {
      const place = this.bnode('dct:Location');
      this.text(place, 'rdfs:label', d.spatial, lang);
      this.add(s, 'dct:spatial', place);
    }
    for (const url of d.related_urls) {
      const page = safeIri(url);
      if (page) this.add(s, 'foaf:page', this.node(page, 'foaf:Document'));
    }
    this.text(s, 'og:updateFrequency', d.update_frequency);
    this.text(s, 'og:provisionType', d.provision_type);
    this.text(s, 'og:charge', d.charge);
    this.text(s, 'og:qualityMark', d.quality_mark);
    for (const f of d.fields) this.text(s, 'og:field', [f.name, f.type, f.meaning, f.unit].filter(Boolean).join(' | '), lang);
    for (const r of d.resources) this.add(s, 'dcat:distribution', this.distribution(d, r));
    return s;
  }

  private distribution(d: Dataset, r: Resource): Term {
    const s = this.node(`${this.baseUrl}/dataset/${d.id}/resource/${r.id}`, 'dcat:Distribution');
    this.text(s, 'dct:title', r.name, langTag(d.language));
    this.text(s, 'dct:description', r.description, langTag(d.language));
    const download = safeIri(r.url_type === 'upload' ? `${this.baseUrl}/dataset/${d.id}/resource/${r.id}/download/${encodeURIComponent(r.upload_key?.split('/').pop() ?? 'file')}` : r.url);
    const accessUrl = download ?? `${this.baseUrl}/datasets/${encodeURIComponent(d.name)}`;
    this.add(s, 'dcat:accessURL', namedNode(accessUrl));
    const isApi = r.format === 'API' || r.format === 'WEBAPI';
    if (download && !isApi) this.add(s, 'dcat:downloadURL', namedNode(download));
    if (isApi && download) {
      const service = this.bnode('dcat:DataService');
      this.text(service, 'dct:title', r.name, langTag(d.language));
      this.add(service, 'dcat:endpointURL', namedNode(download));
      const spec = safeIri(r.api_spec_url);
      if (spec) this.add(service, 'dcat:endpointDescription', namedNode(spec));
      this.add(service, 'dcat:servesDataset', namedNode(`${this.baseUrl}/dataset/${d.id}`));
      this.add(s, 'dcat:accessService', service);
    }
    const fileType = fileTypes[r.format];
    if (fileType) this.add(s, 'dct:format', this.node(`${EU}/file-type/${fileType}`, 'dct:MediaTypeOrExtent'));
    if (r.media_type && /^[\w.+-]+\/[\w.+-]+$/.test(r.media_type)) this.add(s, 'dcat:mediaType', this.node(`https://www.iana.org/assignments/media-types/${r.media_type}`, 'dct:MediaType'));
    if (r.size !== null) this.typedLiteral(s, 'dcat:byteSize', String(r.size), 'xsd:decimal');
    if (r.checksum_sha1 && /^[0-9a-f]{40}$/.test(r.checksum_sha1)) {
      const checksum = this.bnode('spdx:Checksum');
      this.add(checksum, 'spdx:algorithm', namedNode(`${prefixes.spdx}checksumAlgorithm_sha1`));
      this.typedLiteral(checksum, 'spdx:checksumValue', r.checksum_sha1, 'xsd:hexBinary');
      this.add(s, 'spdx:checksum', checksum);
    }
    const license = licenseById(d.license_id);
    const licenseUrl = safeIri(d.license_id === 'other' ? d.license_url : license?.url);
    if (licenseUrl) this.add(s, 'dct:license', this.node(licenseUrl, 'dct:LicenseDocument'));
    if (r.last_modified) this.typedLiteral(s, 'dct:modified', r.last_modified, 'xsd:dateTime');
    this.typedLiteral(s, 'dct:issued', r.created_at, 'xsd:dateTime');
    this.text(s, 'og:encoding', r.encoding);
    return s;
  }

  turtle(): string {
    const writer = new N3.Writer({ prefixes });
    writer.addQuads(this.quads);
    let out = '';
    writer.end((error, result) => {
      if (error) throw error;
      out = result;
    });
    return out;
  }

  /** JSON-LD: one object per subject in @graph, properties as compact IRIs, values as arrays. */
  jsonld(): Record<string, unknown> {
    const compact = (value: string) => {
      for (const [prefix, ns] of Object.entries(prefixes)) if (value.startsWith(ns) && /^[\w-]+$/.test(value.slice(ns.length))) return `${prefix}:${value.slice(ns.length)}`;
      return value;
    };
    const nodes = new Map<string, Record<string, unknown>>();
    const idOf = (term: Term) => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);
    for (const q of this.quads) {
      const id = idOf(q.subject);
      let node = nodes.get(id);
      if (!node) nodes.set(id, (node = { '@id': id }));
      if (q.predicate.value === `${prefixes.rdf}type`) {
        node['@type'] = [...((node['@type'] as string[]) ?? []), compact(q.object.value)];
        continue;
      }
      const key = compact(q.predicate.value);
      let value: Record<string, string>;
      if (q.object.termType === 'Literal') {
        const lit = q.object as N3.Literal;
        value = { '@value': lit.value };
        if (lit.language) value['@language'] = lit.language;
        else if (lit.datatype && lit.datatype.value !== `${prefixes.xsd}string`) value['@type'] = compact(lit.datatype.value);
      } else {
        value = { '@id': idOf(q.object) };
      }
      node[key] = [...((node[key] as unknown[]) ?? []), value];
    }
    return { '@context': prefixes, '@graph': [...nodes.values()] };
  }
}
