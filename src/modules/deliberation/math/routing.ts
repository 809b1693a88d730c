/**
 * Comment routing priority (spec §12): which comment to show a participant next.
 */

/** Priority of meta comments, 7² (§12). */
export const META_PRIORITY = 49;

/**
 * Priority from the previous update's group tallies summed over groups (agree A, disagree D,
 * seen S) and the comment's extremity E. Missing tallies or extremity are 0.
 */
export function commentPriority(agree: number, disagree: number, seen: number, extremity: number, isMeta: boolean): number {
  if (isMeta) return META_PRIORITY;
  const passes = seen - agree - disagree;
  const pPass = (passes + 1) / (seen + 2);
  const pAgree = (agree + 1) / (seen + 2);
  const importance = (1 - pPass) * (extremity + 1) * pAgree;
  const novelty = 1 + 8 * 2 ** (-seen / 5);
  return (importance * novelty) ** 2;
}
