// The order statistics every bench section reports.

/** The `p` quantile (0..1) of `xs`, nearest rank. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

export const median = (xs: readonly number[]): number => pct(xs, 0.5);
