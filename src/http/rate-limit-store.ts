// The store @fastify/rate-limit counts in: the platform's rate-limit counters (core/rate-limits.ts),
// shared by every app process when they share a PostgreSQL database.
import type { RateLimits } from '../core/rate-limits.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
type RouteOptions = { routeInfo?: { method?: string | string[]; url?: string }; groupId?: string };

export function rateLimitStore(rateLimits: RateLimits) {
  return class RateLimitStore {
    constructor(private readonly options: RouteOptions = {}) {}
    private prefix(): string {
      if (this.options.groupId) return this.options.groupId;
      const info = this.options.routeInfo;
      return info?.url ? `${String(info.method)}:${info.url}` : 'global';
    }
    incr(key: string, callback: Callback, timeWindow: number): void {
      rateLimits.hit([{ key: `${this.prefix()}|${key}`, windowMs: timeWindow }]).then(
        ([result]) => callback(null, result),
        (error: Error) => callback(error),
      );
    }
    child(routeOptions: RouteOptions) {
      return new RateLimitStore(routeOptions);
    }
  };
}
