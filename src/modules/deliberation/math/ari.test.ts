import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustedRandIndex } from './ari.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('adjustedRandIndex', () => {
  it('is 1 for identical partitions, whatever the label names', () => {
    close(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2]), 1);
    close(adjustedRandIndex([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c']), 1);
  });

  it('matches hand-computed values', () => {
    // [0,0,1,1] vs [0,0,1,2]: pairs together in both = 1, row pairs 2, column pairs 1, of 6;
    // expected 2·1/6 = 1/3, max (2 + 1)/2 = 1.5 → (1 − 1/3)/(1.5 − 1/3) = 4/7.
    close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 4 / 7);
    // [0,0,1,1] vs [0,1,0,1]: together in both 0, row pairs 2, column pairs 2, expected 4/6, max 2
    // → (0 − 2/3)/(2 − 2/3) = −1/2.
    close(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
  });

  it('is 0 when one partition is trivial and the other is not', () => {
    close(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  });

  it('handles tiny inputs and rejects mismatched lengths', () => {
    close(adjustedRandIndex([], []), 1);
    close(adjustedRandIndex([3], [7]), 1);
    assert.throws(() => adjustedRandIndex([1, 2], [1]), RangeError);
  });
});
