// The CLI finds module commands by their cli.ts files; the manifests must name the same functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findModuleClis } from './module-clis.js';
import { modules } from './modules.js';

test('every module cli.ts found is the cli its manifest declares, and every declared cli is found', async () => {
  const found = await findModuleClis();
  assert.ok(found.length > 0);
  const declared = modules.filter((m) => m.cli);
  assert.deepEqual(found.map((f) => f.module).sort(), declared.map((m) => m.name).sort());
  for (const { module, cli } of found) assert.equal(modules.find((m) => m.name === module)?.cli, cli, `${module}: manifest.cli is not cli.ts's cli`);
});
