/**
 * Fuse.js's score, computed directly. With `ignoreLocation: true` (and no `minMatchCharLength` above
 * one) Fuse's bitap search scores a text by the fewest edits that turn the pattern into some part of
 * the text, divided by the pattern's length (at least 0.001; 0 when text and pattern are equal), in
 * 32-character chunks whose scores are averaged (an unmatched chunk counts 1), and the item's score
 * is that raised to the field-length norm 1/√tokens. Bitap finds those edits in one pass per error
 * level; Myers' bit-parallel algorithm finds them in one pass: the same numbers, 10–30× sooner.
 * `test/bench/search-equivalence.test.ts` checks the two agree.
 */

/** Per-character bit masks of a pattern (bit i: the pattern has that character at i), cached for the last pattern. */
let lastMasks: { pattern: string; ascii: Int32Array; other: Map<number, number> } | null = null;

function patternMasks(pattern: string) {
  if (lastMasks?.pattern === pattern) return lastMasks;
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 128) ascii[c] |= 1 << i;
    else other.set(c, (other.get(c) ?? 0) | (1 << i));
  }
  lastMasks = { pattern, ascii, other };
  return lastMasks;
}

/**
 * The fewest edits (Levenshtein) that turn `pattern` into some substring of `text`: Myers'
 * bit-parallel algorithm, one pass over the text. Patterns up to 32 UTF-16 units.
 */
export function substringDistance(pattern: string, text: string): number {
  const m = pattern.length;
  if (!m) return 0;
  if (m > 32) throw new RangeError('substringDistance: pattern longer than 32');
  const peq = patternMasks(pattern);
  // int32 arithmetic throughout (bit 31 is the sign bit): V8 keeps it in registers.
  const mask = m === 32 ? -1 : (1 << m) - 1;
  const high = 1 << (m - 1);
  const ascii = peq.ascii;
  let pv = mask;
  let mv = 0;
  let score = m;
  let best = m;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? ascii[c] : peq.other.get(c) ?? 0;
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & high) score++;
    else if (mh & high) score--;
    if (score < best) best = score;
    ph = (ph << 1) & mask;
    mh = (mh << 1) & mask;
    pv = (mh | ~(xv | ph)) & mask;
    mv = ph & xv;
  }
  return best;
}

/** Fuse's split of a long pattern: 32-character chunks, the last one ending at the pattern's end. */
export function fuseChunks(pattern: string): string[] {
  if (pattern.length <= 32) return [pattern];
  const out: string[] = [];
  const end = pattern.length - (pattern.length % 32);
  for (let i = 0; i < end; i += 32) out.push(pattern.slice(i, i + 32));
  if (pattern.length % 32) out.push(pattern.slice(pattern.length - 32));
  return out;
}

/** The most edits Fuse's bitap accepts for an m-character pattern: it tries 0 … m−1 while errors/m ≤ threshold. */
export function fuseMaxErrors(m: number, threshold: number): number {
  let k = Math.max(0, Math.floor(threshold * m));
  while (k + 1 < m && (k + 1) / m <= threshold) k++;
  while (k > 0 && k / m > threshold) k--;
  return Math.min(k, m - 1);
}

const norms = new Map<number, number>();

/** Fuse's field-length norm: 1/√(whitespace-separated tokens), to three decimals. */
export function fuseNorm(text: string): number {
  let tokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 9 && c <= 13) || c === 32 || c === 160) inWord = false;
    else if (!inWord) {
      tokens++;
      inWord = true;
    }
  }
  if (tokens === 0) tokens = 1;
  let n = norms.get(tokens);
  if (n === undefined) norms.set(tokens, (n = Math.round(1000 / Math.sqrt(tokens)) / 1000));
  return n;
}

/**
 * The score Fuse.js gives `text` for `pattern` (lowercased, as Fuse compares) with
 * `{ ignoreLocation: true, threshold }` and a single key, or null when Fuse would not match it.
 * `chunks` is `fuseChunks(pattern)`, passed in when scoring many texts.
 */
export function fuseScore(pattern: string, text: string, threshold: number, chunks = fuseChunks(pattern), fieldNorm = fuseNorm(text)): number | null {
  const lower = text.toLowerCase();
  if (lower === pattern) return Number.EPSILON ** fieldNorm;
  let total = 0;
  let matched = false;
  for (const chunk of chunks) {
    const maxErrors = fuseMaxErrors(chunk.length, threshold);
    const e = substringDistance(chunk, lower);
    if (e <= maxErrors) {
      matched = true;
      total += Math.max(0.001, e / chunk.length);
    } else total += 1;
  }
  return matched ? (total / chunks.length) ** fieldNorm : null;
}
