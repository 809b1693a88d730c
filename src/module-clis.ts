// Finds the modules' CLI commands: each module that has commands declares them in its `cli.ts`
// (exporting `cli`) and names the same function in its manifest. The CLI looks for the files rather
// than loading the manifests, which would load every module's actions and pages (seconds) just to
// print `opengov --help`; a test checks that the files found and the manifests agree.
import { existsSync, readdirSync } from 'node:fs';
import type { ModuleCli } from './manifest.js';

const modulesDir = new URL('./modules/', import.meta.url);
// Running from the sources (tsx) the files are cli.ts; from the build, cli.js.
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

export async function findModuleClis(): Promise<Array<{ module: string; cli: ModuleCli }>> {
  const found: Array<{ module: string; cli: ModuleCli }> = [];
  for (const entry of readdirSync(modulesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const file = new URL(`${entry.name}/cli.${extension}`, modulesDir);
    if (!existsSync(file)) continue;
    const loaded = (await import(file.href)) as { cli?: ModuleCli };
    if (typeof loaded.cli !== 'function') throw new Error(`src/modules/${entry.name}/cli.${extension} does not export a function named cli`);
    found.push({ module: entry.name, cli: loaded.cli });
  }
  return found;
}
