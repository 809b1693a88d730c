// Anonymous answers of the CKAN read API, kept while the catalog does not change. Every catalog
// write (and every flush of use counts) advances the change sequence in the database, and each hit
// first reads that sequence, so an answer is never served after a change, from any process. A TTL
// bounds what does not move the sequence (agency names shown as facet labels).
export class ResponseCache {
  private readonly entries = new Map<string, { seq: number; body: string; expires: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly ttlMs = 60_000,
  ) {}

  get(key: string, seq: number, nowMs: number): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.seq !== seq || entry.expires <= nowMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.body;
  }

  set(key: string, seq: number, body: string, nowMs: number): void {
    // Oldest first out: a Map iterates in insertion order.
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { seq, body, expires: nowMs + this.ttlMs });
  }
}
