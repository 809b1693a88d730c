// The build (scripts/build.mjs): the committed island bundles match their sources, the built server
// starts from dist/ with the files it reads beside it, and dist/ counts as stale after any change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
type Freshness = { isFresh(dirs: { srcDir: string; outDir: string; extra?: string[] }): boolean; STAMP: string };
type Build = { islandEntries(): string[]; buildServer(options: { outDir: string }): Promise<{ files: number }> };
// Plain .mjs scripts without type declarations: imported by a computed name.
const load = <T>(file: string) => import(path.join(root, 'scripts', file)) as Promise<T>;

test('every client island is built by the one build, and the committed bundles match their sources', async () => {
  const { islandEntries } = await load<Build>('build.mjs');
  const names = islandEntries().map((file) => path.basename(file, '.ts'));
  for (const island of ['passkeys', 'deliberation', 'similar']) assert.ok(names.includes(island), `${island} is an island entry`);
  const check = spawnSync(process.execPath, ['scripts/build.mjs', '--check-islands'], { cwd: root, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  // No hand-written script is served beside them: every .js under src/ is an island bundle.
  const served = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  assert.deepEqual(served.sort(), names.map((name) => path.join('web', 'assets', 'js', `${name}.js`)).sort());
});

test('the built CLI starts from its own folder: --help exits 0 without tsx, and the files read at run time are there', async () => {
  const { buildServer } = await load<Build>('build.mjs');
  // Inside the project, so that node_modules resolves as it does from dist/.
  const outDir = fs.mkdtempSync(path.join(root, 'dist-test-'));
  try {
    await buildServer({ outDir });
    for (const file of ['main.js', 'main.js.map', 'modules/deliberation/worker.js', 'modules/deliberation/http/assets/deliberation.css', 'web/assets/app.css', 'web/assets/js/passkeys.js']) {
      assert.ok(fs.existsSync(path.join(outDir, file)), `${file} is in the build`);
    }
    const help = spawnSync(process.execPath, [path.join(outDir, 'main.js'), '--help'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(help.status, 0, help.stderr);
    for (const command of ['serve', 'migrate', 'deliberation', 'opendata']) assert.match(help.stdout, new RegExp(`\\n  ${command}`));
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});

test('bin/opengov.mjs --help exits 0 (building dist/ first if it is stale)', () => {
  const help = spawnSync(process.execPath, ['bin/opengov.mjs', '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: opengov/);
});

test('dist/ is stale without a stamp and after a source is edited, added, deleted or renamed', async () => {
  const { isFresh, STAMP } = await load<Freshness>('dist.mjs');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-fresh-'));
  const srcDir = path.join(base, 'src');
  const outDir = path.join(base, 'dist');
  fs.mkdirSync(path.join(srcDir, 'core'), { recursive: true });
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(srcDir, 'core', 'a.ts'), 'export const a = 1;\n');
  const past = new Date(Date.now() - 60_000);
  const setAll = (when: Date) => {
    for (const dir of [srcDir, path.join(srcDir, 'core')]) fs.utimesSync(dir, when, when);
    for (const file of fs.readdirSync(path.join(srcDir, 'core'))) fs.utimesSync(path.join(srcDir, 'core', file), when, when);
  };
  // The build stamps the time it read the sources; here, half a minute after `past`. (File times come
  // from a coarse clock, so the test never relies on two writes a few milliseconds apart.)
  const stamp = () => {
    fs.writeFileSync(path.join(outDir, STAMP), '');
    const built = new Date(past.getTime() + 30_000);
    fs.utimesSync(path.join(outDir, STAMP), built, built);
  };
  try {
    const dirs = { srcDir, outDir };
    assert.equal(isFresh(dirs), false, 'no build yet');
    setAll(past);
    stamp();
    assert.equal(isFresh(dirs), true);

    fs.writeFileSync(path.join(srcDir, 'core', 'a.ts'), 'export const a = 2;\n');
    assert.equal(isFresh(dirs), false, 'edited');
    setAll(past);
    assert.equal(isFresh(dirs), true);

    fs.writeFileSync(path.join(srcDir, 'core', 'b.ts'), '');
    fs.utimesSync(path.join(srcDir, 'core', 'b.ts'), past, past);
    assert.equal(isFresh(dirs), false, 'added (its folder changed)');
    setAll(past);

    fs.renameSync(path.join(srcDir, 'core', 'b.ts'), path.join(srcDir, 'core', 'c.ts'));
    assert.equal(isFresh(dirs), false, 'renamed');
    setAll(past);

    fs.rmSync(path.join(srcDir, 'core', 'c.ts'));
    assert.equal(isFresh(dirs), false, 'deleted');
    setAll(past);
    assert.equal(isFresh(dirs), true);

    fs.writeFileSync(path.join(srcDir, 'core', 'a.test.ts'), '');
    fs.utimesSync(path.join(srcDir, 'core'), past, past);
    assert.equal(isFresh(dirs), true, 'an edited test does not make the server build stale');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
