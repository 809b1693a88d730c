import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VoteMatrix } from './matrix.js';
import { centerMatrix, principalComponents } from './pca.js';
import { Random } from './random.js';
import { syntheticConversation } from './synthetic.js';
import { absCos, covariance, denseReference } from './testing/dense.js';
import { symmetricEigen } from './testing/exact-eigen.js';
import type { VoteInput } from './types.js';

function setup(votes: VoteInput[], modOutIds: number[] = []) {
  const m = new VoteMatrix();
  m.addVotes(votes);
  const csr = m.commit();
  const modOut = Uint8Array.from(m.commentIds, (id) => (modOutIds.includes(id) ? 1 : 0));
  const centered = centerMatrix(csr, m.nRows, m.nCols, modOut);
  const dense = denseReference(votes, m.participantIds, m.commentIds, new Set(modOutIds));
  return { m, centered, dense };
}

function syntheticVotes(participants: number, comments: number, seed: number): VoteInput[] {
  const c = syntheticConversation({ participants, comments, density: 0.3, groups: 3, seed });
  return Array.from(c.votes.vote, (vote, i) => ({
    participantId: c.votes.participantId[i],
    commentId: c.votes.commentId[i],
    vote: vote as -1 | 0 | 1,
  }));
}

describe('PCA by power iteration (spec §4)', () => {
  it('matches an exact eigendecomposition of the imputed, centred matrix', () => {
    const votes = syntheticVotes(300, 40, 3);
    const { m, centered, dense } = setup(votes, [5, 17]);
    const comps = principalComponents(centered, [], new Random(1));
    const eigen = symmetricEigen(covariance(dense), dense.nCols);
    assert.equal(comps.length, 2);
    for (let c = 0; c < 2; c++) assert.ok(absCos(comps[c], eigen.vectors[c]) >= 0.9999);
    for (const pc of comps) assert.ok(Math.abs(Math.hypot(...pc) - 1) < 1e-12);
    // Moderated-out columns carry no weight.
    for (const pc of comps) for (const id of [5, 17]) assert.equal(pc[m.colIndex(id)!], 0);
    dense.center.forEach((c, j) => assert.ok(Math.abs(c - centered.center[j]) < 1e-12));
  });

  it('warm start from converged components stays put', () => {
    const { centered } = setup(syntheticVotes(200, 30, 4));
    const first = principalComponents(centered, [], new Random(1));
    const again = principalComponents(centered, first, new Random(99));
    for (let c = 0; c < 2; c++) assert.ok(absCos(first[c], again[c]) > 1 - 1e-9);
  });

  it('extends a shorter previous component with 1s and ignores an all-zero one', () => {
    const { centered } = setup(syntheticVotes(200, 30, 5));
    const exact = principalComponents(centered, [], new Random(1));
    const shorter = principalComponents(centered, [exact[0].slice(0, 20), new Float64Array(30)], new Random(2));
    assert.ok(absCos(shorter[0], exact[0]) > 0.9999);
    assert.ok(absCos(shorter[1], exact[1]) > 0.9999);
  });

  it('has min(2, N, C) components and zero vectors when there is no variance', () => {
    const one = setup([{ participantId: 1, commentId: 1, vote: 1 }]);
    const comps = principalComponents(one.centered, [], new Random(1));
    assert.equal(comps.length, 1);
    assert.deepEqual([...comps[0]], [0]);
    const passes = setup([1, 2, 3].flatMap((p) => [1, 2].map((c) => ({ participantId: p, commentId: c, vote: 0 as const }))));
    const flat = principalComponents(passes.centered, [], new Random(1));
    assert.equal(flat.length, 2);
    for (const pc of flat) assert.ok(pc.every((v) => v === 0));
  });
});
