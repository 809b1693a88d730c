// Demo catalog for `npm start`: realistic datasets from several agencies (zh-TW, one in English),
// each with small CSV/JSON files stored and served by the platform itself.
import { systemActor } from '../../../core/actor.js';
import { agencyRefByCode } from '../../agencies/published.js';
import type { AppDeps } from '../../../manifest.js';
import { packageCreate } from './actions/package_create.js';
import type { DatasetInput } from '../schemas.js';
import { stageUpload } from '../storage.js';
import { opendataDb } from '../tables.js';

interface DemoFile {
  name: string;
  filename: string;
  content: string;
}

/** A demo dataset: its metadata, in its agency (by code), with the files it is published with. */
type DemoDataset = Omit<DatasetInput, 'resources'> & { owner_org: string; files: DemoFile[] };

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
const csvFile = (name: string, filename: string, rows: string[][]): DemoFile => ({ name, filename, content: csv(rows) });

/** The data dictionary, a row a column: name, type, meaning and, where it has one, unit. */
const fields = (rows: Array<[name: string, type: string, meaning: string, unit?: string]>) => rows.map(([name, type, meaning, unit]) => ({ name, type, meaning, ...(unit ? { unit } : {}) }));

const demo: DemoDataset[] = [
  {
    owner_org: 'moenv',
    name: 'aqi-hourly',
    title: '空氣品質指標(AQI)',
    notes: '全國各空氣品質監測站每小時之空氣品質指標(AQI)及 PM2.5、臭氧等污染物濃度，供民眾查詢生活環境品質。',
    contact_name: '環境部監資司 陳小姐',
    contact_email: 'aqi@moenv.gov.tw',
    contact_phone: '02-2311-7722',
    category: 'safety',
    update_frequency: 'hourly',
    tags: ['空氣品質', 'AQI', 'PM2.5'],
    fields: fields([
      ['sitename', 'string', '測站名稱'],
      ['county', 'string', '縣市'],
      ['aqi', 'integer', '空氣品質指標'],
      ['pm25', 'number', '細懸浮微粒濃度', 'μg/m3'],
      ['publishtime', 'datetime', '資料發布時間'],
    ]),
    spatial: '全國',
    issued: '2016-11-01',
    files: [
      csvFile('空氣品質指標（CSV）', 'aqi.csv', [['sitename', 'county', 'aqi', 'pm25', 'publishtime'], ['中山', '臺北市', '42', '11', '2026-03-02 10:00'], ['板橋', '新北市', '55', '16', '2026-03-02 10:00'], ['臺南', '臺南市', '78', '25', '2026-03-02 10:00']]),
      { name: '空氣品質指標（JSON）', filename: 'aqi.json', content: JSON.stringify([{ sitename: '中山', county: '臺北市', aqi: 42, pm25: 11, publishtime: '2026-03-02 10:00' }, { sitename: '板橋', county: '新北市', aqi: 55, pm25: 16, publishtime: '2026-03-02 10:00' }], null, 1) },
    ],
  },
  {
    owner_org: 'taipei-dot',
    name: 'taipei-bus-stops',
    title: '臺北市公車站牌位置',
    notes: '臺北市公車站牌之名稱、經緯度座標及所屬路線，可用於公車到站資訊與大眾運輸路線規劃。',
    contact_name: '臺北市交通局 林先生',
    contact_email: 'bus@gov.taipei',
    category: 'transport',
    update_frequency: 'monthly',
    tags: ['公車', '站牌', '大眾運輸'],
    fields: fields([
      ['stop_id', 'string', '站牌代碼'],
      ['stop_name', 'string', '站牌名稱'],
      ['lat', 'number', '緯度'],
      ['lon', 'number', '經度'],
    ]),
    spatial: '臺北市',
    files: [csvFile('站牌位置', 'bus-stops.csv', [['stop_id', 'stop_name', 'lat', 'lon'], ['TPE10001', '臺北車站', '25.0478', '121.5170'], ['TPE10002', '市政府', '25.0410', '121.5654'], ['TPE10003', '捷運公館站', '25.0146', '121.5343']])],
  },
  {
    owner_org: 'motc-cwa',
    name: 'rainfall-observations',
    title: '自動雨量站觀測資料',
    notes: '中央氣象署自動雨量站之每小時累積雨量與日累積雨量觀測值。',
    contact_name: '中央氣象署 王先生',
    contact_email: 'opendata@cwa.gov.tw',
    category: 'public-information',
    update_frequency: 'hourly',
    tags: ['雨量', '氣象'],
    fields: fields([
      ['station', 'string', '雨量站'],
      ['rain_1h', 'number', '時雨量', 'mm'],
      ['rain_24h', 'number', '日累積雨量', 'mm'],
    ]),
    files: [csvFile('雨量觀測', 'rain.csv', [['station', 'rain_1h', 'rain_24h'], ['陽明山', '3.5', '42.0'], ['阿里山', '0.0', '12.5']])],
  },
  {
    owner_org: 'mohw-cdc',
    name: 'vaccination-weekly',
    title: '疫苗接種統計（週報）',
    notes: '各類疫苗每週接種劑次與接種率統計。',
    contact_name: '疾管署 張小姐',
    contact_email: 'vaccine@cdc.gov.tw',
    category: 'fertility-health',
    update_frequency: 'weekly',
    tags: ['疫苗', '預防接種'],
    fields: fields([
      ['week', 'string', '週別'],
      ['vaccine', 'string', '疫苗別'],
      ['doses', 'integer', '接種劑次', '劑'],
    ]),
    files: [csvFile('接種統計', 'vaccination.csv', [['week', 'vaccine', 'doses'], ['2026W09', '流感疫苗', '18234'], ['2026W09', '肺炎鏈球菌疫苗', '2210']])],
  },
  {
    owner_org: 'moi',
    name: 'population-by-district',
    title: '各鄉鎮市區人口數',
    notes: '全國各鄉鎮市區之戶數及人口數統計，按月更新。',
    contact_name: '內政部戶政司 李先生',
    contact_email: 'census@moi.gov.tw',
    category: 'public-information',
    update_frequency: 'monthly',
    tags: ['人口', '戶籍'],
    fields: fields([
      ['district', 'string', '區域別'],
      ['households', 'integer', '戶數', '戶'],
      ['population', 'integer', '人口數', '人'],
    ]),
    temporal_start: '2026-01-01',
    temporal_end: '2026-01-31',
    files: [csvFile('人口統計', 'population.csv', [['district', 'households', 'population'], ['臺北市中正區', '65012', '153200'], ['高雄市苓雅區', '77210', '163400']])],
  },
  {
    owner_org: 'moda',
    name: 'public-wifi-hotspots',
    title: '公共場所無線網路熱點',
    notes: '政府機關及公共場所提供之免費無線網路熱點位置。',
    contact_name: '數位發展部 黃小姐',
    contact_email: 'wifi@moda.gov.tw',
    category: 'transport',
    update_frequency: 'quarterly',
    tags: ['Wi-Fi', '無線網路'],
    fields: fields([
      ['name', 'string', '熱點名稱'],
      ['address', 'string', '地址'],
    ]),
    files: [{ name: '熱點清單', filename: 'wifi.json', content: JSON.stringify([{ name: '國家圖書館', address: '臺北市中山南路20號' }, { name: '高雄車站', address: '高雄市三民區建國二路318號' }]) }],
  },
  {
    owner_org: 'motc-cwa',
    name: 'typhoon-warnings',
    title: 'Typhoon warnings',
    notes: 'Sea and land typhoon warnings issued by the Central Weather Administration, with issue times and warning levels.',
    language: 'en',
    contact_name: 'CWA open data desk',
    contact_email: 'opendata@cwa.gov.tw',
    category: 'safety',
    update_frequency: 'irregular',
    tags: ['typhoon', '颱風'],
    license_id: 'cc-by-4.0',
    fields: fields([
      ['name', 'string', 'Typhoon name'],
      ['level', 'string', 'Warning level'],
      ['issued', 'datetime', 'Issue time'],
    ]),
    files: [csvFile('Warnings', 'typhoon.csv', [['name', 'level', 'issued'], ['KRATHON', 'land', '2024-10-01T08:30:00+08:00']])],
  },
];

/** Loads the demo catalog into an empty catalog (skipped when any dataset exists). */
export async function seedDemoCatalog(deps: AppDeps): Promise<void> {
  const { services, registry } = deps;
  if (await opendataDb(services.db).selectFrom('od_datasets').select('id').limit(1).executeTakeFirst()) return;
  const actor = systemActor('cli');
  for (const { files, ...input } of demo) {
    if (!(await agencyRefByCode(services.db, input.owner_org))) continue;
    const resources = [];
    for (const file of files) {
      const stored = await stageUpload(services.config, Buffer.from(file.content), file.filename);
      resources.push({ name: file.name, upload: { key: stored.key, size: stored.size, checksum: stored.checksum, sha1: stored.sha1, mediaType: stored.mediaType, filename: stored.filename } });
    }
    await registry.call(packageCreate, { ...input, resources }, { actor });
  }
}
