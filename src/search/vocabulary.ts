import type { Store } from '../store/index.ts';

interface Vocabulary {
  version: string;
  terms: Set<string>;
  /** trigram → indexes into `list` */
  grams: Map<string, Int32Array>;
  list: string[];
  docs: number[];
}

const cache = new WeakMap<Store, Vocabulary>();
const stamps = new WeakMap<Store, { stamp: string; version: string }>();

/**
 * The articles' content version (`store.version()`), re-read only when something was written to the
 * database since the last look (`store.changeStamp()`, which reads no table). Every cache of the
 * search module keys on this.
 */
export function contentVersion(store: Store): string {
  const stamp = store.changeStamp();
  const known = stamps.get(store);
  if (known && known.stamp === stamp) return known.version;
  const version = store.version();
  stamps.set(store, { stamp, version });
  return version;
}

function trigrams(term: string): string[] {
  const padded = `  ${term} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * The FTS index's (term, sentences) list: the copy saved in the database when it was read at this
 * content version, else read from fts5vocab (a walk over the whole index) and saved for the next
 * process. Saving is best effort: a read-only or busy database just skips it.
 */
function vocabularyRows(store: Store, version: string): { term: string; doc: number }[] {
  let saved: ReturnType<Store['savedVocabulary']>;
  try {
    saved = store.savedVocabulary();
  } catch {
    saved = undefined; // a database without the table (read-only handle on an older schema)
  }
  if (saved && saved.version === version) return saved.rows;
  const rows = store.vocabulary();
  try {
    store.saveVocabulary(version, rows);
  } catch {
    // read-only replica or locked: the next process reads fts5vocab again, nothing worse
  }
  return rows;
}

/** The search index's vocabulary with a trigram index over it, rebuilt when articles change. */
function vocabulary(store: Store): Vocabulary {
  const version = contentVersion(store);
  const hit = cache.get(store);
  if (hit && hit.version === version) return hit;
  const rows = vocabularyRows(store, version);
  const list: string[] = [];
  const docs: number[] = [];
  const lists = new Map<string, number[]>();
  const terms = new Set<string>();
  for (const { term, doc } of rows) {
    terms.add(term);
    if (term.length < 3 || /^\d+$/.test(term)) continue;
    const i = list.length;
    list.push(term);
    docs.push(doc);
    for (const g of new Set(trigrams(term))) {
      const postings = lists.get(g);
      if (postings) postings.push(i);
      else lists.set(g, [i]);
    }
  }
  const grams = new Map<string, Int32Array>();
  for (const [g, postings] of lists) grams.set(g, Int32Array.from(postings));
  const v = { version, terms, grams, list, docs };
  cache.set(store, v);
  return v;
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

/** Scratch counters for `correctTerm`, reused across calls (one per vocabulary size). */
let scratch = new Uint16Array(0);

/**
 * Terms of the index a search word may mean: itself when indexed, else the closest indexed words
 * by edit distance (1 for short words, 2 for longer), found through shared trigrams.
 */
export function correctTerm(store: Store, word: string, maxAlternatives = 3): string[] {
  const v = vocabulary(store);
  if (v.terms.has(word)) return [word];
  if (word.length < 4) return [];
  const max = word.length <= 5 ? 1 : 2;
  if (scratch.length < v.list.length) scratch = new Uint16Array(v.list.length);
  const counts = scratch;
  const touched: number[] = [];
  for (const g of new Set(trigrams(word))) {
    const postings = v.grams.get(g);
    if (!postings || postings.length > 20000) continue;
    for (let k = 0; k < postings.length; k++) {
      const i = postings[k];
      if (counts[i]++ === 0) touched.push(i);
    }
  }
  // Candidates in first-seen order, as before; then by shared trigrams (stable sort).
  const candidates: [number, number][] = [];
  for (const i of touched) {
    const c = counts[i];
    counts[i] = 0;
    if (c >= 2 && Math.abs(v.list[i].length - word.length) <= max) candidates.push([i, c]);
  }
  candidates.sort((a, b) => b[1] - a[1]);
  const scored: { term: string; d: number; doc: number }[] = [];
  for (const [i] of candidates.slice(0, 200)) {
    const d = editDistance(word, v.list[i], max);
    if (d <= max) scored.push({ term: v.list[i], d, doc: v.docs[i] });
  }
  scored.sort((a, b) => a.d - b.d || b.doc - a.doc);
  return scored.slice(0, maxAlternatives).map((s) => s.term);
}
