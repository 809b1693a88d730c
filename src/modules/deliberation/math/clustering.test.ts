import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestK, clusterGroups, maxGroupK, smoothK, type KSmoother } from './clustering.js';

describe('group clustering (spec §7)', () => {
  it('max_k = min(5, 2 + floor(n_base / 12))', () => {
    assert.deepEqual([1, 11, 12, 23, 24, 35, 36, 100].map(maxGroupK), [2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('best k: highest silhouette, ties to the larger k', () => {
    assert.equal(bestK([{ k: 2, silhouette: 0.5 }, { k: 3, silhouette: 0.7 }, { k: 4, silhouette: 0.6 }]), 3);
    assert.equal(bestK([{ k: 2, silhouette: 0.5 }, { k: 3, silhouette: 0.5 }]), 3);
    assert.equal(bestK([{ k: 2, silhouette: -Infinity }]), 2);
  });

  it('the smoother needs 4 consecutive wins to change k', () => {
    let s: KSmoother | null = null;
    const reported: number[] = [];
    for (const k of [2, 3, 3, 3, 2, 3, 3, 3, 3, 3]) {
      s = smoothK(k, s);
      reported.push(s.smoothedK);
    }
    assert.deepEqual(reported, [2, 2, 2, 2, 2, 2, 2, 2, 3, 3]);
    assert.deepEqual(s, { lastK: 3, lastKCount: 5, smoothedK: 3 });
  });

  it('clusters base centres for each k with base sizes as weights', () => {
    // Three tight blobs of base clusters, 12 bases → k ∈ {2, 3}; k = 3 has the best silhouette.
    const base = Array.from({ length: 12 }, (_, i) => {
      const blob = i % 3;
      return { id: i, members: [i], x: blob * 10 + (i % 2) * 0.1, y: blob === 1 ? 5 : 0 };
    });
    const candidates = clusterGroups(base, {});
    assert.deepEqual(Object.keys(candidates.byK), ['2', '3']);
    assert.equal(bestK(candidates.silhouettes), 3);
    assert.equal(candidates.byK[3].length, 3);
    for (const g of candidates.byK[3]) assert.equal(new Set(g.members.map((b) => b % 3)).size, 1);
  });

  it('no base clusters, no groups', () => {
    assert.deepEqual(clusterGroups([], {}), { byK: {}, silhouettes: [] });
  });
});
