import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acrFor, levelFor, levelOfAcr, requireLevel } from './assurance.js';
import { AppError } from './errors.js';
import { systemActor, type Actor } from './actor.js';

const verified = { emailVerified: true, mobileVerified: true };

test('levels from the methods of the trust specification', () => {
  assert.equal(levelFor({ methods: ['pwd'], ...verified }), 1);
  assert.equal(levelFor({ methods: ['pwd', 'sms', 'mfa'], ...verified }), 2);
  assert.equal(levelFor({ methods: ['pwd', 'hwk', 'mfa'], ...verified }), 2);
  // A user-verified passkey alone: level 2 only with verified e-mail and mobile.
  assert.equal(levelFor({ methods: ['hwk', 'user'], ...verified }), 2);
  assert.equal(levelFor({ methods: ['hwk', 'user'], emailVerified: true, mobileVerified: false }), 1);
  assert.equal(levelFor({ methods: ['hwk'], ...verified }), 1);
  // Two codes to the same phone are one factor.
  assert.equal(levelFor({ methods: ['sms', 'otp'], ...verified }), 1);
  assert.equal(acrFor({ methods: ['pwd', 'sms'], ...verified }), 'urn:opengov:loa:2');
});

test('acr values name levels; anything else is unknown', () => {
  assert.equal(levelOfAcr('urn:opengov:loa:3'), 3);
  assert.equal(levelOfAcr('urn:opengov:loa:4'), undefined);
  assert.equal(levelOfAcr(''), undefined);
});

test('requireLevel answers STEP_UP_REQUIRED naming the level, or UNAUTHENTICATED without an actor', () => {
  const low: Actor = { userId: 'u', role: 'citizen', agencyId: null, emailVerified: true, mobileVerified: true, via: 'session', level: 1 };
  assert.equal(requireLevel({ ...low, level: 2 }, 2), true);
  assert.equal(requireLevel(systemActor(), 3), true);
  assert.throws(
    () => requireLevel(low, 2),
    (e) => e instanceof AppError && e.code === 'STEP_UP_REQUIRED' && e.status === 403 && e.params.level === 2 && e.params.acr === 'urn:opengov:loa:2',
  );
  assert.throws(() => requireLevel(null, 1), (e) => e instanceof AppError && e.code === 'UNAUTHENTICATED');
});
