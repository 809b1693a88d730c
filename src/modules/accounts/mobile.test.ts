// Finding 4 of the security review (probe 485): a verified mobile number belongs to one account, and
// code sends are limited per number and per account, not only per address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { admin, createTestApp, type TestApp } from '../../../test/helpers.js';
import { allTables } from '../../../test/all-tables.js';
import { mobileCodeSend, mobileCodeVerify } from './actions/profile.js';
import { userCreate } from './actions/users.js';
import { lastMessage, PASSWORD } from './http/test-support.js';
import { MOBILE_SENDS_PER_ACCOUNT, MOBILE_SENDS_PER_NUMBER } from './model.js';
import { accountsDb } from './tables.js';

async function withApp(run: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

async function citizen(t: TestApp, email: string): Promise<Actor> {
  const { userId } = await t.deps.registry.call(userCreate, { email, password: PASSWORD, role: 'citizen' }, { actor: admin });
  return { userId, role: 'citizen', agencyId: null, emailVerified: true, mobileVerified: false, via: 'session', level: 1 };
}

/** Sends a code to `mobile` for `actor` and reads it from the SMS outbox. */
async function codeFor(t: TestApp, actor: Actor, mobile: string): Promise<string> {
  const { sentTo } = await t.deps.registry.call(mobileCodeSend, { mobile }, { actor });
  return /(\d{6})/.exec((await lastMessage(t, 'sms', sentTo)).body)![1]!;
}

const verifiedWith = async (t: TestApp, mobile: string) =>
  (await allTables(accountsDb(t.deps.services.db)).selectFrom('users').select('id').where('mobile', '=', mobile).where('mobile_verified_at', 'is not', null).execute()).length;

test('finding 4 (probe 485): a number verified on one account cannot verify another', () =>
  withApp(async (t) => {
    const owner = await citizen(t, 'owner@example.tw');
    const other = await citizen(t, 'other@example.tw');
    assert.deepEqual(await t.deps.registry.call(mobileCodeVerify, { code: await codeFor(t, owner, '0912345678') }, { actor: owner }), { ok: true });
    const second = await t.deps.registry.call(mobileCodeVerify, { code: await codeFor(t, other, '+886912345678') }, { actor: other });
    assert.deepEqual(second, { ok: false, reason: 'accounts.mobile_taken' });
    assert.equal(await verifiedWith(t, '0912345678'), 1);
  }));

test('finding 4: two accounts verifying one number at the same moment: exactly one succeeds', () =>
  withApp(async (t) => {
    const actors = [await citizen(t, 'a@example.tw'), await citizen(t, 'b@example.tw'), await citizen(t, 'c@example.tw')];
    const codes: string[] = [];
    for (const actor of actors) codes.push(await codeFor(t, actor, '0933000111'));
    const results = await Promise.allSettled(actors.map((actor, i) => t.deps.registry.call(mobileCodeVerify, { code: codes[i]! }, { actor })));
    const succeeded = results.filter((r) => r.status === 'fulfilled' && r.value.ok).length;
    assert.equal(succeeded, 1, JSON.stringify(results));
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof AppError && r.reason.message === 'accounts.mobile_taken', String(r.reason));
      else if (!r.value.ok) assert.equal(r.value.reason, 'accounts.mobile_taken');
    }
    assert.equal(await verifiedWith(t, '0933000111'), 1);
  }));

test('finding 4: code sends are limited per number across accounts, and per account across numbers', () =>
  withApp(async (t) => {
    const senders = [await citizen(t, 's1@example.tw'), await citizen(t, 's2@example.tw'), await citizen(t, 's3@example.tw')];
    for (let i = 0; i < MOBILE_SENDS_PER_NUMBER; i += 1) await t.deps.registry.call(mobileCodeSend, { mobile: '0955123456' }, { actor: senders[i % 3]! });
    await assert.rejects(t.deps.registry.call(mobileCodeSend, { mobile: '0955123456' }, { actor: senders[2]! }), (e: AppError) => e.code === 'RATE_LIMITED');

    const cycler = await citizen(t, 'cycler@example.tw');
    for (let i = 0; i < MOBILE_SENDS_PER_ACCOUNT; i += 1) await t.deps.registry.call(mobileCodeSend, { mobile: `09660000${10 + i}` }, { actor: cycler });
    await assert.rejects(t.deps.registry.call(mobileCodeSend, { mobile: '0966000099' }, { actor: cycler }), (e: AppError) => e.code === 'RATE_LIMITED');
    // An hour later the windows are over.
    t.clock.advance(3_600_001);
    await t.deps.registry.call(mobileCodeSend, { mobile: '0955123456' }, { actor: cycler });
  }));
