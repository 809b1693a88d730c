/**
 * Public types of the deliberation math engine. Everything here is plain data and JSON-serialisable.
 *
 * Vote encoding (spec §2.1, recommendation for opengov): the open-data export convention,
 * agree = +1, disagree = −1, pass = 0. Tallies are defined by meaning, never by sign arithmetic.
 *
 * Ids: participants and comments are identified by per-conversation integers (Polis's `pid` and
 * `tid`, the `voter-id` / `comment-id` of the exports). The web module maps its own ids to these.
 */

export const AGREE = 1;
export const DISAGREE = -1;
export const PASS = 0;

export type VoteValue = -1 | 0 | 1;

/** Polis moderation status: −1 rejected, 0 unmoderated, 1 accepted (spec §2.3, §15). */
export type ModerationStatus = -1 | 0 | 1;

export interface VoteInput {
  participantId: number;
  commentId: number;
  vote: VoteValue;
  /** Milliseconds (or any monotone unit). Without it, the vote given later replaces an earlier one. */
  time?: number;
}

/** Column-oriented batch of votes; lets large imports avoid one object per vote. */
export interface VoteColumns {
  participantId: ArrayLike<number>;
  commentId: ArrayLike<number>;
  vote: ArrayLike<number>;
  time?: ArrayLike<number>;
}

export interface CommentInput {
  id: number;
  moderated?: ModerationStatus;
  isMeta?: boolean;
}

export interface IngestReport {
  accepted: number;
  /** Votes refused because their value or ids were not valid (vote ∉ {−1, 0, 1}, non-integer ids). */
  invalid: number;
  /** Votes dropped because the participant or comment cap was reached (spec §2.2). */
  droppedByCap: number;
}

export interface MathOptions {
  /** Seed of the PRNG used for the PCA start vector of a new conversation (spec §4.4). */
  seed?: number;
  /** Zero moderated-out columns (live Polis behaviour, spec §2.3). Default true. */
  applyModeration?: boolean;
}

// ------------------------------------------------------------------------------------------------
// Results

export interface ParticipantResult {
  /** Participant id (export `voter-id`). */
  id: number;
  /** Opinion group id, or null when the participant is not clustered. */
  group: number | null;
  x: number;
  y: number;
  inConv: boolean;
  nVotes: number;
  nAgree: number;
  nDisagree: number;
  /** Position statistics (spec §13); null for participants without a group. */
  centricness: number | null;
  coreness: number | null;
  extremeness: number | null;
}

export interface VoteCounts {
  agree: number;
  disagree: number;
  pass: number;
  /** Non-missing votes, passes included. */
  seen: number;
  /** 100·agree/seen, null when nobody voted. */
  agreePct: number | null;
  disagreePct: number | null;
  passPct: number | null;
}

export interface GroupCommentVotes {
  group: number;
  /** Votes of the group's members. */
  inGroup: VoteCounts;
  /** Votes of the members of the other groups (the "rest" of spec §9.1). */
  otherGroups: VoteCounts;
}

export interface CommentResult {
  id: number;
  /** Comment projection (spec §5.2, +1 = agree) and its extremity. */
  x: number;
  y: number;
  extremity: number;
  /** Column mean used as PCA centre. */
  center: number;
  moderatedOut: boolean;
  isMeta: boolean;
  /** Votes of every voter (raw matrix). */
  votes: VoteCounts;
  /** Votes per opinion group, in the order of `groups`. */
  groupVotes: GroupCommentVotes[];
  /** Routing priority (spec §12). */
  priority: number;
}

export type Direction = 'agree' | 'disagree';

export interface RepresentativeComment {
  commentId: number;
  direction: Direction;
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
  repness: number;
  repnessTest: number;
  /** repness × repnessTest × pSuccess × pTest (spec §9.2). */
  metric: number;
  bestAgree: boolean;
  nAgree: number;
}

export interface GroupResult {
  id: number;
  /** Participant ids, ascending. */
  members: number[];
  /** Mean of the members' projections. */
  x: number;
  y: number;
  baseClusters: number[];
  representative: RepresentativeComment[];
}

export interface BaseClusterResult {
  id: number;
  members: number[];
  x: number;
  y: number;
}

export interface ConsensusComment {
  commentId: number;
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
}

export interface GroupAwareConsensus {
  commentId: number;
  /** Π over groups of (A_g + 1)/(S_g + 2) (spec §11). */
  value: number;
  /** value^(1/#groups), comparable across conversations. */
  geometricMean: number;
}

export interface KChoice {
  /** k with the best silhouette in this update. */
  thisK: number;
  /** k actually reported after the hysteresis smoother (spec §7.4). */
  smoothedK: number;
  /** null where the clustering has a single cluster (no silhouette). */
  silhouettes: { k: number; silhouette: number | null }[];
}

export interface MathResult {
  counts: {
    participants: number;
    comments: number;
    votes: number;
    inConv: number;
    groups: number;
  };
  pca: {
    /** Column order of `center` and of each component. */
    commentIds: number[];
    center: number[];
    comps: number[][];
  };
  participants: ParticipantResult[];
  comments: CommentResult[];
  baseClusters: BaseClusterResult[];
  groups: GroupResult[];
  k: KChoice | null;
  /** Comments most voters agree / disagree with (spec §10); the report's "majority opinions". */
  consensus: { agree: ConsensusComment[]; disagree: ConsensusComment[] };
  groupAwareConsensus: GroupAwareConsensus[];
}
