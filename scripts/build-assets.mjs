#!/usr/bin/env node
// Bundles each client island (src/web/islands/*.ts) into src/web/assets/js/<name>.js with esbuild.
// The bundles are committed, so `npm start` and the tests need neither esbuild nor a build step;
// `--check` rebuilds in memory and fails when a committed bundle differs from its source.
//   node scripts/build-assets.mjs           write the bundles
//   node scripts/build-assets.mjs --check   exit 1 if any bundle is missing or stale
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const islandsDir = path.join(root, 'src', 'web', 'islands');
const outDir = path.join(root, 'src', 'web', 'assets', 'js');

async function bundleIslands() {
  const entries = readdirSync(islandsDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')).sort();
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries.map((name) => path.join(islandsDir, name)),
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles.map((file) => ({ path: file.path, text: file.text }));
}

const check = process.argv.includes('--check');
const outputs = await bundleIslands();
let stale = 0;
for (const output of outputs) {
  const relative = path.relative(root, output.path);
  if (check) {
    let current = null;
    try {
      current = readFileSync(output.path, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== output.text) {
      stale += 1;
      console.error(`${relative} is ${current === null ? 'missing' : 'out of date'}; run npm run build:assets`);
    }
  } else {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.text);
    console.log(`wrote ${relative} (${output.text.length} bytes)`);
  }
}
if (stale > 0) process.exit(1);

