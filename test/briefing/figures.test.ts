import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/briefing/index.ts';
import { TOPICS } from '../../src/nlp/index.ts';
import { seededApp, type SeededApp } from '../helpers/tmp.ts';
import { citedArticles, expectCited, expectReferencesInOrder } from './check.ts';

let s: SeededApp;
let all: Answer;
beforeAll(() => {
  s = seededApp();
  all = answerQuestion(s.store, 'figures', {});
});

describe('/figures', () => {
  it('has the plans, the troop caps and the 30-day ceasefire', () => {
    expect(all.title).toBe('Figures');
    const texts = all.items.map((i) => i.text);
    expect(texts.some((t) => t.includes('28-point plan'))).toBe(true);
    expect(texts.some((t) => t.includes('19-point proposal'))).toBe(true);
    const values = all.items.map((i) => i.value);
    for (const v of [600_000, 800_000, 880_000]) expect(values, String(v)).toContain(v);
    for (const [v, raw] of [[600_000, '600,000'], [800_000, '800,000'], [880_000, '880,000']] as const) {
      const it = all.items.find((i) => i.value === v)!;
      expect(it.text).toContain(raw);
    }
    const ceasefire = all.items.find((i) => i.value === 30 && i.unit === 'days');
    expect(ceasefire?.text).toContain('30-day ceasefire');
    expect(ceasefire!.topic).toBe('ceasefire');
  });

  it('cites every figure verbatim and numbers references in order', () => {
    expectCited(s.db, all);
    expectReferencesInOrder(all);
  });

  it('has the overview line “N figures on M topics from K articles”', () => {
    const m = /^(\d+) figures? on (\d+) topics? from (\d+) articles?$/.exec(all.overview ?? '');
    expect(m, all.overview).not.toBeNull();
    expect(Number(m![1])).toBe(all.items.length);
    expect(Number(m![2])).toBe(new Set(all.items.map((i) => i.topic).filter(Boolean)).size);
    expect(Number(m![3])).toBe(citedArticles(all).size);
  });

  it('topic:troops keeps only troop figures', () => {
    const a = answerQuestion(s.store, 'figures', { topic: 'troops' });
    expect(a.title).toBe('Figures on troops');
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) expect(it.topic).toBe('troops');
    expect(a.items.map((i) => i.value)).toContain(880_000);
    expectCited(s.db, a);
  });

  it('about:ceasefire narrows to figures about it', () => {
    const a = answerQuestion(s.store, 'figures', { about: 'ceasefire' });
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.items.length).toBeLessThan(all.items.length);
    expect(a.items.some((i) => i.value === 30 && i.unit === 'days')).toBe(true);
    expectCited(s.db, a);
  });

  it('an unknown topic gets a polite notice listing the topics', () => {
    const a = answerQuestion(s.store, 'figures', { topic: 'weather' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/“weather” is not a topic I track/);
    expect(a.suggestions).toEqual([...TOPICS]);
  });

  it('nothing about a subject is said politely', () => {
    const a = answerQuestion(s.store, 'figures', { about: 'zzzzqqqxx' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/No figures about “zzzzqqqxx”/);
  });
});
