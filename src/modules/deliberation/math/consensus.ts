/**
 * Conversation-wide consensus (spec §10) and group-aware consensus (spec §11).
 */
import { isSignificant, smoothedProportion, z1 } from './stats.js';
import type { Tallies } from './tallies.js';
import type { ConsensusComment, GroupAwareConsensus } from './types.js';

/** At most this many agree and this many disagree consensus comments (§10, §14). */
export const MAX_CONSENSUS = 5;

/**
 * §10 on the tallies of every voter (one set). Moderated-out comments are removed. Ties keep
 * column order.
 */
export function consensus(
  all: Tallies,
  commentIds: readonly number[],
  modOut: Uint8Array,
): { agree: ConsensusComment[]; disagree: ConsensusComment[] } {
  const agree: (ConsensusComment & { rank: number })[] = [];
  const disagree: (ConsensusComment & { rank: number })[] = [];
  for (let j = 0; j < all.nCols; j++) {
    if (modOut[j]) continue;
    const ns = all.seen[j];
    const na = all.agree[j];
    const nd = all.disagree[j];
    const pa = smoothedProportion(na, ns);
    const pat = z1(na, ns);
    const pd = smoothedProportion(nd, ns);
    const pdt = z1(nd, ns);
    if (pa > 0.5 && isSignificant(pat)) {
      agree.push({ commentId: commentIds[j], nSuccess: na, nTrials: ns, pSuccess: pa, pTest: pat, rank: pa * pat });
    }
    if (pd > 0.5 && isSignificant(pdt)) {
      disagree.push({ commentId: commentIds[j], nSuccess: nd, nTrials: ns, pSuccess: pd, pTest: pdt, rank: pd * pdt });
    }
  }
  const top = (list: (ConsensusComment & { rank: number })[]): ConsensusComment[] =>
    list
      .sort((a, b) => b.rank - a.rank)
      .slice(0, MAX_CONSENSUS)
      .map(({ rank: _rank, ...entry }) => entry);
  return { agree: top(agree), disagree: top(disagree) };
}

/**
 * §11: Π over groups of (A_g + 1)/(S_g + 2), for every comment (no moderation filter), plus the
 * geometric mean over groups. Empty when there are no groups.
 */
export function groupAwareConsensus(groups: Tallies, commentIds: readonly number[]): GroupAwareConsensus[] {
  if (groups.nSets === 0) return [];
  const out: GroupAwareConsensus[] = [];
  for (let j = 0; j < groups.nCols; j++) {
    let value = 1;
    for (let g = 0; g < groups.nSets; g++) {
      value *= smoothedProportion(groups.agree[g * groups.nCols + j], groups.seen[g * groups.nCols + j]);
    }
    out.push({ commentId: commentIds[j], value, geometricMean: value ** (1 / groups.nSets) });
  }
  return out;
}
