// Security review finding 1: refused uploads used to be written to DATA_DIR before the refusal
// (ten anonymous 10 MiB posts left 100 MiB). Now the caller is checked before the body is read, an
// upload is staged while it streams in and adopted only by an action that commits, and whatever is
// still staged when the request ends is removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { datasetInput, opendataApp, userWithToken } from '../test/fixtures.js';
import { CKAN_WRITE_RATE } from './http/ckan.js';

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

/** Every file under DATA_DIR with its size: what a refused request must leave unchanged. */
async function diskUsage(dir: string): Promise<string[]> {
  const files = await filesUnder(dir);
  return Promise.all(files.map(async (f) => `${f} ${(await fs.stat(path.join(dir, f))).size}`));
}

test('probes 613-616: anonymous, unknown-resource and not-allowed uploads store nothing; a flood is cut off with 429', async () => {
  const t = await opendataApp();
  try {
    const staff = await userWithToken(t, { email: 'flood-staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const citizen = await userWithToken(t, { email: 'flood-citizen@test.opengov.tw', role: 'citizen' });
    const created = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: { authorization: staff.token, 'content-type': 'application/json' }, payload: JSON.stringify(datasetInput({ name: 'upload-flood' })) });
    const pkg = created.json().result;
    const before = await diskUsage(t.config.dataDir);
    const upload = (action: string, token: string | null, fields: Record<string, string>, size: number) => {
      const body = multipart(fields, { name: 'big.csv', content: Buffer.alloc(size, 'a,b\n') });
      return t.app.inject({ method: 'POST', url: `/api/3/action/${action}`, headers: { ...(token ? { authorization: token } : {}), 'content-type': body.contentType }, payload: body.payload });
    };
    // 613: anonymous resource_create, a small file.
    assert.equal((await upload('resource_create', null, { package_id: pkg.id }, 8)).statusCode, 403);
    // 614: anonymous 5 MiB resource_update of a resource that does not exist; and by the publisher.
    assert.equal((await upload('resource_update', null, { id: 'no-such-resource' }, 5 * 1024 * 1024)).statusCode, 403);
    assert.equal((await upload('resource_update', staff.token, { id: 'no-such-resource' }, 5 * 1024 * 1024)).statusCode, 404);
    // 615: a citizen's 5 MiB resource_create (a citizen may not publish).
    assert.equal((await upload('resource_create', citizen.token, { package_id: pkg.id }, 5 * 1024 * 1024)).statusCode, 403);
    // 616: an anonymous flood from one address (the probe's ten 10 MiB uploads, then small ones): refused, then cut off.
    const statuses: number[] = [];
    for (let i = 0; i < CKAN_WRITE_RATE.perAnonymousAddress + 5; i++) statuses.push((await upload('resource_create', null, { package_id: pkg.id }, i < 10 ? 10 * 1024 * 1024 : 8)).statusCode);
    assert.ok(statuses.every((s) => s === 403 || s === 429), String(statuses));
    // The two anonymous writes above counted against this address already.
    assert.equal(statuses.filter((s) => s === 429).length, 5 + 2);
    const limited = await upload('resource_create', null, { package_id: pkg.id }, 8);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.__type, 'Rate Limit Error');
    assert.equal(limited.headers['retry-after'], '60');
    assert.deepEqual(await diskUsage(t.config.dataDir), before, 'no file stored, none grown');
    // Reads are not limited, and a publisher's writes count against the publisher's own allowance.
    assert.equal((await t.app.inject({ url: `/api/3/action/package_show?id=${pkg.id}` })).statusCode, 200);
    assert.equal((await upload('resource_create', staff.token, { package_id: pkg.id, name: 'ok' }, 8)).statusCode, 200);
  } finally {
    await t.close();
  }
});
