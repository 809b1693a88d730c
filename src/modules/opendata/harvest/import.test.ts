import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { admin } from '../../../../test/helpers.js';
import { packageCreate } from '../catalog/actions/package_create.js';
import { packageShow } from '../catalog/actions/package_show.js';
import { importCkan, importCsv, importDcat } from './import-sources.js';
import { csvColumns } from '../catalog/export.js';
import type { Dataset } from '../queries.js';
import { datasetInput, opendataApp, opendataPlatform } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

type T = Awaited<ReturnType<typeof opendataApp>>;

async function seedSource(t: T) {
  const call = t.deps.registry.call.bind(t.deps.registry);
  const air = await call(
    packageCreate,
    datasetInput({
      resources: [
        { name: '監測資料 CSV', url: 'https://data.example.gov.tw/aqi.csv', format: 'csv' },
        { name: '監測資料 JSON', url: 'https://data.example.gov.tw/aqi.json', format: 'json', encoding: 'big5' },
      ],
      issued: '2024-03-01',
      temporal_start: '2024-01-01',
      spatial: '臺灣',
      license_id: 'cc-by-4.0',
    }),
    { actor: t.moda },
  );
  const bus = await call(
    packageCreate,
    datasetInput({ title: '公車即時動態', notes: '公車到站時間與位置。', category: 'transport', tags: ['公車'], update_frequency: 'realtime', charge: 'paid', fee: '每次 1 元', resources: [{ url: 'https://data.example.gov.tw/bus.json', format: 'json' }] }),
    { actor: t.moenv },
  );
  const empty = await call(packageCreate, datasetInput({ title: '無資源資料集', resources: [] }), { actor: t.moda });
  return [air, bus, empty];
}

const comparable = (d: Dataset) => ({
  identifier: d.identifier,
  name: d.name,
  title: d.title,
  notes: d.notes,
  agency: d.agency.code,
  category: d.category.code,
  tags: d.tags,
  fields: d.fields,
  provision_type: d.provision_type,
  update_frequency: d.update_frequency,
  license_id: d.license_id,
  charge: d.charge,
  fee: d.fee,
  issued: d.issued,
  temporal_start: d.temporal_start,
  spatial: d.spatial,
  resources: d.resources.map((r) => ({ name: r.name, url: r.url, format: r.format, encoding: r.encoding })),
});

test('CSV import: export → import into an empty platform gives the same datasets; re-import updates, never duplicates', async () => {
  const source = await opendataApp();
  const target = await opendataPlatform();
  try {
    const originals = await seedSource(source);
    const csv = (await source.app.inject({ method: 'GET', url: '/catalog/export.csv' })).body;
    const first = await importCsv(target.deps, csv, { actor: admin });
    assert.equal(first.error, undefined);
    assert.deepEqual([first.created, first.updated, first.failed], [3, 0, 0], JSON.stringify(first.rows));
    for (const original of originals) {
      const copy = await target.deps.registry.call(packageShow, { id: original.identifier }, { actor: null });
      assert.deepEqual(comparable(copy), comparable(original));
    }
    const second = await importCsv(target.deps, csv, { actor: admin });
    assert.deepEqual([second.created, second.updated, second.failed], [0, 3, 0]);
    const count = await allTables(opendataDb(target.deps.services.db)).selectFrom('od_datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 3);
    const resources = await allTables(opendataDb(target.deps.services.db)).selectFrom('od_resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(resources.n), 3, 'resources kept, not recreated');
  } finally {
    await source.close();
    await target.close();
  }
});

test('CSV import: bad rows are reported with their line numbers, good rows import, unknown columns become extras', async () => {
  const t = await opendataPlatform();
  try {
    const header = [...csvColumns, '自訂欄位'];
    const row = (values: Partial<Record<string, string>>) => header.map((h) => values[h] ?? '');
    const good = { 資料集識別碼: '900001', 資料集名稱: '好資料', 資料提供屬性: '開放資料', 服務分類: '交通及通訊', 檔案格式: 'CSV', 資料下載網址: 'https://example.gov.tw/a.csv', 資料集描述: '描述', 提供機關聯絡人姓名: '王', 更新頻率: '每日', 自訂欄位: '保留我' };
    const lines = [
      header,
      row(good),
      row({ ...good, 資料集識別碼: '900002', 服務分類: '不存在的分類' }),
      row({ ...good, 資料集識別碼: '', 資料集名稱: '沒有識別碼' }),
      row({ ...good, 資料集識別碼: '900003', 更新頻率: '每十年', 資料下載網址: 'javascript:alert(1)' }),
      row({ ...good, 資料集識別碼: '900004', 資料集名稱: '第二個好資料', 上架日期: 'not-a-date' }),
      row({ ...good, 資料集識別碼: '900005', 資料集名稱: '多列資料', 資料下載網址: 'https://example.gov.tw/b.csv' }),
      row({ ...good, 資料集識別碼: '900005', 資料集名稱: '多列資料', 檔案格式: 'JSON', 資料下載網址: 'https://example.gov.tw/b.json' }),
    ];
    const csv = '\uFEFF' + lines.map((l) => l.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
    const report = await importCsv(t.deps, csv, { actor: admin, agency: 'moda' });
    assert.equal(report.error, undefined);
    assert.deepEqual([report.created, report.updated, report.failed], [2, 0, 4], JSON.stringify(report.rows, null, 1));
    const byKey = new Map(report.rows.map((r) => [r.key, r]));
    assert.deepEqual(byKey.get('900001')!.outcome, 'created');
    assert.deepEqual(byKey.get('900005')!.lines, [7, 8]);
    assert.equal(byKey.get('900005')!.outcome, 'created');
    assert.match(byKey.get('900002')!.reasons.join(), /第 3 列.*服務分類/);
    assert.match(byKey.get('')!.reasons.join(), /第 4 列.*資料集識別碼/);
    assert.match(byKey.get('900003')!.reasons.join(), /第 5 列.*更新頻率/);
    assert.match(byKey.get('900003')!.reasons.join(), /第 5 列.*javascript/);
    assert.equal(byKey.get('900004')!.outcome, 'failed');
    assert.match(byKey.get('900004')!.reasons.join(), /issued/);
    const kept = await t.deps.registry.call(packageShow, { id: '900001' }, { actor: null });
    assert.deepEqual(kept.extras, { 自訂欄位: '保留我' });
    assert.equal(kept.agency.code, 'moda');
    const multi = await t.deps.registry.call(packageShow, { id: '900005' }, { actor: null });
    assert.deepEqual(multi.resources.map((r) => r.format), ['CSV', 'JSON']);
    const none = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select('identifier').where('identifier', 'in', ['900002', '900003', '900004']).execute();
    assert.deepEqual(none, []);

    const broken = await importCsv(t.deps, '資料集識別碼,資料集名稱\r\n"1,x\r\n', { actor: admin, agency: 'moda' });
    assert.ok(broken.error);
    const forbidden = await importCsv(t.deps, csv, { actor: t.moda, agency: 'moda' });
    assert.ok(forbidden.error, 'agency staff (not admins) may not bulk import');
  } finally {
    await t.close();
  }
});

test('CKAN and DCAT imports from a running portal (loopback opt-in), idempotent; refused without the opt-in', async () => {
  const source = await opendataApp();
  const target = await opendataPlatform();
  try {
    const originals = await seedSource(source);
    await source.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(source.app.server.address() as AddressInfo).port}`;
    const fetch = { allowLoopback: true };

    const refused = await importCkan(target.deps, base, { actor: admin, agency: 'moenv' });
    assert.match(refused.error ?? '', /內部或保留位址/);
    assert.equal(refused.created, 0);
    const refusedDcat = await importDcat(target.deps, `${base}/catalog.ttl`, { actor: admin, agency: 'moenv' });
    assert.match(refusedDcat.error ?? '', /內部或保留位址/);

    const ckan = await importCkan(target.deps, base, { actor: admin, agency: 'moenv', fetch });
    assert.equal(ckan.error, undefined);
    assert.deepEqual([ckan.created, ckan.updated, ckan.failed], [3, 0, 0], JSON.stringify(ckan.rows));
    const again = await importCkan(target.deps, `${base}/api/3/action`, { actor: admin, agency: 'moenv', fetch });
    assert.deepEqual([again.created, again.updated, again.failed], [0, 3, 0]);
    const air = await target.deps.registry.call(packageShow, { id: originals[0]!.identifier }, { actor: null });
    assert.equal(air.title, originals[0]!.title);
    assert.equal(air.agency.code, 'moenv');
    assert.deepEqual(air.tags, originals[0]!.tags);
    assert.deepEqual(air.fields, originals[0]!.fields);
    assert.equal(air.license_id, 'cc-by-4.0');
    assert.deepEqual(air.resources.map((r) => r.url), originals[0]!.resources.map((r) => r.url));

    for (const path of ['/catalog.ttl', '/catalog.jsonld']) {
      const other = await opendataPlatform();
      try {
        const dcat = await importDcat(other.deps, `${base}${path}`, { actor: admin, agency: 'moda', fetch });
        assert.equal(dcat.error, undefined, path);
        assert.deepEqual([dcat.created, dcat.updated, dcat.failed], [3, 0, 0], `${path} ${JSON.stringify(dcat.rows)}`);
        const twice = await importDcat(other.deps, `${base}${path}`, { actor: admin, agency: 'moda', fetch });
        assert.deepEqual([twice.created, twice.updated, twice.failed], [0, 3, 0], path);
        const bus = await other.deps.registry.call(packageShow, { id: originals[1]!.identifier }, { actor: null });
        assert.equal(bus.title, '公車即時動態');
        assert.equal(bus.category.code, 'transport');
        assert.equal(bus.update_frequency, 'realtime');
        assert.equal(bus.charge, 'paid');
        assert.deepEqual(bus.resources.map((r) => [r.url, r.format]), [['https://data.example.gov.tw/bus.json', 'JSON']]);
        const airCopy = await other.deps.registry.call(packageShow, { id: originals[0]!.identifier }, { actor: null });
        assert.equal(airCopy.license_id, 'cc-by-4.0');
        assert.equal(airCopy.issued, '2024-03-01');
        assert.equal(airCopy.contact_email, 'open@example.gov.tw');
      } finally {
        await other.close();
      }
    }
  } finally {
    await source.close();
    await target.close();
  }
});

test('import page: agency admins upload a CSV and see the report; remote URLs to loopback are refused; others may not import', async () => {
  const { signedIn, submitMultipart } = await import('../test/staff-support.js');
  const t = await opendataApp();
  try {
    const anonymous = await t.app.inject({ method: 'GET', url: '/datasets/import' });
    assert.notEqual(anonymous.statusCode, 200);
    const staff = await signedIn(t, 'staff@moda.gov.tw', 'agency_staff', 'moda');
    assert.equal((await staff.get('/datasets/import')).statusCode, 403);
    const boss = await signedIn(t, 'boss@moda.gov.tw', 'agency_admin', 'moda');
    const form = await boss.get('/datasets/import');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.doesNotMatch(form.body, /name="agency"/, 'agency admins import into their own agency');

    const header = csvColumns.join(',');
    const csv = `\uFEFF${header}\r\n910001,匯入測試,開放資料,交通及通訊,,CSV,https://example.gov.tw/x.csv,UTF-8,,說明,,,王,,,每日\r\n910002,壞資料,開放資料,沒有這個分類,,CSV,https://example.gov.tw/y.csv,UTF-8,,說明,,,王,,,每日\r\n`;
    const res = await submitMultipart(boss, '/datasets/import', '/datasets/import/csv', { file: { filename: 'catalog.csv', data: Buffer.from(csv) } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /新增 1 筆、更新 0 筆、失敗 1 筆/);
    assert.match(res.body, /第 3 列/);
    const created = await t.deps.registry.call(packageShow, { id: '910001' }, { actor: null });
    assert.equal(created.agency.code, 'moda');

    const noFile = await submitMultipart(boss, '/datasets/import', '/datasets/import/csv', {});
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /請選擇 CSV 檔案/);

    const remote = await boss.submit('/datasets/import', '/datasets/import/remote', { kind: 'ckan', url: 'http://127.0.0.1:9/' });
    assert.equal(remote.statusCode, 400);
    assert.match(remote.body, /拒絕連線到內部或保留位址/);
    const metadata = await boss.submit('/datasets/import', '/datasets/import/remote', { kind: 'dcat', url: 'http://169.254.169.254/latest/meta-data/' });
    assert.equal(metadata.statusCode, 400);
    assert.match(metadata.body, /拒絕連線到內部或保留位址/);
    const badUrl = await boss.submit('/datasets/import', '/datasets/import/remote', { kind: 'ckan', url: 'file:///etc/passwd' });
    assert.equal(badUrl.statusCode, 400);
    assert.match(badUrl.body, /請輸入 http 或 https 網址/);

    // A platform admin chooses the agency of a remote import: none is chosen for them (the first
    // agency in the list used to be, silently), the two forms' pickers have ids of their own, and
    // no agency code is shown.
    const root = await signedIn(t, 'root@example.gov.tw', 'platform_admin');
    const page = (await root.get('/datasets/import')).body;
    assert.equal(page.match(/id="field-agency"/g)?.length, 1);
    assert.equal(page.match(/id="field-csv-agency"/g)?.length, 1);
    assert.ok(!/<option value="[^"]+" selected[^>]*data-name/.test(page), 'no agency chosen in advance');
    assert.ok(!/\(moda\)|>moda</.test(page.replace(/ value="[^"]*"/g, '')), 'no agency code shown');
    const unchosen = await root.submit('/datasets/import', '/datasets/import/remote', { kind: 'ckan', url: 'https://data.example.gov.tw/' });
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /href="#field-agency"/);
  } finally {
    await t.close();
  }
});

test('CSV import: data.gov.tw phrasing — frequency phrases, slashed dates, several resources joined with ";" in one row', async () => {
  const t = await opendataPlatform();
  try {
    const header = ['資料集識別碼', '資料集名稱', '資料提供屬性', '服務分類', '品質檢測', '檔案格式', '資料下載網址', '編碼格式', '資料集描述', '提供機關', '提供機關聯絡人姓名', '更新頻率', '授權方式', '計費方式', '上架日期'];
    const row = ['6564', '空氣品質指標(AQI)', '原始資料', '生活安全及品質', '金標章', 'CSV;JSON', 'https://data.moenv.gov.tw/api/v2/aqx_p_432?format=CSV;https://data.moenv.gov.tw/api/v2/aqx_p_432?format=JSON', 'UTF-8;UTF-8', '空氣品質指標', '環境部', '王先生', '每1時', '政府資料開放授權條款-第1版', '免費', '2016/4/13 10:27:33'];
    const csv = [header, row].map((l) => l.map((c) => `"${c}"`).join(',')).join('\n');
    const report = await importCsv(t.deps, csv, { actor: admin });
    assert.deepEqual([report.created, report.failed], [0, 1], 'unknown 資料提供屬性 wording still fails, with its line');
    assert.match(report.rows[0]!.reasons.join(), /第 2 列.*資料提供屬性/);
    row[2] = '開放資料';
    const fixed = [header, row].map((l) => l.map((c) => `"${c}"`).join(',')).join('\n');
    const ok = await importCsv(t.deps, fixed, { actor: admin });
    assert.deepEqual([ok.created, ok.failed], [1, 0], JSON.stringify(ok.rows));
    const d = await t.deps.registry.call(packageShow, { id: '6564' }, { actor: null });
    assert.equal(d.update_frequency, 'hourly');
    assert.equal(d.issued, '2016-04-13');
    assert.equal(d.agency.code, 'moenv');
    assert.deepEqual(d.resources.map((r) => r.format), ['CSV', 'JSON']);
  } finally {
    await t.close();
  }
});
