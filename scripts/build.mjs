#!/usr/bin/env node
// The one build, with esbuild:
// - client islands: each src/web/islands/*.ts and src/modules/<module>/islands/*.ts becomes one
//   browser bundle src/web/assets/js/<name>.js (served as /assets/js/<name>.js). The bundles are
//   committed and rewritten only when their content changes; a test runs --check-islands.
// - the server: every source file under src/ becomes dist/<same path>.js (ESM, Node 20, a source map
//   beside it), and every other file there (styles, the island bundles) is copied, so paths read
//   relative to import.meta.url hold in dist/ as in src/. dist/.build-stamp marks a finished build.
//   node scripts/build.mjs                 islands, then the server into dist/
//   node scripts/build.mjs --islands       the islands only
//   node scripts/build.mjs --check-islands exit 1 if a committed bundle is missing or stale
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { STAMP, withBuildLock } from './dist.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const islandOutDir = path.join(srcDir, 'web', 'assets', 'js');

const isTypeScript = (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');
const isTest = (name) => /\.test\.tsx?$/.test(name);

/** Every island source: the one entry list of the browser build. */
export function islandEntries() {
  const dirs = [path.join(srcDir, 'web', 'islands')];
  for (const module of readdirSync(path.join(srcDir, 'modules')).sort()) dirs.push(path.join(srcDir, 'modules', module, 'islands'));
  const entries = dirs
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).filter((name) => isTypeScript(name) && !isTest(name)).sort().map((name) => path.join(dir, name)));
  const names = entries.map((file) => path.basename(file).replace(/\.tsx?$/, ''));
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`two islands named ${twice.join(', ')}: each becomes /assets/js/<name>.js, so names must differ`);
  return entries;
}

async function bundleIslands() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: islandEntries(),
    entryNames: '[name]',
    outdir: islandOutDir,
    bundle: true,
    // An IIFE runs the same from <script defer> and <script type="module"> and leaks no globals.
    format: 'iife',
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

/** Writes the island bundles whose content changed; with `check`, writes nothing and returns the stale ones. */
export async function buildIslands({ check = false } = {}) {
  const stale = [];
  for (const output of await bundleIslands()) {
    const relative = path.relative(root, output.path);
    const current = existsSync(output.path) ? readFileSync(output.path, 'utf8') : null;
    if (current === output.text) continue;
    stale.push(relative);
    if (check) {
      console.error(`${relative} is ${current === null ? 'missing' : 'out of date'}; run npm run build`);
    } else {
      mkdirSync(path.dirname(output.path), { recursive: true });
      writeFileSync(output.path, output.text);
      console.log(`wrote ${relative} (${output.text.length} bytes)`);
    }
  }
  return stale;
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Transpiles src/ into `outDir` (replacing what was there) and copies the files the server reads. */
export async function buildServer({ outDir = path.join(root, 'dist') } = {}) {
  const started = Date.now();
  const files = listFiles(srcDir).filter((file) => !isTest(file) && !file.split(path.sep).includes('islands'));
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: files.filter(isTypeScript),
    outbase: srcDir,
    outdir: outDir,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  for (const file of files.filter((f) => !isTypeScript(f) && !f.endsWith('.d.ts'))) {
    cpSync(file, path.join(outDir, path.relative(srcDir, file)));
  }
  // The stamp's time is when the build read its sources: anything edited since counts as newer.
  const stamp = path.join(outDir, STAMP);
  writeFileSync(stamp, `built from ${path.relative(outDir, srcDir)} in ${Date.now() - started} ms\n`);
  utimesSync(stamp, new Date(started), new Date(started));
  return { outDir, files: files.length, ms: Date.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args.includes('--check-islands')) {
    process.exit((await buildIslands({ check: true })).length > 0 ? 1 : 0);
  }
  const started = Date.now();
  await buildIslands();
  if (!args.includes('--islands')) {
    const result = await withBuildLock(() => buildServer());
    console.log(`built ${path.relative(root, result.outDir)}/ from ${result.files} files in ${result.ms} ms`);
  }
  console.error(`build done in ${Date.now() - started} ms`);
}
