// `opengov deliberation analyze DIR --json` and `opengov deliberation import DIR`: declarations only,
// so `opengov --help` stays fast; what they run is loaded from cli-run.ts when chosen.
import type { ModuleCli } from '../../manifest.js';

export const cli: ModuleCli = (program, withDeps) => {
  const deliberation = program.command('deliberation').description('Deliberation: Pol.is-compatible opinion groups');

  deliberation
    .command('analyze')
    .description('Run the one-shot opinion-group analysis on a Polis export folder (reads only DIR/comments.csv and DIR/votes.csv)')
    .argument('<dir>', 'folder with comments.csv and votes.csv')
    .option('--json', 'print one JSON object (participants, groups, consensus, groupAwareConsensus, ...)')
    .action(async (dir: string, options: { json?: boolean }) => {
      const { analyzeCommand } = await import('./cli-run.js');
      process.exitCode = await analyzeCommand(dir, options);
    });

  deliberation
    .command('import')
    .description('Import a Polis export folder (comments.csv, votes.csv, participants-votes.csv if present) as a read-only conversation')
    .argument('<dir>', 'Polis export folder')
    .option('--agency <code>', 'hosting agency code', 'moda')
    .option('--topic <topic>', 'topic (default: summary.csv topic, else the folder name)')
    .action((dir: string, options: { agency: string; topic?: string }) =>
      withDeps(async (deps) => {
        const { importCommand } = await import('./cli-run.js');
        return importCommand(deps, dir, options);
      }),
    );
};
