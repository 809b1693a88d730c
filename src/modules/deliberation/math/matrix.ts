/**
 * The raw vote matrix (spec §2.2): rows = participants in order of first appearance, columns =
 * comments in order of first appearance, the latest vote per cell wins, ingestion caps apply.
 *
 * Storage is compressed sparse rows (CSR) on typed arrays, columns ascending within each row.
 * New votes are staged in a pending batch and merged in one O(nnz + batch) pass by `commit()`,
 * so streaming single votes costs nothing until the next update.
 */
import { decodeFloat64, decodeInt32, decodeInt8, encodeArray } from './encoding.js';
import type { IngestReport, VoteColumns, VoteInput } from './types.js';

/** Ingestion caps (spec §2.2, §14). */
export const MAX_PARTICIPANTS = 100_000;
export const MAX_COMMENTS = 10_000;

export interface Csr {
  /** Length nRows + 1; row r's cells are [rowPtr[r], rowPtr[r+1]). */
  rowPtr: Int32Array;
  col: Int32Array;
  /** +1 agree, −1 disagree, 0 pass. */
  val: Int8Array;
  /** Vote time; NaN when unknown. */
  time: Float64Array;
}

export interface VoteMatrixJSON {
  participantIds: number[];
  commentIds: number[];
  rowPtr: string;
  col: string;
  val: string;
  time: string;
  pending: { row: string; col: string; val: string; time: string };
}

const emptyCsr = (nRows: number): Csr => ({
  rowPtr: new Int32Array(nRows + 1),
  col: new Int32Array(0),
  val: new Int8Array(0),
  time: new Float64Array(0),
});

/** `a` replaces `b` when it is at least as recent; an unknown time means "given later". */
const isNewer = (a: number, b: number): boolean => Number.isNaN(a) || Number.isNaN(b) || a >= b;

/** Growable batch of (row, col, value, time) cells, in arrival order. */
class PendingVotes {
  row = new Int32Array(1024);
  col = new Int32Array(1024);
  val = new Int8Array(1024);
  time = new Float64Array(1024);
  length = 0;

  push(row: number, col: number, val: number, time: number): void {
    if (this.length === this.row.length) this.grow(this.length * 2);
    const i = this.length++;
    this.row[i] = row;
    this.col[i] = col;
    this.val[i] = val;
    this.time[i] = time;
  }

  reserve(extra: number): void {
    if (this.length + extra > this.row.length) this.grow(Math.max(this.length + extra, this.row.length * 2));
  }

  clear(): void {
    this.length = 0;
  }

  private grow(capacity: number): void {
    const grow = <T extends Int32Array | Int8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.length) as never);
      return b;
    };
    this.row = grow(this.row, (n) => new Int32Array(n));
    this.col = grow(this.col, (n) => new Int32Array(n));
    this.val = grow(this.val, (n) => new Int8Array(n));
    this.time = grow(this.time, (n) => new Float64Array(n));
  }
}

export class VoteMatrix {
  /** row index → participant id */
  readonly participantIds: number[] = [];
  /** column index → comment id */
  readonly commentIds: number[] = [];
  private readonly rowOf = new Map<number, number>();
  private readonly colOf = new Map<number, number>();
  private csr: Csr = emptyCsr(0);
  private readonly pending = new PendingVotes();

  get nRows(): number {
    return this.participantIds.length;
  }

  get nCols(): number {
    return this.commentIds.length;
  }

  rowIndex(participantId: number): number | undefined {
    return this.rowOf.get(participantId);
  }

  colIndex(commentId: number): number | undefined {
    return this.colOf.get(commentId);
  }

  /** Admits a participant (a row) unless the cap is reached; returns the row or −1. */
  admitParticipant(id: number): number {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.participantIds.length >= MAX_PARTICIPANTS) return -1;
      row = this.participantIds.length;
      this.participantIds.push(id);
      this.rowOf.set(id, row);
    }
    return row;
  }

  /** Admits a comment (a column) unless the cap is reached; returns the column or −1. */
  admitComment(id: number): number {
    let col = this.colOf.get(id);
    if (col === undefined) {
      if (this.commentIds.length >= MAX_COMMENTS) return -1;
      col = this.commentIds.length;
      this.commentIds.push(id);
      this.colOf.set(id, col);
    }
    return col;
  }

  /** Stages votes; they take effect at the next `commit()`. */
  addVotes(votes: readonly VoteInput[] | VoteColumns): IngestReport {
    const report: IngestReport = { accepted: 0, invalid: 0, droppedByCap: 0 };
    const add = (pid: number, tid: number, vote: number, time: number | undefined): void => {
      if (!Number.isSafeInteger(pid) || !Number.isSafeInteger(tid) || !(vote === 1 || vote === 0 || vote === -1)) {
        report.invalid++;
        return;
      }
      // Check both caps before admitting either, so no row or column exists without a vote.
      const rowFull = !this.rowOf.has(pid) && this.nRows >= MAX_PARTICIPANTS;
      const colFull = !this.colOf.has(tid) && this.nCols >= MAX_COMMENTS;
      if (rowFull || colFull) {
        report.droppedByCap++;
        return;
      }
      const row = this.admitParticipant(pid);
      const col = this.admitComment(tid);
      this.pending.push(row, col, vote, time === undefined || !Number.isFinite(time) ? NaN : time);
      report.accepted++;
    };
    if (Array.isArray(votes)) {
      this.pending.reserve(votes.length);
      for (const v of votes as readonly VoteInput[]) add(v.participantId, v.commentId, v.vote, v.time);
    } else {
      const c = votes as VoteColumns;
      this.pending.reserve(c.vote.length);
      for (let i = 0; i < c.vote.length; i++) add(c.participantId[i], c.commentId[i], c.vote[i], c.time?.[i]);
    }
    return report;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Merges the pending votes into the matrix (latest vote per cell wins) and returns the CSR. */
  commit(): Csr {
    if (this.pending.length > 0 || this.csr.rowPtr.length !== this.nRows + 1) {
      const p = this.pending;
      const batch = collapseCells(p.row, p.col, p.val, p.time, p.length, this.nRows, this.nCols);
      this.csr = mergeCsr(this.csr, batch, this.nRows);
      p.clear();
    }
    return this.csr;
  }

  toJSON(): VoteMatrixJSON {
    const p = this.pending;
    return {
      participantIds: [...this.participantIds],
      commentIds: [...this.commentIds],
      rowPtr: encodeArray(this.csr.rowPtr),
      col: encodeArray(this.csr.col),
      val: encodeArray(this.csr.val),
      time: encodeArray(this.csr.time),
      pending: {
        row: encodeArray(p.row.subarray(0, p.length)),
        col: encodeArray(p.col.subarray(0, p.length)),
        val: encodeArray(p.val.subarray(0, p.length)),
        time: encodeArray(p.time.subarray(0, p.length)),
      },
    };
  }

  static fromJSON(json: VoteMatrixJSON): VoteMatrix {
    const m = new VoteMatrix();
    for (const id of json.participantIds) m.admitParticipant(id);
    for (const id of json.commentIds) m.admitComment(id);
    m.csr = {
      rowPtr: decodeInt32(json.rowPtr),
      col: decodeInt32(json.col),
      val: decodeInt8(json.val),
      time: decodeFloat64(json.time),
    };
    const row = decodeInt32(json.pending.row);
    const col = decodeInt32(json.pending.col);
    const val = decodeInt8(json.pending.val);
    const time = decodeFloat64(json.pending.time);
    m.pending.reserve(row.length);
    for (let i = 0; i < row.length; i++) m.pending.push(row[i], col[i], val[i], time[i]);
    return m;
  }
}

/**
 * Sorts a batch of cells into CSR order (row, then column) with two stable counting sorts and
 * keeps one vote per cell: the most recent, the later one in arrival order on equal times.
 */
function collapseCells(
  row: Int32Array,
  col: Int32Array,
  val: Int8Array,
  time: Float64Array,
  n: number,
  nRows: number,
  nCols: number,
): Csr {
  const colStart = new Int32Array(nCols + 1);
  for (let i = 0; i < n; i++) colStart[col[i] + 1]++;
  for (let c = 0; c < nCols; c++) colStart[c + 1] += colStart[c];
  const byCol = new Int32Array(n);
  for (let i = 0; i < n; i++) byCol[colStart[col[i]]++] = i;

  const rowPtr = new Int32Array(nRows + 1);
  for (let i = 0; i < n; i++) rowPtr[row[i] + 1]++;
  for (let r = 0; r < nRows; r++) rowPtr[r + 1] += rowPtr[r];
  const next = rowPtr.slice(0, nRows);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = byCol[k];
    order[next[row[i]]++] = i;
  }

  const outCol = new Int32Array(n);
  const outVal = new Int8Array(n);
  const outTime = new Float64Array(n);
  const outPtr = new Int32Array(nRows + 1);
  let w = 0;
  for (let r = 0; r < nRows; r++) {
    const rowStart = w;
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
      const i = order[k];
      if (w > rowStart && outCol[w - 1] === col[i]) {
        if (isNewer(time[i], outTime[w - 1])) {
          outVal[w - 1] = val[i];
          outTime[w - 1] = time[i];
        }
        continue;
      }
      outCol[w] = col[i];
      outVal[w] = val[i];
      outTime[w] = time[i];
      w++;
    }
    outPtr[r + 1] = w;
  }
  return { rowPtr: outPtr, col: outCol.slice(0, w), val: outVal.slice(0, w), time: outTime.slice(0, w) };
}

/** Merges two CSR matrices row by row; on a shared cell the more recent vote wins. */
function mergeCsr(old: Csr, batch: Csr, nRows: number): Csr {
  const oldRows = old.rowPtr.length - 1;
  const cap = old.col.length + batch.col.length;
  const col = new Int32Array(cap);
  const val = new Int8Array(cap);
  const time = new Float64Array(cap);
  const rowPtr = new Int32Array(nRows + 1);
  let w = 0;
  for (let r = 0; r < nRows; r++) {
    let a = r < oldRows ? old.rowPtr[r] : 0;
    const aEnd = r < oldRows ? old.rowPtr[r + 1] : 0;
    let b = batch.rowPtr[r];
    const bEnd = batch.rowPtr[r + 1];
    while (a < aEnd || b < bEnd) {
      const ca = a < aEnd ? old.col[a] : Infinity;
      const cb = b < bEnd ? batch.col[b] : Infinity;
      if (ca < cb) {
        col[w] = ca;
        val[w] = old.val[a];
        time[w] = old.time[a];
        a++;
      } else if (cb < ca) {
        col[w] = cb;
        val[w] = batch.val[b];
        time[w] = batch.time[b];
        b++;
      } else {
        const takeNew = isNewer(batch.time[b], old.time[a]);
        col[w] = ca;
        val[w] = takeNew ? batch.val[b] : old.val[a];
        time[w] = takeNew ? batch.time[b] : old.time[a];
        a++;
        b++;
      }
      w++;
    }
    rowPtr[r + 1] = w;
  }
  return { rowPtr, col: col.slice(0, w), val: val.slice(0, w), time: time.slice(0, w) };
}

/** Number of non-missing cells per row (passes included): the in-conv vote count (spec §3). */
export function rowVoteCounts(csr: Csr, nRows: number): Int32Array {
  const counts = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) counts[r] = csr.rowPtr[r + 1] - csr.rowPtr[r];
  return counts;
}
