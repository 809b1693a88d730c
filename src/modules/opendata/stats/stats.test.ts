import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { packageCreate } from '../catalog/actions/package_create.js';
import { packageUnpublish } from '../catalog/actions/package_unpublish.js';
import { monthlyGrowth } from './stats.js';
import { catalogStatsShow } from './actions/catalog_stats_show.js';
import { flushUsage, usage } from './usage.js';
import { datasetInput, opendataApp } from '../test/fixtures.js';

test('monthly growth: Asia/Taipei months, no gaps, cumulative totals', () => {
  assert.deepEqual(monthlyGrowth(['2026-01-31T17:00:00.000Z', '2026-01-10T00:00:00.000Z', '2026-04-02T00:00:00.000Z']), [
    { month: '2026-01', added: 1, total: 1 },
    { month: '2026-02', added: 1, total: 2 },
    { month: '2026-03', added: 0, total: 2 },
    { month: '2026-04', added: 1, total: 3 },
  ]);
  assert.deepEqual(monthlyGrowth([]), []);
  assert.equal(monthlyGrowth(['2025-12-15T00:00:00Z', '2026-01-15T00:00:00Z']).length, 2);
});

test('statistics: figures per agency, category, format, month and downloads; page with charts and tables; CSV and JSON', async () => {
  const t = await opendataApp();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    t.clock.set('2026-01-10T02:00:00.000Z');
    const air = await call(packageCreate, datasetInput({ resources: [{ url: 'https://x.gov.tw/a.csv', format: 'csv' }, { url: 'https://x.gov.tw/a.json', format: 'json' }] }), { actor: t.moda });
    const bus = await call(packageCreate, datasetInput({ title: '公車路線', category: 'transport', resources: [{ url: 'https://x.gov.tw/b.csv', format: 'csv' }] }), { actor: t.moda });
    t.clock.set('2026-03-05T02:00:00.000Z');
    const water = await call(packageCreate, datasetInput({ title: '河川水質', category: 'safety', resources: [{ url: 'https://x.gov.tw/w.xml', format: 'xml' }] }), { actor: t.moenv });
    const hidden = await call(packageCreate, datasetInput({ title: '下架資料', resources: [{ url: 'https://x.gov.tw/h.csv', format: 'csv' }] }), { actor: t.moenv });
    await call(packageUnpublish, { id: hidden.id, reason: '資料錯誤' }, { actor: t.moenv });
    for (let i = 0; i < 5; i++) usage(t.deps.services).record('download', bus.id, bus.resources[0]!.id, 'Mozilla/5.0');
    for (let i = 0; i < 2; i++) usage(t.deps.services).record('download', water.id, water.resources[0]!.id, 'Mozilla/5.0');
    usage(t.deps.services).record('download', water.id, water.resources[0]!.id, 'Googlebot/2.1');
    usage(t.deps.services).record('view', air.id, null, 'Mozilla/5.0');
    usage(t.deps.services).record('download', hidden.id, hidden.resources[0]!.id, 'Mozilla/5.0');
    await flushUsage(t.deps.services);

    const s = await call(catalogStatsShow, {}, { actor: null });
    assert.deepEqual(s.totals, { datasets: 3, resources: 4, views: 1, downloads: 7 });
    assert.deepEqual(s.byAgency.map((a) => [a.code, a.count]), [['moda', 2], ['moenv', 1]]);
    assert.deepEqual(s.byCategory.map((c) => [c.code, c.nameZh, c.count]), [['safety', '生活安全及品質', 2], ['transport', '交通及通訊', 1]]);
    assert.deepEqual(s.byFormat.map((f) => [f.format, f.count]), [['CSV', 2], ['JSON', 1], ['XML', 1]]);
    assert.deepEqual(s.growth, [
      { month: '2026-01', added: 2, total: 2 },
      { month: '2026-02', added: 0, total: 2 },
      { month: '2026-03', added: 1, total: 3 },
    ]);
    assert.deepEqual(s.topDownloads.map((d) => [d.name, d.downloads]), [[bus.name, 5], [water.name, 2]]);

    const moda = await call(catalogStatsShow, { agency: 'moda' }, { actor: null });
    assert.equal(moda.agency?.code, 'moda');
    assert.deepEqual(moda.totals, { datasets: 2, resources: 3, views: 1, downloads: 5 });
    assert.deepEqual(moda.byFormat.map((f) => [f.format, f.count]), [['CSV', 2], ['JSON', 1]]);

    const page = await t.app.inject({ method: 'GET', url: '/datasets/stats' });
    assert.equal(page.statusCode, 200);
    assert.equal((page.body.match(/<svg/g) ?? []).length, 5, 'five charts');
    assert.match(page.body, /role="img"/);
    assert.equal((page.body.match(/<table/g) ?? []).length, 5, 'each chart has a table');
    assert.match(page.body, /data-stat="downloads">7</);
    assert.match(page.body, /href="\/datasets\/stats.csv"/);
    const agencyPage = await t.app.inject({ method: 'GET', url: '/datasets/stats?agency=moda' });
    assert.equal(agencyPage.statusCode, 200);
    assert.match(agencyPage.body, /data-stat="datasets">2</);
    assert.match(agencyPage.body, /href="\/datasets\/stats.json\?agency=moda"/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/datasets/stats?agency=nope' })).statusCode, 404);

    const json = await t.app.inject({ method: 'GET', url: '/datasets/stats.json?agency=moda' });
    assert.equal(json.statusCode, 200);
    assert.deepEqual((json.json() as { totals: unknown }).totals, moda.totals);
    const csv = await t.app.inject({ method: 'GET', url: '/datasets/stats.csv' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    assert.deepEqual(rows[0], ['section', 'code', 'label_zh', 'label_en', 'count', 'cumulative']);
    assert.deepEqual(rows.find((r) => r[0] === 'agency' && r[1] === 'moda')?.[4], '2');
    assert.deepEqual(rows.find((r) => r[0] === 'month' && r[1] === '2026-03')?.slice(4), ['1', '3']);
  } finally {
    await t.close();
  }
});
