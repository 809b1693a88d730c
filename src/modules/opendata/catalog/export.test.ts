import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { packageCreate } from './actions/package_create.js';
import { csvColumns } from './export.js';
import { datasetInput, opendataApp } from '../test/fixtures.js';

test('catalog export: CSV in data.gov.tw column order with a BOM, one row per resource; JSON of every public dataset', async () => {
  const t = await opendataApp();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const air = await call(packageCreate, datasetInput({ resources: [{ url: 'https://data.example.gov.tw/aqi.csv' }, { url: 'https://data.example.gov.tw/aqi.json', encoding: 'big5' }] }), { actor: t.moda });
    await call(packageCreate, datasetInput({ title: '草稿', private: true }), { actor: t.moda });
    const res = await t.app.inject({ method: 'GET', url: '/catalog/export.csv' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
    const rows = parse(res.body.replace(/^\uFEFF/, '')) as string[][];
    assert.deepEqual(rows[0]!.slice(0, 8), ['資料集識別碼', '資料集名稱', '資料提供屬性', '服務分類', '品質檢測', '檔案格式', '資料下載網址', '編碼格式']);
    assert.deepEqual(rows[0], [...csvColumns]);
    assert.equal(rows.length, 3, 'one row per resource of the public dataset only');
    assert.deepEqual(rows[1]!.slice(0, 8), [air.identifier, '空氣品質監測資料', '開放資料', '生活安全及品質', '未達標章', 'CSV', 'https://data.example.gov.tw/aqi.csv', 'UTF-8']);
    assert.equal(rows[2]![7], 'BIG5');
    assert.equal(rows[1]![10], 'sitename｜string｜測站名稱｜；pm25｜number｜細懸浮微粒濃度｜μg/m3');

    const json = await t.app.inject({ method: 'GET', url: '/catalog/export.json' });
    const list = json.json() as Array<{ name: string; resources: unknown[] }>;
    assert.equal(list.length, 1);
    assert.equal(list[0]!.resources.length, 2);
  } finally {
    await t.close();
  }
});
