// Every level setting a module declares names actions it registers and a level that exists, so an
// operator's settings page and the docs list real checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modules } from '../src/modules.js';

test('declared assurance settings name the module’s own actions', () => {
  const declared = modules.flatMap((m) => (m.assurance ?? []).map((s) => ({ module: m, setting: s })));
  assert.ok(declared.some((d) => d.setting.setting === 'proposeLevel' && d.setting.default === 2), 'proposing defaults to level 2 (trust.md)');
  for (const { module, setting } of declared) {
    const names = new Set(module.actions.map((a) => a.name));
    for (const action of setting.actions) assert.ok(names.has(action), `${module.name}.${setting.setting} names ${action}, which it does not register`);
    assert.ok([1, 2, 3].includes(setting.default));
  }
});
