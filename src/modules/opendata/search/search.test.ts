import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../core/errors.js';
import { packageCreate } from '../catalog/actions/package_create.js';
import { packageUnpublish } from '../catalog/actions/package_unpublish.js';
import { packageUpdate } from '../catalog/actions/package_update.js';
import { packageSearch } from './actions/package_search.js';
import { datasetInput, opendataPlatform } from '../test/fixtures.js';

test('Chinese full-text search with facets, filters, sorting and paging', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const air = await call(packageCreate, datasetInput(), { actor: t.moda });
    t.clock.advance(60_000);
    const bus = await call(
      packageCreate,
      datasetInput({
        title: '臺北市公車站牌位置',
        notes: '本市公車站牌之經緯度座標與路線資料。',
        category: 'transport',
        update_frequency: 'monthly',
        tags: ['公車', '大眾運輸'],
        fields: [{ name: 'stop_name', type: 'string', meaning: '站牌名稱' }],
        resources: [{ url: 'https://data.example.gov.tw/bus.json' }, { url: 'https://data.example.gov.tw/bus.csv' }],
      }),
      { actor: t.moenv },
    );
    t.clock.advance(60_000);
    const en = await call(
      packageCreate,
      datasetInput({ title: 'Typhoon warnings 2024', notes: 'Warnings issued by the Central Weather Administration, COVID-19 era included.', tags: ['typhoon'], language: 'en', license_id: 'cc-by-4.0', resources: [], fields: [{ name: 'level', meaning: 'Warning level' }] }),
      { actor: t.moenv },
    );

    const search = (input: Record<string, unknown>) => call(packageSearch, input, { actor: null });
    const names = (r: { results: Array<{ id: string }> }) => r.results.map((d) => d.id);

    assert.deepEqual(names(await search({ q: '空氣品質' })), [air.id]);
    assert.deepEqual(names(await search({ q: '公車' })), [bus.id]);
    assert.deepEqual(names(await search({ q: '台北市' })), [bus.id], '台 and 臺 find each other');
    assert.deepEqual(names(await search({ q: '站牌名稱' })), [bus.id], 'field descriptions are searched');
    assert.deepEqual(names(await search({ q: 'pm25' })), [air.id], 'Latin words and numbers work');
    assert.deepEqual(names(await search({ q: 'typhoon' })), [en.id]);
    assert.deepEqual(names(await search({ q: 'covid' })), [en.id]);
    assert.deepEqual(names(await search({ q: '數位發展部' })), [air.id], 'the agency name is searched');
    assert.equal((await search({ q: '不存在的詞彙' })).count, 0);

    const all = await search({ 'facet.field': ['organization', 'res_format', 'groups', 'license_id', 'provision_type', 'update_frequency', 'quality_mark', 'tags'] });
    assert.equal(all.count, 3);
    assert.deepEqual(names(all), [en.id, bus.id, air.id], 'no query: most recently modified first');
    assert.deepEqual(all.facets.organization, [
      { name: 'moenv', display_name: '環境部', count: 2 },
      { name: 'moda', display_name: '數位發展部', count: 1 },
    ]);
    assert.deepEqual(
      all.facets.res_format!.map((f) => [f.name, f.count]),
      [
        ['CSV', 2],
        ['JSON', 1],
      ],
    );
    assert.equal(all.facets.license_id!.find((f) => f.name === 'cc-by-4.0')!.display_name, '創用CC 姓名標示 4.0');
    assert.equal(all.facets.update_frequency!.find((f) => f.name === 'monthly')!.display_name, '每月');

    assert.deepEqual(names(await search({ fq: 'organization:moenv' })), [en.id, bus.id]);
    assert.deepEqual(names(await search({ fq: 'organization:moenv AND res_format:CSV' })), [bus.id]);
    assert.deepEqual(names(await search({ fq: 'organization:moenv -res_format:CSV' })), [en.id]);
    assert.deepEqual(names(await search({ fq: 'groups:transport OR license_id:cc-by-4.0', sort: 'name asc' })).sort(), [bus.id, en.id].sort());
    assert.deepEqual(names(await search({ fq: 'tags:"大眾運輸"' })), [bus.id]);
    assert.deepEqual(names(await search({ q: 'tags:公車' })), [bus.id]);
    assert.deepEqual(names(await search({ q: 'title:颱風 OR title:typhoon' })), [en.id]);
    assert.deepEqual(names(await search({ fq: `metadata_modified:[${bus.modified_at} TO *]`, sort: 'metadata_modified asc' })), [bus.id, en.id]);

    const byName = [air, bus, en].sort((a, b) => (a.name < b.name ? -1 : 1)).map((d) => d.id);
    assert.deepEqual(names(await search({ sort: 'name asc' })), byName);
    assert.deepEqual(names(await search({ sort: 'name desc' })), [...byName].reverse());
    const page = await search({ rows: 1, start: 1, sort: 'metadata_created asc' });
    assert.equal(page.count, 3);
    assert.deepEqual(names(page), [bus.id]);

    for (const bad of [{ fq: 'organization:(moda' }, { q: 'tags:' }, { fq: 'nosuchfield:1' }, { sort: 'bogus desc' }, { 'facet.field': ['nope'] }]) {
      await assert.rejects(search(bad), (e: unknown) => e instanceof AppError && e.code === 'INVALID', JSON.stringify(bad));
    }

    // Changes show up at once: unpublished datasets leave public results, but staff see them with include_private.
    await call(packageUnpublish, { id: bus.id, reason: '更新中' }, { actor: t.moenv });
    assert.equal((await search({ q: '公車' })).count, 0);
    assert.equal((await call(packageSearch, { q: '公車', include_private: true }, { actor: t.moenv })).count, 1);
    assert.equal((await call(packageSearch, { q: '公車', include_private: true }, { actor: t.moda })).count, 0);
    await call(packageUpdate, { ...datasetInput({ title: '空氣品質與氣象' }), id: air.id }, { actor: t.moda });
    assert.equal((await search({ q: '氣象' })).results[0]!.title, '空氣品質與氣象');
  } finally {
    await t.close();
  }
});
