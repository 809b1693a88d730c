// Realistic synthetic catalogs for benchmarks and load tests: zh-TW titles, descriptions and field
// descriptions drawn from vocabularies of what Taiwan's agencies publish, 1–5 resources each.
// Deterministic for a given seed. Bulk loading bypasses the actions on purpose (one transaction per
// batch, multi-row inserts) but keeps every invariant the actions keep: identifiers from the
// counter, unique names, tags, a 'create' version per dataset, the change sequence and the index.
import type { Services } from '../../../core/action.js';
import { indexNewDocuments } from '../../../core/db/search-adapter.js';
import { newId } from '../../../core/ids.js';
import { appendAudit } from '../../../core/audit/index.js';
import { auditKeys } from '../../../core/audit/keys.js';
import { formats as formatInfo, type FieldDescription, type UpdateFrequency } from '../model.js';
import { DATASET_DOC, listCategories, nextChangeSeq, searchText } from '../queries.js';
import type { OdDatasetsTable, OdResourcesTable } from '../tables.js';
import { opendataDb } from '../tables.js';
import { allAgencyRefs } from '../../agencies/published.js';

interface Theme {
  subject: string;
  category: string;
  fields: FieldDescription[];
  tags: string[];
  frequency: UpdateFrequency;
  agencies: string[];
}

const f = (name: string, meaning: string, type = 'string', unit?: string): FieldDescription => ({ name, type, meaning, ...(unit ? { unit } : {}) });

const themes: Theme[] = [
  { subject: '空氣品質監測', category: 'safety', fields: [f('sitename', '測站名稱'), f('aqi', '空氣品質指標', 'integer'), f('pm25', '細懸浮微粒濃度', 'number', 'μg/m3'), f('o3', '臭氧濃度', 'number', 'ppb')], tags: ['空氣品質', 'PM2.5', 'AQI'], frequency: 'hourly', agencies: ['moenv', 'moenv-ema'] },
  { subject: '公車路線', category: 'transport', fields: [f('route_id', '路線代碼'), f('route_name', '路線名稱'), f('departure', '起站'), f('destination', '迄站')], tags: ['公車', '大眾運輸'], frequency: 'monthly', agencies: ['motc', 'motc-thb', 'taipei-dot'] },
  { subject: '公車站牌位置', category: 'transport', fields: [f('stop_id', '站牌代碼'), f('stop_name', '站牌名稱'), f('lat', '緯度', 'number'), f('lon', '經度', 'number')], tags: ['公車', '站牌'], frequency: 'monthly', agencies: ['motc', 'taipei-dot'] },
  { subject: '公共自行車租賃站', category: 'transport', fields: [f('station', '站點名稱'), f('capacity', '停車格數', 'integer'), f('available', '可借車輛數', 'integer')], tags: ['自行車', 'YouBike'], frequency: 'realtime', agencies: ['taipei-dot'] },
  { subject: '停車場剩餘車位', category: 'transport', fields: [f('park_name', '停車場名稱'), f('total', '總車位數', 'integer'), f('available', '剩餘車位', 'integer')], tags: ['停車', '車位'], frequency: 'realtime', agencies: ['taipei-dot', 'motc'] },
  { subject: '國道交通流量', category: 'transport', fields: [f('section', '路段'), f('volume', '車流量', 'integer', '輛'), f('speed', '平均速率', 'number', 'km/h')], tags: ['國道', '車流'], frequency: 'daily', agencies: ['motc'] },
  { subject: '交通事故統計', category: 'safety', fields: [f('date', '發生日期', 'date'), f('district', '行政區'), f('deaths', '死亡人數', 'integer'), f('injuries', '受傷人數', 'integer')], tags: ['交通事故', '道路安全'], frequency: 'monthly', agencies: ['moi-npa', 'taipei-dot'] },
  { subject: '垃圾車清運路線', category: 'safety', fields: [f('route', '路線'), f('time', '抵達時間'), f('address', '停靠地點')], tags: ['垃圾車', '資源回收'], frequency: 'irregular', agencies: ['moenv-rca', 'taipei-dep'] },
  { subject: '自來水水質檢驗', category: 'safety', fields: [f('site', '採樣地點'), f('turbidity', '濁度', 'number', 'NTU'), f('chlorine', '餘氯', 'number', 'mg/L')], tags: ['水質', '自來水'], frequency: 'monthly', agencies: ['moenv', 'moea-wra'] },
  { subject: '河川水位', category: 'safety', fields: [f('station', '水位站'), f('level', '水位', 'number', 'm'), f('time', '觀測時間', 'datetime')], tags: ['水位', '防災'], frequency: 'realtime', agencies: ['moea-wra'] },
  { subject: '雨量觀測', category: 'public-information', fields: [f('station', '雨量站'), f('rain_1h', '時雨量', 'number', 'mm'), f('rain_24h', '日累積雨量', 'number', 'mm')], tags: ['雨量', '氣象'], frequency: 'hourly', agencies: ['motc-cwa'] },
  { subject: '颱風警報', category: 'safety', fields: [f('name', '颱風名稱'), f('level', '警報等級'), f('issued', '發布時間', 'datetime')], tags: ['颱風', '氣象', '防災'], frequency: 'irregular', agencies: ['motc-cwa'] },
  { subject: '地震報告', category: 'safety', fields: [f('time', '發震時間', 'datetime'), f('magnitude', '芮氏規模', 'number'), f('depth', '深度', 'number', 'km')], tags: ['地震', '防災'], frequency: 'irregular', agencies: ['motc-cwa'] },
  { subject: '觀光景點', category: 'leisure-travel', fields: [f('name', '景點名稱'), f('address', '地址'), f('open_time', '開放時間')], tags: ['觀光', '景點', '旅遊'], frequency: 'quarterly', agencies: ['motc-ta', 'taipei'] },
  { subject: '旅館民宿名冊', category: 'leisure-travel', fields: [f('name', '旅宿名稱'), f('rooms', '房間數', 'integer'), f('phone', '電話')], tags: ['旅館', '民宿', '旅遊'], frequency: 'monthly', agencies: ['motc-ta'] },
  { subject: '圖書館館藏', category: 'education', fields: [f('title', '書名'), f('isbn', 'ISBN'), f('branch', '館別')], tags: ['圖書館', '館藏'], frequency: 'monthly', agencies: ['moe', 'taipei-doe'] },
  { subject: '各級學校名錄', category: 'education', fields: [f('school', '學校名稱'), f('level', '學制'), f('students', '學生數', 'integer', '人')], tags: ['學校', '教育'], frequency: 'yearly', agencies: ['moe', 'taipei-doe'] },
  { subject: '獎助學金', category: 'education', fields: [f('name', '獎學金名稱'), f('amount', '金額', 'integer', '元'), f('quota', '名額', 'integer')], tags: ['獎學金', '教育'], frequency: 'yearly', agencies: ['moe'] },
  { subject: '托嬰中心', category: 'birth-adoption', fields: [f('name', '機構名稱'), f('capacity', '收托人數', 'integer'), f('address', '地址')], tags: ['托育', '幼兒'], frequency: 'quarterly', agencies: ['mohw', 'taipei'] },
  { subject: '出生登記統計', category: 'birth-adoption', fields: [f('district', '區域別'), f('births', '出生數', 'integer', '人'), f('month', '統計月份')], tags: ['出生', '人口'], frequency: 'monthly', agencies: ['moi'] },
  { subject: '結婚登記統計', category: 'marriage', fields: [f('district', '區域別'), f('couples', '結婚對數', 'integer', '對')], tags: ['結婚', '人口'], frequency: 'monthly', agencies: ['moi'] },
  { subject: '人口統計', category: 'public-information', fields: [f('district', '區域別'), f('population', '人口數', 'integer', '人'), f('households', '戶數', 'integer', '戶')], tags: ['人口', '戶籍'], frequency: 'monthly', agencies: ['moi', 'taipei'] },
  { subject: '長期照顧服務機構', category: 'elderly-care', fields: [f('name', '機構名稱'), f('beds', '床位數', 'integer'), f('type', '服務類型')], tags: ['長照', '老人福利'], frequency: 'quarterly', agencies: ['mohw'] },
  { subject: '醫療院所', category: 'medical', fields: [f('hospital', '醫事機構名稱'), f('dept', '科別'), f('phone', '電話')], tags: ['醫院', '診所', '就醫'], frequency: 'monthly', agencies: ['mohw', 'mohw-nhia', 'taipei-doh'] },
  { subject: '健保特約藥局', category: 'medical', fields: [f('name', '藥局名稱'), f('address', '地址'), f('phone', '電話')], tags: ['藥局', '健保'], frequency: 'monthly', agencies: ['mohw-nhia'] },
  { subject: '傳染病統計', category: 'fertility-health', fields: [f('disease', '疾病名稱'), f('cases', '確定病例數', 'integer', '例'), f('week', '週別')], tags: ['傳染病', '疫情'], frequency: 'weekly', agencies: ['mohw-cdc'] },
  { subject: '疫苗接種統計', category: 'fertility-health', fields: [f('vaccine', '疫苗別'), f('doses', '接種劑次', 'integer', '劑'), f('rate', '接種率', 'number', '%')], tags: ['疫苗', '預防接種'], frequency: 'weekly', agencies: ['mohw-cdc'] },
  { subject: '食品衛生稽查', category: 'safety', fields: [f('store', '業者名稱'), f('result', '稽查結果'), f('date', '稽查日期', 'date')], tags: ['食品安全', '餐廳'], frequency: 'monthly', agencies: ['mohw-fda', 'taipei-doh'] },
  { subject: '農產品交易行情', category: 'investment', fields: [f('crop', '品名'), f('market', '市場'), f('price', '平均價', 'number', '元/公斤')], tags: ['農產品', '價格'], frequency: 'daily', agencies: ['moa'] },
  { subject: '漁獲量統計', category: 'business', fields: [f('species', '魚種'), f('catch', '漁獲量', 'number', '公噸')], tags: ['漁業', '漁獲'], frequency: 'yearly', agencies: ['moa', 'oac'] },
  { subject: '電力供需資訊', category: 'public-information', fields: [f('time', '時間', 'datetime'), f('load', '用電量', 'number', '萬瓩'), f('reserve', '備轉容量率', 'number', '%')], tags: ['電力', '能源'], frequency: 'hourly', agencies: ['moea-ea'] },
  { subject: '再生能源發電量', category: 'public-information', fields: [f('type', '能源別'), f('generation', '發電量', 'number', '度')], tags: ['再生能源', '太陽光電', '風力'], frequency: 'monthly', agencies: ['moea-ea'] },
  { subject: '公司登記', category: 'business', fields: [f('uniform_no', '統一編號'), f('company', '公司名稱'), f('capital', '資本額', 'integer', '元')], tags: ['公司', '商業登記'], frequency: 'daily', agencies: ['moea'] },
  { subject: '就業服務職缺', category: 'employment', fields: [f('job', '職缺名稱'), f('salary', '薪資', 'integer', '元'), f('area', '工作地點')], tags: ['就業', '職缺'], frequency: 'daily', agencies: ['mol'] },
  { subject: '職業訓練課程', category: 'employment', fields: [f('course', '課程名稱'), f('hours', '時數', 'integer', '小時'), f('fee', '費用', 'integer', '元')], tags: ['職訓', '就業'], frequency: 'monthly', agencies: ['mol'] },
  { subject: '勞工保險統計', category: 'retirement', fields: [f('item', '給付項目'), f('cases', '件數', 'integer', '件'), f('amount', '金額', 'integer', '元')], tags: ['勞保', '退休'], frequency: 'monthly', agencies: ['mol-bli'] },
  { subject: '年度預算', category: 'public-information', fields: [f('item', '科目'), f('amount', '預算數', 'integer', '千元')], tags: ['預算', '財政'], frequency: 'yearly', agencies: ['dgbas', 'taipei', 'mof'] },
  { subject: '政府採購決標', category: 'business', fields: [f('case_no', '案號'), f('title', '標案名稱'), f('award', '決標金額', 'integer', '元')], tags: ['採購', '決標'], frequency: 'daily', agencies: ['pcc'] },
  { subject: '稅收統計', category: 'investment', fields: [f('tax', '稅目'), f('revenue', '實徵淨額', 'integer', '千元')], tags: ['稅收', '財政'], frequency: 'monthly', agencies: ['mof', 'mof-tax'] },
  { subject: '進出口貿易統計', category: 'business', fields: [f('country', '國家'), f('export', '出口值', 'number', '千美元'), f('import', '進口值', 'number', '千美元')], tags: ['貿易', '進出口'], frequency: 'monthly', agencies: ['mof-customs'] },
  { subject: '投票所位置', category: 'elections', fields: [f('no', '投票所編號'), f('place', '投票所名稱'), f('address', '地址')], tags: ['選舉', '投票所'], frequency: 'irregular', agencies: ['cec'] },
  { subject: '選舉候選人得票數', category: 'elections', fields: [f('candidate', '候選人'), f('votes', '得票數', 'integer', '票'), f('rate', '得票率', 'number', '%')], tags: ['選舉', '開票'], frequency: 'irregular', agencies: ['cec'] },
  { subject: '役男徵兵檢查', category: 'military-service', fields: [f('year', '年次'), f('examined', '受檢人數', 'integer', '人')], tags: ['兵役', '役男'], frequency: 'yearly', agencies: ['moi', 'mnd'] },
  { subject: '公墓及殯儀館', category: 'funeral', fields: [f('name', '設施名稱'), f('address', '地址'), f('phone', '電話')], tags: ['殯葬', '生命禮儀'], frequency: 'yearly', agencies: ['moi', 'taipei'] },
  { subject: '社會住宅', category: 'housing', fields: [f('name', '社宅名稱'), f('units', '戶數', 'integer', '戶'), f('rent', '租金', 'integer', '元')], tags: ['社會住宅', '居住'], frequency: 'quarterly', agencies: ['moi-nlma', 'taipei-dud'] },
  { subject: '不動產實價登錄', category: 'housing', fields: [f('district', '鄉鎮市區'), f('price', '總價', 'integer', '元'), f('area', '建物面積', 'number', '平方公尺')], tags: ['實價登錄', '房價'], frequency: 'monthly', agencies: ['moi'] },
  { subject: '都市計畫土地使用分區', category: 'housing', fields: [f('zone', '分區'), f('area', '面積', 'number', '公頃')], tags: ['都市計畫', '土地'], frequency: 'irregular', agencies: ['taipei-dud', 'moi-nlma'] },
  { subject: '公園綠地', category: 'leisure-travel', fields: [f('park', '公園名稱'), f('area', '面積', 'number', '平方公尺')], tags: ['公園', '綠地'], frequency: 'yearly', agencies: ['taipei'] },
  { subject: '消防栓位置', category: 'safety', fields: [f('id', '編號'), f('lat', '緯度', 'number'), f('lon', '經度', 'number')], tags: ['消防', '防災'], frequency: 'yearly', agencies: ['moi-nfa', 'taipei'] },
  { subject: '避難收容處所', category: 'safety', fields: [f('name', '處所名稱'), f('capacity', '容納人數', 'integer', '人')], tags: ['避難', '防災'], frequency: 'yearly', agencies: ['moi-nfa'] },
  { subject: '文化資產', category: 'leisure-travel', fields: [f('name', '名稱'), f('type', '類別'), f('address', '地址')], tags: ['古蹟', '文化資產'], frequency: 'quarterly', agencies: ['moc-boch', 'moc'] },
  { subject: '藝文活動', category: 'leisure-travel', fields: [f('title', '活動名稱'), f('start', '開始日期', 'date'), f('venue', '地點')], tags: ['藝文', '展覽', '表演'], frequency: 'daily', agencies: ['moc'] },
  { subject: '資通安全事件通報統計', category: 'public-information', fields: [f('level', '事件等級'), f('count', '件數', 'integer', '件')], tags: ['資安', '資通安全'], frequency: 'quarterly', agencies: ['moda-acs', 'moda'] },
  { subject: '公共場所無線網路熱點', category: 'transport', fields: [f('name', '熱點名稱'), f('address', '地址'), f('ssid', '網路名稱')], tags: ['Wi-Fi', '無線網路'], frequency: 'monthly', agencies: ['moda', 'taipei-doit'] },
  { subject: '寬頻網路涵蓋率', category: 'transport', fields: [f('county', '縣市'), f('coverage', '涵蓋率', 'number', '%')], tags: ['寬頻', '網路'], frequency: 'yearly', agencies: ['moda', 'ncc'] },
];

const places = ['全國', '臺北市', '新北市', '桃園市', '臺中市', '臺南市', '高雄市', '基隆市', '新竹市', '新竹縣', '苗栗縣', '彰化縣', '南投縣', '雲林縣', '嘉義市', '嘉義縣', '屏東縣', '宜蘭縣', '花蓮縣', '臺東縣', '澎湖縣', '金門縣', '連江縣'];
const suffixes = ['資料', '統計', '清冊', '一覽表', '即時資訊', '名錄', '歷史資料', '月報', '年報', '開放資料'];
const purposes = ['供民眾查詢參考', '作為政策規劃之依據', '提供學術研究與加值應用', '便利民眾生活資訊取得', '提升行政透明度'];
const sources = ['各區公所彙整', '本機關業務系統匯出', '各測站自動回傳', '委託調查結果', '各縣市政府提報'];
const formatsPool = ['CSV', 'CSV', 'CSV', 'JSON', 'JSON', 'XML', 'XLSX', 'ODS', 'GEOJSON', 'KML', 'PDF', 'API'];
const licensesPool = ['ogdl-tw-1.0', 'ogdl-tw-1.0', 'ogdl-tw-1.0', 'ogdl-tw-1.0', 'cc-by-4.0', 'cc0-1.0'];
const qualityPool = ['none', 'bronze', 'silver', 'silver', 'gold', 'gold', 'platinum'];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface GeneratedDataset {
  row: OdDatasetsTable;
  resources: OdResourcesTable[];
  tags: string[];
  text: string;
}

export interface GeneratorContext {
  agencies: Map<string, { id: string; code: string; nameZh: string; nameEn: string }>;
  categories: Map<string, { code: string; nameZh: string; nameEn: string; position: number }>;
  baseUrl: string;
  now: Date;
}

export function generateDataset(ctx: GeneratorContext, index: number, identifier: string, seq: number, seed = 1): GeneratedDataset {
  const r = rng(seed * 1_000_003 + index * 7919 + 17);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const theme = themes[index % themes.length]!;
  const place = pick(places);
  const year = 2018 + Math.floor(r() * 8);
  const rocYear = year - 1911;
  const suffix = pick(suffixes);
  const withYear = r() < 0.4;
  const title = `${place === '全國' ? '' : place}${theme.subject}${withYear ? `（${rocYear}年）` : ''}${suffix}`;
  const agencyCode = theme.agencies.find((c) => ctx.agencies.has(c) && (place === '臺北市') === c.startsWith('taipei')) ?? theme.agencies.find((c) => ctx.agencies.has(c)) ?? [...ctx.agencies.keys()][index % ctx.agencies.size]!;
  const agency = ctx.agencies.get(agencyCode)!;
  const category = ctx.categories.get(theme.category) ?? [...ctx.categories.values()][0]!;
  const notes = `${place}${theme.subject}${suffix}，${pick(sources)}，${pick(purposes)}。內容包含${theme.fields.map((x) => x.meaning).join('、')}等欄位${withYear ? `，資料期間為民國${rocYear}年` : ''}。`;
  const modified = new Date(ctx.now.getTime() - Math.floor(r() * 3 * 365 * 86_400_000)).toISOString();
  const created = new Date(new Date(modified).getTime() - Math.floor(r() * 365 * 86_400_000)).toISOString();
  const id = newId();
  const resourceCount = 1 + Math.floor(r() * 5);
  const resources: OdResourcesTable[] = [];
  for (let i = 0; i < resourceCount; i++) {
    const format = i === 0 ? 'CSV' : pick(formatsPool);
    const ext = format === 'API' ? 'json' : format.toLowerCase();
    resources.push({
      id: newId(),
      dataset_id: id,
      position: i,
      name: `${theme.subject}${format === 'API' ? ' API' : ''}（${format}）`,
      description: i === 0 ? `${theme.subject}主要資料檔` : `${theme.subject}${format} 格式`,
      format,
      encoding: r() < 0.85 ? 'UTF-8' : 'BIG5',
      url: `https://opendata.example.gov.tw/${agency.code}/${identifier}/${i + 1}.${ext}`,
      url_type: 'link',
      upload_key: null,
      size: 1000 + Math.floor(r() * 5_000_000),
      media_type: formatInfo[format]?.mediaType ?? null,
      checksum: null,
      checksum_sha1: null,
      api_spec_url: format === 'API' ? `https://opendata.example.gov.tw/${agency.code}/${identifier}/openapi.json` : null,
      last_modified: modified,
      created_at: created,
      updated_at: modified,
    });
  }
  const tags = [...new Set([...theme.tags.filter(() => r() < 0.8), place === '全國' ? '全國' : place])];
  const formats = [...new Set(resources.map((x) => x.format))].join(',');
  const row: OdDatasetsTable = {
    id,
    identifier,
    name: `dataset-${identifier}`,
    title,
    notes,
    language: 'zh-TW',
    fields: JSON.stringify(theme.fields),
    agency_id: agency.id,
    contact_name: pick(['陳', '林', '黃', '張', '李', '王', '吳', '劉']) + pick(['先生', '小姐', '科長', '承辦人']),
    contact_phone: `02-${2300 + Math.floor(r() * 700)}-${String(Math.floor(r() * 10000)).padStart(4, '0')}`,
    contact_email: `opendata@${agency.code}.gov.tw`,
    category: category.code,
    tags: JSON.stringify(tags),
    provision_type: r() < 0.95 ? 'open' : 'on_application',
    update_frequency: theme.frequency,
    license_id: pick(licensesPool),
    license_url: null,
    charge: r() < 0.97 ? 'free' : 'paid',
    fee: null,
    fee_basis: null,
    issued: created.slice(0, 10),
    temporal_start: withYear ? `${year}-01-01` : null,
    temporal_end: withYear ? `${year}-12-31` : null,
    spatial: place,
    remarks: null,
    data_volume: `${1 + Math.floor(r() * 100000)}筆`,
    related_urls: '[]',
    extras: '{}',
    quality_mark: pick(qualityPool),
    quality_report: null,
    status: 'published',
    unpublish_reason: null,
    published_at: created,
    formats,
    views: Math.floor(r() ** 3 * 50000),
    downloads: Math.floor(r() ** 3 * 20000),
    version: 1,
    change_seq: seq,
    source_key: null,
    created_by: null,
    created_at: created,
    modified_at: modified,
  };
  if (row.charge === 'paid') {
    row.fee = '每次申請新臺幣 500 元';
    row.fee_basis = '規費法';
  }
  const text = searchText({ title, notes, fields: theme.fields, tags, identifier, name: row.name, agency, category });
  return { row, resources, tags, text };
}

export interface BulkLoadOptions {
  count: number;
  batchSize?: number;
  seed?: number;
  onProgress?: (done: number) => void;
}

/** Loads `count` generated datasets in batches, one transaction per batch. */
export async function bulkLoadDatasets(services: Services, options: BulkLoadOptions): Promise<number> {
  const { dialect, clock } = services;
  const db = opendataDb(services.db);
  const batchSize = options.batchSize ?? 500;
  const agencies = new Map((await allAgencyRefs(services.db)).map(({ createdAt: _, ...ref }) => [ref.code, ref]));
  if (agencies.size === 0) throw new Error('no agencies: seed the agencies first');
  const categories = new Map((await listCategories(db)).map((c) => [c.code, c]));
  const context: GeneratorContext = { agencies, categories, baseUrl: services.config.baseUrl, now: clock.now() };
  let done = 0;
  while (done < options.count) {
    const n = Math.min(batchSize, options.count - done);
    await db.transaction().execute(async (trx) => {
      const seq = await nextChangeSeq(trx);
      const block = await trx
        .updateTable('od_catalog_state')
        .set((eb) => ({ next_serial: eb('next_serial', '+', n) }))
        .where('id', '=', 1)
        .returning('next_serial')
        .executeTakeFirstOrThrow();
      const first = Number(block.next_serial) - n;
      const generated = Array.from({ length: n }, (_, i) => generateDataset(context, done + i, String(first + i), seq, options.seed ?? 1));
      const now = clock.now().toISOString();
      for (let i = 0; i < generated.length; i += 100) {
        const chunk = generated.slice(i, i + 100);
        await trx.insertInto('od_datasets').values(chunk.map((g) => g.row)).execute();
        await trx.insertInto('od_resources').values(chunk.flatMap((g) => g.resources)).execute();
        const tags = chunk.flatMap((g) => g.tags.map((tag) => ({ dataset_id: g.row.id, tag })));
        if (tags.length > 0) await trx.insertInto('od_dataset_tags').values(tags).execute();
        await trx
          .insertInto('od_dataset_versions')
          .values(chunk.map((g) => ({ id: newId(), dataset_id: g.row.id, version: 1, at: now, actor_id: 'system', action: 'create', changes: '{}', note: 'bulk load' })))
          .execute();
      }
      await indexNewDocuments(
        trx,
        dialect,
        DATASET_DOC,
        generated.map((g) => ({ id: g.row.id, text: g.text })),
      );
      await appendAudit(trx, dialect, clock, { actorId: 'system', action: 'opendata_bulk_load', subjectType: 'dataset', data: { count: n, firstIdentifier: first } }, auditKeys(services.config.secret));
    });
    done += n;
    options.onProgress?.(done);
  }
  return done;
}
