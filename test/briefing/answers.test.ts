import { beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_NAMES, answerQuestion, help, search, sources, type Answer } from '../../src/briefing/index.ts';
import { checkFts, seededApp, tableCounts, type SeededApp } from '../helpers/tmp.ts';
import { expectCited, expectReferencesInOrder } from './check.ts';

let s: SeededApp;
beforeAll(() => {
  s = seededApp();
});

describe('/sources', () => {
  it('lists the five indexed articles with their counts', () => {
    const a = sources(s.store);
    expect(a.overview).toBe('5 articles indexed');
    expect(a.references).toHaveLength(5);
    expect(a.references.map((r) => r.ref)).toEqual([1, 2, 3, 4, 5]);
    const titles = s.db.prepare('SELECT title FROM articles').pluck().all() as string[];
    expect(a.references.map((r) => r.title).sort()).toEqual([...titles].sort());
    expect(a.info).toHaveLength(5);
    for (const line of a.info!) expect(line).toMatch(/^\[\d\] \d+ quotes?, \d+ positions?, \d+ figures?, \d+ sentences?$/);
  });

  it('says when nothing is indexed yet', () => {
    const empty = seededApp({ sync: false });
    const a = sources(empty.store);
    expect(a.references).toEqual([]);
    expect(a.notice).toMatch(/No articles/);
  });
});

describe('/search', () => {
  it('“one issue” finds the Witkoff sentences', () => {
    const a = search(s.store, { query: 'one issue' });
    expect(a.title).toBe('Search: one issue');
    const sentences = a.items.map((i) => i.citation.sentence);
    expect(sentences.some((t) => t.includes('We’ve got it down to one issue'))).toBe(true);
    expect(sentences.some((t) => t.includes("I think it's now down to one issue"))).toBe(true);
    for (const it of a.items.slice(0, 3)) expect(it.text.toLowerCase()).toContain('one issue');
    expectCited(s.db, a);
    expectReferencesInOrder(a);
  });

  it('says how it read a typo', () => {
    const a = search(s.store, { query: 'ceasfire' });
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.notice).toBe('Read “ceasfire” as “ceasefire”.');
    for (const it of a.items) expect(it.text.toLowerCase()).toContain('ceasefire');
  });

  it('nothing found is said politely', () => {
    const a = search(s.store, { query: 'zzzzqqqxx' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/Nothing in the indexed articles matches “zzzzqqqxx”/);
  });

  it('an empty query asks for one', () => {
    expect(search(s.store, { query: '  ' }).notice).toMatch(/Tell me what to look for/);
  });
});

describe('/help', () => {
  it('explains the commands with examples and cites nothing', () => {
    const a = help();
    expect(a.items).toEqual([]);
    expect(a.references).toEqual([]);
    const text = a.info!.join('\n');
    for (const c of ['/position', '/quote', '/figures', '/search', '/sources', '/digest']) expect(text).toContain(c);
  });
});

describe('hostile input to every question', () => {
  const HOSTILE = [
    '"',
    '*',
    'NEAR(',
    'AND OR NOT',
    '-',
    ':',
    "'; DROP TABLE articles; --",
    'x'.repeat(6000),
    'a\u0000b',
    '🙂🔥',
    'Путин перемирие',
    '\u202e\u200b',
    '<@123456789012345678> @everyone',
    '',
  ];
  const optionsFor = (name: string, v: string): Record<string, string> =>
    ({ position: { actor: v }, quote: { speaker: v, about: v }, figures: { about: v }, search: { query: v }, sources: {}, help: {} })[name]!;

  it('never throws, answers within Discord’s limits, and leaves the database intact', () => {
    const before = tableCounts(s.db);
    for (const name of QUESTION_NAMES) {
      for (const v of HOSTILE) {
        let a: Answer | undefined;
        expect(() => (a = answerQuestion(s.store, name, optionsFor(name, v))), `${name} ${JSON.stringify(v.slice(0, 20))}`).not.toThrow();
        expect(a!.title.length).toBeLessThanOrEqual(256);
        expect(a!.title).not.toMatch(/[\u0000-\u001f]/);
        if (a!.notice) {
          expect(a!.notice.length).toBeLessThan(1024);
          expect(a!.notice).not.toMatch(/[\u0000\u202e]/);
        }
        if (a!.items.length) expectCited(s.db, a!);
      }
    }
    expect(tableCounts(s.db)).toEqual(before);
    checkFts(s.db);
  });

  it('a 6,000-character name is answered with a short echo of it', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'y'.repeat(6000) });
    expect(a.items).toEqual([]);
    expect(a.notice!.length).toBeLessThan(300);
  });
});
