import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, quotes, type Answer } from '../../src/briefing/index.ts';
import { seededApp, type SeededApp } from '../helpers/tmp.ts';
import { citedArticles, expectCited, expectReferencesInOrder } from './check.ts';

let s: SeededApp;
let witkoff: Answer;
beforeAll(() => {
  s = seededApp();
  witkoff = answerQuestion(s.store, 'quote', { speaker: 'witkoff' });
});

const texts = (a: Answer) => a.items.map((i) => i.text);

describe('/quote witkoff', () => {
  it('lists his quotations, verbatim', () => {
    expect(witkoff.command).toBe('quote');
    expect(witkoff.title).toBe('Quotes of Steve Witkoff');
    expect(witkoff.items.length).toBeGreaterThanOrEqual(10);
    expect(witkoff.notice).toBeUndefined();
    expect(texts(witkoff).some((t) => t.startsWith('We’ve got it down to one issue'))).toBe(true);
    expect(texts(witkoff)).toContain('a lot of progress');
    expect(texts(witkoff)).toContain('It was a compelling meeting');
    for (const it of witkoff.items) expect(it.speaker).toBe('Steve Witkoff');
  });

  it('shows a word quoted twice in one article once (“compelling” in the lead and again below)', () => {
    expect(texts(witkoff).filter((t) => t === 'compelling')).toEqual(['compelling']);
    // Other lines of that article are still there.
    expect(texts(witkoff)).toContain('It was a compelling meeting');
  });

  it('cites every item: its text inside its sentence, the sentence verbatim in the article', () => {
    expectCited(s.db, witkoff);
  });

  it('numbers the references 1..n in order of first citation', () => {
    expectReferencesInOrder(witkoff);
  });

  it('sums the answer up in one overview line', () => {
    expect(witkoff.overview).toBe(`Steve Witkoff — ${witkoff.items.length} quotes from ${citedArticles(witkoff).size} articles`);
  });

  it('shows the same remark reported by several outlets once, with each outlet’s own wording', () => {
    const merged = witkoff.items.filter((i) => i.sources?.length);
    expect(merged.length).toBeGreaterThan(0);
    for (const it of merged) {
      const articles = [it.citation.article, ...it.sources!.map((x) => x.citation.article)];
      expect(new Set(articles).size).toBe(articles.length);
    }
  });

  it.each(['witkov', 'Wittkopf', 'Witkopf', 'WITKOFF', 'Steve Witkov'])('gives the same items for “%s”', (typed) => {
    const a = answerQuestion(s.store, 'quote', { speaker: typed });
    expect(a.title).toBe('Quotes of Steve Witkoff');
    expect(texts(a)).toEqual(texts(witkoff));
    expect(a.notice).toBeUndefined();
  });

  it('corrects a typo, says so, and gives the same items', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: 'wittkof' });
    expect(texts(a)).toEqual(texts(witkoff));
    expect(a.notice).toMatch(/Steve Witkoff/);
    expect(a.notice).toMatch(/wittkof/);
  });

  it('narrows to quotations about a subject', () => {
    const a = quotes(s.store, { speaker: 'witkoff', about: 'one issue' });
    expect(a.title).toBe('Quotes of Steve Witkoff about “one issue”');
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.items.length).toBeLessThan(witkoff.items.length);
    expect(a.items[0].text).toContain('one issue');
    expectCited(s.db, a);
    expectReferencesInOrder(a);
  });

  it('says so politely when nothing matches the subject', () => {
    const a = quotes(s.store, { speaker: 'witkoff', about: 'zzzzqqqxx' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/Steve Witkoff has \d+ quotes indexed, but none about “zzzzqqqxx”/);
  });
});

describe('/quote for a party', () => {
  it('gathers everyone who speaks for Russia', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: 'russia' });
    expect(a.items.length).toBeGreaterThan(1);
    const speakers = new Set(a.items.map((i) => i.speaker));
    expect(speakers.has('Vladimir Putin')).toBe(true);
    expect(speakers.size).toBeGreaterThan(1);
    for (const it of a.items) expect(it.actor).toBe('Russia');
    expect(a.overview).toMatch(new RegExp(`^Russia \\(${speakers.size} speakers\\) — ${a.items.length} quotes from \\d+ articles?$`));
    expectCited(s.db, a);
    expectReferencesInOrder(a);
  });

  it('a person only gets their own quotations', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: 'putin' });
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) expect(it.speaker).toBe('Vladimir Putin');
    expect(texts(a)).toContain('If they don’t withdraw, we will achieve this by force');
  });
});

describe('/quote for someone unknown', () => {
  it('answers politely with no items and a notice', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: 'nobodyhere' });
    expect(a.items).toEqual([]);
    expect(a.references).toEqual([]);
    expect(a.notice).toMatch(/nobodyhere/);
  });

  it('suggests near names', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: 'Witkowski' });
    expect(a.items).toEqual([]);
    expect(a.suggestions).toContain('Steve Witkoff');
    expect(a.notice).toMatch(/Did you mean .*Steve Witkoff/);
  });

  it('asks for a name when none is given', () => {
    const a = answerQuestion(s.store, 'quote', { speaker: '   ' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/which speaker/);
  });
});
