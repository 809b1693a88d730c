// The CKAN API's anonymous read answers, held in core's cache service. Each answer is kept with the
// catalog change sequence it was computed at; a lookup reads the sequence (one indexed row) first,
// and every catalog write and use-count flush advances it, so no process serves an answer after a
// change. The TTL bounds what does not move the sequence (agency names shown as facet labels).
import type { CacheService } from '../../../core/cache.js';
import type { DB } from '../../../core/db/index.js';
import { currentChangeSeq } from '../queries.js';
import { opendataDb } from '../tables.js';

export interface AnswerLookup {
  /** The stored answer, when the catalog has not changed since it was stored. */
  body: string | undefined;
  /** Stores the answer computed now, under the sequence read by the lookup. */
  store(body: string): void;
}

export function ckanAnswerCache(services: { db: DB; cache: CacheService }) {
  const answers = services.cache.named<{ seq: number; body: string }>('opendata.ckan-reads', { ttlMs: 60_000, maxEntries: 1000 });
  return {
    async lookup(key: string): Promise<AnswerLookup> {
      const seq = await currentChangeSeq(opendataDb(services.db));
      const held = answers.get(key);
      return { body: held?.seq === seq ? held.body : undefined, store: (body) => answers.set(key, { seq, body }) };
    },
  };
}
