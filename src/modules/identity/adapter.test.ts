// The provider's storage adapter on the platform database (both engines: npm test, npm run test:pg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform } from '../../../test/helpers.js';
import { pruneExpiredRecords, recordsAdapter } from './adapter.js';

test('records: upsert replaces, expiry hides, consume marks, lookups by uid and user code, revoke by grant, prune', async () => {
  const t = await createTestPlatform();
  try {
    const { db } = t.deps.services;
    const Adapter = recordsAdapter({ db, clock: t.clock, secret: t.config.secret });
    const codes = new Adapter('AuthorizationCode');
    const sessions = new Adapter('Session');
    const grants = new Adapter('Grant');

    await codes.upsert('c1', { grantId: 'g1', accountId: 'u1' }, 60);
    await codes.upsert('c1', { grantId: 'g1', accountId: 'u2' }, 60);
    assert.equal((await codes.find('c1'))?.accountId, 'u2', 'upsert replaces');
    assert.equal(await sessions.find('c1'), undefined, 'ids are per model');

    await codes.consume('c1');
    assert.ok((await codes.find('c1'))?.consumed, 'a consumed code says so');

    await sessions.upsert('s1', { uid: 'uid-1', accountId: 'u1' }, 3600);
    assert.equal((await sessions.findByUid('uid-1'))?.accountId, 'u1');
    await new Adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH' }, 600);
    assert.ok(await new Adapter('DeviceCode').findByUserCode('ABCD-EFGH'));

    await grants.upsert('g1', { accountId: 'u1', clientId: 'c' }, 3600);
    await new Adapter('AccessToken').upsert('a1', { grantId: 'g1' }, 600);
    await new Adapter('AccessToken').revokeByGrantId('g1');
    assert.equal(await codes.find('c1'), undefined, 'every record of the grant is gone');
    assert.equal(await grants.find('g1'), undefined, 'the grant itself too');
    assert.ok(await sessions.find('s1'), 'records of other grants stay');

    t.clock.advance(61 * 60_000);
    assert.equal(await sessions.find('s1'), undefined, 'an expired record is not found');
    assert.ok((await pruneExpiredRecords(db, t.clock.now())) >= 2);

    await sessions.upsert('s2', { accountId: 'u1' }, 0);
    t.clock.advance(365 * 86_400_000);
    assert.ok(await sessions.find('s2'), 'no expiry given: kept');
    await sessions.destroy('s2');
    assert.equal(await sessions.find('s2'), undefined);
  } finally {
    await t.close();
  }
});
