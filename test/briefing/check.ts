/** Assertions every briefing answer must pass: citations verbatim in the database, references in order. */
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Answer, AnswerItem, Citation } from '../../src/briefing/index.ts';

function articleOf(db: Database.Database, id: number): { title: string; body: string; outlet: string | null; url: string | null } {
  const row = db.prepare('SELECT title, body, outlet, url FROM articles WHERE id = ?').get(id) as
    | { title: string; body: string; outlet: string | null; url: string | null }
    | undefined;
  expect(row, `article ${id} cited but not in the database`).toMatchObject({ body: expect.any(String) });
  return row!;
}

function expectVerbatim(db: Database.Database, text: string, c: Citation): void {
  expect(text.length).toBeGreaterThan(0);
  expect(c.sentence, 'the item text is inside its cited sentence').toContain(text);
  const a = articleOf(db, c.article);
  expect(a.body, 'the cited sentence is verbatim in the article body').toContain(c.sentence);
  expect(c.title).toBe(a.title);
  expect(c.outlet).toBe(a.outlet);
  expect(c.url).toBe(a.url);
}

/** Every item (and every merged source) is verbatim in its own article, and sources come from other articles. */
export function expectCited(db: Database.Database, answer: Answer): void {
  for (const it of answer.items) {
    expectVerbatim(db, it.text, it.citation);
    if (it.sources) {
      expect(it.sources.length).toBeGreaterThan(0);
      const articles = [it.citation.article, ...it.sources.map((s) => s.citation.article)];
      expect(new Set(articles).size, 'a merged item cites distinct articles').toBe(articles.length);
      for (const s of it.sources) expectVerbatim(db, s.text, s.citation);
    }
  }
}

/** References are numbered 1..n in the order the answer first cites them; every [n] resolves to its article. */
export function expectReferencesInOrder(answer: Answer): void {
  const firstSeen: number[] = [];
  const cites = (it: AnswerItem) => [it.citation, ...(it.sources ?? []).map((s) => s.citation)];
  for (const it of answer.items) for (const c of cites(it)) if (!firstSeen.includes(c.ref)) firstSeen.push(c.ref);
  expect(firstSeen).toEqual(firstSeen.map((_, i) => i + 1));
  expect(answer.references.map((r) => r.ref)).toEqual(firstSeen);
  const byRef = new Map(answer.references.map((r) => [r.ref, r]));
  for (const it of answer.items) {
    for (const c of cites(it)) {
      expect(byRef.get(c.ref)?.article).toBe(c.article);
      expect(byRef.get(c.ref)?.title).toBe(c.title);
    }
  }
}

/** Distinct articles cited by an answer's items and their sources. */
export function citedArticles(answer: Answer): Set<number> {
  const ids = new Set<number>();
  for (const it of answer.items) {
    ids.add(it.citation.article);
    for (const s of it.sources ?? []) ids.add(s.citation.article);
  }
  return ids;
}
