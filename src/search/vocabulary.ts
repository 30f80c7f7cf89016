import type { Store } from '../store/index.ts';

interface Vocabulary {
  version: string;
  terms: Set<string>;
  /** trigram → indexes into `list` */
  grams: Map<string, number[]>;
  list: string[];
  docs: number[];
}

const cache = new WeakMap<Store, Vocabulary>();

function trigrams(term: string): string[] {
  const padded = `  ${term} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** The search index's vocabulary with a trigram index over it, rebuilt when articles change. */
function vocabulary(store: Store): Vocabulary {
  const version = store.version();
  const hit = cache.get(store);
  if (hit && hit.version === version) return hit;
  const rows = store.vocabulary();
  const list: string[] = [];
  const docs: number[] = [];
  const grams = new Map<string, number[]>();
  for (const { term, doc } of rows) {
    if (term.length < 3 || /^\d+$/.test(term)) continue;
    const i = list.length;
    list.push(term);
    docs.push(doc);
    for (const g of new Set(trigrams(term))) {
      const postings = grams.get(g);
      if (postings) postings.push(i);
      else grams.set(g, [i]);
    }
  }
  const v = { version, terms: new Set(rows.map((r) => r.term)), grams, list, docs };
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

/**
 * Terms of the index a search word may mean: itself when indexed, else the closest indexed words
 * by edit distance (1 for short words, 2 for longer), found through shared trigrams.
 */
export function correctTerm(store: Store, word: string, maxAlternatives = 3): string[] {
  const v = vocabulary(store);
  if (v.terms.has(word)) return [word];
  if (word.length < 4) return [];
  const max = word.length <= 5 ? 1 : 2;
  const counts = new Map<number, number>();
  for (const g of new Set(trigrams(word))) {
    const postings = v.grams.get(g);
    if (!postings || postings.length > 20000) continue;
    for (const i of postings) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const candidates = [...counts.entries()]
    .filter(([i, c]) => c >= 2 && Math.abs(v.list[i].length - word.length) <= max)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 200);
  const scored: { term: string; d: number; doc: number }[] = [];
  for (const [i] of candidates) {
    const d = editDistance(word, v.list[i], max);
    if (d <= max) scored.push({ term: v.list[i], d, doc: v.docs[i] });
  }
  scored.sort((a, b) => a.d - b.d || b.doc - a.doc);
  return scored.slice(0, maxAlternatives).map((s) => s.term);
}
