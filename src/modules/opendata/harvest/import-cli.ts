// What `opengov opendata import-csv | import-ckan | import-dcat` run (declared in ../cli.ts): a report
// line per dataset, then the exit code (0 all imported, 1 the source failed, 2 some rows failed).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { systemActor } from '../../../core/actor.js';
import type { AppDeps } from '../../../manifest.js';
import { importCkan, importCsv, importDcat, type ImportReport } from './import-sources.js';

function printReport(report: ImportReport): number {
  for (const row of report.rows) {
    const where = row.lines.length > 0 ? `lines ${row.lines.join(',')} ` : '';
    const line = `${row.outcome}\t${where}${row.key}\t${row.title}`;
    if (row.outcome === 'failed') console.error(`${line}\n  ${row.reasons.join('\n  ')}`);
    else console.log(line);
  }
  if (report.error) console.error(report.error);
  console.log(`created=${report.created} updated=${report.updated} failed=${report.failed}`);
  return report.error ? 1 : report.failed > 0 ? 2 : 0;
}

export async function importCsvCommand(deps: AppDeps, file: string, options: { agency?: string; locale: string }): Promise<number> {
  const text = await readFile(resolve(file), 'utf8');
  const locale = options.locale === 'en' ? 'en' : 'zh-TW';
  return printReport(await importCsv(deps, text, { actor: systemActor('cli'), locale, ...(options.agency ? { agency: options.agency } : {}) }));
}

export async function harvestCommand(deps: AppDeps, kind: 'ckan' | 'dcat', url: string, options: { agency: string; limit?: number }): Promise<number> {
  const run = kind === 'ckan' ? importCkan : importDcat;
  return printReport(await run(deps, url, { actor: systemActor('cli'), agency: options.agency, ...(options.limit ? { limit: options.limit } : {}) }));
}
