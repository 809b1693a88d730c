// Is dist/ a build of the current sources? Loaded by bin/opengov.mjs on every start, so it uses only
// node:fs (esbuild is imported only when a build is needed).
//   dist/.build-stamp   written last by a build; its time is when that build read the sources
// dist/ is stale when it has no stamp or any file or folder under src/ (or the build script) changed
// after the stamp: an edit changes a file's time, adding, deleting or renaming one its folder's.
import { mkdirSync, rmdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP = '.build-stamp';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCK = path.join(root, 'dist.lock');
const STALE_LOCK_MS = 120_000;

/** The newest change time (ms) of `dir`, the folders in it and every file in them but tests. */
export function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) continue;
    const time = statSync(path.join(entry.parentPath, entry.name)).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** True when `outDir` holds a finished build made after the last change to `srcDir` and `extra` files. */
export function isFresh({ srcDir, outDir, extra = [] }) {
  let built;
  try {
    built = statSync(path.join(outDir, STAMP)).mtimeMs;
  } catch {
    return false;
  }
  if (newestChange(srcDir) > built) return false;
  return extra.every((file) => statSync(file).mtimeMs <= built);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `work` while holding dist.lock, so two processes never write dist/ at once. */
export async function withBuildLock(work) {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A build that died leaves its lock behind; no build takes anywhere near this long.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmdirSync(LOCK);
      } catch {
        /* released meanwhile */
      }
      sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(LOCK);
  }
}

const defaults = { srcDir: path.join(root, 'src'), outDir: path.join(root, 'dist'), extra: [path.join(root, 'scripts', 'build.mjs')] };

/**
 * Returns the built entry point (dist/main.js), building first when dist/ is missing or older than
 * the sources. After `npm ci` (prepare) and on a production machine nothing is built here.
 */
export async function ensureBuilt() {
  if (!isFresh(defaults)) {
    await withBuildLock(async () => {
      if (isFresh(defaults)) return; // another process built it while this one waited
      process.stderr.write('opengov: dist/ is missing or older than src/; building it (npm run build)\n');
      const { buildServer } = await import('./build.mjs');
      await buildServer({ outDir: defaults.outDir });
    });
  }
  return path.join(defaults.outDir, 'main.js');
}
