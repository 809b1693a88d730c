// The provider of a process is built once: requests that arrive together on a new database share one
// build, so they find one set of signing keys rather than each creating its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.js';
import { createTestPlatform } from '../../../test/helpers.js';
import { identityDb } from './tables.js';

test('concurrent first requests build one provider with one signing key per algorithm', async () => {
  const t = await createTestPlatform();
  const { app } = await buildApp(t.deps.services);
  try {
    const responses = await Promise.all(Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: '/oidc/jwks' })));
    for (const response of responses) assert.equal(response.statusCode, 200);
    const published = responses.map((r) => (r.json() as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort().join(' '));
    assert.equal(new Set(published).size, 1, 'every request saw the same keys');
    const rows = await identityDb(t.deps.services.db).selectFrom('identity_signing_keys').select(['alg']).where('retired_at', 'is', null).execute();
    assert.deepEqual(rows.map((r) => r.alg).sort(), ['ES256', 'RS256']);
  } finally {
    await app.close();
    await t.close();
  }
});
