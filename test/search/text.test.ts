import { beforeAll, describe, expect, it } from 'vitest';
import { correctTerm, editDistance, queryWords, searchSentences } from '../../src/search/index.ts';
import { checkFts, seededApp, tableCounts, type SeededApp } from '../helpers/tmp.ts';

let s: SeededApp;
beforeAll(() => {
  s = seededApp();
});

const lower = (t: string) => t.toLowerCase();

describe('searchSentences', () => {
  it('finds sentences for plain words, every hit containing them', () => {
    const r = searchSentences(s.store, 'ceasefire');
    expect(r.hits.length).toBeGreaterThan(3);
    for (const h of r.hits) expect(lower(h.sentence)).toContain('ceasefire');
    expect(r.corrections).toEqual([]);
  });

  it('reads “ceasfire” as “ceasefire”', () => {
    const r = searchSentences(s.store, 'ceasfire');
    expect(r.hits.length).toBeGreaterThan(3);
    for (const h of r.hits) expect(lower(h.sentence)).toContain('ceasefire');
    expect(r.corrections).toEqual([{ typed: 'ceasfire', used: expect.arrayContaining(['ceasefire']) }]);
    expect(r.unknown).toEqual([]);
  });

  it('reads “securty guarantes” as security guarantees, best match first', () => {
    const r = searchSentences(s.store, 'securty guarantes');
    expect(r.hits.length).toBeGreaterThan(2);
    expect(lower(r.hits[0].sentence)).toContain('security guarantee');
    for (const h of r.hits.slice(0, 3)) expect(lower(h.sentence)).toMatch(/secur.*guarantee/);
    expect(r.corrections.map((c) => c.typed)).toEqual(['securty', 'guarantes']);
    expect(r.corrections[0].used).toContain('security');
    expect(r.corrections[1].used.some((u) => u.startsWith('guarantee'))).toBe(true);
  });

  it('ranks the sentence with the phrase above ones with the words apart', () => {
    const r = searchSentences(s.store, 'one issue');
    expect(r.hits.length).toBeGreaterThan(3);
    for (const h of r.hits.slice(0, 3)) expect(lower(h.sentence)).toContain('one issue');
  });

  it('cites each hit: article title and the sentence verbatim in its article body', () => {
    const r = searchSentences(s.store, 'compelling meeting');
    expect(r.hits[0].sentence).toBe('“It was a compelling meeting,” Witkoff said.');
    for (const h of r.hits) {
      const body = s.db.prepare('SELECT body FROM articles WHERE id = ?').pluck().get(h.articleId) as string;
      expect(body).toContain(h.sentence);
      expect(body.slice(h.start, h.end)).toBe(h.sentence);
      expect(h.title.length).toBeGreaterThan(0);
    }
  });

  it('respects the limit', () => {
    expect(searchSentences(s.store, 'ukraine', 3).hits).toHaveLength(3);
  });

  it('reports words that match nothing', () => {
    const r = searchSentences(s.store, 'zzzzqqq');
    expect(r.hits).toEqual([]);
    expect(r.unknown).toEqual(['zzzzqqq']);
  });

  const HOSTILE = [
    '"',
    '""',
    '*',
    'ceasefire*',
    'NEAR(',
    'NEAR(ceasefire nato, 2)',
    'AND OR NOT',
    'nato AND',
    '-',
    '-nato',
    ':',
    'text:nato',
    '^nato',
    '(((',
    "'; DROP TABLE articles; --",
    'x'.repeat(6000),
    'ceasefire '.repeat(600),
    'a\u0000b',
    '\u0000',
    '🙂🔥 ceasefire',
    '👨‍👩‍👧‍👦',
    'перемирие Путин',
    '\u202e\u200b\ufeff',
    '\ud800',
    '',
    '   ',
  ];

  it('never throws on hostile queries, and the articles table survives', () => {
    const before = tableCounts(s.db);
    for (const q of HOSTILE) {
      let r: ReturnType<typeof searchSentences> | undefined;
      expect(() => (r = searchSentences(s.store, q)), JSON.stringify(q.slice(0, 30))).not.toThrow();
      expect(Array.isArray(r!.hits)).toBe(true);
      expect(r!.hits.length).toBeLessThanOrEqual(10);
    }
    expect(tableCounts(s.db)).toEqual(before);
    expect(before.articles).toBe(5);
    checkFts(s.db);
  });
});

describe('queryWords', () => {
  it('lowercases, drops accents and punctuation, caps at 12 words of 40 characters', () => {
    expect(queryWords('Zelenskyy’s “Peace-Formula”: Erdoğan!')).toEqual(['zelenskyy', 's', 'peace', 'formula', 'erdogan']);
    expect(queryWords('w '.repeat(50))).toHaveLength(12);
    expect(queryWords('y'.repeat(100))[0]).toHaveLength(40);
    expect(queryWords('"*:^()-')).toEqual([]);
  });
});

describe('correctTerm and editDistance', () => {
  it('measures Damerau–Levenshtein distance with an early stop', () => {
    expect(editDistance('ceasfire', 'ceasefire', 2)).toBe(1);
    expect(editDistance('nato', 'ntao', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('short', 'muchlongerword', 2)).toBe(3);
  });

  it('keeps indexed words and corrects close misspellings', () => {
    expect(correctTerm(s.store, 'ceasefire')).toEqual(['ceasefire']);
    expect(correctTerm(s.store, 'ceasfire')).toContain('ceasefire');
    expect(correctTerm(s.store, 'zzzzqqq')).toEqual([]);
  });
});
