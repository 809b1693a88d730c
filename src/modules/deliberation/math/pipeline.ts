/**
 * The incremental math pipeline of one conversation (spec §1) and the one-shot recompute.
 *
 * `ConversationMath` holds everything an update depends on (votes, moderation, in-conv set, PCA
 * components, base clusters, group clusterings per k, the k smoother, last group tallies); its
 * state round-trips through `toJSON()` / `fromJSON()` so it can be persisted or moved to a worker.
 */
import { bestK, clusterBase, clusterGroups, smoothK, type KSmoother } from './clustering.js';
import { consensus, groupAwareConsensus } from './consensus.js';
import { decodeFloat64, decodeInt32, decodeUint8, encodeArray } from './encoding.js';
import { updateInConv } from './in-conv.js';
import type { Cluster } from './kmeans.js';
import { MAX_COMMENTS, MAX_PARTICIPANTS, rowVoteCounts, VoteMatrix, type VoteMatrixJSON } from './matrix.js';
import { centerMatrix, principalComponents } from './pca.js';
import { positionStats } from './positions.js';
import { projectComments, projectParticipants, type Points2D } from './projection.js';
import { Random } from './random.js';
import { representativeComments } from './repness.js';
import { buildResult } from './result.js';
import { commentPriority } from './routing.js';
import { sumSets, tally, tallyAll, type Tallies } from './tallies.js';
import type {
  CommentInput,
  IngestReport,
  KChoice,
  MathOptions,
  MathResult,
  ModerationStatus,
  VoteColumns,
  VoteInput,
} from './types.js';

export const DEFAULT_SEED = 20140616;
const STATE_VERSION = 1;

export interface MathStateJSON {
  version: number;
  options: Required<MathOptions>;
  random: number;
  matrix: VoteMatrixJSON;
  moderation: [number, ModerationStatus][];
  meta: number[];
  inConv: string;
  comps: string[];
  baseClusters: Cluster[];
  groupsByK: Record<string, Cluster[]>;
  smoother: KSmoother | null;
  previousGroupVotes: { agree: string; disagree: string; seen: string } | null;
}

export class ConversationMath {
  private readonly options: Required<MathOptions>;
  private random: Random;
  private matrix = new VoteMatrix();
  private readonly moderation = new Map<number, ModerationStatus>();
  private readonly meta = new Set<number>();
  private inConv: Uint8Array = new Uint8Array(0);
  private comps: Float64Array[] = [];
  private baseClusters: Cluster[] = [];
  private groupsByK: Record<number, Cluster[]> = {};
  private smoother: KSmoother | null = null;
  /** Group tallies of the previous update summed over groups, per column; feeds routing (§12). */
  private previousGroupVotes: Tallies | null = null;

  constructor(options: MathOptions = {}) {
    this.options = { seed: options.seed ?? DEFAULT_SEED, applyModeration: options.applyModeration ?? true };
    this.random = new Random(this.options.seed);
  }

  /** Stages votes (latest per participant and comment wins); they count from the next update. */
  addVotes(votes: readonly VoteInput[] | VoteColumns): IngestReport {
    return this.matrix.addVotes(votes);
  }

  get pendingVotes(): number {
    return this.matrix.pendingCount;
  }

  /** Moderation status −1 (rejected) takes the comment out of the math; 0 and 1 keep it in (§2.3). */
  setModeration(commentId: number, status: ModerationStatus): void {
    this.moderation.set(commentId, status);
  }

  /** Meta comments (about the process) are always out of the math and routed with priority 49. */
  setMeta(commentId: number, isMeta: boolean): void {
    if (isMeta) this.meta.add(commentId);
    else this.meta.delete(commentId);
  }

  setComments(comments: readonly CommentInput[]): void {
    for (const c of comments) {
      if (c.moderated !== undefined) this.setModeration(c.id, c.moderated);
      if (c.isMeta !== undefined) this.setMeta(c.id, c.isMeta);
    }
  }

  /**
   * Fixes the row and column order before any vote arrives (the one-shot recompute of §2.2 orders
   * rows and columns by a sorted scan rather than by arrival).
   */
  reserveOrder(participantIds: readonly number[], commentIds: readonly number[]): void {
    for (const id of commentIds) this.matrix.admitComment(id);
    for (const id of participantIds) this.matrix.admitParticipant(id);
  }

  /** Runs steps 1–8 of §1 on everything received so far. */
  update(): MathResult {
    const matrix = this.matrix;
    const csr = matrix.commit();
    const { nRows, nCols } = matrix;
    const commentIds = matrix.commentIds;
    const isMeta = Uint8Array.from(commentIds, (id) => (this.meta.has(id) ? 1 : 0));
    const modOut = this.options.applyModeration
      ? Uint8Array.from(commentIds, (id, j) => (isMeta[j] || this.moderation.get(id) === -1 ? 1 : 0))
      : new Uint8Array(nCols);

    this.inConv = updateInConv(this.inConv, rowVoteCounts(csr, nRows), nCols);
    const centered = centerMatrix(csr, nRows, nCols, modOut);
    this.comps = principalComponents(centered, this.comps, this.random);
    const projection = projectParticipants(centered, this.comps);
    const commentProjection = projectComments(centered.center, this.comps);

    const inConvRows = Int32Array.from(rowsWhere(this.inConv));
    this.baseClusters = clusterBase(projection, inConvRows, this.baseClusters);
    const { groups, k } = this.chooseGroups();

    const groupSlot = groupSlotOfRows(nRows, this.baseClusters, groups);
    const groupVotes = tally(csr, groupSlot, groups.length, nCols);
    const allVotes = tallyAll(csr, nRows, nCols);
    const priority = this.priorities(commentProjection.extremity, isMeta);
    this.previousGroupVotes = sumSets(groupVotes);
    const groupCentres = meanPositions(projection, groupSlot, groups.length);

    return buildResult({
      participantIds: matrix.participantIds,
      commentIds,
      csr,
      center: centered.center,
      comps: this.comps,
      modOut,
      isMeta,
      inConv: this.inConv,
      projection,
      commentProjection,
      baseClusters: this.baseClusters,
      groups,
      groupCentres,
      groupSlot,
      k,
      allVotes,
      groupVotes,
      representative: representativeComments(groupVotes, commentIds, modOut),
      consensus: consensus(allVotes, commentIds, modOut),
      groupAwareConsensus: groupAwareConsensus(groupVotes, commentIds),
      priority,
      positions: positionStats(projection, groupSlot, groupCentres),
    });
  }

  /** Group clusterings for every k, silhouette choice and hysteresis (§7.2–7.4). */
  private chooseGroups(): { groups: Cluster[]; k: KChoice | null } {
    const candidates = clusterGroups(this.baseClusters, this.groupsByK);
    this.groupsByK = candidates.byK;
    if (candidates.silhouettes.length === 0) return { groups: [], k: null };
    const thisK = bestK(candidates.silhouettes);
    this.smoother = smoothK(thisK, this.smoother);
    // The smoothed k may exceed this update's max_k when base clusters merged; then report the
    // largest k computed (the smoother state itself is kept as the spec defines it).
    const available = candidates.silhouettes.map((s) => s.k).filter((kk) => kk <= this.smoother!.smoothedK);
    const reportedK = available.length > 0 ? Math.max(...available) : thisK;
    return {
      groups: candidates.byK[reportedK],
      k: {
        thisK,
        smoothedK: reportedK,
        silhouettes: candidates.silhouettes.map((s) => ({
          k: s.k,
          silhouette: Number.isFinite(s.silhouette) ? s.silhouette : null,
        })),
      },
    };
  }

  /** Routing priorities (§12) from the previous update's summed group tallies. */
  private priorities(extremity: Float64Array, isMeta: Uint8Array): Float64Array {
    const prev = this.previousGroupVotes;
    return Float64Array.from(extremity, (e, j) => {
      const known = prev !== null && j < prev.nCols;
      return commentPriority(
        known ? prev.agree[j] : 0,
        known ? prev.disagree[j] : 0,
        known ? prev.seen[j] : 0,
        e,
        isMeta[j] === 1,
      );
    });
  }

  toJSON(): MathStateJSON {
    const prev = this.previousGroupVotes;
    return {
      version: STATE_VERSION,
      options: { ...this.options },
      random: this.random.getState(),
      matrix: this.matrix.toJSON(),
      moderation: [...this.moderation.entries()],
      meta: [...this.meta],
      inConv: encodeArray(this.inConv),
      comps: this.comps.map(encodeArray),
      baseClusters: this.baseClusters,
      groupsByK: this.groupsByK,
      smoother: this.smoother,
      previousGroupVotes: prev
        ? { agree: encodeArray(prev.agree), disagree: encodeArray(prev.disagree), seen: encodeArray(prev.seen) }
        : null,
    };
  }

  static fromJSON(json: MathStateJSON): ConversationMath {
    if (json.version !== STATE_VERSION) throw new Error(`unsupported deliberation math state version ${json.version}`);
    const m = new ConversationMath(json.options);
    m.random = new Random(json.random);
    m.matrix = VoteMatrix.fromJSON(json.matrix);
    for (const [id, status] of json.moderation) m.moderation.set(id, status);
    for (const id of json.meta) m.meta.add(id);
    m.inConv = decodeUint8(json.inConv);
    m.comps = json.comps.map(decodeFloat64);
    m.baseClusters = json.baseClusters;
    m.groupsByK = json.groupsByK;
    m.smoother = json.smoother;
    const prev = json.previousGroupVotes;
    if (prev) {
      const agree = decodeInt32(prev.agree);
      const disagree = decodeInt32(prev.disagree);
      m.previousGroupVotes = { nSets: 1, nCols: agree.length, agree, disagree, seen: decodeInt32(prev.seen) };
    }
    return m;
  }
}

function* rowsWhere(flags: Uint8Array): Generator<number> {
  for (let r = 0; r < flags.length; r++) if (flags[r]) yield r;
}

/** Row → index of its group in `groups` (via its base cluster), −1 when not clustered (§7.5). */
function groupSlotOfRows(nRows: number, base: readonly Cluster[], groups: readonly Cluster[]): Int32Array {
  const slotOfBase = new Map<number, number>();
  groups.forEach((g, s) => g.members.forEach((b) => slotOfBase.set(b, s)));
  const slot = new Int32Array(nRows).fill(-1);
  for (const b of base) {
    const s = slotOfBase.get(b.id);
    if (s !== undefined) for (const r of b.members) slot[r] = s;
  }
  return slot;
}

function meanPositions(p: Points2D, slot: Int32Array, nSlots: number): { x: number; y: number }[] {
  const sums = Array.from({ length: nSlots }, () => ({ x: 0, y: 0, n: 0 }));
  for (let r = 0; r < slot.length; r++) {
    if (slot[r] < 0) continue;
    const s = sums[slot[r]];
    s.x += p.x[r];
    s.y += p.y[r];
    s.n++;
  }
  return sums.map((s) => (s.n > 0 ? { x: s.x / s.n, y: s.y / s.n } : { x: 0, y: 0 }));
}

function voteColumns(votes: readonly VoteInput[] | VoteColumns): VoteColumns {
  if (!Array.isArray(votes)) return votes as VoteColumns;
  const list = votes as readonly VoteInput[];
  return {
    participantId: list.map((v) => v.participantId),
    commentId: list.map((v) => v.commentId),
    vote: list.map((v) => v.vote),
  };
}

/**
 * Row and column order of a one-shot recompute (§2.2): votes scanned sorted by (comment id,
 * participant id, time), so columns are ascending comment ids and participants come in order of
 * (smallest comment id they voted on, participant id). Invalid votes do not count.
 */
export function oneShotOrder(votes: readonly VoteInput[] | VoteColumns): { participantIds: number[]; commentIds: number[] } {
  const c = voteColumns(votes);
  const firstComment = new Map<number, number>();
  const comments = new Set<number>();
  for (let i = 0; i < c.vote.length; i++) {
    const pid = c.participantId[i];
    const tid = c.commentId[i];
    const v = c.vote[i];
    if (!Number.isSafeInteger(pid) || !Number.isSafeInteger(tid) || !(v === 1 || v === 0 || v === -1)) continue;
    comments.add(tid);
    const seen = firstComment.get(pid);
    if (seen === undefined || tid < seen) firstComment.set(pid, tid);
  }
  const commentIds = [...comments].sort((a, b) => a - b).slice(0, MAX_COMMENTS);
  const lastComment = commentIds.length > 0 ? commentIds[commentIds.length - 1] : -Infinity;
  const participantIds = [...firstComment.entries()]
    .filter(([, tid]) => tid <= lastComment)
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .map(([pid]) => pid)
    .slice(0, MAX_PARTICIPANTS);
  return { participantIds, commentIds };
}

/** The one-shot pipeline: a fresh conversation, every vote in one batch, one update. */
export function analyzeOneShot(
  comments: readonly CommentInput[],
  votes: readonly VoteInput[] | VoteColumns,
  options: MathOptions = {},
): MathResult {
  const math = new ConversationMath(options);
  math.setComments(comments);
  const order = oneShotOrder(votes);
  math.reserveOrder(order.participantIds, order.commentIds);
  math.addVotes(votes);
  return math.update();
}
