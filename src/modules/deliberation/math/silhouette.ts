/**
 * Silhouette of a clustering of base-cluster centres (spec §7.3): unweighted Euclidean distances,
 * s = 0 for a point alone in its cluster, plain mean over points. A clustering with fewer than two
 * non-empty clusters has no silhouette (spec §16 notes): returned as −Infinity.
 */
export function silhouette(x: Float64Array, y: Float64Array, label: ArrayLike<number>): number {
  const n = x.length;
  const slotOf = new Map<number, number>();
  const slot = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!slotOf.has(label[i])) slotOf.set(label[i], slotOf.size);
    slot[i] = slotOf.get(label[i])!;
  }
  const nLabels = slotOf.size;
  if (nLabels < 2) return -Infinity;
  const size = new Float64Array(nLabels);
  for (let i = 0; i < n; i++) size[slot[i]]++;
  const sumTo = new Float64Array(nLabels);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = slot[i];
    if (size[own] === 1) continue; // alone in its cluster: s = 0
    sumTo.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sumTo[slot[j]] += Math.hypot(x[i] - x[j], y[i] - y[j]);
    const a = sumTo[own] / (size[own] - 1);
    let b = Infinity;
    for (let g = 0; g < nLabels; g++) if (g !== own) b = Math.min(b, sumTo[g] / size[g]);
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}
