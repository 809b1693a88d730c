import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetInput, opendataApp, userWithToken } from '../test/fixtures.js';

test('a CKAN client lists, searches, shows, creates, updates, patches and deletes with an API token', async () => {
  const t = await opendataApp();
  try {
    const { token } = await userWithToken(t, { email: 'staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const other = await userWithToken(t, { email: 'staff@moenv.gov.tw', role: 'agency_staff', agencyCode: 'moenv' });
    const api = async (action: string, body?: unknown, options: { token?: string | null; method?: 'GET' | 'POST'; query?: Record<string, string> } = {}) => {
      const method = options.method ?? (body === undefined ? 'GET' : 'POST');
      const headers: Record<string, string> = {};
      const auth = options.token === undefined ? token : options.token;
      if (auth) headers.authorization = auth; // CKAN style: the bare token
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await t.app.inject({ method, url: `/api/3/action/${action}`, query: options.query, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.statusCode, json: res.json() as { success: boolean; result: any; error: any; help: string } };
    };

    assert.deepEqual((await api('site_read')).json.result, true);
    const status = await api('status_show');
    assert.equal(status.json.success, true);
    assert.match(status.json.result.ckan_version, /^2\./);
    assert.match(status.json.help, /help_show/);

    // package_create as a CKAN client sends it: tags and groups as dicts, maintainer, extras.
    const created = await api('package_create', {
      name: 'air-quality-hourly',
      title: '空氣品質監測小時值',
      notes: '各測站每小時監測數值',
      owner_org: 'moda',
      maintainer: '王承辦',
      maintainer_email: 'wang@moda.gov.tw',
      groups: [{ name: 'safety' }],
      tags: [{ name: '空氣品質' }, { name: 'PM2.5' }],
      update_frequency: 'hourly',
      extras: [{ key: 'source_system', value: 'AQMS' }],
      resources: [{ name: 'CSV', url: 'https://data.example.gov.tw/aqi.csv', format: 'CSV' }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const pkg = created.json.result;
    assert.equal(pkg.name, 'air-quality-hourly');
    assert.equal(pkg.organization.name, 'moda');
    assert.equal(pkg.groups[0].name, 'safety');
    assert.deepEqual(pkg.tags.map((x: { name: string }) => x.name), ['空氣品質', 'PM2.5']);
    assert.equal(pkg.maintainer, '王承辦');
    assert.equal(pkg.license_id, 'ogdl-tw-1.0');
    assert.equal(pkg.isopen, true);
    assert.equal(pkg.private, false);
    assert.deepEqual(pkg.extras, [{ key: 'source_system', value: 'AQMS' }]);
    assert.equal(pkg.resources[0].format, 'CSV');
    assert.match(pkg.identifier, /^\d+$/);

    // Validation errors keep CKAN's shape and status.
    const invalid = await api('package_create', { name: 'air-quality-hourly', title: '', notes: 'x', owner_org: 'moda', groups: [{ name: 'nope' }], contact_name: 'x', update_frequency: 'hourly' });
    assert.equal(invalid.status, 409);
    assert.equal(invalid.json.success, false);
    assert.equal(invalid.json.error.__type, 'Validation Error');
    assert.ok(Array.isArray(invalid.json.error.title), JSON.stringify(invalid.json.error));
    const taken = await api('package_create', { ...datasetInput({ name: 'air-quality-hourly' }) });
    assert.equal(taken.status, 409);
    assert.ok(taken.json.error.name, JSON.stringify(taken.json.error));

    // Anonymous writes and writes to another agency's dataset are refused.
    const anonymous = await api('package_create', datasetInput(), { token: null });
    assert.equal(anonymous.status, 403);
    assert.equal(anonymous.json.error.__type, 'Authorization Error');
    const foreign = await api('package_patch', { id: pkg.id, title: 'x' }, { token: other.token });
    assert.equal(foreign.status, 403);
    const badToken = await api('package_list', undefined, { token: 'ogt_not-a-real-token' });
    assert.equal(badToken.status, 403);
    assert.equal(badToken.json.error.__type, 'Authorization Error');

    // show → edit → update round trip, then patch.
    const shown = (await api('package_show', undefined, { query: { id: 'air-quality-hourly' } })).json.result;
    const updated = await api('package_update', { ...shown, title: '空氣品質監測（小時值）' });
    assert.equal(updated.status, 200, JSON.stringify(updated.json));
    assert.equal(updated.json.result.title, '空氣品質監測（小時值）');
    assert.equal(updated.json.result.resources.length, 1);
    assert.equal(updated.json.result.resources[0].id, shown.resources[0].id, 'resources keep their ids');
    const patched = await api('package_patch', { id: pkg.id, remarks: '每小時更新' });
    assert.equal(patched.json.result.remarks, '每小時更新');
    assert.equal(patched.json.result.title, '空氣品質監測（小時值）');

    await api('package_create', datasetInput({ name: 'bus-stops', title: '公車站牌位置', notes: '公車站牌經緯度', category: 'transport', tags: ['公車'], resources: [{ url: 'https://data.example.gov.tw/bus.json' }] }));

    // Searching: GET with query parameters, POST with JSON (ckanapi's default), anonymous.
    const search = await api('package_search', undefined, { token: null, query: { q: '空氣品質', 'facet.field': '["organization","res_format","groups"]', rows: '5' } });
    assert.equal(search.status, 200);
    assert.equal(search.json.result.count, 1);
    assert.equal(search.json.result.results[0].name, 'air-quality-hourly');
    assert.deepEqual(search.json.result.facets.organization, { moda: 1 });
    assert.equal(search.json.result.search_facets.organization.items[0].display_name, '數位發展部');
    const posted = await api('package_search', { fq: 'groups:transport OR tags:"空氣品質"', sort: 'name asc', rows: 10, start: 0 }, { token: null });
    assert.equal(posted.status, 200, JSON.stringify(posted.json));
    assert.deepEqual(posted.json.result.results.map((r: { name: string }) => r.name), ['air-quality-hourly', 'bus-stops']);
    assert.equal((await api('package_search', { q: '公車', fq: '-organization:moda' }, { token: null })).json.result.count, 0);

    for (const fq of ['organization:(moda', 'tags:"unterminated', 'AND', 'foo:bar']) {
      const bad = await api('package_search', undefined, { token: null, query: { fq } });
      assert.equal(bad.status, 409, fq);
      assert.equal(bad.json.error.__type, 'Validation Error');
      assert.ok(bad.json.error.fq, JSON.stringify(bad.json.error));
    }
    const badRows = await api('package_search', undefined, { token: null, query: { rows: 'many' } });
    assert.equal(badRows.status, 409);
    const badFacet = await api('package_search', undefined, { token: null, query: { 'facet.field': '["organization"' } });
    assert.equal(badFacet.status, 409);

    // Lists.
    assert.deepEqual((await api('package_list')).json.result, ['air-quality-hourly', 'bus-stops']);
    const orgs = (await api('organization_list', undefined, { query: { all_fields: 'true' } })).json.result;
    assert.deepEqual(orgs.map((o: { name: string; package_count: number }) => [o.name, o.package_count]), [['moda', 2]]);
    assert.equal((await api('organization_show', undefined, { query: { id: 'moda', include_datasets: 'true' } })).json.result.packages.length, 2);
    assert.ok((await api('group_list')).json.result.includes('transport'));
    assert.equal((await api('group_show', undefined, { query: { id: 'transport' } })).json.result.package_count, 1);
    assert.deepEqual((await api('tag_list')).json.result, ['PM2.5', '公車', '空氣品質']);
    assert.equal((await api('package_autocomplete', undefined, { query: { q: 'bus' } })).json.result[0].name, 'bus-stops');
    assert.equal((await api('current_package_list_with_resources', undefined, { query: { limit: '1' } })).json.result.length, 1);

    // Resources: by URL and by multipart upload.
    const resource = await api('resource_create', { package_id: pkg.id, url: 'https://data.example.gov.tw/aqi.json', name: 'JSON' });
    assert.equal(resource.json.result.format, 'JSON');
    const boundary = '----opengov';
    const csv = 'sitename,pm25\n中山,12\n';
    const multipartBody = [
      `--${boundary}\r\nContent-Disposition: form-data; name="package_id"\r\n\r\n${pkg.id}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n上傳的 CSV\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="aqi.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const upload = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_create', headers: { authorization: token, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.from(multipartBody) });
    assert.equal(upload.statusCode, 200, upload.body);
    const uploaded = upload.json().result;
    assert.equal(uploaded.url_type, 'upload');
    assert.equal(uploaded.format, 'CSV');
    assert.equal(uploaded.size, Buffer.byteLength(csv));
    assert.match(uploaded.hash, /^sha256:[0-9a-f]{64}$/);
    assert.match(uploaded.url, new RegExp(`/dataset/${pkg.id}/resource/${uploaded.id}/download/aqi.csv$`));
    assert.equal((await api('resource_show', undefined, { query: { id: uploaded.id } })).json.result.name, '上傳的 CSV');
    assert.equal((await api('resource_delete', { id: resource.json.result.id })).json.success, true);

    // Delete, then it is gone for everyone.
    assert.equal((await api('package_delete', { id: 'bus-stops' })).json.result, null);
    const gone = await api('package_show', undefined, { query: { id: 'bus-stops' } });
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.__type, 'Not Found Error');

    const unknown = await api('no_such_action');
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error.message, /Action name not known/);

    // The unversioned path works too; "Bearer" tokens work as well.
    const unversioned = await t.app.inject({ method: 'GET', url: '/api/action/package_list', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(unversioned.json().result, ['air-quality-hourly']);
  } finally {
    await t.close();
  }
});
