// A certificate sign-in (amr `sc`) reaches level 3 whatever else the account has; nothing else does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acrFor } from '../model.js';

test('acr: the citizen certificate (sc) gives level 3; passwords and passkeys stay below', () => {
  const plain = { emailVerified: false, mobileVerified: false };
  assert.equal(acrFor({ methods: ['sc'], ...plain }), 'urn:opengov:loa:3');
  assert.equal(acrFor({ methods: ['pwd', 'sc'], ...plain }), 'urn:opengov:loa:3');
  assert.equal(acrFor({ methods: ['pwd', 'hwk', 'mfa'], emailVerified: true, mobileVerified: true }), 'urn:opengov:loa:2');
  assert.equal(acrFor({ methods: ['pwd'], ...plain }), 'urn:opengov:loa:1');
});
