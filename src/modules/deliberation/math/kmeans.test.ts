import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distinctPositionCount, kmeans, type Cluster, type KPoints } from './kmeans.js';

function points(xy: [number, number][], names?: number[], weight?: number[]): KPoints {
  return {
    x: Float64Array.from(xy, (p) => p[0]),
    y: Float64Array.from(xy, (p) => p[1]),
    weight: weight ? Float64Array.from(weight) : null,
    name: names ?? xy.map((_, i) => i),
  };
}

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
const summary = (cs: Cluster[]): [number, number[]][] => cs.map((c) => [c.id, c.members]);

describe('k-means, plain start (spec §6.1)', () => {
  it('starts from the first k distinct positions and iterates to convergence', () => {
    // Centres start at (0,0) and (0.1,0); step 1 pulls centre 1 to 6.73, step 2 settles.
    const p = points([[0, 0], [0, 0], [0.1, 0], [10, 0], [10.1, 0]]);
    const clusters = kmeans(p, 2, 20);
    assert.deepEqual(summary(clusters), [[0, [0, 1, 2]], [1, [3, 4]]]);
    close(clusters[0].x, 0.1 / 3);
    close(clusters[1].x, 10.05);
  });

  it('gives fewer clusters than k when there are fewer distinct positions', () => {
    const p = points([[1, 1], [2, 2], [1, 1]]);
    assert.equal(distinctPositionCount(p), 2);
    assert.deepEqual(summary(kmeans(p, 5, 20)), [[0, [0, 2]], [1, [1]]]);
  });

  it('uses weighted means', () => {
    const clusters = kmeans(points([[0, 0], [4, 0]], undefined, [3, 1]), 1, 20);
    close(clusters[0].x, 1);
  });

  it('stops after max_iters + 1 steps', () => {
    // With max_iters = 0 the result is the first step: assignment to the initial centres.
    const p = points([[0, 0], [0.1, 0], [10, 0], [10.1, 0]]);
    assert.deepEqual(summary(kmeans(p, 2, 0)), [[0, [0]], [1, [1, 2, 3]]]);
  });

  it('handles empty input', () => {
    assert.deepEqual(kmeans(points([]), 3, 20), []);
  });
});

describe('k-means, warm start (spec §6.2)', () => {
  it('keeps cluster ids and assigns new points', () => {
    const previous = [
      { id: 3, members: [100, 101], x: 0, y: 0 },
      { id: 7, members: [102], x: 9, y: 0 },
    ];
    const p = points([[0, 0], [0.2, 0], [10, 0], [10.2, 0]], [100, 101, 102, 103]);
    assert.deepEqual(summary(kmeans(p, 2, 20, previous)), [[3, [100, 101]], [7, [102, 103]]]);
  });

  it('discards clusters that receive no points', () => {
    // Old cluster 0 is re-centred at 5 (between its members) and loses both to 1 and 2.
    const previous = [
      { id: 0, members: [0, 1], x: 0, y: 0 },
      { id: 1, members: [2], x: 0, y: 0 },
      { id: 2, members: [3], x: 0, y: 0 },
    ];
    const clusters = kmeans(points([[0, 0], [10, 0], [4, 0], [6, 0]]), 3, 20, previous);
    assert.deepEqual(summary(clusters), [[1, [0, 2]], [2, [1, 3]]]);
  });

  it('with no surviving cluster, starts from one cluster (id = max + 1) and splits the farthest point', () => {
    const previous = [{ id: 4, members: [999], x: 0, y: 0 }];
    const clusters = kmeans(points([[0, 0], [10, 0]], [20, 21]), 2, 20, previous);
    assert.deepEqual(summary(clusters), [[5, [21]], [6, [20]]]);
  });

  it('merges clusters with equal centres, keeping the larger id', () => {
    const previous = [
      { id: 1, members: [10], x: 0, y: 0 },
      { id: 2, members: [11, 12], x: 0, y: 0 },
    ];
    const p = points([[0, 0], [0, 0], [0, 0], [5, 0]], [10, 11, 12, 13]);
    assert.deepEqual(summary(kmeans(p, 2, 20, previous)), [[2, [10, 11, 12]], [3, [13]]]);
  });
});
