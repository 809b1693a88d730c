import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { packageCreate } from '../catalog/actions/package_create.js';
import { packageShow } from '../catalog/actions/package_show.js';
import { searchCatalog } from '../search/search.js';
import { RECHECK_AFTER_MS, runQualityChecks } from './quality-check.js';
import { datasetInput, opendataPlatform } from '../test/fixtures.js';

const goodCsv = '\ufeffsitename,pm25\n士林,12\n中山,15\n';

/** A portal's file server: a good CSV, a JSON file labelled CSV, a 404, and a counter of fetches. */
async function fileServer() {
  const hits = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/aqi.csv') return response.writeHead(200, { 'content-type': 'text/csv' }).end(goodCsv);
    if (path === '/mislabelled.csv') return response.writeHead(200, { 'content-type': 'application/json' }).end('[{"sitename":"士林","pm25":12}]');
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('the scheduled check fetches linked resources, marks each dataset, and says what failed', async () => {
  const t = await opendataPlatform();
  const files = await fileServer();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const linked = (name: string, url: string) => call(packageCreate, datasetInput({ resources: [{ name, url, format: 'csv' }] }), { actor: t.moda });
    const good = await linked('監測資料', `${files.base}/aqi.csv`);
    const broken = await linked('失效連結', `${files.base}/gone.csv`);
    const mislabelled = await linked('格式不符', `${files.base}/mislabelled.csv`);
    // Before any fetch a link is not known to work: no mark yet.
    assert.equal(good.quality_mark, 'none');

    const first = await runQualityChecks(t.deps, { fetch: { allowLoopback: true } });
    assert.deepEqual(first, { datasets: 3, resources: 3, unreachable: 1, marksChanged: 2 });
    const show = (id: string) => call(packageShow, { id }, { actor: null });
    const goodNow = await show(good.id);
    assert.equal(goodNow.quality_mark, 'gold', JSON.stringify(goodNow.quality_report));
    const brokenNow = await show(broken.id);
    assert.equal(brokenNow.quality_mark, 'none');
    const failed = brokenNow.quality_report!.filter((c) => !c.ok).map((c) => c.name);
    assert.ok(failed.includes('reachable'), JSON.stringify(failed));
    assert.ok(brokenNow.quality_report!.every((c) => c.ok || c.hint), 'every failed check says how to fix it');
    const mislabelledNow = await show(mislabelled.id);
    assert.equal(mislabelledNow.quality_mark, 'bronze', 'reachable but the declared format is not the real one');
    assert.ok(mislabelledNow.quality_report!.some((c) => c.name === 'format_matches' && !c.ok));

    // Search sees the new marks at once (the change sequence moved).
    const gold = await searchCatalog(t.deps.services, { q: undefined, fq: 'quality_mark:gold', sort: undefined, rows: 10, start: 0, facetFields: ['quality_mark'], facetLimit: 10, facetMinCount: 1, includePrivate: false, actor: null });
    assert.deepEqual(gold.ids, [good.id]);

    // Nothing is due again until a day has passed; then every dataset is fetched once more.
    assert.equal((await runQualityChecks(t.deps, { fetch: { allowLoopback: true } })).datasets, 0);
    t.clock.advance(RECHECK_AFTER_MS + 1000);
    assert.equal(files.hits.get('/aqi.csv'), 1);
    // Two processes running the check at once split the work: each dataset is fetched once.
    const [a, b] = await Promise.all([runQualityChecks(t.deps, { fetch: { allowLoopback: true } }), runQualityChecks(t.deps, { fetch: { allowLoopback: true } })]);
    assert.equal(a.datasets + b.datasets, 3);
    assert.equal(files.hits.get('/aqi.csv'), 2);
  } finally {
    await files.close();
    await t.close();
  }
});

test('links to loopback or private addresses are never fetched by the check', async () => {
  const t = await opendataPlatform();
  const files = await fileServer();
  try {
    const created = await t.deps.registry.call(packageCreate, datasetInput({ resources: [{ name: '內部', url: `${files.base}/aqi.csv`, format: 'csv' }] }), { actor: t.moda });
    const run = await runQualityChecks(t.deps);
    assert.deepEqual(run, { datasets: 1, resources: 1, unreachable: 1, marksChanged: 0 });
    assert.equal(files.hits.size, 0, 'the SSRF guard refused before connecting');
    const shown = await t.deps.registry.call(packageShow, { id: created.id }, { actor: null });
    assert.equal(shown.quality_mark, 'none');
  } finally {
    await files.close();
    await t.close();
  }
});
