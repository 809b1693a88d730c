/**
 * Representative comments per group (spec §9).
 *
 * The statistics are defined on the rating matrix, where moderated-out columns are zeroed; those
 * columns are removed before any selection (§9.3), and on every other column the rating matrix
 * equals the raw matrix, so the group tallies of §8.1 are all that is needed.
 */
import { isSignificant, smoothedProportion, z1, z2, Z_90 } from './stats.js';
import { sumSets, type Tallies } from './tallies.js';
import type { RepresentativeComment } from './types.js';

/** At most this many representative comments per group (§9.3, §14). */
export const MAX_REPRESENTATIVE = 5;

export interface RepnessStats {
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

/**
 * §9.1 for one (group, comment): group counts na, nd, ns against the summed counts of the *other
 * groups* Na, Nd, Ns.
 */
export function repnessStats(na: number, nd: number, ns: number, restA: number, restD: number, restS: number): RepnessStats {
  const pa = smoothedProportion(na, ns);
  const pd = smoothedProportion(nd, ns);
  return {
    na,
    nd,
    ns,
    pa,
    pd,
    pat: z1(na, ns),
    pdt: z1(nd, ns),
    ra: pa / smoothedProportion(restA, restS),
    rd: pd / smoothedProportion(restD, restS),
    rat: z2(na, restA, ns, restS),
    rdt: z2(nd, restD, ns, restS),
  };
}

/** §9.2: one record in the direction with the larger two-proportion z. */
export function finalizeRepness(commentId: number, s: RepnessStats, bestAgree = false): RepresentativeComment {
  const agree = s.rat > s.rdt;
  const r = agree
    ? { nSuccess: s.na, pSuccess: s.pa, pTest: s.pat, repness: s.ra, repnessTest: s.rat }
    : { nSuccess: s.nd, pSuccess: s.pd, pTest: s.pdt, repness: s.rd, repnessTest: s.rdt };
  return {
    commentId,
    direction: agree ? 'agree' : 'disagree',
    nTrials: s.ns,
    ...r,
    metric: r.repness * r.repnessTest * r.pSuccess * r.pTest,
    bestAgree,
    nAgree: s.na,
  };
}

const passesSignificance = (s: RepnessStats): boolean =>
  (isSignificant(s.rat) && isSignificant(s.pat)) || (isSignificant(s.rdt) && isSignificant(s.pdt));

/** Whether comment `s` should replace the current best-agree candidate (§9.3). */
function betterAgree(s: RepnessStats, current: RepnessStats | null): boolean {
  if (s.na === 0 && s.nd === 0) return false;
  if (current && current.ra > 1) return s.ra * s.rat * s.pa * s.pat > current.ra * current.rat * current.pa * current.pat;
  if (current) return s.pa * s.pat > current.pa * current.pat;
  return s.pat > Z_90 || (s.ra > 1 && s.pa > 0.5);
}

/** §9.3 selection for one group, given its statistics per comment in column order. */
export function selectRepresentative(candidates: readonly { commentId: number; stats: RepnessStats }[]): RepresentativeComment[] {
  const sufficient: RepresentativeComment[] = [];
  let fallback: RepresentativeComment | null = null;
  let bestAgree: { commentId: number; stats: RepnessStats } | null = null;
  for (const c of candidates) {
    if (passesSignificance(c.stats)) sufficient.push(finalizeRepness(c.commentId, c.stats));
    if (sufficient.length === 0) {
      const test = Math.max(c.stats.rat, c.stats.rdt);
      if (!fallback || test > fallback.repnessTest) fallback = finalizeRepness(c.commentId, c.stats);
    }
    if (betterAgree(c.stats, bestAgree?.stats ?? null)) bestAgree = c;
  }
  const bestAgreeRecord = bestAgree ? finalizeRepness(bestAgree.commentId, bestAgree.stats, true) : null;
  if (sufficient.length === 0) return bestAgreeRecord ? [bestAgreeRecord] : fallback ? [fallback] : [];
  const rest = sufficient.filter((r) => r.commentId !== bestAgreeRecord?.commentId).sort((a, b) => b.metric - a.metric);
  const chosen = (bestAgreeRecord ? [bestAgreeRecord, ...rest] : rest).slice(0, MAX_REPRESENTATIVE);
  return [...chosen.filter((r) => r.direction === 'agree'), ...chosen.filter((r) => r.direction === 'disagree')];
}

/** Representative comments of every group (tally sets = groups), moderated-out columns removed. */
export function representativeComments(
  groups: Tallies,
  commentIds: readonly number[],
  modOut: Uint8Array,
): RepresentativeComment[][] {
  const { nSets, nCols } = groups;
  const total = sumSets(groups);
  const result: RepresentativeComment[][] = [];
  for (let g = 0; g < nSets; g++) {
    const candidates: { commentId: number; stats: RepnessStats }[] = [];
    for (let j = 0; j < nCols; j++) {
      if (modOut[j]) continue;
      const cell = g * nCols + j;
      const na = groups.agree[cell];
      const nd = groups.disagree[cell];
      const ns = groups.seen[cell];
      const stats = repnessStats(na, nd, ns, total.agree[j] - na, total.disagree[j] - nd, total.seen[j] - ns);
      candidates.push({ commentId: commentIds[j], stats });
    }
    result.push(selectRepresentative(candidates));
  }
  return result;
}
