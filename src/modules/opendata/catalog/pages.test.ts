import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageCreate } from './actions/package_create.js';
import { resourceCreate } from './actions/resource_create.js';
import { stageUpload } from '../storage.js';
import { flushUsage } from '../stats/usage.js';
import { datasetInput, opendataApp } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };

test('search page: Chinese query, facets, sorting and paging in shareable URLs; dataset page with preview and history; downloads counted', async () => {
  const t = await opendataApp();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const air = await call(packageCreate, datasetInput({ name: 'air-quality' }), { actor: t.moda });
    const stored = await stageUpload(t.config, Buffer.from('sitename,pm25\n中山,12\n松山,9\n'), 'aqi.csv');
    const { resource } = await call(resourceCreate, { package_id: air.id, name: '監測值', upload: { key: stored.key, size: stored.size, checksum: stored.checksum, sha1: stored.sha1, mediaType: stored.mediaType, filename: stored.filename } }, { actor: t.moda });
    await call(packageCreate, datasetInput({ name: 'bus-stops', title: '公車站牌位置', notes: '公車站牌經緯度', category: 'transport', tags: ['公車'], resources: [{ url: 'https://data.example.gov.tw/bus.json' }] }), { actor: t.moenv });

    const page = await t.app.inject({ method: 'GET', url: '/datasets?q=%E5%85%AC%E8%BB%8A' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /公車站牌位置/);
    assert.doesNotMatch(page.body, /空氣品質監測資料<\/a>/);
    assert.match(page.body, /共 1 筆資料集/);

    const all = await t.app.inject({ method: 'GET', url: '/datasets' });
    assert.match(all.body, /共 2 筆資料集/);
    assert.match(all.body, /提供機關/);
    assert.match(all.body, /href="\/datasets\?organization=moenv"/, 'facet links carry the state in the URL');
    for (const href of ['/datasets/stats', '/developers/ckan', '/catalog/export.csv', '/catalog/export.json', '/catalog.ttl']) {
      assert.ok(all.body.includes(`href="${href}"`), `the search page links to ${href}`);
      assert.equal((await t.app.inject({ method: 'GET', url: href })).statusCode, 200, href);
    }

    const filtered = await t.app.inject({ method: 'GET', url: '/datasets?organization=moenv&sort=name' });
    assert.match(filtered.body, /共 1 筆資料集/);
    assert.match(filtered.body, /✓ 環境部/);
    const english = await t.app.inject({ method: 'GET', url: '/datasets?lang=en&res_format=CSV' });
    assert.match(english.body, /1 datasets/);

    const bad = await t.app.inject({ method: 'GET', url: '/datasets?q=tags%3A%22open' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /查詢語法有誤/);

    await call(packageCreate, datasetInput({ name: 'air-quality-daily', title: '空氣品質日平均值', tags: ['空氣品質'] }), { actor: t.moenv });
    const detail = await t.app.inject({ method: 'GET', url: '/datasets/air-quality', headers: browser });
    assert.equal(detail.statusCode, 200);
    const related = /<section aria-labelledby="related-heading">[\s\S]*?<\/section>/.exec(detail.body)?.[0] ?? '';
    assert.match(related, /相關資料集/);
    assert.match(related, /空氣品質日平均值/, 'a dataset with the same category and keyword is related');
    assert.doesNotMatch(related, /公車站牌位置|空氣品質監測資料/, 'neither an unrelated dataset nor the dataset itself');
    assert.match(detail.body, /<h1[^>]*>空氣品質監測資料<\/h1>/);
    assert.match(detail.body, /監測值 的前幾筆資料/);
    assert.match(detail.body, /<td>中山<\/td>/);
    assert.match(detail.body, /異動紀錄/);
    assert.match(detail.body, /新增資料資源/);
    assert.match(detail.body, /資料集識別碼/);
    assert.equal((await t.app.inject({ method: 'GET', url: `/datasets/${air.identifier}` })).statusCode, 301);
    assert.equal((await t.app.inject({ method: 'GET', url: '/datasets/no-such' })).statusCode, 404);

    const file = await t.app.inject({ method: 'GET', url: `/dataset/${air.id}/resource/${resource.id}/download/aqi.csv`, headers: browser });
    assert.equal(file.statusCode, 200);
    assert.equal(file.body, 'sitename,pm25\n中山,12\n松山,9\n');
    assert.match(file.headers['content-type'] as string, /text\/csv/);
    const link = await t.app.inject({ method: 'GET', url: `/dataset/${air.id}/resource/${air.resources[0]!.id}/download`, headers: browser });
    assert.equal(link.statusCode, 302);
    assert.equal(link.headers.location, 'https://data.example.gov.tw/aqi.csv');
    await t.app.inject({ method: 'GET', url: `/dataset/${air.id}/resource/${resource.id}/download/aqi.csv`, headers: { 'user-agent': 'Googlebot/2.1' } });
    await flushUsage(t.deps.services);
    const counted = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select(['views', 'downloads']).where('id', '=', air.id).executeTakeFirstOrThrow();
    assert.deepEqual({ views: Number(counted.views), downloads: Number(counted.downloads) }, { views: 1, downloads: 2 }, 'bots are not counted');
    const daily = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_usage_daily').selectAll().where('dataset_id', '=', air.id).execute();
    assert.equal(daily.reduce((n, r) => n + Number(r.downloads), 0), 2);

    const mostDownloaded = await t.app.inject({ method: 'GET', url: '/datasets?sort=downloads' });
    assert.ok(mostDownloaded.body.indexOf('空氣品質監測資料') < mostDownloaded.body.indexOf('公車站牌位置'));

    const docs = await t.app.inject({ method: 'GET', url: '/developers/ckan' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /package_search/);
    assert.match(docs.body, /facet\.field/);
  } finally {
    await t.close();
  }
});
