import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSignificant, smoothedProportion, z1, z2 } from './stats.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('comment statistics (spec §8.2)', () => {
  it('smoothed proportion adds 1 and 2', () => {
    close(smoothedProportion(4, 5), 5 / 7);
    close(smoothedProportion(0, 0), 1 / 2);
  });

  it('one-proportion test', () => {
    // 2·sqrt(6)·(5/6 − 1/2) = 2·sqrt(6)/3
    close(z1(4, 5), (2 * Math.sqrt(6)) / 3);
    close(z1(0, 5), (-2 * Math.sqrt(6)) / 3);
    close(z1(0, 0), 1); // 2·1·(1 − 1/2)
  });

  it('two-proportion test', () => {
    // s' = 5, 1; n' = 6, 5; p1 − p2 = 5/6 − 1/5 = 19/30; pooled 6/11;
    // variance (6/11)(5/11)(1/6 + 1/5) = 1/11 → 19·sqrt(11)/30.
    close(z2(4, 0, 5, 4), (19 * Math.sqrt(11)) / 30);
    close(z2(0, 4, 4, 5), (-19 * Math.sqrt(11)) / 30);
    // pooled proportion 1 → 0 rather than a division by zero
    assert.equal(z2(3, 2, 3, 2), 0);
  });

  it('significance is one-sided at 90 %', () => {
    assert.equal(isSignificant(1.2817), true);
    assert.equal(isSignificant(1.2816), false);
    assert.equal(isSignificant(-5), false);
  });
});
