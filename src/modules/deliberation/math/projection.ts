/**
 * Projection of participants and comments into the 2-D opinion map (spec §5).
 */
import { columnOfCode, levelTimes, type CenteredMatrix } from './pca.js';

export interface Points2D {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Sparsity-aware participant projection (§5.1): Σ over seen cells of (v − center)·pc, scaled by
 * sqrt(n_cmts / n_seen). Moderated-out columns are 0 in the rating matrix, hence seen by everyone.
 */
export function projectParticipants(m: CenteredMatrix, comps: Float64Array[]): Points2D {
  const zero = new Float64Array(m.nCols);
  const tx = levelTimes(m, comps[0] ?? zero);
  const ty = levelTimes(m, comps[1] ?? zero);
  let modOutCount = 0;
  for (let j = 0; j < m.nCols; j++) modOutCount += m.modOut[j];
  const x = new Float64Array(m.nRows);
  const y = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    let sx = 0;
    let sy = 0;
    let seenKept = 0;
    for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) {
      const c = m.code[k];
      if (m.modOut[columnOfCode(c)]) continue;
      seenKept++;
      sx += tx[c];
      sy += ty[c];
    }
    const scale = Math.sqrt(m.nCols / Math.max(seenKept + modOutCount, 1));
    x[r] = scale * sx;
    y[r] = scale * sy;
  }
  return { x, y };
}

export interface CommentPoints extends Points2D {
  extremity: Float64Array;
}

/**
 * Comment projection (§5.2) with the export sign convention: a participant who agreed (+1) with
 * comment j only, i.e. sqrt(n_cmts)·(1 − center_j)·pc_j; extremity is its length.
 */
export function projectComments(center: Float64Array, comps: Float64Array[]): CommentPoints {
  const n = center.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const extremity = new Float64Array(n);
  const root = Math.sqrt(n);
  for (let j = 0; j < n; j++) {
    const w = root * (1 - center[j]);
    x[j] = comps[0] ? w * comps[0][j] : 0;
    y[j] = comps[1] ? w * comps[1][j] : 0;
    extremity[j] = Math.hypot(x[j], y[j]);
  }
  return { x, y, extremity };
}
