import { normalizeAlias, type AliasRow, type Store } from '../store/index.ts';
import { fuseChunks, fuseMaxErrors, fuseNorm } from './fuzzy.ts';

export interface ActorRef {
  name: string;
  kind: string;
  party: string | null;
}

export type Resolution =
  | { kind: 'exact'; actor: ActorRef }
  /** A typo we are sure of: "wittkof" → Steve Witkoff. */
  | { kind: 'corrected'; actor: ActorRef; typed: string }
  | { kind: 'unknown'; typed: string; suggestions: ActorRef[] };

/**
 * Name lookups give what Fuse.js gave over every alias — `new Fuse(aliases, { keys: ['norm'],
 * includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 })` — computed
 * directly, and only for the aliases that can matter.
 *
 * Fuse's score, with these options. A text equal to the typed pattern scores EPSILON^norm (0 before
 * the field-length norm; but never matches when shorter than two characters). Otherwise Fuse's bitap
 * finds the fewest edits e that turn the m typed characters into some part of the text (Myers'
 * algorithm below finds the same number in one pass) and matches when e ≤ k = the most errors with
 * e/m ≤ 0.45; then its `minMatchCharLength` check: among the text's characters from the leftmost start
 * of such a match to m − 1 + e after it, two neighbours must both occur in the pattern. The score is
 * max(0.001, e/m)^norm, norm = Fuse's field-length norm 1/√tokens. Past 32 characters Fuse scores
 * 32-character chunks and averages them (an unmatched chunk counts 1; it matches if any chunk does).
 * Results sort by score, then by alias row. `test/bench/search-equivalence.test.ts` checks all this
 * against Fuse.js itself.
 */
const THRESHOLD = 0.45;

interface NameIndex {
  version: number;
  stamp: string;
  byNorm: Map<string, ActorRef[]>;
  /** The distinct norms sorted, with their first-seen rank in `byNorm`: prefix lookups by binary search. */
  sorted: { norm: string; rank: number; actors: ActorRef[] }[];
  actors: ActorRef[];
  /** `actors` in the order an empty autocomplete lists them. */
  byKind: ActorRef[];
  /** The distinct alias texts (norms, lowercased as Fuse compares them), in the order first seen. */
  texts: string[];
  /** Every text's UTF-16 units back to back: text t is chars[start[t] … start[t+1]). */
  chars: Uint16Array;
  start: Int32Array;
  /** Per text, its field-length norm's class: the norm is `norms[normClass[t]]`. */
  normClass: Uint16Array;
  norms: Float64Array;
  /** The alias rows of text t (ascending): rows[rowStart[t] … rowStart[t+1]). */
  rowStart: Int32Array;
  rows: Int32Array;
  /** The first alias row of each text (Fuse's tie-break among equal scores). */
  firstRow: Int32Array;
  /** The actor of each alias row, in the order the store returned them (Fuse's tie-break order). */
  rowActor: ActorRef[];
  /** bigram (first unit · 65536 + second) → the texts having it, ascending, each once. */
  bigrams: Map<number, Int32Array>;
  /** Per text, the character classes (see `charClass`) it has at least once, and at least twice. */
  once: Int32Array;
  twice: Int32Array;
}

/** 32 character classes for a cheap bound on edits: a–z, space, dot, digits, apostrophe and hyphen, other ASCII, the rest. */
function charClass(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c === 32) return 26;
  if (c === 46) return 27;
  if (c >= 48 && c <= 57) return 28;
  if (c === 39 || c === 45) return 29;
  return c < 128 ? 30 : 31;
}

const cache = new WeakMap<Store, NameIndex>();

/** The alias index, rebuilt only when aliases change. */
function nameIndex(store: Store): NameIndex {
  const stamp = store.changeStamp();
  const hit = cache.get(store);
  if (hit && hit.stamp === stamp) return hit;
  const version = store.aliasVersion();
  if (hit && hit.version === version) {
    hit.stamp = stamp;
    return hit;
  }
  const aliasRows: AliasRow[] = store.aliases();
  const byNorm = new Map<string, ActorRef[]>();
  const actors = new Map<string, ActorRef>();
  const textId = new Map<string, number>();
  const texts: string[] = [];
  const rowsOf: number[][] = [];
  const rowActor: ActorRef[] = [];
  aliasRows.forEach((r, row) => {
    const actor = actors.get(r.actor) ?? { name: r.actor, kind: r.kind, party: r.party };
    actors.set(r.actor, actor);
    const norm = normalizeAlias(r.alias);
    const list = byNorm.get(norm) ?? [];
    if (!list.includes(actor)) list.push(actor);
    byNorm.set(norm, list);
    rowActor.push(actor);
    const text = norm.toLowerCase();
    let t = textId.get(text);
    if (t === undefined) {
      textId.set(text, (t = texts.length));
      texts.push(text);
      rowsOf.push([]);
    }
    rowsOf[t].push(row);
  });
  const T = texts.length;
  const start = new Int32Array(T + 1);
  for (let t = 0; t < T; t++) start[t + 1] = start[t] + texts[t].length;
  const chars = new Uint16Array(start[T]);
  const normClass = new Uint16Array(T);
  const normIds = new Map<number, number>();
  const rowStart = new Int32Array(T + 1);
  const rows = new Int32Array(aliasRows.length);
  const lists = new Map<number, number[]>();
  const once = new Int32Array(T);
  const twice = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    const s = texts[t];
    for (let j = 0; j < s.length; j++) {
      chars[start[t] + j] = s.charCodeAt(j);
      const bit = 1 << charClass(s.charCodeAt(j));
      if (once[t] & bit) twice[t] |= bit;
      once[t] |= bit;
    }
    const n = fuseNorm(s);
    let c = normIds.get(n);
    if (c === undefined) normIds.set(n, (c = normIds.size));
    normClass[t] = c;
    rowStart[t + 1] = rowStart[t] + rowsOf[t].length;
    rows.set(rowsOf[t], rowStart[t]);
    for (let j = 0; j + 1 < s.length; j++) {
      const g = s.charCodeAt(j) * 65536 + s.charCodeAt(j + 1);
      const l = lists.get(g);
      if (!l) lists.set(g, [t]);
      else if (l[l.length - 1] !== t) l.push(t);
    }
  }
  const bigrams = new Map<number, Int32Array>();
  for (const [g, l] of lists) bigrams.set(g, Int32Array.from(l));
  let rank = 0;
  const sorted = [...byNorm].map(([norm, list]) => ({ norm, rank: rank++, actors: list }));
  sorted.sort((a, b) => (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0));
  const all = [...actors.values()];
  const index: NameIndex = {
    version,
    stamp,
    byNorm,
    sorted,
    actors: all,
    byKind: [...all].sort(byKindThenName),
    texts,
    chars,
    start,
    normClass,
    norms: Float64Array.from(normIds.keys()),
    rowStart,
    rows,
    firstRow: Int32Array.from(rowsOf, (r) => r[0]),
    rowActor,
    bigrams,
    once,
    twice,
  };
  cache.set(store, index);
  return index;
}

// ---- per-lookup scratch, reused (a lookup allocates next to nothing) ----------------------------

/** The most result rows a lookup keeps (Fuse's `limit`): 20 for resolve, 50 for autocomplete. */
const TOP_CAP = 50;
/** Past 32 characters floors are rounded down to a multiple of 1/BINS (see `floorsLong`). */
const BINS = 256;
const NONE = 0xffff;

let counters = new Uint16Array(0);
/** Per text, the rank of its floor among the lookup's distinct floors (NONE: it cannot match). */
let textRank = new Uint16Array(0);
/** The texts that can match, by floor, then by text (= by first alias row). */
let order = new Int32Array(0);
let lowerSum = new Float64Array(0);
let chunkFlags = new Uint8Array(0);
/** Candidate texts of a lookup (a bit per text), and the same in a list. */
let marked = new Uint32Array(0);
/** Texts known to have two neighbouring characters that occur in the pattern (a bit per text). */
let paired = new Uint32Array(0);
let candidates = new Int32Array(0);
/** The texts sharing no bigram with the pattern that can still match, ordered like `order` (only when needed). */
let rest = new Int32Array(0);
let rankStart = new Int32Array(0);
/** The distinct floors of a lookup, ascending. */
let rankFloor = new Float64Array(0);
const topScore = new Float64Array(TOP_CAP);
const topRow = new Int32Array(TOP_CAP);
/** Myers' masks per chunk over UTF-16 units: bit i of fwd[c] when the chunk has c at i; rev: of the reversed chunk. */
const fwdMasks: Int32Array[] = [];
const revMasks: Int32Array[] = [];
let maskedChunks: string[] = [];
const chunkErrors = new Int32Array(4);
/**
 * Per lookup, byte-wise tables for the character-class bound: for byte b of a text's `once` mask,
 * bag[b·256 + x] counts the pattern's classes among x's bits (once each); for byte b of `twice`,
 * bag[1024 + b·256 + x] counts their further occurrences in the pattern.
 */
const bag = new Int32Array(2048);

/** Lookups share the scratch above: only the newest is valid (see `stale`). */
let generation = 0;

function grow(n: number): void {
  if (counters.length >= n) return;
  counters = new Uint16Array(n);
  textRank = new Uint16Array(n);
  order = new Int32Array(n);
  lowerSum = new Float64Array(n);
  chunkFlags = new Uint8Array(n);
  marked = new Uint32Array((n + 31) >>> 5);
  paired = new Uint32Array((n + 31) >>> 5);
  candidates = new Int32Array(n);
  rest = new Int32Array(n);
}

function growRanks(n: number): void {
  if (rankStart.length >= n + 2) return;
  rankStart = new Int32Array(n + 2);
  rankFloor = new Float64Array(n + 1);
}

function setMasks(chunks: string[]): void {
  maskedChunks.forEach((p, c) => {
    for (let i = 0; i < p.length; i++) fwdMasks[c][p.charCodeAt(i)] = revMasks[c][p.charCodeAt(i)] = 0;
  });
  chunks.forEach((p, c) => {
    if (!fwdMasks[c]) {
      fwdMasks[c] = new Int32Array(65536);
      revMasks[c] = new Int32Array(65536);
    }
    const m = p.length;
    for (let i = 0; i < m; i++) {
      fwdMasks[c][p.charCodeAt(i)] |= 1 << i;
      revMasks[c][p.charCodeAt(m - 1 - i)] |= 1 << i;
    }
  });
  maskedChunks = chunks;
}

/**
 * The fewest edits (Levenshtein) that turn an m-unit pattern (its masks `peq`) into some substring of
 * chars[from … to): Myers' bit-parallel algorithm, one pass over the text. Bits above m − 1 carry
 * garbage that never reaches bit m − 1 (carries and shifts only go up).
 */
function distance(peq: Int32Array, m: number, chars: Uint16Array, from: number, to: number): number {
  const top = m - 1;
  let pv = -1;
  let mv = 0;
  let score = m;
  let best = m;
  for (let j = from; j < to; j++) {
    const eq = peq[chars[j]];
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    const ph = mv | ~(xh | pv);
    const mh = pv & xh;
    score += ((ph >>> top) & 1) - ((mh >>> top) & 1);
    if (score < best) best = score;
    const phs = ph << 1;
    pv = (mh << 1) | ~(xv | phs);
    mv = phs & xv;
  }
  return best;
}

/**
 * Fuse's `minMatchCharLength: 2` check for a chunk that bitap matched with e ≥ 1 errors: from the
 * leftmost position where a match with e errors starts (Myers over the reversed text, whose ends are
 * the starts) to m − 1 + e after it, two neighbouring characters that both occur in the pattern.
 */
function longEnoughMatch(c: number, m: number, e: number, chars: Uint16Array, from: number, to: number): boolean {
  const peq = revMasks[c];
  const fwd = fwdMasks[c];
  const top = m - 1;
  let pv = -1;
  let mv = 0;
  let score = m;
  let left = -1;
  for (let j = to - 1; j >= from; j--) {
    const eq = peq[chars[j]];
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    const ph = mv | ~(xh | pv);
    const mh = pv & xh;
    score += ((ph >>> top) & 1) - ((mh >>> top) & 1);
    if (score <= e) left = j;
    const phs = ph << 1;
    pv = (mh << 1) | ~(xv | phs);
    mv = phs & xv;
  }
  if (left < 0) return false;
  const last = Math.min(to - 1, left + m - 1 + e);
  for (let p = left; p < last; p++) if (fwd[chars[p]] !== 0 && fwd[chars[p + 1]] !== 0) return true;
  return false;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * How many of the pattern's characters text t can match at most, by character class (the `bag`
 * tables of the lookup): the pattern's characters of a class the text lacks, or has fewer of, need edits.
 */
function matchable(once: number, twice: number): number {
  return (
    bag[once & 255] + bag[256 + ((once >>> 8) & 255)] + bag[512 + ((once >>> 16) & 255)] + bag[768 + (once >>> 24)] +
    bag[1024 + (twice & 255)] + bag[1280 + ((twice >>> 8) & 255)] + bag[1536 + ((twice >>> 16) & 255)] + bag[1792 + (twice >>> 24)]
  );
}

/**
 * One lookup: Fuse's best alias rows for what was typed, in Fuse's order, without scoring every alias.
 *
 * Each edit spoils at most two of the pattern's bigrams (the q-gram lemma), so a text sharing s of its
 * D distinct bigrams needs at least ⌈(D − s)/2⌉ edits; one shorter than the pattern at least the
 * difference; one lacking some of the pattern's characters (by class, see `matchable`) at least as
 * many as it lacks. The most of these is a floor under the text's score (with its own field-length
 * norm). Texts are scored in order of floor, then of first alias row — Fuse's own order for equal
 * scores — so once the n-th best row found beats the next text's floor (and row), the best n rows are
 * known. `ensure` scores texts until every row scoring up to a bound is known, or the best n are; a
 * text is scored at most once. Texts sharing no bigram with the pattern can match only when D is small
 * next to k, and need two neighbouring characters of the pattern (minMatchCharLength): they join the
 * order only if the lookup gets as far as their floor (`orderRest`).
 */
class Lookup {
  private readonly m: number;
  private readonly chunks: string[];
  private readonly k: number;
  private next = 0;
  private end = 0;
  /** The texts sharing no bigram: 0 none can match, 1 some can but are not in `order` yet, 2 they are. */
  private restState = 0;
  /** The lowest floor of such a text, the edits each needs at least, and the rank of each (edits, norm class). */
  private restFloor = Infinity;
  private restEdits = 0;
  private rankOf = new Uint16Array(0);
  private ranks = 0;
  /** Up to 32 characters: the score of e edits for norm class c is scores[e · classes + c] (e = 0: 0.001^norm, unequal texts). */
  private scores = new Float64Array(0);
  private classes = 0;
  private readonly generation = ++generation;
  count = 0;

  constructor(
    private readonly idx: NameIndex,
    private readonly q: string,
    private readonly cap: number,
  ) {
    grow(idx.texts.length);
    marked.fill(0);
    paired.fill(0);
    this.m = q.length;
    this.chunks = fuseChunks(q);
    this.k = fuseMaxErrors(Math.min(this.m, 32), THRESHOLD);
    setMasks(this.chunks);
    this.end = this.m <= 32 ? this.orderShort() : this.orderLong();
  }

  /** Count, per text, the distinct bigrams of `p` it has (into `counters`, marking it in `marked`); returns how many distinct bigrams `p` has. */
  private countBigrams(p: string): number {
    let distinct = 0;
    for (let j = 0; j + 1 < p.length; j++) {
      const g = p.charCodeAt(j) * 65536 + p.charCodeAt(j + 1);
      let seen = false;
      for (let i = 0; i < j && !seen; i++) seen = p.charCodeAt(i) * 65536 + p.charCodeAt(i + 1) === g;
      if (seen) continue;
      distinct++;
      const postings = this.idx.bigrams.get(g);
      if (!postings) continue;
      for (let i = 0; i < postings.length; i++) {
        const t = postings[i];
        counters[t]++;
        marked[t >>> 5] |= 1 << (t & 31);
      }
    }
    return distinct;
  }

  /**
   * Up to 32 characters: the texts that can match, in order of floor (e/m, at least 0.001)^norm, e the
   * least edits they need (0 when equal to the pattern), then of text. Returns how many.
   */
  private orderShort(): number {
    const { idx, m, k, q } = this;
    if (m === 1) {
      // One character: Fuse needs it twice in a row (minMatchCharLength) and then scores 0.001^norm.
      growRanks(1);
      rankFloor[0] = 0;
      const postings = idx.bigrams.get(q.charCodeAt(0) * 65537);
      if (!postings) return 0;
      order.set(postings);
      for (let i = 0; i < postings.length; i++) textRank[postings[i]] = 0;
      return postings.length;
    }
    const classes = idx.norms.length;
    const keys = (k + 1) * classes;
    // scores[e · classes + class]: the score of e edits; floors: the same but 0 for e = 0 (a text equal to the pattern scores less).
    const scores = new Float64Array(keys);
    for (let e = 0; e <= k; e++) for (let c = 0; c < classes; c++) scores[e * classes + c] = Math.pow(Math.max(0.001, e / m), idx.norms[c]);
    this.scores = scores;
    this.classes = classes;
    // Rank the distinct floors (insertion sort: a few dozen keys).
    const byFloor = new Int32Array(keys);
    const floorOfKey = (key: number) => (key < classes ? 0 : scores[key]);
    for (let i = 0; i < keys; i++) {
      let j = i;
      while (j > 0 && floorOfKey(byFloor[j - 1]) > floorOfKey(i)) {
        byFloor[j] = byFloor[j - 1];
        j--;
      }
      byFloor[j] = i;
    }
    const rankOf = (this.rankOf = new Uint16Array(keys));
    growRanks(keys);
    let ranks = 0;
    for (let i = 0; i < keys; i++) {
      const f = floorOfKey(byFloor[i]);
      if (i === 0 || f !== rankFloor[ranks - 1]) rankFloor[ranks++] = f;
      rankOf[byFloor[i]] = ranks - 1;
    }
    // The character-class bound (see `matchable`): byte tables, one bit at a time.
    const counts = new Int32Array(32);
    for (let i = 0; i < m; i++) counts[charClass(q.charCodeAt(i))]++;
    for (let b = 0; b < 4; b++) {
      bag[b * 256] = bag[1024 + b * 256] = 0;
      for (let x = 1; x < 256; x++) {
        const low = x & -x;
        const c = counts[b * 8 + 31 - Math.clz32(low)];
        bag[b * 256 + x] = bag[b * 256 + (x ^ low)] + (c ? 1 : 0);
        bag[1024 + b * 256 + x] = bag[1024 + b * 256 + (x ^ low)] + (c ? c - 1 : 0);
      }
    }
    this.ranks = ranks;
    // Candidates: the texts sharing a bigram with the pattern. When even a text sharing none could be
    // close enough, those come later, if the lookup gets that far (see `orderRest`).
    const D = this.countBigrams(q);
    if ((D + 1) >> 1 <= k) {
      this.restState = 1;
      this.restEdits = (D + 1) >> 1;
      for (let c = 0; c < classes; c++) this.restFloor = Math.min(this.restFloor, scores[this.restEdits * classes + c]);
    }
    const start = idx.start;
    const cls = idx.normClass;
    const once = idx.once;
    const twice = idx.twice;
    rankStart.fill(0, 0, ranks + 1);
    let n = 0;
    for (let w = 0; w < marked.length; w++) {
      let bits = marked[w];
      while (bits) {
        const low = bits & -bits;
        bits ^= low;
        const t = (w << 5) | (31 - Math.clz32(low));
        let e = (D - counters[t] + 1) >> 1;
        counters[t] = 0;
        const short = m - (start[t + 1] - start[t]);
        if (short > e) e = short;
        if (e > k) continue;
        const lacking = m - matchable(once[t], twice[t]);
        if (lacking > e) e = lacking;
        if (e > k) continue;
        const r = rankOf[e * classes + cls[t]];
        textRank[t] = r;
        candidates[n++] = t;
        rankStart[r + 1]++;
      }
    }
    // Counting sort by rank (stable: ascending text within a rank).
    for (let r = 0; r < ranks; r++) rankStart[r + 1] += rankStart[r];
    for (let i = 0; i < n; i++) order[rankStart[textRank[candidates[i]]]++] = candidates[i];
    return n;
  }

  /**
   * Past 32 characters Fuse averages 32-character chunks: a floor per chunk (as above, or 1 when the
   * chunk cannot match), averaged, to the norm; rounded down to a multiple of 1/BINS.
   */
  private orderLong(): number {
    const { idx } = this;
    const T = idx.texts.length;
    const start = idx.start;
    lowerSum.fill(0, 0, T);
    // bit 1: some chunk can match; bit 2: some chunk needs an edit.
    chunkFlags.fill(0, 0, T);
    for (const p of this.chunks) {
      const D = this.countBigrams(p);
      for (let t = 0; t < T; t++) {
        let e = (D - counters[t] + 1) >> 1;
        counters[t] = 0;
        const short = 32 - (start[t + 1] - start[t]);
        if (short > e) e = short;
        if (e <= this.k) {
          lowerSum[t] += Math.max(0.001, e / 32);
          chunkFlags[t] |= 1;
        } else lowerSum[t] += 1;
        if (e > 0) chunkFlags[t] |= 2;
      }
    }
    growRanks(BINS);
    for (let b = 0; b < BINS; b++) rankFloor[b] = (b / BINS) * (1 - 1e-9);
    rankStart.fill(0, 0, BINS + 1);
    const n = this.chunks.length;
    for (let t = 0; t < T; t++) {
      const f = chunkFlags[t];
      if (!(f & 1)) textRank[t] = NONE;
      else {
        const r = !(f & 2) ? 0 : Math.min(BINS - 1, Math.floor(Math.pow(lowerSum[t] / n, idx.norms[idx.normClass[t]]) * BINS));
        textRank[t] = r;
        rankStart[r + 1]++;
      }
    }
    for (let r = 0; r < BINS; r++) rankStart[r + 1] += rankStart[r];
    for (let t = 0; t < T; t++) if (textRank[t] !== NONE) order[rankStart[textRank[t]]++] = t;
    return rankStart[BINS - 1];
  }

  /**
   * Score texts, lowest floor first, until every row scoring ≤ `bound` is known and, for `n` ≤ cap,
   * until the best n rows are.
   */
  ensure(bound: number, n: number): void {
    const { idx, m, k, classes, scores, cap } = this;
    const { chars, start, normClass, firstRow } = idx;
    const peq = fwdMasks[0];
    const low = m >= 32 ? -1 : (1 << m) - 1;
    const fast = m >= 2 && m <= 32;
    // The shared scratch in locals (`orderRest` replaces `order`).
    let ord = order;
    const ranks = textRank;
    const floors = rankFloor;
    const bits = marked;
    for (;;) {
      const t = this.next < this.end ? ord[this.next] : -1;
      const f = t < 0 ? Infinity : floors[ranks[t]];
      if (this.restState === 1 && f >= this.restFloor) {
        this.orderRest();
        ord = order;
        continue;
      }
      if (t < 0 || f > bound) return;
      if (this.count >= n && (topScore[n - 1] < f || (topScore[n - 1] === f && topRow[n - 1] < firstRow[t]))) return;
      this.next++;
      const from = start[t];
      const to = start[t + 1];
      if (!fast || to - from === m) {
        this.scoreSlow(t);
        continue;
      }
      // The common case, inline: up to 32 characters, the text not equal to the pattern.
      if (!((bits[t >>> 5] | paired[t >>> 5]) & (1 << (t & 31)))) {
        // No bigram of the pattern: Fuse's minMatchCharLength still needs two neighbours that occur in it.
        let pair = false;
        for (let j = from; j + 1 < to && !pair; j++) pair = peq[chars[j]] !== 0 && peq[chars[j + 1]] !== 0;
        if (!pair) continue;
      }
      // A cheaper bound first: each of the pattern's characters outside a longest common subsequence
      // of pattern and text needs an edit (bit-parallel LCS: the zero bits of v).
      let v = -1;
      for (let j = from; j < to; j++) {
        const u = v & peq[chars[j]];
        v = ((v + u) | 0) | (v - u);
      }
      const least = m - popcount(~v & low);
      if (least > k) continue;
      if (least > 0 && this.count === cap) {
        const floor = scores[least * classes + normClass[t]];
        if (floor > topScore[cap - 1] || (floor === topScore[cap - 1] && firstRow[t] > topRow[cap - 1])) continue;
      }
      const e = distance(peq, m, chars, from, to);
      if (e > k) continue;
      const sc = scores[e * classes + normClass[t]];
      if (this.count === cap && (sc > topScore[cap - 1] || (sc === topScore[cap - 1] && firstRow[t] > topRow[cap - 1]))) continue;
      if (e > 0 && !longEnoughMatch(0, m, e, chars, from, to)) continue;
      this.keepRows(t, sc);
    }
  }

  /** Order the texts sharing no bigram with the pattern that can match (like `orderShort`), and merge them into what is left of `order`. */
  private orderRest(): void {
    const { idx, m, k, q } = this;
    this.restState = 2;
    const start = idx.start;
    const cls = idx.normClass;
    const classes = idx.norms.length;
    rankStart.fill(0, 0, this.ranks + 1);
    let n = 0;
    const consider = (t: number) => {
      const short = m - (start[t + 1] - start[t]);
      if (short > k) return;
      const e = Math.max(this.restEdits, short, m - matchable(idx.once[t], idx.twice[t]));
      if (e > k) return;
      const r = this.rankOf[e * classes + cls[t]];
      textRank[t] = r;
      candidates[n++] = t;
      rankStart[r + 1]++;
    };
    // Fuse's minMatchCharLength needs two neighbouring characters of the pattern. When the bigram
    // lists of such pairs are short, the texts having one come straight from them; otherwise every
    // text is considered, and the pair looked for when it is scored.
    let distinct = '';
    for (let i = 0; i < m && distinct.length <= 8; i++) if (!distinct.includes(q[i])) distinct += q[i];
    const lists: Int32Array[] = [];
    let listed = 0;
    if (distinct.length <= 8) {
      for (let i = 0; i < distinct.length; i++) {
        for (let j = 0; j < distinct.length; j++) {
          const postings = idx.bigrams.get(distinct.charCodeAt(i) * 65536 + distinct.charCodeAt(j));
          if (!postings) continue;
          lists.push(postings);
          listed += postings.length;
        }
      }
    }
    if (distinct.length <= 8 && listed <= 1.5 * idx.texts.length) {
      for (const postings of lists) for (let p = 0; p < postings.length; p++) paired[postings[p] >>> 5] |= 1 << (postings[p] & 31);
      for (let w = 0; w < paired.length; w++) {
        let bits = paired[w] & ~marked[w];
        while (bits) {
          const low = bits & -bits;
          bits ^= low;
          consider((w << 5) | (31 - Math.clz32(low)));
        }
      }
    } else {
      for (let t = 0; t < idx.texts.length; t++) if (!(marked[t >>> 5] & (1 << (t & 31)))) consider(t);
    }
    for (let r = 0; r < this.ranks; r++) rankStart[r + 1] += rankStart[r];
    for (let i = 0; i < n; i++) rest[rankStart[textRank[candidates[i]]]++] = candidates[i];
    // Merge by (floor, text) into `candidates`, which becomes `order`.
    let a = this.next;
    let b = 0;
    let o = 0;
    while (a < this.end || b < n) {
      let takeRest = a >= this.end;
      if (!takeRest && b < n) {
        const fa = rankFloor[textRank[order[a]]];
        const fb = rankFloor[textRank[rest[b]]];
        takeRest = fb < fa || (fb === fa && rest[b] < order[a]);
      }
      candidates[o++] = takeRest ? rest[b++] : order[a++];
    }
    [order, candidates] = [candidates, order];
    this.next = 0;
    this.end = o;
  }

  /** Score text t and keep its rows if they make the best `cap` (every case; `ensure` inlines the common one). */
  private scoreSlow(t: number): void {
    const { idx, m } = this;
    const from = idx.start[t];
    const to = idx.start[t + 1];
    const norm = idx.norms[idx.normClass[t]];
    let score: number;
    let e = 0;
    if (idx.texts[t] === this.q) score = Math.pow(Number.EPSILON, norm);
    else if (m === 1) score = Math.pow(0.001, norm);
    else if (m <= 32) {
      const cls = idx.normClass[t];
      if (!((marked[t >>> 5] | paired[t >>> 5]) & (1 << (t & 31)))) {
        // No bigram of the pattern: Fuse's minMatchCharLength still needs two neighbours that occur in it.
        const fwd = fwdMasks[0];
        let pair = false;
        for (let j = from; j + 1 < to && !pair; j++) pair = fwd[idx.chars[j]] !== 0 && fwd[idx.chars[j + 1]] !== 0;
        if (!pair) return;
      }
      e = distance(fwdMasks[0], m, idx.chars, from, to);
      if (e > this.k) return;
      score = this.scores[e * this.classes + cls];
    } else {
      let total = 0;
      let any = false;
      for (let c = 0; c < this.chunks.length; c++) {
        const ce = distance(fwdMasks[c], 32, idx.chars, from, to);
        chunkErrors[c] = ce;
        if (ce <= this.k) {
          total += Math.max(0.001, ce / 32);
          any = true;
        } else total += 1;
      }
      if (!any) return;
      score = Math.pow(total / this.chunks.length, norm);
      e = -1;
    }
    const last = this.cap - 1;
    if (this.count === this.cap && (score > topScore[last] || (score === topScore[last] && idx.rows[idx.rowStart[t]] > topRow[last]))) return;
    // Fuse's minMatchCharLength check, only for what would be kept.
    if (e > 0 && !longEnoughMatch(0, m, e, idx.chars, from, to)) return;
    if (e < 0) {
      let ok = false;
      for (let c = 0; c < this.chunks.length && !ok; c++) {
        const ce = chunkErrors[c];
        ok = ce === 0 || (ce <= this.k && longEnoughMatch(c, 32, ce, idx.chars, from, to));
      }
      if (!ok) return;
    }
    this.keepRows(t, score);
  }

  private keepRows(t: number, score: number): void {
    const { rowStart, rows } = this.idx;
    for (let r = rowStart[t], end = rowStart[t + 1]; r < end; r++) this.keep(score, rows[r]);
  }

  private keep(score: number, row: number): void {
    let i: number;
    if (this.count < this.cap) i = this.count++;
    else {
      i = this.cap - 1;
      if (score > topScore[i] || (score === topScore[i] && row > topRow[i])) return;
    }
    while (i > 0 && (topScore[i - 1] > score || (topScore[i - 1] === score && topRow[i - 1] > row))) {
      topScore[i] = topScore[i - 1];
      topRow[i] = topRow[i - 1];
      i--;
    }
    topScore[i] = score;
    topRow[i] = row;
  }

  /** True once another lookup has started (and reused the shared scratch): then start again. */
  get stale(): boolean {
    return this.generation !== generation;
  }

  /** The actor of Fuse's i-th best row (certain when its score is ≤ `bound`), or null past the last. */
  row(i: number, bound = Infinity): { actor: ActorRef; score: number } | null {
    if (i >= this.cap) return null;
    this.ensure(bound, i + 1);
    return i < this.count ? { actor: this.idx.rowActor[topRow[i]], score: topScore[i] } : null;
  }

  /** The distinct actors (by name) of Fuse's best `depth` rows, in order, at most `limit`. */
  actors(depth: number, limit: number): ActorRef[] {
    const out: ActorRef[] = [];
    for (let i = 0; i < depth && out.length < limit; i++) {
      const r = this.row(i);
      if (!r) break;
      if (!out.some((a) => a.name === r.actor.name)) out.push(r.actor);
    }
    return out;
  }
}

/** Clean user text for name lookup: letters, digits, spaces, apostrophes and dots; at most 100 characters. */
export function cleanName(input: string): string {
  return normalizeAlias(input.replace(/[^\p{L}\p{N}\s.'’-]/gu, ' ')).slice(0, 100).trim();
}

/**
 * Resolve what a user typed to an actor: an alias match (Witkov, Moscow, Zelensky) is exact; a close
 * typo with one clear winner is corrected; anything else is unknown, with suggestions.
 */
export function resolveActor(store: Store, typed: string): Resolution {
  const q = cleanName(typed);
  if (!q) return { kind: 'unknown', typed, suggestions: [] };
  const idx = nameIndex(store);
  const exact = idx.byNorm.get(q) ?? idx.byNorm.get(q.replace(/^the /, ''));
  if (exact?.length === 1) return { kind: 'exact', actor: exact[0] };
  if (exact && exact.length > 1) return { kind: 'unknown', typed, suggestions: exact };
  // Fuse's best 20 rows decide. A typo is corrected when the best actor scores ≤ 0.3 and the next one
  // (among those 20 rows) at least 0.1 worse: every row scoring up to the best + 0.1 is enough for that.
  const look = new Lookup(idx, q.toLowerCase(), 20);
  const best = look.row(0, 0.3);
  if (best && best.score <= 0.3) {
    // The runner-up (the next other actor in the best 20 rows) matters only within 0.1 of the best:
    // rows scoring up to there are certain, and any later one is at least 0.1 worse.
    const bound = best.score + 0.1 + 1e-9;
    let second: { actor: ActorRef; score: number } | null = null;
    for (let i = 1; i < 20 && !second; i++) {
      const r = look.row(i, bound);
      if (!r) break;
      if (r.actor.name !== best.actor.name) second = r;
    }
    if (!second || second.score - best.score >= 0.1) return { kind: 'corrected', actor: best.actor, typed };
  }
  // Unknown: the first five actors of Fuse's best 20 rows.
  return { kind: 'unknown', typed, suggestions: look.actors(20, 5) };
}

/** Norms starting with `q`, in the order they were first seen (the order a scan of `byNorm` meets them). */
function prefixMatches(idx: NameIndex, q: string): { rank: number; actors: ActorRef[] }[] {
  let lo = 0;
  let hi = idx.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idx.sorted[mid].norm < q) lo = mid + 1;
    else hi = mid;
  }
  const out: { rank: number; actors: ActorRef[] }[] = [];
  for (let i = lo; i < idx.sorted.length && idx.sorted[i].norm.startsWith(q); i++) out.push(idx.sorted[i]);
  return out.sort((a, b) => a.rank - b.rank);
}

/** Autocomplete choices for a name option: prefix matches first, then fuzzy, at most `limit` (Discord allows 25). */
export function suggestActors(store: Store, typed: string, limit = 25, filter?: (a: ActorRef) => boolean): ActorRef[] {
  const idx = nameIndex(store);
  const keep = filter ?? (() => true);
  const q = cleanName(typed);
  if (!q) {
    const out: ActorRef[] = [];
    for (const a of idx.byKind) {
      if (out.length >= limit) break;
      if (keep(a)) out.push(a);
    }
    return out;
  }
  const out: ActorRef[] = [];
  const add = (a: ActorRef) => {
    if (out.length < limit && keep(a) && !out.some((o) => o.name === a.name)) out.push(a);
  };
  for (const m of prefixMatches(idx, q)) {
    if (out.length >= limit) break;
    m.actors.forEach(add);
  }
  if (out.length >= limit) return out;
  // Then the first `limit` actors of Fuse's best 50 rows, while they fit: only the rows needed are made certain.
  let look = new Lookup(idx, q.toLowerCase(), 50);
  const fuzzy: string[] = [];
  for (let i = 0; i < 50 && out.length < limit && fuzzy.length < limit; i++) {
    // `filter` might look names up itself: a new lookup gives the same rows.
    if (look.stale) look = new Lookup(idx, q.toLowerCase(), 50);
    const r = look.row(i);
    if (!r) break;
    if (fuzzy.includes(r.actor.name)) continue;
    fuzzy.push(r.actor.name);
    add(r.actor);
  }
  return out;
}

const KIND_ORDER: Record<string, number> = { state: 0, bloc: 1, institution: 2, person: 3 };
function byKindThenName(a: ActorRef, b: ActorRef): number {
  return (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name);
}
