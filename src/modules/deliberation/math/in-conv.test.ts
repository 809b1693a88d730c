import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateInConv } from './in-conv.js';

const members = (flags: Uint8Array): number[] => [...flags.keys()].filter((r) => flags[r] === 1);

describe('in-conv participants (spec §3)', () => {
  it('admits participants with at least min(7, n_cmts) votes', () => {
    const counts = Int32Array.from({ length: 20 }, (_, r) => (r < 16 ? 7 : 6));
    assert.deepEqual(members(updateInConv(new Uint8Array(0), counts, 50)), [...Array(16).keys()]);
    // With only 3 comments, 3 votes suffice.
    const few = Int32Array.from({ length: 20 }, (_, r) => (r % 2 === 0 ? 3 : 2));
    assert.equal(members(updateInConv(new Uint8Array(0), few, 3)).length, 15); // 10 + greedy fill
  });

  it('fills greedily up to 15 by vote count, ties in row order', () => {
    const counts = Int32Array.from([1, 5, 2, 5, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4]);
    const inConv = updateInConv(new Uint8Array(0), counts, 100);
    assert.deepEqual(members(inConv), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17]);
  });

  it('everyone is in with 15 voters or fewer', () => {
    assert.equal(members(updateInConv(new Uint8Array(0), Int32Array.from([1, 1, 1]), 40)).length, 3);
  });

  it('is sticky: nobody leaves', () => {
    const counts = Int32Array.from({ length: 30 }, (_, r) => (r < 20 ? 8 : 1));
    const previous = new Uint8Array(25);
    previous[22] = 1;
    const inConv = updateInConv(previous, counts, 40);
    assert.deepEqual(members(inConv), [...Array(20).keys(), 22]);
  });
});
