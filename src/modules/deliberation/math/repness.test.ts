import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VoteMatrix } from './matrix.js';
import { finalizeRepness, representativeComments, repnessStats, selectRepresentative, type RepnessStats } from './repness.js';
import { tally } from './tallies.js';
import type { VoteInput } from './types.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

/** Builds group tallies from explicit votes; group of participant = groupOf[participantId]. */
function groupTallies(votes: VoteInput[], groupOf: number[], nGroups: number) {
  const m = new VoteMatrix();
  m.addVotes(votes);
  const csr = m.commit();
  const slot = Int32Array.from(m.participantIds, (pid) => groupOf[pid]);
  return { tallies: tally(csr, slot, nGroups, m.nCols), commentIds: m.commentIds };
}

describe('repness (spec §9)', () => {
  // Comment 7: group 0 (participants 0–4) 4 agree + 1 pass; group 1 (5–8) 3 disagree + 1 pass.
  const votes: VoteInput[] = [
    ...[0, 1, 2, 3].map((p) => ({ participantId: p, commentId: 7, vote: 1 as const })),
    { participantId: 4, commentId: 7, vote: 0 },
    ...[5, 6, 7].map((p) => ({ participantId: p, commentId: 7, vote: -1 as const })),
    { participantId: 8, commentId: 7, vote: 0 },
  ];
  const groupOf = [0, 0, 0, 0, 0, 1, 1, 1, 1];

  it('computes the §9.1 statistics by hand', () => {
    const s = repnessStats(4, 0, 5, 0, 3, 4);
    close(s.pa, 5 / 7);
    close(s.pd, 1 / 7);
    close(s.pat, (2 * Math.sqrt(6)) / 3);
    close(s.pdt, (-2 * Math.sqrt(6)) / 3);
    close(s.ra, 5 / 7 / (1 / 6)); // rest agree share (0+1)/(4+2)
    close(s.rd, 1 / 7 / (4 / 6)); // rest disagree share (3+1)/(4+2)
    close(s.rat, (19 * Math.sqrt(11)) / 30);
    close(s.rdt, (-19 * Math.sqrt(11)) / 30);
  });

  it('finalises in the direction of the larger two-proportion z (§9.2)', () => {
    const agree = finalizeRepness(7, repnessStats(4, 0, 5, 0, 3, 4));
    assert.equal(agree.direction, 'agree');
    assert.equal(agree.nSuccess, 4);
    assert.equal(agree.nTrials, 5);
    close(agree.metric, (30 / 7) * ((19 * Math.sqrt(11)) / 30) * (5 / 7) * ((2 * Math.sqrt(6)) / 3));
    const disagree = finalizeRepness(7, repnessStats(0, 3, 4, 4, 0, 5));
    assert.equal(disagree.direction, 'disagree');
    assert.equal(disagree.nSuccess, 3);
    close(disagree.pSuccess, 4 / 6);
  });

  it('selects per group on a tiny matrix', () => {
    const { tallies, commentIds } = groupTallies(votes, groupOf, 2);
    const [g0, g1] = representativeComments(tallies, commentIds, new Uint8Array(1));
    // Group 0: significant agree and the best-agree comment.
    assert.equal(g0.length, 1);
    assert.equal(g0[0].commentId, 7);
    assert.equal(g0[0].direction, 'agree');
    assert.equal(g0[0].bestAgree, true);
    close(g0[0].repnessTest, (19 * Math.sqrt(11)) / 30);
    // Group 1: pdt = 2·sqrt(5)·(4/5 − 1/2) > 1.2816 and rdt > 1.2816 → disagree; no best agree.
    assert.equal(g1.length, 1);
    assert.equal(g1[0].direction, 'disagree');
    assert.equal(g1[0].bestAgree, false);
    close(g1[0].pTest, 2 * Math.sqrt(5) * 0.3);
  });

  it('removes moderated-out comments before selection', () => {
    const { tallies, commentIds } = groupTallies(votes, groupOf, 2);
    assert.deepEqual(representativeComments(tallies, commentIds, Uint8Array.of(1)), [[], []]);
  });

  it('keeps at most 5, best agree first, agrees before disagrees, by metric (§9.3)', () => {
    const candidates: { commentId: number; stats: RepnessStats }[] = [
      { commentId: 1, stats: repnessStats(0, 20, 20, 30, 0, 30) }, // strong disagree
      { commentId: 2, stats: repnessStats(15, 0, 16, 2, 10, 30) }, // agree
      { commentId: 3, stats: repnessStats(18, 0, 18, 0, 20, 30) }, // strongest agree
      { commentId: 4, stats: repnessStats(1, 12, 14, 20, 5, 30) }, // disagree
      { commentId: 5, stats: repnessStats(12, 1, 14, 5, 15, 30) }, // agree
      { commentId: 6, stats: repnessStats(2, 2, 4, 15, 15, 30) }, // nothing significant
      { commentId: 8, stats: repnessStats(11, 2, 14, 6, 14, 30) }, // weaker agree
    ];
    const picked = selectRepresentative(candidates);
    assert.equal(picked.length, 5);
    const bestAgree = picked.filter((r) => r.bestAgree);
    assert.equal(bestAgree.length, 1);
    assert.equal(bestAgree[0].commentId, 3);
    assert.equal(picked[0].commentId, 3);
    const directions = picked.map((r) => r.direction);
    assert.deepEqual(directions, [...directions].sort()); // 'agree' < 'disagree'
    // The rest of the sufficient list, sorted by metric: comment 6 never passes; of the other
    // five non-best records the weakest is dropped by the cap of 5.
    const others = candidates
      .filter((c) => c.commentId !== 3 && c.commentId !== 6)
      .map((c) => finalizeRepness(c.commentId, c.stats))
      .sort((a, b) => b.metric - a.metric)
      .slice(0, 4)
      .map((r) => r.commentId);
    assert.deepEqual(new Set(picked.slice(1).map((r) => r.commentId)), new Set(others));
  });

  it('falls back to the best-agree comment, then to the highest test value (§9.3)', () => {
    // Nothing significant, but comment 2 has ra > 1 and pa > 0.5 → best agree.
    const weakAgree = selectRepresentative([
      { commentId: 1, stats: repnessStats(1, 1, 3, 10, 10, 30) },
      { commentId: 2, stats: repnessStats(2, 0, 3, 10, 10, 30) },
    ]);
    assert.deepEqual(weakAgree.map((r) => [r.commentId, r.bestAgree]), [[2, true]]);
    // Only disagreement, nothing significant: the larger max(rat, rdt) wins.
    const fallback = selectRepresentative([
      { commentId: 1, stats: repnessStats(0, 1, 3, 10, 10, 30) },
      { commentId: 2, stats: repnessStats(0, 2, 3, 10, 10, 30) },
    ]);
    assert.equal(fallback.length, 1);
    assert.equal(fallback[0].commentId, 2);
    assert.equal(fallback[0].bestAgree, false);
    assert.deepEqual(selectRepresentative([]), []);
  });
});
