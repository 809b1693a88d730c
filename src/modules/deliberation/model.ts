// Pure rules of the deliberation module (who may do what is in policy.ts): conversation state, which statement to
// show next, vote encodings. No I/O.
import { commentPriority } from './math/routing.js';
import type { ConversationStatus, VoteChoice } from './schemas.js';
import type { ModerationMode, StatementStatus } from './tables.js';

/** Statement spam limit per account (all conversations): at most this many in the window. */
export const STATEMENT_RATE = { max: 5, windowMs: 10 * 60_000 } as const;

/** Votes per account (all conversations, changes included): a person reads each statement first; a script flips. */
export const VOTE_RATE = { max: 60, windowMs: 60_000 } as const;

/** Priority of a statement the math has not seen yet (no votes, no extremity): spec §12 with zeros. */
export const UNSEEN_PRIORITY = commentPriority(0, 0, 0, 0, false);

export function conversationStatus(c: { opens_at: string | null; closes_at: string | null; read_only: number }, now: Date): ConversationStatus {
  if (c.read_only) return 'closed';
  const t = now.getTime();
  if (c.opens_at && t < Date.parse(c.opens_at)) return 'scheduled';
  if (c.closes_at && t >= Date.parse(c.closes_at)) return 'closed';
  return 'open';
}

/** Strict: shown after approval. Permissive: shown until rejected. */
export function isVisible(status: StatementStatus, moderation: ModerationMode): boolean {
  if (status === 'rejected') return false;
  return moderation === 'permissive' || status === 'accepted';
}

/** Status of a newly submitted statement: managers' statements need no review. */
export const initialStatus = (byManager: boolean): StatementStatus => (byManager ? 'accepted' : 'pending');

export const voteNumber = (choice: VoteChoice): -1 | 0 | 1 => (choice === 'agree' ? 1 : choice === 'disagree' ? -1 : 0);
export const voteChoice = (value: number): VoteChoice => (value > 0 ? 'agree' : value < 0 ? 'disagree' : 'pass');

/** Polis moderation value of a statement (spec §15): −1 rejected, 1 accepted, 0 otherwise. */
export const polisModeration = (status: StatementStatus): -1 | 0 | 1 => (status === 'rejected' ? -1 : status === 'accepted' ? 1 : 0);
export const statusFromPolis = (moderated: -1 | 0 | 1): StatementStatus => (moderated === -1 ? 'rejected' : moderated === 1 ? 'accepted' : 'pending');

/**
 * Picks the next statement: weighted by routing priority (spec §12) when the math has run, else
 * uniformly at random. `random` returns a number in [0, 1).
 */
export function chooseNext<T extends { number: number; isMeta: boolean }>(
  candidates: readonly T[],
  priorities: ReadonlyMap<number, number> | null,
  random: () => number = Math.random,
): T | null {
  if (candidates.length === 0) return null;
  if (!priorities) return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))]!;
  const weights = candidates.map((c) => {
    const p = priorities.get(c.number) ?? (c.isMeta ? commentPriority(0, 0, 0, 0, true) : UNSEEN_PRIORITY);
    return Number.isFinite(p) && p > 0 ? p : 0;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))]!;
  let r = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    r -= weights[i]!;
    if (r < 0) return candidates[i]!;
  }
  return candidates[candidates.length - 1]!;
}

/** Statement length as people count it: code points, so a CJK character or an emoji counts once. */
export const textLength = (text: string): number => [...text].length;

/** Polis timestamps are milliseconds in older exports and seconds in newer ones (spec §15). */
export const timestampMs = (t: number): number => (Math.abs(t) < 1e11 ? t * 1000 : t);

/** Group labels as Polis shows them: A, B, C, ... in the order of the group ids. */
export function groupLabels(groupIds: readonly number[]): Map<number, string> {
  const sorted = [...groupIds].sort((a, b) => a - b);
  return new Map(sorted.map((id, i) => [id, i < 26 ? String.fromCharCode(65 + i) : `G${i + 1}`]));
}
