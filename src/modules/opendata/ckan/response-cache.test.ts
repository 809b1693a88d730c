import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetInput, opendataApp, userWithToken } from '../test/fixtures.js';

test('anonymous CKAN answers are reused until the catalog changes, from any write path', async () => {
  const t = await opendataApp();
  try {
    const { token } = await userWithToken(t, { email: 'staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const anonymous = async (action: string, query: Record<string, string>) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/3/action/${action}`, query });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
      return res.json() as { success: boolean; result: any };
    };
    const search = () => anonymous('package_search', { q: '公車動態', 'facet.field': '["organization"]' });
    const before = await search();
    assert.equal(before.success, true);
    assert.equal(before.result.count, 0);
    assert.deepEqual(await search(), before, 'a repeated search answers the same');

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/package_create',
      headers: { authorization: token, 'content-type': 'application/json' },
      payload: JSON.stringify(datasetInput({ name: 'bus-realtime', title: '公車動態資訊', owner_org: 'moda' })),
    });
    assert.equal(created.statusCode, 200, created.body);
    const after = await search();
    assert.equal(after.result.count, 1, 'the new dataset is found at once, not after the cache expires');
    assert.equal(after.result.facets.organization.moda, 1);

    const shown = await anonymous('package_show', { id: 'bus-realtime' });
    assert.equal(shown.result.title, '公車動態資訊');
    const patched = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/package_patch',
      headers: { authorization: token, 'content-type': 'application/json' },
      payload: JSON.stringify({ id: 'bus-realtime', title: '公車即時動態' }),
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal((await anonymous('package_show', { id: 'bus-realtime' })).result.title, '公車即時動態');

    // A signed-in caller is never answered from the anonymous cache (it may see private datasets).
    const mine = await t.app.inject({ method: 'GET', url: '/api/3/action/package_search', query: { q: '公車', include_private: 'true' }, headers: { authorization: token } });
    assert.equal(mine.statusCode, 200);
    // Failures are not cached: a bad query keeps failing with CKAN's error, a fixed one works.
    const bad = await t.app.inject({ method: 'GET', url: '/api/3/action/package_search', query: { q: 'title:(' } });
    assert.equal(bad.statusCode, 409);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/3/action/package_search', query: { q: 'title:(' } })).statusCode, 409);
  } finally {
    await t.close();
  }
});
