// The short cache of anonymous proposal pages and counts (served by http/support.ts). Here rather
// than in http/ because writers outside HTTP (the deadline sweep) must drop it too.
import type { CacheService } from '../../core/cache.js';

// Anonymous proposal pages are the same for everyone in a language; under a viral proposal they
// are rendered once per second per language instead of once per reader. Counts on them may lag by
// that second. Keys start with the proposal id; entries live the operator's page-cache seconds.
export const proposalPages = (cache: CacheService) => cache.named<string>('petitions.pages', { ttlMs: 1_000, maxEntries: 2000 });

/**
 * Called after a change that is not just a count (a status, a response): readers of this process see
 * it at once, those of every other process within the cache's sync interval.
 */
export function forgetProposalPages(cache: CacheService, proposalId: string): Promise<void> {
  return proposalPages(cache).invalidate(`${proposalId}:`);
}
