/**
 * k-means on 2-D points as Polis runs it (spec §6): deterministic "first k distinct positions"
 * initialisation, or a warm ("clean") start from the previous clustering; optional weights;
 * convergence when the lexicographically sorted old and new centres are pairwise closer than 0.01.
 */

/** Convergence tolerance on sorted centre pairs (spec §6.1, §14). */
export const KMEANS_TOLERANCE = 0.01;

export interface KPoints {
  x: Float64Array;
  y: Float64Array;
  /** Per-point weights (group clustering weighs base clusters by size); null = unweighted. */
  weight: Float64Array | null;
  /** Stable name of each point (participant row, base-cluster id): what warm starts match on. */
  name: ArrayLike<number>;
}

export interface Cluster {
  id: number;
  /** Names of the member points, in point order. */
  members: number[];
  x: number;
  y: number;
}

interface Centres {
  id: number[];
  x: number[];
  y: number[];
}

/** Runs k-means; `previous` (if non-empty) gives the warm start of §6.2. Clusters sorted by id. */
export function kmeans(points: KPoints, k: number, maxIters: number, previous?: readonly Cluster[] | null): Cluster[] {
  if (points.x.length === 0 || k <= 0) return [];
  const centres = previous && previous.length > 0 ? warmStart(points, k, previous) : firstDistinct(points, k);
  return iterate(points, centres, maxIters);
}

const positionKey = (x: number, y: number): string => `${x},${y}`;

export function distinctPositionCount(points: KPoints): number {
  const seen = new Set<string>();
  for (let i = 0; i < points.x.length; i++) seen.add(positionKey(points.x[i], points.y[i]));
  return seen.size;
}

/** Initial centres of §6.1: the first k distinct positions in point order, ids 0, 1, 2, … */
function firstDistinct(points: KPoints, k: number): Centres {
  const seen = new Set<string>();
  const c: Centres = { id: [], x: [], y: [] };
  for (let i = 0; i < points.x.length && c.id.length < k; i++) {
    const key = positionKey(points.x[i], points.y[i]);
    if (seen.has(key)) continue;
    seen.add(key);
    c.id.push(c.id.length);
    c.x.push(points.x[i]);
    c.y.push(points.y[i]);
  }
  return c;
}

interface WarmCluster {
  id: number;
  /** Point indices. */
  members: number[];
  x: number;
  y: number;
}

function recentre(points: KPoints, clusters: WarmCluster[]): WarmCluster[] {
  const kept: WarmCluster[] = [];
  for (const c of clusters) {
    let sw = 0;
    let sx = 0;
    let sy = 0;
    for (const i of c.members) {
      const w = points.weight ? points.weight[i] : 1;
      sw += w;
      sx += w * points.x[i];
      sy += w * points.y[i];
    }
    if (c.members.length === 0) continue;
    if (sw > 0) kept.push({ ...c, x: sx / sw, y: sy / sw });
    else kept.push(c);
  }
  return kept;
}

function clusterWeight(points: KPoints, c: WarmCluster): number {
  if (!points.weight) return c.members.length;
  let w = 0;
  for (const i of c.members) w += points.weight[i];
  return w;
}

/** Clean start of §6.2 (steps 1–3); step 4 is the ordinary iteration. */
function warmStart(points: KPoints, k: number, previous: readonly Cluster[]): Centres {
  const n = points.x.length;
  const indexOf = new Map<number, number>();
  for (let i = 0; i < n; i++) indexOf.set(points.name[i], i);

  // 1. Re-centre old clusters on the current positions of their surviving members.
  let clusters: WarmCluster[] = [];
  for (const old of [...previous].sort((a, b) => a.id - b.id)) {
    const members: number[] = [];
    for (const name of old.members) {
      const i = indexOf.get(name);
      if (i !== undefined) members.push(i);
    }
    if (members.length > 0) clusters.push({ id: old.id, members, x: 0, y: 0 });
  }
  if (clusters.length === 0) {
    const maxId = Math.max(...previous.map((c) => c.id));
    clusters = [{ id: maxId + 1, members: Array.from({ length: n }, (_, i) => i), x: 0, y: 0 }];
  }
  clusters = mergeEqualCentres(points, recentre(points, clusters));

  // 3. Split off the farthest point until there are min(k, distinct positions) clusters.
  const target = Math.min(k, distinctPositionCount(points));
  const owner = new Int32Array(n).fill(-1);
  for (const c of clusters) for (const i of c.members) owner[i] = c.id;
  while (clusters.length < target) {
    clusters = recentre(points, clusters);
    const far = farthestPoint(points, clusters);
    if (far.distance <= 0) break;
    const from = clusters.find((c) => c.id === owner[far.index]);
    if (from) from.members = from.members.filter((i) => i !== far.index);
    const id = Math.max(...clusters.map((c) => c.id)) + 1;
    clusters.push({ id, members: [far.index], x: points.x[far.index], y: points.y[far.index] });
    owner[far.index] = id;
  }
  clusters = recentre(points, clusters).sort((a, b) => a.id - b.id);
  return { id: clusters.map((c) => c.id), x: clusters.map((c) => c.x), y: clusters.map((c) => c.y) };
}

/** 2. Clusters at exactly the same centre merge; the larger one's id is kept. */
function mergeEqualCentres(points: KPoints, clusters: WarmCluster[]): WarmCluster[] {
  const byPosition = new Map<string, WarmCluster>();
  for (const c of clusters) {
    const key = positionKey(c.x, c.y);
    const other = byPosition.get(key);
    if (!other) {
      byPosition.set(key, c);
      continue;
    }
    const keepOther = clusterWeight(points, other) >= clusterWeight(points, c);
    byPosition.set(key, { id: keepOther ? other.id : c.id, members: [...other.members, ...c.members], x: c.x, y: c.y });
  }
  return [...byPosition.values()];
}

function farthestPoint(points: KPoints, clusters: WarmCluster[]): { index: number; distance: number } {
  let best = { index: -1, distance: -1 };
  for (let i = 0; i < points.x.length; i++) {
    let nearest = Infinity;
    for (const c of clusters) {
      const d = (points.x[i] - c.x) ** 2 + (points.y[i] - c.y) ** 2;
      if (d < nearest) nearest = d;
    }
    if (nearest > best.distance) best = { index: i, distance: nearest };
  }
  return { index: best.index, distance: Math.sqrt(best.distance) };
}

/** Index of the nearest centre for every point (first centre on ties). */
function assignNearest(points: KPoints, cx: Float64Array, cy: Float64Array, assign: Int32Array): void {
  const m = cx.length;
  const { x, y } = points;
  for (let i = 0; i < x.length; i++) {
    const px = x[i];
    const py = y[i];
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < m; c++) {
      const dx = px - cx[c];
      const dy = py - cy[c];
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    assign[i] = best;
  }
}

/** The k-means steps of §6.1 from the given centres; at most maxIters + 1 steps. */
function iterate(points: KPoints, start: Centres, maxIters: number): Cluster[] {
  const n = points.x.length;
  const assign = new Int32Array(n);
  let ids = start.id;
  let cx = Float64Array.from(start.x);
  let cy = Float64Array.from(start.y);
  for (let step = 0; ; step++) {
    assignNearest(points, cx, cy, assign);
    const m = ids.length;
    const count = new Int32Array(m);
    const sw = new Float64Array(m);
    const sx = new Float64Array(m);
    const sy = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const c = assign[i];
      const w = points.weight ? points.weight[i] : 1;
      count[c]++;
      sw[c] += w;
      sx[c] += w * points.x[i];
      sy[c] += w * points.y[i];
    }
    // Empty clusters are discarded; ids of the others are kept.
    const remap = new Int32Array(m).fill(-1);
    const nextIds: number[] = [];
    const nx: number[] = [];
    const ny: number[] = [];
    for (let c = 0; c < m; c++) {
      if (count[c] === 0) continue;
      remap[c] = nextIds.length;
      nextIds.push(ids[c]);
      nx.push(sw[c] > 0 ? sx[c] / sw[c] : cx[c]);
      ny.push(sw[c] > 0 ? sy[c] / sw[c] : cy[c]);
    }
    const newX = Float64Array.from(nx);
    const newY = Float64Array.from(ny);
    const done = step >= maxIters || sortedCentresClose(cx, cy, newX, newY);
    ids = nextIds;
    cx = newX;
    cy = newY;
    if (done) {
      for (let i = 0; i < n; i++) assign[i] = remap[assign[i]];
      return toClusters(points, ids, cx, cy, assign);
    }
  }
}

function sortedOrder(x: Float64Array, y: Float64Array): number[] {
  return Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
}

/** Stop test of §6.1: pair the lexicographically sorted centre lists, all pairs < tolerance. */
function sortedCentresClose(ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array): boolean {
  const a = sortedOrder(ax, ay);
  const b = sortedOrder(bx, by);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Math.hypot(ax[a[i]] - bx[b[i]], ay[a[i]] - by[b[i]]) >= KMEANS_TOLERANCE) return false;
  }
  return true;
}

function toClusters(points: KPoints, ids: number[], cx: Float64Array, cy: Float64Array, assign: Int32Array): Cluster[] {
  const clusters: Cluster[] = ids.map((id, c) => ({ id, members: [], x: cx[c], y: cy[c] }));
  for (let i = 0; i < assign.length; i++) clusters[assign[i]].members.push(points.name[i]);
  return clusters.sort((a, b) => a.id - b.id);
}
