// `opengov opendata import-csv FILE --agency CODE`, plus the CKAN and DCAT harvests from the shell.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../../core/actor.js';
import type { WithPlatform } from '../../../cli-commands.js';
import { importCkan, importCsv, importDcat, type ImportReport } from './actions/import-sources.js';

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

export function opendataCommands(program: Command, withPlatform: WithPlatform): void {
  const opendata = program.command('opendata').description('Open data catalog: imports');

  opendata
    .command('import-csv')
    .description('Import a catalog CSV (this platform\'s / data.gov.tw export format); re-running updates, never duplicates')
    .argument('<file>', 'CSV file, UTF-8 (BOM optional)')
    .option('--agency <code>', 'put every dataset in this agency (default: the 提供機關 column)')
    .option('--locale <locale>', 'language of the report (zh-TW or en)', 'zh-TW')
    .action((file: string, options: { agency?: string; locale: string }) =>
      withPlatform(async ({ deps }) => {
        const text = await readFile(resolve(file), 'utf8');
        const locale = options.locale === 'en' ? 'en' : 'zh-TW';
        return printReport(await importCsv(deps, text, { actor: systemActor('cli'), locale, ...(options.agency ? { agency: options.agency } : {}) }));
      }),
    );

  for (const kind of ['ckan', 'dcat'] as const) {
    opendata
      .command(`import-${kind}`)
      .description(kind === 'ckan' ? 'Harvest a CKAN site through its Action API' : 'Harvest a DCAT feed (Turtle or JSON-LD, hydra paging)')
      .argument('<url>', kind === 'ckan' ? 'site address' : 'feed address')
      .requiredOption('--agency <code>', 'agency the datasets belong to')
      .option('--limit <n>', 'at most this many datasets', (v) => Number.parseInt(v, 10))
      .action((url: string, options: { agency: string; limit?: number }) =>
        withPlatform(async ({ deps }) => {
          const run = kind === 'ckan' ? importCkan : importDcat;
          return printReport(await run(deps, url, { actor: systemActor('cli'), agency: options.agency, ...(options.limit ? { limit: options.limit } : {}) }));
        }),
      );
  }
}
