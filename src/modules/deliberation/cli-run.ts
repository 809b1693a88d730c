// What `opengov deliberation analyze` and `opengov deliberation import` run (declared in cli.ts).
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { systemActor } from '../../core/actor.js';
import type { AppDeps } from '../../manifest.js';
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

/** Prints the one-shot analysis of a Polis export folder; 1 when comments.csv or votes.csv is missing. */
export async function analyzeCommand(dir: string, options: { json?: boolean }): Promise<number> {
  const result = await analyzeDirectory(resolve(dir));
  for (const p of result.problems) console.error(`skipped ${describeProblem(p)}`);
  if (missingFile(result.problems)) return 1;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const c = result.counts;
  console.log(`participants=${c.participants} in-conv=${c.inConv} comments=${c.comments} votes=${c.votes} groups=${c.groups}`);
  for (const g of result.groups) {
    console.log(`group ${g.id}: ${g.members.length} members; representative: ${g.representative.map((r) => `${r.commentId}${r.direction === 'agree' ? '+' : '-'}`).join(' ') || '-'}`);
  }
  console.log(`consensus agree: ${result.consensus.agree.map((x) => x.commentId).join(' ') || '-'}; disagree: ${result.consensus.disagree.map((x) => x.commentId).join(' ') || '-'}`);
  return 0;
}

/** Imports a Polis export folder as a read-only conversation and runs its math once. */
export async function importCommand(deps: AppDeps, dir: string, options: { agency: string; topic?: string }): Promise<number> {
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
  return 0;
}
