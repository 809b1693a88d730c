import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consensus, groupAwareConsensus } from './consensus.js';
import type { Tallies } from './tallies.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

function tallies(sets: [agree: number, disagree: number, seen: number][][]): Tallies {
  const nSets = sets.length;
  const nCols = sets[0]?.length ?? 0;
  const t: Tallies = { nSets, nCols, agree: new Int32Array(nSets * nCols), disagree: new Int32Array(nSets * nCols), seen: new Int32Array(nSets * nCols) };
  sets.forEach((cols, s) =>
    cols.forEach(([a, d, n], j) => {
      t.agree[s * nCols + j] = a;
      t.disagree[s * nCols + j] = d;
      t.seen[s * nCols + j] = n;
    }),
  );
  return t;
}

describe('consensus (spec §10)', () => {
  it('matches hand-computed values and filters', () => {
    // comment 10: 8 agree of 10 → pa = 9/12, pat = 2·sqrt(11)·(9/11 − 1/2) = 7·sqrt(11)/11
    // comment 11: 3 agree of 10 → not agree-consensus
    // comment 12: 9 disagree of 10 → disagree consensus, pd = 10/12
    // comment 13: unanimous but moderated out
    const all = tallies([[[8, 1, 10], [3, 5, 10], [0, 9, 10], [10, 0, 10]]]);
    const c = consensus(all, [10, 11, 12, 13], Uint8Array.of(0, 0, 0, 1));
    assert.deepEqual(c.agree.map((e) => e.commentId), [10]);
    close(c.agree[0].pSuccess, 0.75);
    close(c.agree[0].pTest, (7 * Math.sqrt(11)) / 11);
    assert.equal(c.agree[0].nSuccess, 8);
    assert.equal(c.agree[0].nTrials, 10);
    assert.deepEqual(c.disagree.map((e) => e.commentId), [12]);
    close(c.disagree[0].pSuccess, 10 / 12);
  });

  it('keeps the top 5 by p·z', () => {
    // All seven pass (pat ≥ 2·sqrt(31)·(20/31 − 1/2) > 1.2816); ranked by agree count.
    const cols: [number, number, number][] = [20, 25, 21, 27, 22, 24, 19].map((a) => [a, 0, 30]);
    const c = consensus(tallies([cols]), [0, 1, 2, 3, 4, 5, 6], new Uint8Array(7));
    assert.deepEqual(c.agree.map((e) => e.commentId), [3, 1, 5, 4, 2]);
    assert.deepEqual(c.disagree, []);
  });

  it('small samples are not significant', () => {
    // 6 agree of 10: pa = 7/12 > 0.5 but pat = 2·sqrt(11)·(7/11 − 1/2) ≈ 0.90 < 1.2816.
    const c = consensus(tallies([[[6, 0, 10]]]), [0], new Uint8Array(1));
    assert.deepEqual(c.agree, []);
    const none = consensus(tallies([[[0, 0, 0]]]), [0], new Uint8Array(1));
    assert.deepEqual(none, { agree: [], disagree: [] });
  });
});

describe('group-aware consensus (spec §11)', () => {
  it('multiplies smoothed agreement over groups', () => {
    // group 0: 3 agree of 4 → 4/6; group 1: 1 agree of 2 → 2/4
    const gac = groupAwareConsensus(tallies([[[3, 1, 4]], [[1, 1, 2]]]), [42]);
    assert.equal(gac.length, 1);
    assert.equal(gac[0].commentId, 42);
    close(gac[0].value, (4 / 6) * (2 / 4));
    close(gac[0].geometricMean, Math.sqrt((4 / 6) * (2 / 4)));
  });

  it('is empty without groups', () => {
    assert.deepEqual(groupAwareConsensus({ nSets: 0, nCols: 2, agree: new Int32Array(0), disagree: new Int32Array(0), seen: new Int32Array(0) }, [1, 2]), []);
  });
});
