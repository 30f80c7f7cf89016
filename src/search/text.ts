import type { SentenceRow, Store } from '../store/index.ts';
import { fuseChunks, fuseScore } from './fuzzy.ts';
import { correctTerm } from './vocabulary.ts';

const STOPWORDS = new Set(
  'a an and are as at be by for from has have he her his i in is it its of on or she that the their they this to was were will with what who why how not no'.split(' '),
);

export interface TextSearchResult {
  hits: SentenceRow[];
  /** Words we read differently: [{ typed: 'ceasfire', used: ['ceasefire'] }] */
  corrections: { typed: string; used: string[] }[];
  /** Words that matched nothing at all. */
  unknown: string[];
}

/** Words of a query, lowercased and without accents, at most 12 of 40 characters each. */
export function queryWords(query: string): string[] {
  const plain = query.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 40)).slice(0, 12);
}

/**
 * Matches ranked per FTS query at most: the most recently ingested ones. Ranking every match costs
 * ~1 µs each, so a query with common words would grow with the archive (8,000 matches for "security
 * guarantees" at 10,000 articles); capped, a search costs the same at any size. When fewer sentences
 * match, the candidates are exactly the best-ranked of all of them.
 */
const SCAN = 1_000;

/** An FTS5 string literal: the only way user words reach MATCH. */
const literal = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * Typo-tolerant sentence search: words are corrected against the index's vocabulary, FTS5 finds
 * candidates (all words, then any word), and they are re-ranked by Fuse.js's score against the
 * corrected query (computed directly, see fuzzy.ts), word coverage and the FTS rank.
 */
export function searchSentences(store: Store, query: string, limit = 10): TextSearchResult {
  const words = queryWords(query);
  const content = words.filter((w) => !STOPWORDS.has(w));
  const used = content.length ? content : words;
  const corrections: TextSearchResult['corrections'] = [];
  const unknown: string[] = [];
  const groups: string[][] = [];
  for (const w of used) {
    const alts = correctTerm(store, w);
    if (!alts.length) {
      unknown.push(w);
      continue;
    }
    if (alts[0] !== w) corrections.push({ typed: w, used: alts });
    groups.push(alts);
  }
  if (!groups.length) return { hits: [], corrections, unknown };

  const pool = 200;
  const seen = new Set<number>();
  const candidates: SentenceRow[] = [];
  const take = (rows: SentenceRow[]) => {
    for (const r of rows) if (!seen.has(r.id)) seen.add(r.id), candidates.push(r);
  };
  const group = (alts: string[]) => `(${alts.map(literal).join(' OR ')})`;
  take(store.ftsSearchRecent(groups.map(group).join(' AND '), SCAN, pool));
  // Too few sentences have every word: widen to those missing one word (cheap: still intersections),
  // and only if that is not enough either to any word (costly: ranks every sentence with any word).
  if (candidates.length < limit && groups.length > 2) {
    const allButOne = groups.map((_, skip) => `(${groups.filter((_, k) => k !== skip).map(group).join(' AND ')})`);
    take(store.ftsSearchRecent(allButOne.join(' OR '), SCAN, pool));
  }
  if (candidates.length < limit && groups.length > 1) take(store.ftsSearchRecent(groups.map(group).join(' OR '), SCAN, pool));

  const phrase = groups.map((g) => g[0]).join(' ');
  // Fuse.js's score of each candidate for the phrase (`{ ignoreLocation: true, threshold: 1 }`),
  // computed directly (see fuzzy.ts): the same numbers, without bitap's pass per error level.
  const pattern = phrase.toLowerCase();
  const chunks = fuseChunks(pattern);
  const scored = candidates.map((row, i) => {
    const plain = row.sentence.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const phraseBonus = groups.length > 1 && plain.includes(phrase) ? 0.35 : 0;
    const covered = groups.filter((g) => g.some((t) => plain.includes(t))).length / groups.length;
    const fuse = fuseScore(pattern, row.sentence, 1, chunks) ?? 1;
    const score = fuse * 0.4 + (i / candidates.length) * 0.3 + (1 - covered) * 0.3 - phraseBonus;
    return { row, score };
  });
  scored.sort((a, b) => a.score - b.score);
  return { hits: scored.slice(0, limit).map((s) => s.row), corrections, unknown };
}
