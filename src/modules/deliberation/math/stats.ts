/**
 * Comment-level statistics shared by repness and consensus (spec §8.2).
 */

/** One-sided 90 % significance threshold for the z tests (§8.2, §14). */
export const Z_90 = 1.2816;

export const isSignificant = (z: number): boolean => z > Z_90;

/** Laplace-smoothed proportion (s + 1) / (n + 2), i.e. a Beta(1,1) prior. */
export const smoothedProportion = (successes: number, trials: number): number => (successes + 1) / (trials + 2);

/** One-proportion z test against ½ with +1 on both counts: 2·sqrt(n+1)·((s+1)/(n+1) − ½). */
export function z1(successes: number, trials: number): number {
  return 2 * Math.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5);
}

/** Two-proportion z test with +1 on all four counts; 0 when the pooled proportion is 1. */
export function z2(s1: number, s2: number, n1: number, n2: number): number {
  const a = s1 + 1;
  const b = s2 + 1;
  const m = n1 + 1;
  const n = n2 + 1;
  const pooled = (a + b) / (m + n);
  if (pooled === 1) return 0;
  return (a / m - b / n) / Math.sqrt(pooled * (1 - pooled) * (1 / m + 1 / n));
}
