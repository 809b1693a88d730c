import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_COMMENTS, MAX_PARTICIPANTS, VoteMatrix } from './matrix.js';
import type { VoteInput } from './types.js';

/** The committed matrix as {participantId: {commentId: vote}}. */
function cells(m: VoteMatrix): Record<number, Record<number, number>> {
  const csr = m.commit();
  const out: Record<number, Record<number, number>> = {};
  m.participantIds.forEach((pid, r) => {
    out[pid] = {};
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) out[pid][m.commentIds[csr.col[k]]] = csr.val[k];
  });
  return out;
}

describe('vote matrix (spec §2.2)', () => {
  it('orders rows and columns by first appearance', () => {
    const m = new VoteMatrix();
    m.addVotes([
      { participantId: 9, commentId: 5, vote: 1 },
      { participantId: 3, commentId: 2, vote: -1 },
      { participantId: 9, commentId: 2, vote: 0 },
    ]);
    m.commit();
    assert.deepEqual(m.participantIds, [9, 3]);
    assert.deepEqual(m.commentIds, [5, 2]);
  });

  it('the latest vote wins, by time, regardless of arrival order', () => {
    const m = new VoteMatrix();
    m.addVotes([
      { participantId: 1, commentId: 1, vote: 1, time: 300 },
      { participantId: 1, commentId: 1, vote: -1, time: 100 },
      { participantId: 1, commentId: 2, vote: -1, time: 100 },
      { participantId: 1, commentId: 2, vote: 0, time: 100 }, // same time: the later arrival
    ]);
    assert.deepEqual(cells(m), { 1: { 1: 1, 2: 0 } });
  });

  it('the latest vote wins across updates; an older vote arriving late is ignored', () => {
    const m = new VoteMatrix();
    m.addVotes([{ participantId: 1, commentId: 1, vote: 1, time: 200 }]);
    m.commit();
    m.addVotes([{ participantId: 1, commentId: 1, vote: -1, time: 100 }]);
    assert.deepEqual(cells(m), { 1: { 1: 1 } });
    m.addVotes([{ participantId: 1, commentId: 1, vote: 0, time: 250 }]);
    assert.deepEqual(cells(m), { 1: { 1: 0 } });
    m.addVotes([{ participantId: 1, commentId: 1, vote: -1 }]); // no time: given later, wins
    assert.deepEqual(cells(m), { 1: { 1: -1 } });
  });

  it('refuses invalid votes and reports them', () => {
    const m = new VoteMatrix();
    const report = m.addVotes([
      { participantId: 1, commentId: 1, vote: 2 as never },
      { participantId: 1.5, commentId: 1, vote: 1 },
      { participantId: 1, commentId: NaN, vote: 1 },
      { participantId: 1, commentId: 1, vote: 1 },
    ]);
    assert.deepEqual(report, { accepted: 1, invalid: 3, droppedByCap: 0 });
  });

  it('caps comments at 10,000 but keeps accepting votes on admitted ones', () => {
    const m = new VoteMatrix();
    const votes: VoteInput[] = Array.from({ length: MAX_COMMENTS + 1 }, (_, c) => ({ participantId: 1, commentId: c, vote: 1 }));
    assert.deepEqual(m.addVotes(votes), { accepted: MAX_COMMENTS, invalid: 0, droppedByCap: 1 });
    assert.deepEqual(m.addVotes([{ participantId: 2, commentId: 0, vote: -1 }]), { accepted: 1, invalid: 0, droppedByCap: 0 });
    // A new participant voting only on a capped comment is not admitted.
    assert.deepEqual(m.addVotes([{ participantId: 3, commentId: MAX_COMMENTS + 5, vote: 1 }]).droppedByCap, 1);
    assert.equal(m.rowIndex(3), undefined);
  });

  it('caps participants at 100,000', () => {
    const m = new VoteMatrix();
    const n = MAX_PARTICIPANTS + 2;
    const report = m.addVotes({ participantId: Int32Array.from({ length: n }, (_, p) => p), commentId: new Int32Array(n), vote: new Int8Array(n) });
    assert.deepEqual(report, { accepted: MAX_PARTICIPANTS, invalid: 0, droppedByCap: 2 });
    assert.equal(m.nRows, MAX_PARTICIPANTS);
    assert.equal(m.addVotes([{ participantId: 0, commentId: 1, vote: 1 }]).accepted, 1);
  });

  it('accepts column batches', () => {
    const m = new VoteMatrix();
    m.addVotes({ participantId: [1, 2], commentId: [7, 7], vote: Int8Array.of(1, -1), time: [1, 2] });
    assert.deepEqual(cells(m), { 1: { 7: 1 }, 2: { 7: -1 } });
  });

  it('round-trips through JSON, pending votes included', () => {
    const m = new VoteMatrix();
    m.addVotes([{ participantId: 1, commentId: 1, vote: 1, time: 5 }]);
    m.commit();
    m.addVotes([{ participantId: 2, commentId: 1, vote: -1, time: 6 }]);
    const copy = VoteMatrix.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    assert.equal(copy.pendingCount, 1);
    assert.deepEqual(cells(copy), cells(m));
  });
});
