#!/usr/bin/env node
// Runs the benchmarks in bench/: every one, or only those named.
//   npm run bench               every bench/*.ts (through tsx) and bench/*.mjs, in name order
//   npm run bench -- http       bench/http.* alone (several names may be given)
// Each bench prints name=value lines on stdout; this runner writes its own notes to stderr only,
// so stdout stays a clean list of figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const runnable = (file) => /\.(ts|mjs)$/.test(file) && !file.endsWith('.d.ts') && !file.endsWith('.test.ts');
const baseName = (file) => file.replace(/\.(ts|mjs)$/, '');

const all = readdirSync(benchDir).filter(runnable).sort();
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !all.some((f) => baseName(f) === n));
if (unknown.length > 0) {
  console.error(`no bench named ${unknown.join(', ')}; there are: ${all.map(baseName).join(', ')}`);
  process.exit(2);
}
const chosen = names.length > 0 ? all.filter((f) => names.includes(baseName(f))) : all;

let failed = 0;
for (const file of chosen) {
  const full = path.join(benchDir, file);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', full] : [full];
  console.error(`# bench/${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const status = result.status ?? 1;
  console.error(`# bench/${file}: ${status === 0 ? 'done' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
