/**
 * Participant position statistics (spec §13), informational.
 */
import type { Points2D } from './projection.js';

export interface PositionStats {
  centricness: Float64Array;
  coreness: Float64Array;
  extremeness: Float64Array;
}

/**
 * g0 = mean of all projected participants; for a grouped participant at x in group G with centre
 * cG and u = normalise(cG − g0): centricness = 1 − ‖x − g0‖, coreness = 1 − ‖x − cG‖,
 * extremeness = (x − cG)·u. Rows without a group get NaN (reported as null).
 */
export function positionStats(p: Points2D, groupSlot: Int32Array, centres: readonly { x: number; y: number }[]): PositionStats {
  const n = p.x.length;
  let gx = 0;
  let gy = 0;
  for (let i = 0; i < n; i++) {
    gx += p.x[i];
    gy += p.y[i];
  }
  if (n > 0) {
    gx /= n;
    gy /= n;
  }
  const directions = centres.map((c) => {
    const len = Math.hypot(c.x - gx, c.y - gy);
    return len > 0 ? { x: (c.x - gx) / len, y: (c.y - gy) / len } : { x: 0, y: 0 };
  });
  const out: PositionStats = {
    centricness: new Float64Array(n).fill(NaN),
    coreness: new Float64Array(n).fill(NaN),
    extremeness: new Float64Array(n).fill(NaN),
  };
  for (let i = 0; i < n; i++) {
    const g = groupSlot[i];
    if (g < 0) continue;
    const c = centres[g];
    out.centricness[i] = 1 - Math.hypot(p.x[i] - gx, p.y[i] - gy);
    out.coreness[i] = 1 - Math.hypot(p.x[i] - c.x, p.y[i] - c.y);
    out.extremeness[i] = (p.x[i] - c.x) * directions[g].x + (p.y[i] - c.y) * directions[g].y;
  }
  return out;
}
