import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opendataApp, userWithToken } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

test('api_token_create over the CKAN API says where tokens are made: a token never mints another', async () => {
  const t = await opendataApp();
  try {
    const { token } = await userWithToken(t, { email: 'staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    for (const headers of [{ authorization: token }, {}] as Array<Record<string, string>>) {
      const res = await t.app.inject({ method: 'POST', url: '/api/3/action/api_token_create?lang=en', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'harvester' }) });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().success, false);
      assert.equal(res.json().error.__type, 'Authorization Error');
      assert.match(res.json().error.message, /account page/);
    }
    const tokens = await allTables(opendataDb(t.deps.services.db)).selectFrom('api_tokens').select('id').execute();
    assert.equal(tokens.length, 1, 'no token was created');
  } finally {
    await t.close();
  }
});
