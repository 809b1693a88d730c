/**
 * Agree / disagree / seen counts per comment and per set of participants (spec §8.1), on the raw
 * matrix. Counted by meaning: agree = +1, disagree = −1, seen = any vote including a pass.
 */
import type { Csr } from './matrix.js';

export interface Tallies {
  nSets: number;
  nCols: number;
  /** Index [set · nCols + col]. */
  agree: Int32Array;
  disagree: Int32Array;
  seen: Int32Array;
}

/** setOfRow[r] = index of the set row r belongs to, or −1 to leave the row out. */
export function tally(csr: Csr, setOfRow: Int32Array, nSets: number, nCols: number): Tallies {
  const agree = new Int32Array(nSets * nCols);
  const disagree = new Int32Array(nSets * nCols);
  const seen = new Int32Array(nSets * nCols);
  for (let r = 0; r < setOfRow.length; r++) {
    const set = setOfRow[r];
    if (set < 0) continue;
    const base = set * nCols;
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) {
      const cell = base + csr.col[k];
      seen[cell]++;
      const v = csr.val[k];
      if (v > 0) agree[cell]++;
      else if (v < 0) disagree[cell]++;
    }
  }
  return { nSets, nCols, agree, disagree, seen };
}

/** Counts over every row (all voters). */
export function tallyAll(csr: Csr, nRows: number, nCols: number): Tallies {
  return tally(csr, new Int32Array(nRows), 1, nCols);
}

/** Sum over all sets, per column. */
export function sumSets(t: Tallies): Tallies {
  const out: Tallies = {
    nSets: 1,
    nCols: t.nCols,
    agree: new Int32Array(t.nCols),
    disagree: new Int32Array(t.nCols),
    seen: new Int32Array(t.nCols),
  };
  for (let s = 0; s < t.nSets; s++) {
    for (let j = 0; j < t.nCols; j++) {
      out.agree[j] += t.agree[s * t.nCols + j];
      out.disagree[j] += t.disagree[s * t.nCols + j];
      out.seen[j] += t.seen[s * t.nCols + j];
    }
  }
  return out;
}
