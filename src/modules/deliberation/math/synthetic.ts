/**
 * Synthetic conversations with planted opinion groups, for the bench and for tests.
 * Deterministic for a given seed.
 */
import { Random } from './random.js';

export interface SyntheticOptions {
  participants: number;
  comments: number;
  /** Probability that a participant votes on a given comment. */
  density: number;
  groups: number;
  seed: number;
}

/** Column batch of votes (a `VoteColumns`), typed arrays throughout. */
export interface SyntheticVotes {
  participantId: Int32Array;
  commentId: Int32Array;
  vote: Int8Array;
  time: Float64Array;
}

export interface SyntheticConversation {
  groups: number;
  comments: number;
  votes: SyntheticVotes;
  /** Planted group of participant id i. */
  plantedGroup: Int32Array;
  /** Per comment and group [comment · groups + group]: probability of agree, then of disagree. */
  agreeProbability: Float64Array;
  disagreeProbability: Float64Array;
}

/**
 * Each comment gets, per group, a leaning: agree (80 % agree / 10 % disagree), disagree (the
 * reverse) or undecided (35 % / 35 %); the rest are passes. A fifth of the comments are consensus
 * comments (every group leans agree).
 */
export function syntheticConversation(o: SyntheticOptions): SyntheticConversation {
  const random = new Random(o.seed);
  const agreeProbability = new Float64Array(o.comments * o.groups);
  const disagreeProbability = new Float64Array(o.comments * o.groups);
  for (let j = 0; j < o.comments; j++) {
    const consensus = random.next() < 0.2;
    for (let g = 0; g < o.groups; g++) {
      const leaning = consensus ? 0 : random.int(3);
      const [pa, pd] = leaning === 0 ? [0.8, 0.1] : leaning === 1 ? [0.1, 0.8] : [0.35, 0.35];
      agreeProbability[j * o.groups + g] = pa;
      disagreeProbability[j * o.groups + g] = pd;
    }
  }
  const plantedGroup = Int32Array.from({ length: o.participants }, () => random.int(o.groups));
  const expected = Math.ceil(o.participants * o.comments * o.density * 1.1) + 16;
  const participantId = new Int32Array(expected);
  const commentId = new Int32Array(expected);
  const vote = new Int8Array(expected);
  const time = new Float64Array(expected);
  let n = 0;
  for (let i = 0; i < o.participants && n < expected; i++) {
    for (let j = 0; j < o.comments && n < expected; j++) {
      if (random.next() >= o.density) continue;
      participantId[n] = i;
      commentId[n] = j;
      vote[n] = drawVote(random, agreeProbability, disagreeProbability, j * o.groups + plantedGroup[i]);
      time[n] = n;
      n++;
    }
  }
  return {
    groups: o.groups,
    comments: o.comments,
    votes: {
      participantId: participantId.subarray(0, n),
      commentId: commentId.subarray(0, n),
      vote: vote.subarray(0, n),
      time: time.subarray(0, n),
    },
    plantedGroup,
    agreeProbability,
    disagreeProbability,
  };
}

function drawVote(random: Random, pa: Float64Array, pd: Float64Array, cell: number): number {
  const u = random.next();
  return u < pa[cell] ? 1 : u < pa[cell] + pd[cell] ? -1 : 0;
}

/** `count` further votes by existing participants on random comments, later than every vote so far. */
export function syntheticFollowUp(c: SyntheticConversation, count: number, seed: number): SyntheticVotes {
  const random = new Random(seed);
  const nParticipants = c.plantedGroup.length;
  const { groups, comments: nComments } = c;
  const start = c.votes.time.length;
  const out = {
    participantId: new Int32Array(count),
    commentId: new Int32Array(count),
    vote: new Int8Array(count),
    time: new Float64Array(count),
  };
  for (let n = 0; n < count; n++) {
    const i = random.int(nParticipants);
    const j = random.int(nComments);
    out.participantId[n] = i;
    out.commentId[n] = j;
    out.vote[n] = drawVote(random, c.agreeProbability, c.disagreeProbability, j * groups + c.plantedGroup[i]);
    out.time[n] = start + n;
  }
  return out;
}
