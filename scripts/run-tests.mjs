#!/usr/bin/env node
// Finds the test files and runs them with Node's test runner through tsx.
//   node scripts/run-tests.mjs            unit, action and route tests (src/**/*.test.ts, test/**/*.test.ts)
//   node scripts/run-tests.mjs --e2e      browser tests (test/e2e/**/*.test.ts)
//   node scripts/run-tests.mjs FILTER...  only files whose path contains one of the filters
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(full);
  }
  return out;
}

const files = [...walk('src'), ...walk('test')]
  .filter((f) => (e2e ? f.startsWith(path.join('test', 'e2e')) : !f.startsWith(path.join('test', 'e2e'))))
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${e2e ? 1 : 2}`, ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
