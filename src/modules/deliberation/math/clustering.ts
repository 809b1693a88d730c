/**
 * Base clusters and opinion groups (spec §7): k-means with k = 100 on the in-conv participants,
 * then weighted k-means on the base centres for every k in 2..max_k, scored by silhouette, with
 * the number of groups chosen through a 4-update hysteresis smoother.
 */
import { kmeans, type Cluster } from './kmeans.js';
import type { Points2D } from './projection.js';
import { silhouette } from './silhouette.js';

/** Constants of §7 and §14. */
export const BASE_K = 100;
export const BASE_MAX_ITERS = 100;
/** Polis's effective group iteration cap (the configured 100 never reaches k-means, §7.2). */
export const GROUP_MAX_ITERS = 20;
export const MAX_GROUPS = 5;
export const MIN_GROUPS = 2;
export const GROUP_K_BUFFER = 4;

/** Base clustering; points are named by matrix row so warm starts survive new participants. */
export function clusterBase(projection: Points2D, rows: Int32Array, previous: readonly Cluster[] | null): Cluster[] {
  const x = new Float64Array(rows.length);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    x[i] = projection.x[r];
    y[i] = projection.y[r];
  });
  return kmeans({ x, y, weight: null, name: rows }, BASE_K, BASE_MAX_ITERS, previous);
}

export function maxGroupK(nBase: number): number {
  return Math.min(MAX_GROUPS, MIN_GROUPS + Math.floor(nBase / 12));
}

export interface GroupCandidates {
  /** k → clustering of the base clusters (members are base-cluster ids). */
  byK: Record<number, Cluster[]>;
  silhouettes: { k: number; silhouette: number }[];
}

/** Weighted k-means on base centres for each k in 2..max_k, warm-started per k (§7.2, §7.3). */
export function clusterGroups(base: readonly Cluster[], previousByK: Record<number, Cluster[]>): GroupCandidates {
  const candidates: GroupCandidates = { byK: {}, silhouettes: [] };
  if (base.length === 0) return candidates;
  const points = {
    x: Float64Array.from(base, (b) => b.x),
    y: Float64Array.from(base, (b) => b.y),
    weight: Float64Array.from(base, (b) => b.members.length),
    name: base.map((b) => b.id),
  };
  const groupOfBase = new Int32Array(base.length);
  const slotOfBase = new Map(base.map((b, i) => [b.id, i]));
  for (let k = MIN_GROUPS; k <= maxGroupK(base.length); k++) {
    const groups = kmeans(points, k, GROUP_MAX_ITERS, previousByK[k] ?? null);
    for (const g of groups) for (const b of g.members) groupOfBase[slotOfBase.get(b)!] = g.id;
    candidates.byK[k] = groups;
    candidates.silhouettes.push({ k, silhouette: silhouette(points.x, points.y, groupOfBase) });
  }
  return candidates;
}

/** Highest silhouette; ties go to the larger k (§7.4). */
export function bestK(silhouettes: readonly { k: number; silhouette: number }[]): number {
  let best = silhouettes[0];
  for (const s of silhouettes) if (s.silhouette >= best.silhouette) best = s;
  return best.k;
}

export interface KSmoother {
  lastK: number;
  lastKCount: number;
  smoothedK: number;
}

/** Hysteresis of §7.4: a new k must win GROUP_K_BUFFER updates in a row to be reported. */
export function smoothK(thisK: number, previous: KSmoother | null): KSmoother {
  const count = previous && previous.lastK === thisK ? previous.lastKCount + 1 : 1;
  const smoothedK = count >= GROUP_K_BUFFER || !previous ? thisK : previous.smoothedK;
  return { lastK: thisK, lastKCount: count, smoothedK };
}
