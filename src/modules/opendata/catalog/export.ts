// Whole-catalog export: CSV in data.gov.tw's column order (UTF-8 with BOM, one row per resource)
// and JSON (one object per dataset). Both stream in batches, so a large catalog never sits in memory.
import { csvText } from '../../../core/csv.js';
import type { DB } from '../../../core/db/index.js';
import { t } from '../../../core/i18n/index.js';
import { licenseById } from '../model.js';
import { hydrate, type Dataset } from '../queries.js';
import { opendataDb, type OpendataDb } from '../tables.js';

export const csvColumns = [
  '資料集識別碼',
  '資料集名稱',
  '資料提供屬性',
  '服務分類',
  '品質檢測',
  '檔案格式',
  '資料下載網址',
  '編碼格式',
  '資料資源名稱',
  '資料集描述',
  '主要欄位說明',
  '提供機關',
  '提供機關聯絡人姓名',
  '提供機關聯絡人電話',
  '提供機關聯絡人電子郵件',
  '更新頻率',
  '授權方式',
  '授權條款網址',
  '計費方式',
  '收費標準',
  '收費法令依據',
  '上架日期',
  '詮釋資料更新時間',
  '資料涵蓋期間開始',
  '資料涵蓋期間結束',
  '資料涵蓋範圍',
  '資料量',
  '關鍵字',
  '相關網址',
  '備註',
  '網址名稱',
] as const;

/** "name｜type｜meaning｜unit；…": readable, and parsed back by the importer. */
export const fieldsToText = (d: Pick<Dataset, 'fields'>) => d.fields.map((f) => [f.name, f.type, f.meaning, f.unit ?? ''].join('｜')).join('；');

function rowsOf(d: Dataset, baseUrl: string): string[][] {
  const zh = (key: string) => t('zh-TW', key);
  const common = (format: string, url: string, encoding: string, resourceName: string) => [
    d.identifier,
    d.title,
    zh(`opendata.provision_type.${d.provision_type}`),
    d.category.nameZh,
    zh(`opendata.quality_mark.${d.quality_mark}`),
    format,
    url,
    encoding,
    resourceName,
    d.notes,
    fieldsToText(d),
    d.agency.nameZh,
    d.contact_name,
    d.contact_phone ?? '',
    d.contact_email ?? '',
    zh(`opendata.update_frequency.${d.update_frequency}`),
    licenseById(d.license_id)?.titleZh ?? d.license_id,
    d.license_url ?? '',
    zh(`opendata.charge.${d.charge}`),
    d.fee ?? '',
    d.fee_basis ?? '',
    d.issued ?? '',
    d.modified_at,
    d.temporal_start ?? '',
    d.temporal_end ?? '',
    d.spatial ?? '',
    d.data_volume ?? '',
    d.tags.join('；'),
    d.related_urls.join(' '),
    d.remarks ?? '',
    d.name,
  ];
  if (d.resources.length === 0) return [common('', '', '', '')];
  return d.resources.map((r) => common(r.format, r.url_type === 'upload' ? `${baseUrl}/dataset/${d.id}/resource/${r.id}/download` : r.url, r.encoding, r.name));
}

async function* publishedBatches(db: OpendataDb, batchSize = 500): AsyncGenerator<Dataset[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('od_datasets').selectAll().where('status', '=', 'published').where('id', '>', after).orderBy('id').limit(batchSize).execute();
    if (rows.length === 0) return;
    yield await hydrate(db, rows);
    after = rows[rows.length - 1]!.id;
  }
}

/** The public catalog as CSV, read in batches outside any transaction (routes stream it; they pass the services). */
export async function* catalogCsv({ db }: { db: DB }, baseUrl: string): AsyncGenerator<string> {
  yield csvText([[...csvColumns]], { bom: true });
  for await (const batch of publishedBatches(opendataDb(db))) {
    yield csvText(batch.flatMap((d) => rowsOf(d, baseUrl)));
  }
}

/** The public catalog as a JSON array, one dataset at a time, read as catalogCsv reads it. */
export async function* catalogJson({ db }: { db: DB }, toJson: (d: Dataset) => unknown): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const batch of publishedBatches(opendataDb(db))) {
    for (const d of batch) {
      yield `${first ? '' : ','}\n${JSON.stringify(toJson(d))}`;
      first = false;
    }
  }
  yield '\n]\n';
}
