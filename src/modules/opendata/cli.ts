// `opengov opendata import-csv FILE`, `import-ckan URL`, `import-dcat URL`: declarations only, so
// `opengov --help` stays fast; what they run is loaded from harvest/import-cli.ts when chosen.
import type { ModuleCli } from '../../manifest.js';

export const cli: ModuleCli = (program, withDeps) => {
  const opendata = program.command('opendata').description('Open data catalog: imports');

  opendata
    .command('import-csv')
    .description('Import a catalog CSV (this platform\'s / data.gov.tw export format); re-running updates, never duplicates')
    .argument('<file>', 'CSV file, UTF-8 (BOM optional)')
    .option('--agency <code>', 'put every dataset in this agency (default: the 提供機關 column)')
    .option('--locale <locale>', 'language of the report (zh-TW or en)', 'zh-TW')
    .action((file: string, options: { agency?: string; locale: string }) =>
      withDeps(async (deps) => {
        const { importCsvCommand } = await import('./harvest/import-cli.js');
        return importCsvCommand(deps, file, options);
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
        withDeps(async (deps) => {
          const { harvestCommand } = await import('./harvest/import-cli.js');
          return harvestCommand(deps, kind, url, options);
        }),
      );
  }
};
