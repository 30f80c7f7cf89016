import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/briefing/index.ts';
import { TOPICS } from '../../src/nlp/index.ts';
import { seededApp, type SeededApp } from '../helpers/tmp.ts';
import { citedArticles, expectCited, expectReferencesInOrder } from './check.ts';

let s: SeededApp;
let russia: Answer;
beforeAll(() => {
  s = seededApp();
  russia = answerQuestion(s.store, 'position', { actor: 'russia' });
});

const topics = (a: Answer) => new Set(a.items.map((i) => i.topic));

describe('/position russia', () => {
  it('has Russia’s positions on NATO, territory and the ceasefire', () => {
    expect(russia.title).toBe('Positions of Russia');
    for (const t of ['nato', 'territory', 'ceasefire']) expect(topics(russia).has(t), t).toBe(true);
    for (const it of russia.items) expect(it.actor).toBe('Russia');
    expect(russia.notice).toBeUndefined();
  });

  it('includes what Putin and the Kremlin said for Russia', () => {
    const people = new Set(russia.items.map((i) => i.person));
    expect(people.has('Vladimir Putin')).toBe(true);
    expect(people.has('Kremlin')).toBe(true);
    const kremlin = russia.items.find((i) => i.person === 'Kremlin' && i.text.includes('The Kremlin rejected a U.S. proposal'));
    expect(kremlin?.topic).toBe('ceasefire');
  });

  it('groups items by topic, in the taxonomy’s order', () => {
    const ranks = russia.items.map((i) => (TOPICS as readonly string[]).indexOf(i.topic!));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('cites every item verbatim and numbers references in order', () => {
    expectCited(s.db, russia);
    expectReferencesInOrder(russia);
  });

  it('has the overview line “Russia — N statements on M topics from K articles”', () => {
    const m = /^Russia — (\d+) statements? on (\d+) topics? from (\d+) articles?$/.exec(russia.overview ?? '');
    expect(m, russia.overview).not.toBeNull();
    expect(Number(m![1])).toBe(russia.items.length);
    expect(Number(m![2])).toBe(topics(russia).size);
    expect(Number(m![3])).toBe(citedArticles(russia).size);
  });

  it.each(['moscow', 'Russian Federation', 'RUSSIA'])('is the same for “%s”', (typed) => {
    const a = answerQuestion(s.store, 'position', { actor: typed });
    expect(a.items.map((i) => i.text)).toEqual(russia.items.map((i) => i.text));
  });
});

describe('/position with a topic', () => {
  it('topic:nato keeps only NATO positions', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'russia', topic: 'nato' });
    expect(a.title).toBe('Positions of Russia on nato');
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) expect(it.topic).toBe('nato');
    expect(a.items.map((i) => i.text)).toEqual(russia.items.filter((i) => i.topic === 'nato').map((i) => i.text));
    expect(a.items.some((i) => /cannot join the North Atlantic Treaty Organization/.test(i.text))).toBe(true);
    expectCited(s.db, a);
    expectReferencesInOrder(a);
  });

  it('a topic with nothing stated says which topics do have positions', () => {
    const missing = TOPICS.find((t) => !topics(russia).has(t))!;
    const a = answerQuestion(s.store, 'position', { actor: 'russia', topic: missing });
    expect(a.items).toEqual([]);
    expect(a.notice).toContain(`No stated position of Russia on ${missing}`);
    expect(a.notice).toContain('nato');
    expect(a.suggestions).toEqual(expect.arrayContaining(['nato', 'territory', 'ceasefire']));
  });

  it('an unknown topic gets a polite notice listing the topics', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'russia', topic: 'weather' });
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/“weather” is not a topic I track/);
    for (const t of TOPICS) expect(a.notice).toContain(t);
  });
});

describe('/position for a person', () => {
  it('putin only has Vladimir Putin’s own positions', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'putin' });
    expect(a.title).toBe('Positions of Vladimir Putin');
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) expect(it.person).toBe('Vladimir Putin');
    expect(a.items.length).toBeLessThan(russia.items.length);
    expect(a.overview).toMatch(/^Vladimir Putin — \d+ statements? on \d+ topics? from \d+ articles?$/);
    expectCited(s.db, a);
  });

  it('the Kremlin only has the Kremlin’s positions', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'the kremlin' });
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) expect(it.person).toBe('Kremlin');
  });
});

describe('/position for someone unknown', () => {
  it('answers with no items and a polite notice', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'zzzzqq' });
    expect(a.items).toEqual([]);
    expect(a.references).toEqual([]);
    expect(a.notice).toMatch(/“zzzzqq”/);
  });

  it('offers suggestions as an array of names', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'Witkowski' });
    expect(a.items).toEqual([]);
    expect(Array.isArray(a.suggestions)).toBe(true);
    expect(a.suggestions).toContain('Steve Witkoff');
  });

  // resolve.ts builds "I don't know a ${what} called …" and `what` is 'actor' for /position.
  it('uses the right article in the notice (“an actor”, not “a actor”)', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'zzzzqq' });
    expect(a.notice).toMatch(/I don't know an actor called “zzzzqq”/);
  });
});
