// Which nationality counts (issue 11, item 6): declared counts below level 3; at level 3 only verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eligibleNationality, endorserGaps, PETITIONS_REQUIRED_LEVEL } from './policy.js';

test('nationality: declared counts below level 3, verified at any level, ineligible values never', () => {
  assert.equal(PETITIONS_REQUIRED_LEVEL, 2, 'proposing and endorsing need level 2 today (trust.md defaults)');
  assert.equal(eligibleNationality('roc', false, 2), true);
  assert.equal(eligibleNationality('residence_permit', false, 2), true);
  assert.equal(eligibleNationality('roc', false, 3), false, 'a declared nationality does not count at level 3');
  assert.equal(eligibleNationality('roc', true, 3), true);
  assert.equal(eligibleNationality('other', true, 3), false);
  assert.equal(eligibleNationality(null, false, 1), false);
  const endorser = { email_verified_at: 'x', mobile_verified_at: 'x', nationality: 'roc', nationality_verified_at: null };
  assert.deepEqual(endorserGaps(endorser, true), []);
  assert.deepEqual(endorserGaps(endorser, true, 3), ['nationality']);
  assert.deepEqual(endorserGaps({ ...endorser, nationality_verified_at: '2026-12-03T00:00:00.000Z' }, true, 3), []);
});
