// One verified person ↔ one account, on both engines (npm test, npm run test:pg): refusals leave
// nothing written, concurrent claims settle on the unique keys, the national id is never stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers.js';
import { allTables } from '../../../test/all-tables.js';
import { accountOfPerson, bindPerson, verifiedAttributes, type VerifiedPerson } from './bindings.js';
import { signedInPerson } from './test/support.js';
import { participantFacts } from '../accounts/manifest.js';
import { actorFor } from '../../../test/helpers.js';

const person = (nationalId: string, nationality: VerifiedPerson['nationality'] = 'roc'): VerifiedPerson => ({ nationalId, nationality, residence: 'TW-TPE' });

let mobiles = 0;

/** Accounts with distinct verified mobile numbers (a verified number belongs to one account). */
async function accounts(t: TestPlatform, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await signedInPerson(t.deps.services.db, t.clock.now(), { mobile: `09${String(10_000_000 + (mobiles += 1))}` })).userId);
  return ids;
}

test('bind: first claim binds, the same claim renews, a second account or a second person is refused', async () => {
  const t = await createTestPlatform();
  try {
    const { db } = t.deps.services;
    const secret = t.config.secret;
    const [a, b] = await accounts(t, 2);
    const now = t.clock.now();

    assert.deepEqual(await bindPerson(db, secret, { person: person('A123456789'), userId: a!, source: 'certificate', now }), { bound: true, created: true });
    assert.equal(await accountOfPerson(db, secret, 'a 123456789'), a, 'the id is normalised (case, spaces)');
    assert.equal(await accountOfPerson(db, secret, 'B123456789'), undefined);

    t.clock.advance(60_000);
    const renewed = await bindPerson(db, secret, { person: { nationalId: 'A123456789', nationality: 'roc', residence: 'TW-KHH' }, userId: a!, source: 'federation', now: t.clock.now() });
    assert.deepEqual(renewed, { bound: true, created: false });
    const attributes = await verifiedAttributes(db, a!);
    assert.equal(attributes?.residence, 'TW-KHH');
    assert.equal(attributes?.source, 'federation');
    assert.equal(attributes?.boundAt, now.toISOString());
    assert.equal(attributes?.verifiedAt, t.clock.now().toISOString());
    const facts = await participantFacts(db, a!);
    assert.deepEqual([facts?.nationality, facts?.nationalityVerified], ['roc', true], 'the account holds the verified nationality');

    // Verified: no longer the person's to change (a blank from the page changes nothing).
    const actor = { actor: actorFor({ id: a!, role: 'citizen' }) };
    await assert.rejects(t.deps.registry.call('me_update', { nationality: 'other' }, actor), (e: Error & { fields?: { message: string }[] }) => e.fields?.[0]?.message === 'accounts.nationality_verified');
    const unchanged = (await t.deps.registry.call('me_update', { nationality: null, nickname: '小明' }, actor)) as { nationality: string; nationalityVerified: boolean; residence: string };
    assert.deepEqual([unchanged.nationality, unchanged.nationalityVerified, unchanged.residence], ['roc', true, 'TW-KHH']);

    assert.deepEqual(await bindPerson(db, secret, { person: person('A123456789'), userId: b!, source: 'certificate', now }), {
      bound: false,
      reason: 'person_bound_to_another_account',
    });
    assert.deepEqual(await bindPerson(db, secret, { person: person('C123456789'), userId: a!, source: 'certificate', now }), {
      bound: false,
      reason: 'account_bound_to_another_person',
    });
    assert.equal(await verifiedAttributes(db, b!), undefined, 'the refused account holds nothing');
    assert.equal(await accountOfPerson(db, secret, 'C123456789'), undefined, 'the refused person is bound to nobody');

    const rows = await allTables(db).selectFrom('identity_person_bindings').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.doesNotMatch(JSON.stringify(rows), /123456789/, 'the national id is not stored');

    await allTables(db).updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', a!).execute();
    assert.equal(await accountOfPerson(db, secret, 'A123456789'), undefined, 'a deleted account holds no one');
    assert.deepEqual(await bindPerson(db, secret, { person: person('A123456789'), userId: b!, source: 'certificate', now }), { bound: true, created: true });
    assert.equal(await accountOfPerson(db, secret, 'A123456789'), b, 'the person moved to the live account');
  } finally {
    await t.close();
  }
});

test('bind: concurrent claims, each in its own transaction, leave exactly one binding per person and per account', async () => {
  const t = await createTestPlatform();
  try {
    const { db } = t.deps.services;
    const secret = t.config.secret;
    const now = t.clock.now();
    const claimants = await accounts(t, 6);

    const onePerson = await Promise.all(
      claimants.map((userId) => db.transaction().execute((trx) => bindPerson(trx, secret, { person: person('D223456789'), userId, source: 'certificate', now }))),
    );
    assert.equal(onePerson.filter((o) => o.bound).length, 1, 'one account wins the person');
    assert.ok(onePerson.every((o) => o.bound || o.reason === 'person_bound_to_another_account'));
    const winner = claimants[onePerson.findIndex((o) => o.bound)];
    assert.equal(await accountOfPerson(db, secret, 'D223456789'), winner);

    const loser = claimants.find((id) => id !== winner)!;
    const oneAccount = await Promise.all(
      ['E123456789', 'F123456789', 'G123456789', 'H123456789'].map((nationalId) =>
        db.transaction().execute((trx) => bindPerson(trx, secret, { person: person(nationalId), userId: loser, source: 'federation', now })),
      ),
    );
    assert.equal(oneAccount.filter((o) => o.bound).length, 1, 'the account takes one person');
    assert.ok(oneAccount.every((o) => o.bound || o.reason === 'account_bound_to_another_person'));
    const rows = await allTables(db).selectFrom('identity_person_bindings').select(['user_id']).execute();
    assert.equal(rows.length, 2);
  } finally {
    await t.close();
  }
});
