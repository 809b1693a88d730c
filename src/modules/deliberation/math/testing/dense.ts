/**
 * Test helper: the dense matrices of spec §4.1–4.2 built literally (no sparse shortcuts), as an
 * independent reference for the engine's PCA and projection.
 */
import type { VoteInput } from '../types.js';

export interface DenseReference {
  nRows: number;
  nCols: number;
  /** Rating matrix, row-major, NaN = missing; moderated-out columns all 0. */
  rating: Float64Array;
  /** Imputed and centred matrix Xc. */
  centered: Float64Array;
  center: Float64Array;
}

/** Latest vote per cell must already be resolved; rows/cols are given by the id orders. */
export function denseReference(
  votes: readonly VoteInput[],
  participantIds: readonly number[],
  commentIds: readonly number[],
  modOut: ReadonlySet<number>,
): DenseReference {
  const nRows = participantIds.length;
  const nCols = commentIds.length;
  const row = new Map(participantIds.map((id, i) => [id, i]));
  const col = new Map(commentIds.map((id, j) => [id, j]));
  const rating = new Float64Array(nRows * nCols).fill(NaN);
  for (const v of votes) rating[row.get(v.participantId)! * nCols + col.get(v.commentId)!] = v.vote;
  commentIds.forEach((id, j) => {
    if (modOut.has(id)) for (let i = 0; i < nRows; i++) rating[i * nCols + j] = 0;
  });
  // §4.1 impute with the mean of the non-missing cells; §4.2 centre on the mean over all rows.
  const x = Float64Array.from(rating);
  const center = new Float64Array(nCols);
  for (let j = 0; j < nCols; j++) {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < nRows; i++) {
      const value = rating[i * nCols + j];
      if (!Number.isNaN(value)) {
        sum += value;
        n++;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    for (let i = 0; i < nRows; i++) if (Number.isNaN(x[i * nCols + j])) x[i * nCols + j] = mean;
    let all = 0;
    for (let i = 0; i < nRows; i++) all += x[i * nCols + j];
    center[j] = all / nRows;
  }
  const centered = new Float64Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) centered[i * nCols + j] = x[i * nCols + j] - center[j];
  return { nRows, nCols, rating, centered, center };
}

/** Xcᵀ Xc (C×C, row-major). */
export function covariance(d: DenseReference): Float64Array {
  const { nRows, nCols, centered } = d;
  const out = new Float64Array(nCols * nCols);
  for (let i = 0; i < nRows; i++) {
    const base = i * nCols;
    for (let p = 0; p < nCols; p++) {
      const xp = centered[base + p];
      if (xp === 0) continue;
      for (let q = 0; q < nCols; q++) out[p * nCols + q] += xp * centered[base + q];
    }
  }
  return out;
}

/** §5.1 projection computed from the dense rating matrix. */
export function denseProjection(d: DenseReference, comps: readonly (readonly number[])[]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < d.nRows; i++) {
    let sx = 0;
    let sy = 0;
    let seen = 0;
    for (let j = 0; j < d.nCols; j++) {
      const value = d.rating[i * d.nCols + j];
      if (Number.isNaN(value)) continue;
      seen++;
      sx += (value - d.center[j]) * (comps[0]?.[j] ?? 0);
      sy += (value - d.center[j]) * (comps[1]?.[j] ?? 0);
    }
    const scale = Math.sqrt(d.nCols / Math.max(seen, 1));
    x.push(scale * sx);
    y.push(scale * sy);
  }
  return { x, y };
}

export function absCos(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return Math.abs(ab) / Math.sqrt(aa * bb);
}
