/**
 * Which participants are clustered (spec §3): a sticky set that only grows.
 */

/** Votes needed to join (capped by the number of comments) and greedy minimum size (§3, §14). */
export const IN_CONV_MIN_VOTES = 7;
export const IN_CONV_MIN_PARTICIPANTS = 15;

/**
 * previous: last update's membership per row (shorter when rows were added since).
 * voteCounts: non-missing raw-matrix cells per row, passes and moderated-out comments included.
 */
export function updateInConv(previous: Uint8Array, voteCounts: Int32Array, nCols: number): Uint8Array {
  const n = voteCounts.length;
  const inConv = new Uint8Array(n);
  inConv.set(previous.subarray(0, n));
  const threshold = Math.min(IN_CONV_MIN_VOTES, nCols);
  let size = 0;
  for (let r = 0; r < n; r++) {
    if (voteCounts[r] >= threshold) inConv[r] = 1;
    size += inConv[r];
  }
  if (size < IN_CONV_MIN_PARTICIPANTS) {
    const outside: number[] = [];
    for (let r = 0; r < n; r++) if (!inConv[r]) outside.push(r);
    outside.sort((a, b) => voteCounts[b] - voteCounts[a] || a - b);
    for (const r of outside.slice(0, IN_CONV_MIN_PARTICIPANTS - size)) inConv[r] = 1;
  }
  return inConv;
}
