// Every module with restricted actions keeps a permission matrix beside its code
// (src/modules/NAME/permissions.test.ts, built on test/permission-matrix.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { modules } from '../src/modules.js';
import { isRestricted } from './permission-matrix.js';

test('every module with restricted actions has a permission matrix', () => {
  const without = modules
    .filter((m) => m.actions.some(isRestricted))
    .filter((m) => {
      const file = `src/modules/${m.name}/permissions.test.ts`;
      return !fs.existsSync(file) || !fs.readFileSync(file, 'utf8').includes('assertPermissionMatrix');
    })
    .map((m) => m.name);
  assert.deepEqual(without, []);
});
