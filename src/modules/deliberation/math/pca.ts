/**
 * Two-component PCA by power iteration (spec §4).
 *
 * The dense matrix of §4.1–4.2 (missing cells imputed with the column mean, then centred on the
 * column mean over all rows) is zero wherever a vote is missing, because the imputed value *is*
 * the centre. So the centred matrix has exactly the sparsity of the votes, and every product
 * Aᵀ(A s) costs two passes over the voted cells instead of two over the dense N×C matrix.
 * Moderated-out columns are all-zero (spec §2.3) and contribute nothing. The iteration itself
 * (counter, normalisation, exact-equality exit, Gram–Schmidt deflation) is that of §4.3–4.4.
 */
import type { Csr } from './matrix.js';
import type { Random } from './random.js';

/** At most 100 + 1 products per component (spec §4.3, §14). */
export const POWER_ITERATIONS = 100;
export const N_COMPONENTS = 2;

/**
 * The centred rating matrix. A cell's centred value depends only on its column and its vote, so
 * each voted cell is stored as a code 3·col + (vote + 1) and the values live in a 3·C table
 * (`level`). Rows (CSR) give A·s as gathers from a per-iteration table; the same cells grouped by
 * code (CSC-like, `codePtr`/`codeRow`) give Aᵀ·u as gathers too, avoiding slow scatter-adds.
 */
export interface CenteredMatrix {
  nRows: number;
  nCols: number;
  rowPtr: Int32Array;
  /** 3·col + vote + 1 per voted cell, row-major. */
  code: Int32Array;
  /** Cells grouped by code: rows of code u are codeRow[codePtr[u] .. codePtr[u+1]). */
  codePtr: Int32Array;
  codeRow: Int32Array;
  /** Centred value per code: vote − center[col], 0 for moderated-out columns. */
  level: Float64Array;
  /** Column means over the non-missing cells (passes count as 0); 0 for moderated-out columns. */
  center: Float64Array;
  modOut: Uint8Array;
}

export const columnOfCode = (code: number): number => (code / 3) | 0;

export function centerMatrix(csr: Csr, nRows: number, nCols: number, modOut: Uint8Array): CenteredMatrix {
  const nnz = csr.rowPtr[nRows];
  const nCodes = 3 * nCols;
  const code = new Int32Array(nnz);
  const codePtr = new Int32Array(nCodes + 1);
  for (let k = 0; k < nnz; k++) {
    code[k] = 3 * csr.col[k] + csr.val[k] + 1;
    codePtr[code[k] + 1]++;
  }
  for (let u = 0; u < nCodes; u++) codePtr[u + 1] += codePtr[u];
  const next = codePtr.slice(0, nCodes);
  const codeRow = new Int32Array(nnz);
  for (let r = 0; r < nRows; r++) for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) codeRow[next[code[k]]++] = r;

  const center = new Float64Array(nCols);
  const level = new Float64Array(nCodes);
  for (let j = 0; j < nCols; j++) {
    const u = 3 * j;
    const count = codePtr[u + 3] - codePtr[u];
    if (modOut[j] || count === 0) continue;
    // Σ votes = #agree − #disagree.
    center[j] = (codePtr[u + 3] - codePtr[u + 2] - (codePtr[u + 1] - codePtr[u])) / count;
    for (let v = -1; v <= 1; v++) level[u + v + 1] = v - center[j];
  }
  return { nRows, nCols, rowPtr: csr.rowPtr, code, codePtr, codeRow, level, center, modOut };
}

/** A direction already found, removed from every row before the next power iteration (§4.4). */
interface Deflation {
  pc: Float64Array;
  /** (row · pc) / (pc · pc) per row. */
  coef: Float64Array;
}

/** table[code] = level[code] · v[col(code)]: the centred value of a cell times a column vector. */
export function levelTimes(
  m: CenteredMatrix,
  v: Float64Array,
  table: Float64Array = new Float64Array(m.level.length),
): Float64Array {
  for (let j = 0; j < m.nCols; j++) {
    const u = 3 * j;
    table[u] = m.level[u] * v[j];
    table[u + 1] = m.level[u + 1] * v[j];
    table[u + 2] = m.level[u + 2] * v[j];
  }
  return table;
}

/** out[r] = row r · v (A·v). Four accumulators break the floating-point add dependency chain. */
export function rowProducts(
  m: CenteredMatrix,
  v: Float64Array,
  out: Float64Array = new Float64Array(m.nRows),
  table?: Float64Array,
): Float64Array {
  const t = levelTimes(m, v, table);
  const { rowPtr, code } = m;
  for (let r = 0; r < m.nRows; r++) {
    const end = rowPtr[r + 1];
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let k = rowPtr[r];
    for (; k + 3 < end; k += 4) {
      a0 += t[code[k]];
      a1 += t[code[k + 1]];
      a2 += t[code[k + 2]];
      a3 += t[code[k + 3]];
    }
    for (; k < end; k++) a0 += t[code[k]];
    out[r] = a0 + a1 + (a2 + a3);
  }
  return out;
}

/** out[j] = column j · u (Aᵀ·u): per code, the sum of u over the rows with that code. */
export function columnProducts(
  m: CenteredMatrix,
  u: Float64Array,
  out: Float64Array = new Float64Array(m.nCols),
): Float64Array {
  const { codePtr, codeRow, level } = m;
  out.fill(0);
  for (let c = 0; c < level.length; c++) {
    if (level[c] === 0) continue;
    const end = codePtr[c + 1];
    let a0 = 0;
    let a1 = 0;
    let k = codePtr[c];
    for (; k + 1 < end; k += 2) {
      a0 += u[codeRow[k]];
      a1 += u[codeRow[k + 1]];
    }
    if (k < end) a0 += u[codeRow[k]];
    out[columnOfCode(c)] += level[c] * (a0 + a1);
  }
  return out;
}

interface GramWork {
  table: Float64Array;
  rows: Float64Array;
}

/**
 * p ← Aᵀ(A s) for the (optionally deflated) centred matrix. A deflated matrix is A − coef·pcᵀ,
 * so its product with s is A·s − coef·(pc·s) and its transpose product with u is
 * Aᵀu − pc·(coef·u).
 */
function gramProduct(m: CenteredMatrix, s: Float64Array, p: Float64Array, deflations: Deflation[], work: GramWork): void {
  const u = rowProducts(m, s, work.rows, work.table);
  for (const d of deflations) {
    const pcDotS = dot(d.pc, s);
    if (pcDotS !== 0) for (let r = 0; r < m.nRows; r++) u[r] -= d.coef[r] * pcDotS;
  }
  columnProducts(m, u, p);
  for (const d of deflations) {
    const w = dot(d.coef, u);
    if (w !== 0) for (let j = 0; j < p.length; j++) p[j] -= w * d.pc[j];
  }
}

/** Power iteration of §4.3. Returns a unit vector, or the zero vector when λ = 0. */
export function powerIteration(
  m: CenteredMatrix,
  start: Float64Array,
  deflations: Deflation[],
  iterations = POWER_ITERATIONS,
): Float64Array {
  let s = Float64Array.from(start);
  let p = new Float64Array(m.nCols);
  const work = { table: new Float64Array(m.level.length), rows: new Float64Array(m.nRows) };
  let previousLambda = 0;
  for (let t = iterations; t >= 0; t--) {
    gramProduct(m, s, p, deflations, work);
    const lambda = Math.sqrt(dot(p, p));
    if (lambda === 0) p.fill(0);
    else for (let j = 0; j < p.length; j++) p[j] /= lambda;
    [s, p] = [p, s];
    if (lambda === previousLambda) break;
    previousLambda = lambda;
  }
  return s;
}

/**
 * Start vector (spec §4.4): the previous component, extended with 1s for new columns; a missing
 * or all-zero previous vector is replaced by uniform random numbers in [0, 1).
 */
export function startVector(previous: Float64Array | undefined, nCols: number, random: Random): Float64Array {
  if (previous && previous.some((v) => v !== 0)) {
    const s = new Float64Array(nCols).fill(1);
    s.set(previous.subarray(0, Math.min(previous.length, nCols)));
    return s;
  }
  const s = new Float64Array(nCols);
  for (let j = 0; j < nCols; j++) s[j] = random.next();
  return s;
}

/**
 * Components of §4.4: min(2, N, C) unit vectors (sign arbitrary). A component whose power
 * iteration collapses to zero (no variance left) is returned as the zero vector.
 */
export function principalComponents(m: CenteredMatrix, previous: Float64Array[], random: Random): Float64Array[] {
  const n = Math.min(N_COMPONENTS, m.nRows, m.nCols);
  const comps: Float64Array[] = [];
  const deflations: Deflation[] = [];
  for (let c = 0; c < n; c++) {
    const pc = powerIteration(m, startVector(previous[c], m.nCols, random), deflations);
    comps.push(pc);
    const norm2 = dot(pc, pc);
    if (norm2 === 0 || c === n - 1) continue;
    const coef = rowProducts(m, pc);
    // Row coefficient of the deflated matrix: project the already-deflated row onto pc.
    for (const d of deflations) {
      const pcDot = dot(d.pc, pc);
      if (pcDot !== 0) for (let r = 0; r < m.nRows; r++) coef[r] -= d.coef[r] * pcDot;
    }
    for (let r = 0; r < m.nRows; r++) coef[r] /= norm2;
    deflations.push({ pc, coef });
  }
  return comps;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let j = 0; j < a.length; j++) acc += a[j] * b[j];
  return acc;
}
