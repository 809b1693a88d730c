/**
 * Adjusted Rand index between two labellings of the same items (Hubert & Arabie 1985):
 * 1 for identical partitions (up to renaming), about 0 for independent ones.
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (a.length !== b.length) throw new RangeError('labellings must have the same length');
  const n = a.length;
  if (n < 2) return 1;
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  const contingency = new Map<string, number>();
  const rows = new Map<number | string, number>();
  const cols = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    contingency.set(key, (contingency.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const m of contingency.values()) index += pairs(m);
  let sumRows = 0;
  for (const m of rows.values()) sumRows += pairs(m);
  let sumCols = 0;
  for (const m of cols.values()) sumCols += pairs(m);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  // Both partitions trivial (all one cluster, or all singletons) and equal: perfect agreement.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
