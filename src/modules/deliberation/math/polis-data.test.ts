/**
 * Checks against the real Polis exports in test/fixtures/polis (spec §16): the map, the PCA
 * against an exact eigensolver, and the one-shot groups against Polis's own group ids.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { POLIS_DATA_DIR as DATA } from '../../../../test/fixtures.js';
import { adjustedRandIndex } from './ari.js';
import { analyzeDirectory, readPolisExport, type PolisExport } from './polis-csv.js';
import { absCos, covariance, denseProjection, denseReference } from './testing/dense.js';
import { symmetricEigen } from './testing/exact-eigen.js';
import type { MathResult } from './types.js';

const CONVERSATIONS = ['vtaiwan.uberx', '15-per-hour-seattle', 'football-concussions'];

interface Loaded {
  data: PolisExport;
  result: MathResult;
  /** Participant id → Polis group id, for participants Polis grouped. */
  polisGroup: Map<number, number>;
}

/** Assign each Polis-grouped participant to the nearest Polis-group centroid in our 2-D map. */
function nearestCentroidAri(l: Loaded): number {
  const position = new Map(l.result.participants.map((p) => [p.id, p]));
  const ids = [...l.polisGroup.keys()].filter((id) => position.has(id));
  const sums = new Map<number, { x: number; y: number; n: number }>();
  for (const id of ids) {
    const g = l.polisGroup.get(id)!;
    const s = sums.get(g) ?? { x: 0, y: 0, n: 0 };
    s.x += position.get(id)!.x;
    s.y += position.get(id)!.y;
    s.n++;
    sums.set(g, s);
  }
  const centroids = [...sums].map(([g, s]) => ({ g, x: s.x / s.n, y: s.y / s.n }));
  const nearest = ids.map((id) => {
    const p = position.get(id)!;
    let best = centroids[0];
    for (const c of centroids) if (Math.hypot(p.x - c.x, p.y - c.y) < Math.hypot(p.x - best.x, p.y - best.y)) best = c;
    return best.g;
  });
  return adjustedRandIndex(
    ids.map((id) => l.polisGroup.get(id)!),
    nearest,
  );
}

describe('real Polis exports', () => {
  const loaded = new Map<string, Loaded>();
  before(async () => {
    for (const name of CONVERSATIONS) {
      const dir = join(DATA, name);
      const data = await readPolisExport(dir, { participantsVotes: true });
      const result = await analyzeDirectory(dir);
      const polisGroup = new Map(data.participants!.filter((p) => p.groupId !== null).map((p) => [p.participantId, p.groupId!]));
      loaded.set(name, { data, result, polisGroup });
    }
  });

  it('reads the shipped files without problems', () => {
    for (const [name, l] of loaded) {
      assert.deepEqual(l.data.problems, [], name);
      assert.deepEqual((l.result as MathResult & { problems: unknown[] }).problems, [], name);
    }
  });

  it('one-shot groups on vtaiwan.uberx agree with Polis group ids (ARI ≥ 0.85)', (t) => {
    const l = loaded.get('vtaiwan.uberx')!;
    const ours = new Map(l.result.participants.map((p) => [p.id, p.group]));
    const ids = [...l.polisGroup.keys()].filter((id) => ours.get(id) != null);
    const ari = adjustedRandIndex(
      ids.map((id) => l.polisGroup.get(id)!),
      ids.map((id) => ours.get(id)!),
    );
    t.diagnostic(`vtaiwan.uberx one-shot ARI=${ari.toFixed(4)} over ${ids.length} participants, groups=${l.result.groups.length}`);
    assert.ok(ids.length >= 0.95 * l.polisGroup.size, 'almost every Polis-grouped participant is grouped by us');
    assert.ok(ari >= 0.85, `ARI ${ari}`);
  });

  for (const name of CONVERSATIONS) {
    it(`${name}: nearest Polis-centroid in our map reproduces Polis groups (ARI ≥ 0.85)`, (t) => {
      const ari = nearestCentroidAri(loaded.get(name)!);
      t.diagnostic(`${name} map ARI=${ari.toFixed(4)}`);
      assert.ok(ari >= 0.85, `ARI ${ari}`);
    });

    it(`${name}: PCA matches an exact eigendecomposition (|cos| ≥ 0.9999) and projections match`, (t) => {
      const { data, result } = loaded.get(name)!;
      const modOut = new Set(data.comments.filter((c) => c.moderated === -1 || c.isMeta).map((c) => c.id));
      const participantIds = result.participants.map((p) => p.id);
      const dense = denseReference(data.votes, participantIds, result.pca.commentIds, modOut);
      const eigen = symmetricEigen(covariance(dense), dense.nCols);
      const cos = result.pca.comps.map((pc, c) => absCos(pc, eigen.vectors[c]));
      t.diagnostic(`${name} 1-|cos| pc1=${(1 - cos[0]).toExponential(2)} pc2=${(1 - cos[1]).toExponential(2)}`);
      assert.equal(cos.length, 2);
      for (const c of cos) assert.ok(c >= 0.9999, `|cos| ${c}`);

      result.pca.center.forEach((c, j) => assert.ok(Math.abs(c - dense.center[j]) < 1e-12));
      const reference = denseProjection(dense, result.pca.comps);
      const extent = Math.max(...reference.x.map(Math.abs), ...reference.y.map(Math.abs));
      result.participants.forEach((p, i) => {
        assert.ok(Math.abs(p.x - reference.x[i]) <= 1e-6 * extent);
        assert.ok(Math.abs(p.y - reference.y[i]) <= 1e-6 * extent);
      });
    });
  }
});
