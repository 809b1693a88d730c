import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyAction } from '../../core/action.js';
import { admin, createTestPlatform, type TestPlatform } from '../../../test/helpers.js';
import { agencyCreate } from '../agencies/manifest.js';
import { adminOverview, auditList, auditVerify, HASH_PREFIX_LENGTH, outboxList } from './actions.js';

let t: TestPlatform;
const call = <A extends AnyAction>(action: A, input: unknown) => t.deps.registry.call(action, input, { actor: admin });

before(async () => {
  t = await createTestPlatform();
  const { db } = t.deps.services;
  for (let i = 1; i <= 7; i += 1) {
    await t.deps.services.mail.queue(db, { to: `person${i}@test.tw`, subject: `Subject ${i}`, text: `Body ${i}` });
    t.clock.advance(1000);
  }
  await t.deps.services.sms.queue(db, '0912000111', 'Code 123456');
  for (const code of ['aa', 'bb', 'cc']) {
    await call(agencyCreate, { code, nameZh: `測試${code}`, nameEn: `Test ${code}`, kind: 'central' });
    t.clock.advance(1000);
  }
});

after(async () => {
  await t?.close();
});

describe('outbox_list', () => {
  test('pages newest first and filters by channel and status', async () => {
    const first = await call(outboxList, { pageSize: 3 });
    assert.equal(first.total, 8);
    assert.deepEqual(first.messages.map((m) => m.recipient), ['0912000111', 'person7@test.tw', 'person6@test.tw']);
    const third = await call(outboxList, { pageSize: 3, page: 3 });
    assert.deepEqual(third.messages.map((m) => m.recipient), ['person2@test.tw', 'person1@test.tw']);
    const sms = await call(outboxList, { channel: 'sms' });
    assert.equal(sms.total, 1);
    assert.equal(sms.messages[0]!.body, 'Code 123456');
    assert.equal((await call(outboxList, { status: 'sent' })).total, 0);
    assert.equal((await call(outboxList, { status: 'pending', channel: 'email' })).total, 7);
  });

  test('rejects an unknown channel', async () => {
    await assert.rejects(call(outboxList, { channel: 'fax' }), { code: 'INVALID' });
  });
});

describe('audit_list and audit_verify', () => {
  test('lists newest first with a hash prefix, the actor and the filter choices', async () => {
    const list = await call(auditList, {});
    assert.equal(list.total, 3);
    assert.deepEqual(list.records.map((r) => r.seq), [3, 2, 1]);
    assert.equal(list.records[0]!.hashPrefix.length, HASH_PREFIX_LENGTH);
    assert.equal(list.records[0]!.actorId, 'system');
    assert.equal(list.records[0]!.subjectType, 'agency');
    assert.match(list.records[0]!.data, /"code":"cc"/);
    assert.deepEqual(list.actions, ['agency_create']);
    assert.deepEqual(list.subjectTypes, ['agency']);
    assert.equal((await call(auditList, { action: 'user_set_role' })).total, 0);
    assert.deepEqual((await call(auditList, { upTo: 2 })).records.map((r) => r.seq), [2, 1]);
  });

  test('verify finds the first broken record, and the overview counts', async () => {
    assert.deepEqual(await call(auditVerify, {}), { ok: true, checked: 3, checkpoints: 0 });
    await t.deps.services.db.updateTable('audit_log').set({ action: 'agency_delete' }).where('seq', '=', 2).execute();
    const result = await call(auditVerify, {});
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, 2);
    assert.equal(result.checked, 1);
    assert.deepEqual(await call(adminOverview, {}), { outbox: { pending: 8, sent: 0, failed: 0 }, auditRecords: 3 });
  });
});
