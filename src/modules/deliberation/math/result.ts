/**
 * Assembles the JSON result of one update from the typed arrays the pipeline computed.
 * No NaN or Infinity leaves this file: undefined quantities are null.
 */
import type {
  CommentResult,
  ConsensusComment,
  GroupAwareConsensus,
  GroupResult,
  KChoice,
  MathResult,
  ParticipantResult,
  RepresentativeComment,
  VoteCounts,
} from './types.js';
import type { Cluster } from './kmeans.js';
import type { Csr } from './matrix.js';
import type { PositionStats } from './positions.js';
import type { CommentPoints, Points2D } from './projection.js';
import type { Tallies } from './tallies.js';

export interface UpdateOutcome {
  participantIds: readonly number[];
  commentIds: readonly number[];
  csr: Csr;
  center: Float64Array;
  comps: Float64Array[];
  modOut: Uint8Array;
  isMeta: Uint8Array;
  inConv: Uint8Array;
  projection: Points2D;
  commentProjection: CommentPoints;
  baseClusters: readonly Cluster[];
  /** Chosen groups, sorted by id; members are base-cluster ids. */
  groups: readonly Cluster[];
  /** Per group (same order): mean of the members' projections. */
  groupCentres: readonly { x: number; y: number }[];
  /** Row → index into `groups`, −1 when ungrouped. */
  groupSlot: Int32Array;
  k: KChoice | null;
  allVotes: Tallies;
  groupVotes: Tallies;
  representative: RepresentativeComment[][];
  consensus: { agree: ConsensusComment[]; disagree: ConsensusComment[] };
  groupAwareConsensus: GroupAwareConsensus[];
  priority: Float64Array;
  positions: PositionStats;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
const percent = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);

function voteCounts(agree: number, disagree: number, seen: number): VoteCounts {
  const pass = seen - agree - disagree;
  return {
    agree,
    disagree,
    pass,
    seen,
    agreePct: percent(agree, seen),
    disagreePct: percent(disagree, seen),
    passPct: percent(pass, seen),
  };
}

function participants(o: UpdateOutcome): ParticipantResult[] {
  const { csr } = o;
  return o.participantIds.map((id, r) => {
    let nAgree = 0;
    let nDisagree = 0;
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) {
      if (csr.val[k] > 0) nAgree++;
      else if (csr.val[k] < 0) nDisagree++;
    }
    const slot = o.groupSlot[r];
    return {
      id,
      group: slot >= 0 ? o.groups[slot].id : null,
      x: o.projection.x[r],
      y: o.projection.y[r],
      inConv: o.inConv[r] === 1,
      nVotes: csr.rowPtr[r + 1] - csr.rowPtr[r],
      nAgree,
      nDisagree,
      centricness: finiteOrNull(o.positions.centricness[r]),
      coreness: finiteOrNull(o.positions.coreness[r]),
      extremeness: finiteOrNull(o.positions.extremeness[r]),
    };
  });
}

function comments(o: UpdateOutcome): CommentResult[] {
  const nCols = o.commentIds.length;
  const g = o.groupVotes;
  return o.commentIds.map((id, j) => {
    let totalA = 0;
    let totalD = 0;
    let totalS = 0;
    for (let s = 0; s < g.nSets; s++) {
      totalA += g.agree[s * nCols + j];
      totalD += g.disagree[s * nCols + j];
      totalS += g.seen[s * nCols + j];
    }
    const groupVotes = o.groups.map((group, s) => {
      const a = g.agree[s * nCols + j];
      const d = g.disagree[s * nCols + j];
      const n = g.seen[s * nCols + j];
      return { group: group.id, inGroup: voteCounts(a, d, n), otherGroups: voteCounts(totalA - a, totalD - d, totalS - n) };
    });
    return {
      id,
      x: o.commentProjection.x[j],
      y: o.commentProjection.y[j],
      extremity: o.commentProjection.extremity[j],
      center: o.center[j],
      moderatedOut: o.modOut[j] === 1,
      isMeta: o.isMeta[j] === 1,
      votes: voteCounts(o.allVotes.agree[j], o.allVotes.disagree[j], o.allVotes.seen[j]),
      groupVotes,
      priority: o.priority[j],
    };
  });
}

function groups(o: UpdateOutcome, baseMembers: Map<number, number[]>): GroupResult[] {
  return o.groups.map((group, s) => {
    const members = group.members.flatMap((b) => baseMembers.get(b) ?? []).sort((a, b) => a - b);
    return {
      id: group.id,
      members,
      x: o.groupCentres[s].x,
      y: o.groupCentres[s].y,
      baseClusters: [...group.members],
      representative: o.representative[s],
    };
  });
}

export function buildResult(o: UpdateOutcome): MathResult {
  const baseClusters = o.baseClusters.map((b) => ({
    id: b.id,
    members: b.members.map((r) => o.participantIds[r]),
    x: b.x,
    y: b.y,
  }));
  const baseMembers = new Map(baseClusters.map((b) => [b.id, b.members]));
  let inConv = 0;
  for (let r = 0; r < o.inConv.length; r++) inConv += o.inConv[r];
  return {
    counts: {
      participants: o.participantIds.length,
      comments: o.commentIds.length,
      votes: o.csr.col.length,
      inConv,
      groups: o.groups.length,
    },
    pca: { commentIds: [...o.commentIds], center: Array.from(o.center), comps: o.comps.map((c) => Array.from(c)) },
    participants: participants(o),
    comments: comments(o),
    baseClusters,
    groups: groups(o, baseMembers),
    k: o.k,
    consensus: o.consensus,
    groupAwareConsensus: o.groupAwareConsensus,
  };
}
