import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/briefing/index.ts';
import type { Store } from '../../src/store/index.ts';
import { freshDb } from '../helpers/tmp.ts';
import { addArticle, withGazetteer } from './bulk.ts';

// More records than briefings count exactly (10,000): the notice says "more than", and the count stops
// there whatever the size of the archive.
let store: Store;
beforeAll(() => {
  store = withGazetteer(freshDb().store);
  const sentence = 'Steve Witkoff said the talks in Geneva went well.';
  const span = 'the talks in Geneva went well';
  for (let i = 0; i < 3; i++) {
    addArticle(store, sentence, span, {
      quotes: [{ n: 3350, speaker: 'Steve Witkoff', party: 'United States' }],
      positions: [{ n: 3350, actor: 'United States', person: 'Steve Witkoff', topic: 'negotiations' }, { n: 40, actor: 'United States', person: 'Steve Witkoff', topic: 'sanctions' }],
      figures: [{ n: 3350, topic: 'troops' }, { n: 34, topic: 'energy' }],
    });
  }
  const kremlin = 'Vladimir Putin said Russia wants the talks in Geneva to go on.';
  addArticle(store, kremlin, 'Russia wants the talks in Geneva to go on', {
    quotes: [{ n: 150, speaker: 'Vladimir Putin', party: 'Russia' }, { n: 5, speaker: 'Russia', kind: 'state', party: 'Russia' }],
  });
});

describe('the "newest 100 of N" notice', () => {
  it('says "more than 10,000" past ten thousand quotations', () => {
    const a = answerQuestion(store, 'quote', { speaker: 'witkoff' });
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.notice).toBe('Showing the newest 100 of more than 10,000 quotations.');
  });

  it('gives the exact number below it', () => {
    expect(answerQuestion(store, 'quote', { speaker: 'putin' }).notice).toBe('Showing the newest 100 of 150 quotations.');
  });

  it('counts a party’s quotations once each: its speakers’ and its own', () => {
    // 150 of Putin (for Russia) and 5 of Russia itself, which are both Russia's party and its speaker.
    expect(answerQuestion(store, 'quote', { speaker: 'russia' }).notice).toBe('Showing the newest 100 of 155 quotations.');
  });

  it('with nothing about the subject, says how many quotations there are', () => {
    const a = answerQuestion(store, 'quote', { speaker: 'witkoff', about: 'zzzz' });
    expect(a.items).toEqual([]);
    expect(a.notice).toBe('Steve Witkoff has more than 10,000 quotes indexed, but none about “zzzz”.');
  });

  it('counts positions, with and without a topic', () => {
    expect(answerQuestion(store, 'position', { actor: 'witkoff' }).notice).toBe('Showing the newest 100 of more than 10,000 stated positions.');
    expect(answerQuestion(store, 'position', { actor: 'witkoff', topic: 'sanctions' }).notice).toBe('Showing the newest 100 of 120 stated positions.');
    const negotiations = answerQuestion(store, 'position', { actor: 'witkoff', topic: 'negotiations' });
    expect(negotiations.notice).toBe('Showing the newest 100 of more than 10,000 stated positions.');
    for (const it of negotiations.items) expect(it.topic).toBe('negotiations');
  });

  it('a topic with no position lists the topics that have some, in the taxonomy’s order', () => {
    const a = answerQuestion(store, 'position', { actor: 'witkoff', topic: 'nato' });
    expect(a.items).toEqual([]);
    expect(a.notice).toBe('No stated position of Steve Witkoff on nato in the indexed articles. It has positions on: sanctions, negotiations.');
    expect(a.suggestions).toEqual(['sanctions', 'negotiations']);
  });

  it('counts figures, on a topic and in all', () => {
    expect(answerQuestion(store, 'figures', { topic: 'troops' }).notice).toBe('Showing the newest 100 of more than 10,000 figures.');
    expect(answerQuestion(store, 'figures', { topic: 'energy' }).notice).toBe('Showing the newest 100 of 102 figures.');
    expect(answerQuestion(store, 'figures', {}).notice).toBe('Showing the newest 100 of more than 10,000 figures.');
  });

  it('says nothing when every record was read', () => {
    const store2 = withGazetteer(freshDb().store);
    addArticle(store2, 'Steve Witkoff said the talks went well.', 'the talks went well', { quotes: [{ n: 100, speaker: 'Steve Witkoff', party: 'United States' }] });
    const a = answerQuestion(store2, 'quote', { speaker: 'witkoff' });
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.notice).toBeUndefined();
  });
});
