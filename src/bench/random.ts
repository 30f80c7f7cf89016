/** A small seeded PRNG and the draws the benchmark needs. Same seed, same corpus, same queries. */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** Index in [0, n) with a Zipf-like bias towards the start (s ≈ 1). */
  zipf(n: number, s?: number): number;
  chance(p: number): boolean;
  shuffle<T>(xs: T[]): T[];
  /** An independent stream derived from this one (so one part's draws never shift another's). */
  fork(label: string): Rng;
}

/** mulberry32: 32-bit state, good enough for test data, fully deterministic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: derives sub-seeds from labels. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const zipfTables = new Map<string, Float64Array>();

function zipfTable(n: number, s: number): Float64Array {
  const key = `${n}:${s}`;
  let t = zipfTables.get(key);
  if (!t) {
    t = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) t[i] = sum += 1 / Math.pow(i + 1, s);
    for (let i = 0; i < n; i++) t[i] /= sum;
    zipfTables.set(key, t);
  }
  return t;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    zipf: (n, s = 1) => {
      const t = zipfTable(n, s);
      const u = next();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    chance: (p) => next() < p,
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [xs[i], xs[j]] = [xs[j], xs[i]];
      }
      return xs;
    },
    fork: (label) => createRng(hashString(label, Math.floor(next() * 4294967296))),
  };
  return rng;
}
