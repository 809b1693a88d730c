import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silhouette } from './silhouette.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('silhouette (spec §7.3)', () => {
  it('matches a hand-computed value', () => {
    // A = {0, 1}, B = {10, 11} on a line.
    // s(0) = (10.5 − 1)/10.5, s(1) = (9.5 − 1)/9.5, symmetric for B.
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
    close(silhouette(f([0, 1, 10, 11]), f([0, 0, 0, 0]), [0, 0, 1, 1]), expected);
  });

  it('a point alone in its cluster scores 0 but still counts in the mean', () => {
    // A = {0, 2}, B = {10}: s(0) = (10 − 2)/10, s(2) = (8 − 2)/8, s(10) = 0.
    close(silhouette(f([0, 2, 10]), f([0, 0, 0]), [5, 5, 9]), (0.8 + 0.75 + 0) / 3);
  });

  it('a single cluster has no silhouette', () => {
    assert.equal(silhouette(f([0, 1, 2]), f([0, 0, 0]), [1, 1, 1]), -Infinity);
    assert.equal(silhouette(f([]), f([]), []), -Infinity);
  });

  it('coincident points do not produce NaN', () => {
    const s = silhouette(f([0, 0, 0, 0]), f([0, 0, 0, 0]), [0, 0, 1, 1]);
    assert.ok(Number.isFinite(s));
  });
});
