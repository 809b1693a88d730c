// Security review finding 1: refused uploads used to be written to DATA_DIR before the refusal
// (ten anonymous 10 MiB posts left 100 MiB). Now the caller is checked before the body is read, an
// upload is staged while it streams in and adopted only by an action that commits, and whatever is
// still staged when the request ends is removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { datasetInput, opendataApp, userWithToken } from '../test/fixtures.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  await walk(dir);
  return out.sort();
}

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = '----opengov-refusal';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(parts) };
}

test('refused and failed CKAN uploads leave no file in DATA_DIR; an accepted one is kept', async () => {
  const t = await opendataApp();
  try {
    const uploads = path.join(t.config.dataDir, 'opendata', 'uploads');
    const staff = await userWithToken(t, { email: 'up-staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const otherAgency = await userWithToken(t, { email: 'up-staff@moenv.gov.tw', role: 'agency_staff', agencyCode: 'moenv' });
    const citizen = await userWithToken(t, { email: 'up-citizen@test.opengov.tw', role: 'citizen' });
    const created = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: { authorization: staff.token, 'content-type': 'application/json' }, payload: JSON.stringify(datasetInput({ name: 'upload-refusal' })) });
    assert.equal(created.statusCode, 200, created.body);
    const pkg = created.json().result;
    const big = Buffer.alloc(2 * 1024 * 1024, 'a,b\n');

    const post = (token: string | null, fields: Record<string, string>) => {
      const body = multipart(fields, { name: 'big.csv', content: big });
      return t.app.inject({ method: 'POST', url: '/api/3/action/resource_create', headers: { ...(token ? { authorization: token } : {}), 'content-type': body.contentType }, payload: body.payload });
    };

    // Anonymous, ten times: refused before the body is read.
    for (let i = 0; i < 10; i++) {
      const anonymous = await post(null, { package_id: pkg.id });
      assert.equal(anonymous.statusCode, 403, anonymous.body);
      assert.equal(anonymous.json().success, false);
    }
    // A citizen: the caller requirement refuses too.
    assert.equal((await post(citizen.token, { package_id: pkg.id })).statusCode, 403);
    // Staff of another agency: read, then refused by the dataset's policy.
    assert.equal((await post(otherAgency.token, { package_id: pkg.id })).statusCode, 403);
    // The right staff, but an unknown dataset: not found.
    assert.equal((await post(staff.token, { package_id: 'no-such-dataset' })).statusCode, 404);
    assert.deepEqual(await filesUnder(uploads), []);

    // An upload key that was never staged with the request cannot be named in JSON.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { authorization: staff.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ package_id: pkg.id, name: 'x', upload: { key: '01234567-89ab-cdef-0123-456789abcdef/other.csv', size: 1, checksum: 'sha256:00', mediaType: 'text/csv', filename: 'other.csv' } }),
    });
    assert.notEqual(forged.statusCode, 200);

    const accepted = await post(staff.token, { package_id: pkg.id, name: '上傳' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const kept = await filesUnder(uploads);
    assert.equal(kept.length, 1);
    assert.ok(!kept[0]!.startsWith('.staging'), kept[0]);
    assert.equal((await fs.stat(path.join(uploads, kept[0]!))).size, big.length);
  } finally {
    await t.close();
  }
});

test('100,000 nested JSON objects sent anonymously to a CKAN write action: refused, no crash', async () => {
  const t = await opendataApp();
  try {
    const deep = '{"d":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const response = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: { 'content-type': 'application/json' }, payload: deep });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().success, false);
    const staff = await userWithToken(t, { email: 'deep@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: { authorization: staff.token, 'content-type': 'application/json' }, payload: deep });
    // CKAN answers invalid input with 409 and a Validation Error.
    assert.equal(signedIn.statusCode, 409);
    assert.equal(signedIn.json().error.__type, 'Validation Error');
  } finally {
    await t.close();
  }
});
