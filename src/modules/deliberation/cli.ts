// `opengov deliberation analyze DIR --json` and `opengov deliberation import DIR`.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { systemActor } from '../../core/actor.js';
import type { WithPlatform } from '../../cli-commands.js';
import { deliberationImport } from './actions/import.js';
import { mathRunnerFor } from './math-runner.js';
import { analyzeDirectory, readPolisExport, type PolisProblem } from './math/polis-csv.js';

const describeProblem = (p: PolisProblem) => `${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`;
const missingFile = (problems: PolisProblem[]) => problems.some((p) => p.line === 0 && (p.file === 'comments.csv' || p.file === 'votes.csv'));

/** summary.csv is key,value rows (topic, url, conversation-description, ...); absent or odd → {}. */
async function readSummary(dir: string): Promise<Record<string, string>> {
  try {
    const rows = parse(await readFile(join(dir, 'summary.csv'), 'utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return Object.fromEntries(rows.filter((r) => r.length >= 2).map((r) => [r[0]!.trim(), r[1]!]));
  } catch {
    return {};
  }
}

export function deliberationCommands(program: Command, withPlatform: WithPlatform): void {
  const deliberation = program.command('deliberation').description('Deliberation: Pol.is-compatible opinion groups');

  deliberation
    .command('analyze')
    .description('Run the one-shot opinion-group analysis on a Polis export folder (reads only DIR/comments.csv and DIR/votes.csv)')
    .argument('<dir>', 'folder with comments.csv and votes.csv')
    .option('--json', 'print one JSON object (participants, groups, consensus, groupAwareConsensus, ...)')
    .action(async (dir: string, options: { json?: boolean }) => {
      const result = await analyzeDirectory(resolve(dir));
      for (const p of result.problems) console.error(`skipped ${describeProblem(p)}`);
      if (missingFile(result.problems)) {
        process.exitCode = 1;
        return;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const c = result.counts;
      console.log(`participants=${c.participants} in-conv=${c.inConv} comments=${c.comments} votes=${c.votes} groups=${c.groups}`);
      for (const g of result.groups) {
        console.log(`group ${g.id}: ${g.members.length} members; representative: ${g.representative.map((r) => `${r.commentId}${r.direction === 'agree' ? '+' : '-'}`).join(' ') || '-'}`);
      }
      console.log(`consensus agree: ${result.consensus.agree.map((x) => x.commentId).join(' ') || '-'}; disagree: ${result.consensus.disagree.map((x) => x.commentId).join(' ') || '-'}`);
    });

  deliberation
    .command('import')
    .description('Import a Polis export folder (comments.csv, votes.csv, participants-votes.csv if present) as a read-only conversation')
    .argument('<dir>', 'Polis export folder')
    .option('--agency <code>', 'hosting agency code', 'moda')
    .option('--topic <topic>', 'topic (default: summary.csv topic, else the folder name)')
    .action((dir: string, options: { agency: string; topic?: string }) =>
      withPlatform(async ({ deps }) => {
        const folder = resolve(dir);
        const data = await readPolisExport(folder, { participantsVotes: true });
        for (const p of data.problems) console.error(`skipped ${describeProblem(p)}`);
        if (missingFile(data.problems)) return 1;
        const summary = await readSummary(folder);
        const imported = await deps.registry.call(
          deliberationImport,
          {
            agencyCode: options.agency,
            topic: (options.topic ?? summary.topic ?? basename(folder)).slice(0, 200),
            description: (summary['conversation-description'] ?? '').slice(0, 20_000),
            source: summary.url?.slice(0, 1000),
            comments: data.comments,
            votes: data.votes.map((v) => [v.participantId, v.commentId, v.vote, v.time]),
            sourceGroups: (data.participants ?? []).filter((p) => p.groupId !== null).map((p) => [p.participantId, p.groupId!]),
          },
          { actor: systemActor('cli') },
        );
        const runner = mathRunnerFor(deps.services);
        try {
          const outcome = await runner.runNow(imported.conversationId, { full: true });
          console.log(
            `imported conversation ${imported.conversationId}: ${imported.statements} statements, ${imported.participants} participants, ${imported.votes} votes, ${outcome.groups ?? 0} groups` +
              (data.problems.length > 0 ? ` (${data.problems.length} rows skipped)` : ''),
          );
          console.log(`${deps.services.config.baseUrl}/deliberation/${imported.conversationId}/report`);
        } finally {
          await runner.close();
        }
      }),
    );
}
