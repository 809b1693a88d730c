import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { packageCreate } from '../catalog/actions/package_create.js';
import { resourceCreate } from '../catalog/actions/resource_create.js';
import { stageUpload } from '../storage.js';
import { fixturePath } from '../../../../test/fixtures.js';
import { datasetInput, opendataApp } from '../test/fixtures.js';

const shapesDir = fixturePath('dcat-ap');

function parseTurtle(text: string): N3.Store {
  return new N3.Store(new N3.Parser().parse(text));
}

/** The JSON-LD this module writes, read back into triples (compact IRIs from its own @context). */
function jsonldToStore(doc: { '@context': Record<string, string>; '@graph': Array<Record<string, unknown>> }): N3.Store {
  const { namedNode, literal, blankNode, quad } = N3.DataFactory;
  const expand = (v: string) => {
    const m = /^([a-z]+):(.*)$/.exec(v);
    return m && doc['@context'][m[1]!] ? doc['@context'][m[1]!] + m[2] : v;
  };
  const term = (id: string) => (id.startsWith('_:') ? blankNode(id.slice(2)) : namedNode(id));
  const store = new N3.Store();
  for (const node of doc['@graph']) {
    const subject = term(node['@id'] as string);
    for (const type of (node['@type'] as string[]) ?? []) store.addQuad(quad(subject, namedNode(`${doc['@context'].rdf}type`), namedNode(expand(type))));
    for (const [key, values] of Object.entries(node)) {
      if (key.startsWith('@')) continue;
      for (const v of values as Array<Record<string, string>>) {
        const object = v['@id'] ? term(v['@id']) : literal(v['@value']!, v['@language'] ?? (v['@type'] ? namedNode(expand(v['@type'])) : undefined));
        store.addQuad(quad(subject, namedNode(expand(key)), object));
      }
    }
  }
  return store;
}

async function validate(data: N3.Store): Promise<string[]> {
  const problems: string[] = [];
  for (const file of ['dcat-ap_2.1.1_shacl_shapes.ttl', 'dcat-ap_2.1.1_shacl_range.ttl']) {
    const shapes = parseTurtle(fs.readFileSync(path.join(shapesDir, file), 'utf8'));
    const report = await new SHACLValidator(shapes).validate(data);
    for (const r of report.results) problems.push(`${file}: ${r.focusNode?.value} ${r.path?.value} ${r.message.map((m) => m.value).join(' ')}`);
  }
  return problems;
}

test('DCAT-AP 2.1.1: a varied catalog passes shacl_shapes and shacl_range, as Turtle and JSON-LD, paged and per dataset', async () => {
  const t = await opendataApp();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const air = await call(packageCreate, datasetInput({ issued: '2020-01-15', temporal_start: '2020-01-01', temporal_end: '2024-12-31', spatial: '臺北市', related_urls: ['https://example.gov.tw/about air'] }), { actor: t.moda });
    const stored = await stageUpload(t.config, Buffer.from('sitename,pm25\n中山,12\n'), 'aqi.csv');
    await call(resourceCreate, { package_id: air.id, name: '上傳檔', upload: { key: stored.key, size: stored.size, checksum: stored.checksum, sha1: stored.sha1, mediaType: stored.mediaType, filename: stored.filename } }, { actor: t.moda });
    await call(
      packageCreate,
      datasetInput({
        title: 'Typhoon warnings',
        notes: 'Warnings issued by the Central Weather Administration.',
        language: 'en',
        license_id: 'other',
        license_url: 'https://example.gov.tw/licence',
        charge: 'paid',
        fee: 'NT$500',
        fee_basis: '規費法',
        provision_type: 'on_application',
        update_frequency: 'irregular',
        tags: [],
        fields: [],
        resources: [{ name: 'API', url: 'https://api.example.gov.tw/typhoon', format: 'API', api_spec_url: 'https://api.example.gov.tw/openapi.json' }, { url: 'https://example.gov.tw/typhoon.pdf' }],
      }),
      { actor: t.moenv },
    );
    await call(packageCreate, datasetInput({ title: '無資源資料集', resources: [], contact_email: null, contact_phone: '02-1234-5678', license_id: 'cc0-1.0' }), { actor: t.moda });

    const ttl = await t.app.inject({ method: 'GET', url: '/catalog.ttl' });
    assert.equal(ttl.statusCode, 200);
    assert.match(ttl.headers['content-type'] as string, /text\/turtle/);
    const catalog = parseTurtle(ttl.body);
    assert.equal(catalog.getQuads(null, N3.DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), N3.DataFactory.namedNode('http://www.w3.org/ns/dcat#Dataset'), null).length, 3);
    assert.deepEqual(await validate(catalog), []);

    const jsonld = await t.app.inject({ method: 'GET', url: '/catalog.jsonld' });
    assert.match(jsonld.headers['content-type'] as string, /application\/ld\+json/);
    const fromJson = jsonldToStore(jsonld.json());
    assert.equal(fromJson.size, catalog.size);
    assert.deepEqual(await validate(fromJson), []);

    // Content negotiation and paging.
    const negotiated = await t.app.inject({ method: 'GET', url: '/catalog?page=2&per_page=2', headers: { accept: 'text/turtle' } });
    assert.match(negotiated.headers['content-type'] as string, /text\/turtle/);
    const page2 = parseTurtle(negotiated.body);
    assert.equal(page2.getQuads(null, N3.DataFactory.namedNode('http://www.w3.org/ns/dcat#dataset'), null, null).length, 1);
    assert.match(negotiated.body, /hydra:totalItems 3|hydra:totalItems "3"/);
    assert.match(negotiated.body, /hydra:previous/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/catalog' })).statusCode, 303);
    assert.equal((await t.app.inject({ method: 'GET', url: '/catalog.ttl?page=0' })).statusCode, 400);

    const one = await t.app.inject({ method: 'GET', url: `/dataset/${air.id}.ttl` });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(await validate(parseTurtle(one.body)), []);
    assert.match(one.body, /spdx:checksumValue "[0-9a-f]{40}"\^\^xsd:hexBinary/);
    const oneJson = await t.app.inject({ method: 'GET', url: `/dataset/${air.name}`, headers: { accept: 'application/ld+json' } });
    assert.deepEqual(await validate(jsonldToStore(oneJson.json())), []);
    const html = await t.app.inject({ method: 'GET', url: `/dataset/${air.id}`, headers: { accept: 'text/html' } });
    assert.equal(html.statusCode, 303);
    assert.equal(html.headers.location, `/datasets/${air.name}`);
  } finally {
    await t.close();
  }
});
