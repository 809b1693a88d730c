import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestPlatform } from '../../../test/helpers.js';
import { appendAudit, canonicalJson, verifyAuditChain } from './index.js';

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
});

test('the audit chain verifies, and a tampered, deleted or re-linked record is found', async () => {
  const t = await createTestPlatform();
  const { db, dialect } = t.deps.services;
  try {
    for (let i = 0; i < 5; i++) {
      await db.transaction().execute((trx) => appendAudit(trx, dialect, t.clock, { actorId: 'u1', action: 'test_action', subjectType: 'thing', subjectId: `t${i}`, data: { i } }));
    }
    assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 5 });

    await db.updateTable('audit_log').set({ data: '{"i":99}' }).where('seq', '=', 3).execute();
    const tampered = await verifyAuditChain(db);
    assert.equal(tampered.ok, false);
    assert.equal(tampered.firstBroken?.seq, 3);
    assert.match(tampered.firstBroken!.reason, /content/);

    await db.updateTable('audit_log').set({ data: '{"i":2}' }).where('seq', '=', 3).execute();
    assert.equal((await verifyAuditChain(db)).ok, true);

    await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    const deleted = await verifyAuditChain(db);
    assert.equal(deleted.firstBroken?.seq, 4);
    assert.match(deleted.firstBroken!.reason, /missing/);
  } finally {
    await t.close();
  }
});

test('concurrent appends keep one unbroken chain', async () => {
  const t = await createTestPlatform();
  const { db, dialect } = t.deps.services;
  try {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute((trx) => appendAudit(trx, dialect, t.clock, { actorId: null, action: 'race', subjectType: 'thing', data: { i } })),
      ),
    );
    const result = await verifyAuditChain(db);
    assert.deepEqual(result, { ok: true, checked: 20 });
    const { rows } = await sql<{ n: number }>`select count(distinct prev_hash) as n from audit_log`.execute(db);
    assert.equal(Number(rows[0]!.n), 20);
  } finally {
    await t.close();
  }
});
