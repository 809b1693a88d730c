// The signed checkpoint of the audit log's head is public: a page and JSON anyone can check with the
// public key shown beside it (security review probes 535-537; core/audit/checkpoints.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { createTestApp } from '../../../test/helpers.js';
import { checkpointMessage, writeCheckpoint } from '../../core/audit/checkpoints.js';
import { auditKeys } from '../../core/audit/keys.js';
import { agencyCreate } from '../agencies/manifest.js';
import { systemActor } from '../../core/actor.js';

test('the public audit checkpoint page and JSON show the signed head, checkable with the published key', async () => {
  const t = await createTestApp();
  try {
    const { services } = t.deps;
    const empty = await t.app.inject({ url: '/audit/checkpoint?lang=en' });
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /There is no checkpoint yet/);
    await t.deps.registry.call(agencyCreate, { code: 'cp', nameZh: '檢查點', nameEn: 'Checkpoint', kind: 'central' }, { actor: systemActor('cli') });
    const written = await writeCheckpoint(services.db, auditKeys(services.config.secret), services.config.dataDir, services.clock);
    const json = (await t.app.inject({ url: '/audit/checkpoint.json' })).json();
    assert.deepEqual(json.checkpoint, written);
    assert.match(json.checkpoint.hash, /^k1:/);
    assert.ok(verify(null, checkpointMessage(json.checkpoint), createPublicKey(json.publicKey), Buffer.from(json.checkpoint.signature, 'base64url')));
    const page = await t.app.inject({ url: '/audit/checkpoint' });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(written!.hash));
    assert.ok(page.body.includes(written!.signature));
  } finally {
    await t.close();
  }
});
