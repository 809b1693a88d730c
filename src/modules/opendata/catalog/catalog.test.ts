import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../core/errors.js';
import { admin } from '../../../../test/helpers.js';
import { packageCreate } from './actions/package_create.js';
import { packageDelete } from './actions/package_delete.js';
import { packageHistory } from './actions/package_history.js';
import { packagePatch } from './actions/package_patch.js';
import { packagePublish } from './actions/package_publish.js';
import { packageShow } from './actions/package_show.js';
import { packageUnpublish } from './actions/package_unpublish.js';
import { packageUpdate } from './actions/package_update.js';
import { resourceCreate } from './actions/resource_create.js';
import { resourceDelete } from './actions/resource_delete.js';
import { resourceUpdate } from './actions/resource_update.js';
import { datasetInput, opendataPlatform } from '../test/fixtures.js';
import { allTables } from '../../../../test/all-tables.js';
import { opendataDb } from '../tables.js';

async function rejects(promise: Promise<unknown>, code: string, fields: string[] = []): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fields));
    for (const f of fields) assert.ok(error.fields.some((e) => e.field === f), `expected a field error on ${f}: ${JSON.stringify(error.fields)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

test('agency staff create, edit, unpublish, republish and delete a dataset with a full history', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const created = await call(packageCreate, datasetInput(), { actor: t.moda });
    assert.equal(created.status, 'published');
    assert.match(created.identifier, /^\d{6}$/);
    assert.equal(created.name, `dataset-${created.identifier}`);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.agency.code, 'moda');
    assert.equal(created.license_id, 'ogdl-tw-1.0');
    assert.equal(created.provision_type, 'open');
    assert.equal(created.charge, 'free');
    assert.deepEqual(created.formats, ['CSV']);
    assert.equal(created.resources[0]!.media_type, 'text/csv');
    assert.equal(created.version, 1);

    // Anyone reads it by id, name or identifier.
    for (const ref of [created.id, created.name, created.identifier]) {
      const shown = await call(packageShow, { id: ref }, { actor: null });
      assert.equal(shown.id, created.id);
    }

    // Another agency's staff may not touch it; a citizen may not create.
    await rejects(call(packageUpdate, { ...datasetInput({ title: '改名' }), id: created.id }, { actor: t.moenv }), 'FORBIDDEN');
    await rejects(call(packageCreate, datasetInput(), { actor: t.citizen }), 'FORBIDDEN');
    await rejects(call(packageCreate, datasetInput({ owner_org: 'moenv' }), { actor: t.moda }), 'FORBIDDEN');

    const updated = await call(packageUpdate, { ...datasetInput({ title: '空氣品質監測資料（小時值）', tags: ['空氣品質', '空污'] }), id: created.id }, { actor: t.moda });
    assert.equal(updated.version, 2);
    assert.equal(updated.resources.length, 1, 'resources are replaced by the given list, kept by id when given');

    const patched = await call(packagePatch, { id: created.name, remarks: '資料來源：各測站' }, { actor: t.moda });
    assert.equal(patched.title, '空氣品質監測資料（小時值）');
    assert.equal(patched.remarks, '資料來源：各測站');
    assert.deepEqual(patched.tags, ['空氣品質', '空污']);

    await rejects(call(packageUnpublish, { id: created.id, reason: '   ' }, { actor: t.moda }), 'INVALID', ['reason']);
    const unpublished = await call(packageUnpublish, { id: created.id, reason: '資料更正中' }, { actor: t.moda });
    assert.equal(unpublished.status, 'unpublished');
    assert.equal(unpublished.unpublish_reason, '資料更正中');
    await rejects(call(packageShow, { id: created.id }, { actor: null }), 'NOT_FOUND');
    await rejects(call(packageShow, { id: created.id }, { actor: t.moenv }), 'NOT_FOUND');
    assert.equal((await call(packageShow, { id: created.id }, { actor: t.moda })).status, 'unpublished');

    const republished = await call(packagePublish, { id: created.id }, { actor: t.moda });
    assert.equal(republished.status, 'published');

    const history = await call(packageHistory, { id: created.id }, { actor: null });
    assert.deepEqual(
      history.map((h) => h.action),
      ['publish', 'unpublish', 'patch', 'update', 'create'],
    );
    assert.deepEqual(history[3]!.changes.title, ['空氣品質監測資料', '空氣品質監測資料（小時值）']);
    assert.deepEqual(history[2]!.changes.remarks, [null, '資料來源：各測站']);
    assert.equal(history[1]!.note, '資料更正中');
    assert.equal(history[0]!.actorId, t.moda.userId);

    await call(packageDelete, { id: created.id }, { actor: t.moda });
    await rejects(call(packageShow, { id: created.id }, { actor: t.moda }), 'NOT_FOUND');
    assert.equal((await call(packageShow, { id: created.id }, { actor: admin })).status, 'deleted');

    const audit = await allTables(opendataDb(t.deps.services.db)).selectFrom('audit_log').select('action').where('subject_id', '=', created.id).orderBy('seq').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['package_create', 'package_update', 'package_patch', 'package_unpublish', 'package_publish', 'package_delete'],
    );
  } finally {
    await t.close();
  }
});

test('invalid metadata gives field errors and writes nothing', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    await rejects(call(packageCreate, { ...datasetInput(), title: '' }, { actor: t.moda }), 'INVALID', ['title']);
    await rejects(call(packageCreate, { ...datasetInput(), notes: 'x'.repeat(20001) }, { actor: t.moda }), 'INVALID', ['notes']);
    await rejects(call(packageCreate, { ...datasetInput(), issued: '2024-02-30' }, { actor: t.moda }), 'INVALID', ['issued']);
    await rejects(call(packageCreate, { ...datasetInput(), update_frequency: 'sometimes' as never }, { actor: t.moda }), 'INVALID', ['update_frequency']);
    await rejects(
      call(packageCreate, datasetInput({ license_id: 'gpl', category: 'nope', charge: 'paid', temporal_start: '2024-05-01', temporal_end: '2024-01-01' }), { actor: t.moda }),
      'INVALID',
      ['license_id', 'category', 'fee', 'temporal_end'],
    );
    await rejects(call(packageCreate, datasetInput({ license_id: 'other' }), { actor: t.moda }), 'INVALID', ['license_url']);
    await rejects(call(packageCreate, datasetInput({ resources: [{ name: 'x' }] }), { actor: t.moda }), 'INVALID', ['resources.0.url']);
    await rejects(call(packageCreate, datasetInput({ name: 'Bad Name!' }), { actor: t.moda }), 'INVALID', ['name']);
    const count = await allTables(opendataDb(t.deps.services.db)).selectFrom('od_datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);

    await call(packageCreate, datasetInput({ name: 'air-quality', identifier: '6075' }), { actor: t.moda });
    await rejects(call(packageCreate, datasetInput({ name: 'air-quality' }), { actor: t.moda }), 'CONFLICT', ['name']);
    await rejects(call(packageCreate, datasetInput({ identifier: '6075' }), { actor: t.moda }), 'CONFLICT', ['identifier']);
    // A generated identifier never collides with an imported one.
    const next = await call(packageCreate, datasetInput(), { actor: t.moda });
    assert.notEqual(next.identifier, '6075');
  } finally {
    await t.close();
  }
});

test('resources: add, change and remove, with formats and history', async () => {
  const t = await opendataPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    const dataset = await call(packageCreate, datasetInput({ resources: [] }), { actor: t.moda });
    assert.deepEqual(dataset.formats, []);
    const { resource } = await call(resourceCreate, { package_id: dataset.id, url: 'https://data.example.gov.tw/aqi.json' }, { actor: t.moda });
    assert.equal(resource.format, 'JSON', 'format guessed from the URL');
    assert.equal(resource.encoding, 'UTF-8');
    await call(resourceCreate, { package_id: dataset.name, url: 'https://data.example.gov.tw/aqi.xml', format: 'xml', encoding: 'big5' }, { actor: t.moda });
    await rejects(call(resourceCreate, { package_id: dataset.id, url: 'https://x.example/a.csv' }, { actor: t.moenv }), 'FORBIDDEN');
    await rejects(call(resourceCreate, { package_id: dataset.id, url: 'javascript:alert(1)' }, { actor: t.moda }), 'INVALID', ['url']);
    const changed = await call(resourceUpdate, { id: resource.id, name: 'JSON 版本' }, { actor: t.moda });
    assert.equal(changed.resource.name, 'JSON 版本');
    assert.deepEqual(changed.dataset.formats, ['JSON', 'XML']);
    await call(resourceDelete, { id: resource.id }, { actor: t.moda });
    const after = await call(packageShow, { id: dataset.id }, { actor: null });
    assert.deepEqual(after.formats, ['XML']);
    assert.equal(after.resources[0]!.position, 0);
    const history = await call(packageHistory, { id: dataset.id }, { actor: null });
    assert.deepEqual(
      history.map((h) => h.action),
      ['resource_delete', 'resource_update', 'resource_create', 'resource_create', 'create'],
    );
  } finally {
    await t.close();
  }
});
