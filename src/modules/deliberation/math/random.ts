/**
 * Small seeded PRNG (mulberry32). The engine needs randomness only for the PCA start vector of a
 * brand-new conversation (spec §4.4); seeding it keeps results reproducible (spec §16 notes).
 * The whole generator state is one uint32, so it serialises with the conversation state.
 */
export class Random {
  constructor(private state: number) {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  getState(): number {
    return this.state;
  }
}
