// The one provider of a process lives in the `identity.provider` cache, so rotating the signing keys
// (in any process, or the CLI) makes every process rebuild it with the new keys within a second.
import type { Services } from '../../core/action.js';
import type { NamedCache } from '../../core/cache.js';

export const providerCache = <P>(services: Services): NamedCache<P> => services.cache.named<P>('identity.provider', { ttlMs: Infinity, maxEntries: 1 });
