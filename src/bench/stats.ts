/** Latency summaries. Percentiles by the nearest-rank method on sorted samples. */

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

export interface LatencyDetail extends Latency {
  count: number;
  meanMs: number;
  maxMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const round = (x: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function summarize(samples: number[]): LatencyDetail {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(mean),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}
