import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestPlatform } from '../../../test/helpers.js';
import { appendAudit, canonicalJson, GENESIS_HASH, hashRecord, keyedHashRecord, verifyAuditChain } from './index.js';
import { checkpointFile, readCheckpoints, writeCheckpoint } from './checkpoints.js';
import { auditKeys } from './keys.js';

const keys = auditKeys('a-test-secret-of-at-least-32-characters!!');

test('canonical JSON does not depend on key order', () => {
  assert.deepEqual(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
});

async function withLog(count: number, work: (t: Awaited<ReturnType<typeof createTestPlatform>>, dataDir: string) => Promise<void>) {
  const t = await createTestPlatform();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opengov-audit-'));
  const { db, dialect } = t.deps.services;
  try {
    for (let i = 0; i < count; i++) {
      await db.transaction().execute((trx) => appendAudit(trx, dialect, t.clock, { actorId: 'u1', action: 'test_action', subjectType: 'thing', subjectId: `t${i}`, data: { i } }, keys));
    }
    await work(t, dataDir);
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
    await t.close();
  }
}

/** What someone with write access to the database but not the key can do: recompute unkeyed hashes. */
async function recomputeFrom(db: Parameters<typeof verifyAuditChain>[0], seq: number, upTo = Infinity) {
  const rows = await (db as never as import('kysely').Kysely<import('../db/types.js').CoreTables>).selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = rows.find((r) => Number(r.seq) === seq - 1)?.hash ?? GENESIS_HASH;
  for (const row of rows.filter((r) => Number(r.seq) >= seq && Number(r.seq) <= upTo)) {
    const hash = hashRecord({ ...row, seq: Number(row.seq), prev_hash: prev });
    await (db as never as import('kysely').Kysely<import('../db/types.js').CoreTables>).updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
    prev = hash;
  }
}

test('the audit chain verifies, and a tampered, deleted or re-linked record is found', () =>
  withLog(5, async (t, dataDir) => {
    const { db } = t.deps.services;
    assert.deepEqual(await verifyAuditChain(db, keys, await readCheckpoints(dataDir)), { ok: true, checked: 5, checkpoints: 0 });
    assert.match((await db.selectFrom('audit_log').select('hash').where('seq', '=', 1).executeTakeFirstOrThrow()).hash, /^k1:[0-9a-f]{64}$/);

    await db.updateTable('audit_log').set({ data: '{"i":99}' }).where('seq', '=', 3).execute();
    const tampered = await verifyAuditChain(db, keys);
    assert.equal(tampered.ok, false);
    assert.equal(tampered.firstBroken?.seq, 3);
    assert.match(tampered.firstBroken!.reason, /content/);

    await db.updateTable('audit_log').set({ data: '{"i":2}' }).where('seq', '=', 3).execute();
    assert.equal((await verifyAuditChain(db, keys)).ok, true);

    await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    const deleted = await verifyAuditChain(db, keys);
    assert.equal(deleted.firstBroken?.seq, 4);
    assert.match(deleted.firstBroken!.reason, /missing/);
  }));

test('probe 535: truncating the tail is found by the signed checkpoint', () =>
  withLog(30, async (t, dataDir) => {
    const { db } = t.deps.services;
    const checkpoint = await writeCheckpoint(db, keys, dataDir, t.clock);
    assert.equal(checkpoint?.seq, 30);
    assert.equal((await writeCheckpoint(db, keys, dataDir, t.clock))?.at, checkpoint!.at, 'an unchanged head is not signed twice');
    assert.deepEqual(await verifyAuditChain(db, keys, await readCheckpoints(dataDir)), { ok: true, checked: 30, checkpoints: 1 });
    await db.deleteFrom('audit_log').where('seq', '>', 10).execute();
    const result = await verifyAuditChain(db, keys, await readCheckpoints(dataDir));
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, 11);
    assert.match(result.firstBroken!.reason, /missing.*truncated/);
  }));

test('probe 536: a rewrite with every later hash recomputed is found (keyed hashes), even of pre-checkpoint records', () =>
  withLog(20, async (t, dataDir) => {
    const { db } = t.deps.services;
    await writeCheckpoint(db, keys, dataDir, t.clock);
    await db.updateTable('audit_log').set({ data: '{"i":"rewritten"}' }).where('seq', '=', 15).execute();
    await recomputeFrom(db, 15);
    const result = await verifyAuditChain(db, keys, await readCheckpoints(dataDir));
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, 15);
    assert.match(result.firstBroken!.reason, /content/);
    // Recomputed with a guessed key: the hashes hold for that key, not for the platform's.
    const other = auditKeys('another-secret-of-at-least-32-characters');
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const hash = keyedHashRecord({ ...row, seq: Number(row.seq), prev_hash: prev }, other);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
      prev = hash;
    }
    assert.equal((await verifyAuditChain(db, other)).ok, true);
    assert.equal((await verifyAuditChain(db, keys, await readCheckpoints(dataDir))).firstBroken?.seq, 1);
  }));

test('probe 537: an appended, correctly chained forged record is found', () =>
  withLog(5, async (t) => {
    const { db } = t.deps.services;
    const head = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const forged = { seq: 6, id: 'forged', at: t.clock.now().toISOString(), actor_id: 'attacker', action: 'package_publish', subject_type: 'dataset', subject_id: 'x', data: '{}', prev_hash: head.hash };
    // Chained with the unkeyed hash (all an attacker can compute), and with a keyed-looking one.
    await db.insertInto('audit_log').values({ ...forged, hash: hashRecord(forged) }).execute();
    const plain = await verifyAuditChain(db, keys);
    assert.deepEqual([plain.ok, plain.firstBroken?.seq], [false, 6]);
    await db.updateTable('audit_log').set({ hash: `k1:${hashRecord(forged)}` }).where('seq', '=', 6).execute();
    const lookalike = await verifyAuditChain(db, keys);
    assert.deepEqual([lookalike.ok, lookalike.firstBroken?.seq], [false, 6]);
  }));

test('existing unkeyed chains still verify and are anchored by the first keyed record; a forged checkpoint is refused', () =>
  withLog(0, async (t, dataDir) => {
    const { db, dialect } = t.deps.services;
    // Three records as the log wrote them before keyed hashes.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, id: `old-${seq}`, at: t.clock.now().toISOString(), actor_id: null, action: 'old', subject_type: 'thing', subject_id: null, data: '{}', prev_hash: prev };
      prev = hashRecord(row);
      await db.insertInto('audit_log').values({ ...row, hash: prev }).execute();
    }
    assert.equal((await verifyAuditChain(db, keys)).ok, true);
    await db.transaction().execute((trx) => appendAudit(trx, dialect, t.clock, { actorId: null, action: 'new', subjectType: 'thing' }, keys));
    assert.deepEqual(await verifyAuditChain(db, keys), { ok: true, checked: 4, checkpoints: 0 });
    // Rewriting an old record and recomputing the old hashes breaks the link of the first keyed record.
    await writeCheckpoint(db, keys, dataDir, t.clock);
    await db.updateTable('audit_log').set({ action: 'rewritten' }).where('seq', '=', 2).execute();
    await recomputeFrom(db, 2, 3);
    const result = await verifyAuditChain(db, keys);
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, 4);
    // Turning the keyed record into an unkeyed one too (a downgrade) passes the chain, not the checkpoint.
    await recomputeFrom(db, 2);
    assert.equal((await verifyAuditChain(db, keys)).ok, true);
    const downgraded = await verifyAuditChain(db, keys, await readCheckpoints(dataDir));
    assert.deepEqual([downgraded.ok, downgraded.firstBroken?.seq], [false, 4]);
    assert.match(downgraded.firstBroken!.reason, /rewritten/);

    // A checkpoint line not signed by the platform's key is reported.
    await fs.mkdir(path.dirname(checkpointFile(dataDir)), { recursive: true });
    await fs.writeFile(checkpointFile(dataDir), `${JSON.stringify({ seq: 1, hash: 'x', at: 'now', key: 'k1', signature: 'AAAA' })}\n`);
    assert.match((await verifyAuditChain(db, keys, await readCheckpoints(dataDir))).firstBroken?.reason ?? '', /link|signature/);
  }));

test('concurrent appends keep one unbroken chain', async () => {
  const t = await createTestPlatform();
  const { db, dialect } = t.deps.services;
  try {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute((trx) => appendAudit(trx, dialect, t.clock, { actorId: null, action: 'race', subjectType: 'thing', data: { i } }, keys)),
      ),
    );
    const result = await verifyAuditChain(db, keys);
    assert.deepEqual(result, { ok: true, checked: 20, checkpoints: 0 });
    const { rows } = await sql<{ n: number }>`select count(distinct prev_hash) as n from audit_log`.execute(db);
    assert.equal(Number(rows[0]!.n), 20);
  } finally {
    await t.close();
  }
});
