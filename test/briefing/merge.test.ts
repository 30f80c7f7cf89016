import fc from 'fast-check';
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { contentWords, overlap, recency, type Cluster } from '../../src/briefing/cite.ts';
import { mergePositions, mergeQuotes } from '../../src/briefing/merge.ts';
import { filterAbout } from '../../src/briefing/quotes.ts';
import type { PositionRow, QuoteRow } from '../../src/store/index.ts';

// The merge and the `about` filter are written for speed; these properties hold them to the plain
// statement of their rules: the same clusters and the same rows, on random records.

const WORDS = ['ceasefire', 'sanctions', 'the', 'talks', 'troops', 'peace', 'plan', 'guarantees', 'security', 'it', 's', 'we', 'Kyiv', 'Moscow', 'frozen', 'assets', 'energy', 'grid'];

const rowArb = fc.record({
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 7 }),
  before: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
  article: fc.integer({ min: 1, max: 6 }),
  start: fc.integer({ min: 0, max: 3 }),
  who: fc.constantFrom('A', 'B'),
  topic: fc.constantFrom('nato', 'energy'),
  published: fc.constantFrom('2026-01-20', '2026-01-21', null),
});
type Raw = { words: string[]; before: string[]; article: number; start: number; who: string; topic: string; published: string | null };

function toRow(r: Raw, id: number): QuoteRow & PositionRow {
  const text = r.words.join(' ');
  return {
    id, articleId: r.article, title: 't', outlet: null, published: r.published, url: null, ingestedAt: `2026-01-2${r.article % 3}T00:00:00.000Z`,
    sentence: `${r.before.join(' ')} ${text}.`, start: r.start, end: r.start + text.length,
    speaker: r.who, speakerKind: 'person', party: null, text, topic: r.topic as QuoteRow['topic'] & string, actor: r.who, person: null,
  };
}

/** The merge rule as first written: every row against every cluster of its bucket, sets of words. */
function reference<R extends QuoteRow | PositionRow>(rows: R[], same: (a: Set<string>, b: Set<string>) => boolean, bucket: (r: R) => string): Cluster<R>[] {
  const words = new Map(rows.map((r) => [r.id, contentWords(r.text)]));
  const stamp = new Map(rows.map((r) => [r, recency(r)]));
  const sorted = [...rows].sort((a, b) => (stamp.get(a)! < stamp.get(b)! ? 1 : stamp.get(a)! > stamp.get(b)! ? -1 : a.start - b.start));
  const clusters: Cluster<R>[] = [];
  const byBucket = new Map<string, Cluster<R>[]>();
  for (const row of sorted) {
    const candidates = byBucket.get(bucket(row)) ?? byBucket.set(bucket(row), []).get(bucket(row))!;
    const home = candidates.find((c) => c.primary.articleId !== row.articleId && !c.others.some((o) => o.articleId === row.articleId) && same(words.get(c.primary.id)!, words.get(row.id)!));
    if (home) home.others.push(row);
    else {
      const c = { primary: row, others: [] as R[] };
      clusters.push(c);
      candidates.push(c);
    }
  }
  return clusters.map((c, i) => ({ c, i })).sort((x, y) => y.c.others.length - x.c.others.length || x.i - y.i).map((x) => x.c);
}

const sameRemark = (a: Set<string>, b: Set<string>) => {
  if (Math.min(a.size, b.size) < 2) return a.size > 0 && [...a].join(' ') === [...b].join(' ');
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= 2 && overlap(a, b) >= 0.5;
};
const ids = <R extends QuoteRow | PositionRow>(cs: Cluster<R>[]) => cs.map((c) => [c.primary.id, ...c.others.map((o) => o.id)]);

describe('merging records across articles', () => {
  it('property: quotes merge into the same clusters as the rule states', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), (raw) => {
        const rows = raw.map(toRow);
        // A quotation repeated word for word in one article by one speaker is one remark: the later rows go.
        const once = rows.filter((r, i) => !rows.slice(0, i).some((p) => p.articleId === r.articleId && p.speaker === r.speaker && p.text === r.text));
        expect(ids(mergeQuotes(rows))).toEqual(ids(reference(once, sameRemark, (r) => r.speaker)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: positions merge into the same clusters as the rule states', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), (raw) => {
        const rows = raw.map(toRow);
        expect(ids(mergePositions(rows))).toEqual(ids(reference(rows, (a, b) => overlap(a, b) >= 0.6, (r) => `${r.actor}|${r.topic}`)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('filterAbout', () => {
  const typo = fc.tuple(fc.constantFrom(...WORDS, 'security guarantees', 'frozen assets', 'peace talks in Kyiv'), fc.nat(), fc.constantFrom('', 'x', 'e'));
  it('property: keeps the rows whose quotation or sentence matches, in their order', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), typo, (raw, [word, at, insert]) => {
        const rows = raw.map(toRow);
        const i = at % (word.length + 1);
        const about = word.slice(0, i) + insert + word.slice(i);
        const fuse = new Fuse(rows, { keys: ['text', 'sentence'], threshold: 0.35, ignoreLocation: true });
        const expected = new Set(fuse.search(about).map((r) => r.item.id));
        expect(filterAbout(rows, about).map((r) => r.id)).toEqual(rows.filter((r) => expected.has(r.id)).map((r) => r.id));
      }),
      { numRuns: 300 },
    );
  });

  it('an empty subject keeps every row', () => {
    const rows = [toRow({ words: ['peace'], before: [], article: 1, start: 0, who: 'A', topic: 'nato', published: null }, 1)];
    expect(filterAbout(rows, '  ')).toBe(rows);
  });
});
