import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentPriority, META_PRIORITY } from './routing.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('comment routing priority (spec §12)', () => {
  it('matches a hand-computed value', () => {
    // A=3, D=1, S=5 → P=1; p_pass = 2/7, p_agree = 4/7; importance = (5/7)·(2+1)·(4/7) = 60/49;
    // novelty = 1 + 8·2^(−1) = 5; priority = (300/49)².
    close(commentPriority(3, 1, 5, 2, false), (300 / 49) ** 2);
  });

  it('an unseen comment with no extremity gets (½·1·½·9)²', () => {
    close(commentPriority(0, 0, 0, 0, false), 2.25 ** 2);
  });

  it('meta comments get 49', () => {
    assert.equal(commentPriority(100, 0, 100, 3, true), META_PRIORITY);
    assert.equal(META_PRIORITY, 49);
  });

  it('novelty fades with views', () => {
    assert.ok(commentPriority(10, 0, 10, 1, false) < commentPriority(1, 0, 1, 1, false));
  });
});
