import { beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP, type Store } from '../../src/store/store.ts';
import { TOPICS } from '../../src/nlp/index.ts';
import { addArticle } from '../briefing/bulk.ts';
import { freshDb } from '../helpers/tmp.ts';

// The reads behind briefings, on a real SQLite database: bounded counts and the topics of an actor.
let store: Store;
beforeAll(() => {
  store = freshDb().store;
  const s = 'Ukraine wants security guarantees before any ceasefire.';
  addArticle(store, s, 'Ukraine wants security guarantees', {
    quotes: [{ n: COUNT_CAP + 5, speaker: 'Andriy Yermak', party: 'Ukraine' }, { n: 7, speaker: 'Ukraine', kind: 'state', party: 'Ukraine' }, { n: 3, speaker: 'Ukraine', kind: 'state', party: null }],
    positions: [
      { n: COUNT_CAP + 1, actor: 'Ukraine', person: 'Andriy Yermak', topic: 'security guarantees' },
      { n: 2, actor: 'Ukraine', person: 'Andriy Yermak', topic: 'ceasefire' },
      { n: 1, actor: 'Ukraine', person: null, topic: 'territory' },
      { n: 4, actor: 'Russia', person: 'Vladimir Putin', topic: 'nato' },
    ],
    figures: [{ n: COUNT_CAP, topic: 'troops' }, { n: 1, topic: null }],
  });
});

describe('bounded counts', () => {
  it('are exact up to COUNT_CAP', () => {
    expect(COUNT_CAP).toBe(10_000);
    expect(store.countQuotes('speaker', 'Ukraine')).toEqual({ n: 10, more: false });
    expect(store.countPositions('actor', 'Ukraine', 'ceasefire')).toEqual({ n: 2, more: false });
    expect(store.countPositions('person', 'Vladimir Putin')).toEqual({ n: 4, more: false });
    expect(store.countFigures('troops')).toEqual({ n: COUNT_CAP, more: false });
    expect(store.countQuotes('speaker', 'Nobody')).toEqual({ n: 0, more: false });
  });

  it('say "more than COUNT_CAP" past it', () => {
    expect(store.countQuotes('speaker', 'Andriy Yermak')).toEqual({ n: COUNT_CAP, more: true });
    expect(store.countPositions('actor', 'Ukraine')).toEqual({ n: COUNT_CAP, more: true });
    expect(store.countPositions('person', 'Andriy Yermak', 'security guarantees')).toEqual({ n: COUNT_CAP, more: true });
    expect(store.countFigures(null)).toEqual({ n: COUNT_CAP, more: true });
  });

  it('count a party’s quotations once: its speakers’ and those spoken in its own name', () => {
    // Yermak's for Ukraine (past the cap) plus Ukraine's own: still "more than".
    expect(store.countQuotes('party', 'Ukraine')).toEqual({ n: COUNT_CAP, more: true });
    // Russia: no quotations at all.
    expect(store.countQuotes('party', 'Russia')).toEqual({ n: 0, more: false });
  });
});

describe('a small party', () => {
  it('counts its own quotations and its speakers’ without counting any twice', () => {
    const { store: s } = freshDb();
    addArticle(s, 'Moldova wants talks.', 'Moldova wants talks', {
      quotes: [{ n: 4, speaker: 'Maia Sandu', party: 'Moldova' }, { n: 2, speaker: 'Moldova', kind: 'state', party: 'Moldova' }, { n: 3, speaker: 'Moldova', kind: 'state', party: null }],
    });
    // 4 by Sandu + 2 by Moldova for Moldova + 3 by Moldova for no party.
    expect(s.countQuotes('party', 'Moldova')).toEqual({ n: 9, more: false });
    expect(s.quotesByParty('Moldova')).toHaveLength(9);
  });
});

describe('positionTopics', () => {
  it('lists each topic an actor or person has positions on, once', () => {
    expect([...store.positionTopics('actor', 'Ukraine')].sort()).toEqual(['ceasefire', 'security guarantees', 'territory']);
    expect([...store.positionTopics('person', 'Andriy Yermak')].sort()).toEqual(['ceasefire', 'security guarantees']);
    expect(store.positionTopics('actor', 'Russia')).toEqual(['nato']);
    expect(store.positionTopics('actor', 'Nobody')).toEqual([]);
    expect(store.positionTopics('person', 'Nobody')).toEqual([]);
  });

  it('finds topics outside the taxonomy too (an older database)', () => {
    const { store: s } = freshDb();
    addArticle(s, 'Ukraine wants grain exports.', 'Ukraine wants grain exports', {
      positions: [{ n: 2, actor: 'Ukraine', person: null, topic: 'grain' as (typeof TOPICS)[number] }, { n: 1, actor: 'Ukraine', person: null, topic: 'energy' }],
    });
    expect([...s.positionTopics('actor', 'Ukraine')].sort()).toEqual(['energy', 'grain']);
  });

  it('hasPositions says whether there is any', () => {
    expect(store.hasPositions('person', 'Andriy Yermak')).toBe(true);
    expect(store.hasPositions('person', 'Ukraine')).toBe(false);
    expect(store.hasPositions('actor', 'Ukraine')).toBe(true);
    expect(store.hasPositions('actor', 'Andriy Yermak')).toBe(false);
  });
});

describe('positions on one topic', () => {
  it('are the newest of that topic only, newest article first', () => {
    const { store: s } = freshDb();
    const ids = [1, 2, 3].map((i) =>
      addArticle(s, `Ukraine wants a ceasefire now, round ${i}.`, 'Ukraine wants a ceasefire now', {
        positions: [{ n: 2, actor: 'Ukraine', person: 'Andriy Yermak', topic: 'ceasefire' }, { n: 3, actor: 'Ukraine', person: 'Andriy Yermak', topic: 'energy' }],
      }),
    );
    const rows = s.positionsByActor('Ukraine', 'ceasefire', 3);
    expect(rows.map((r) => [r.articleId, r.topic])).toEqual([[ids[2], 'ceasefire'], [ids[2], 'ceasefire'], [ids[1], 'ceasefire']]);
    expect(s.positionsByPerson('Andriy Yermak', 'energy').map((r) => r.articleId)).toEqual([ids[2], ids[2], ids[2], ids[1], ids[1], ids[1], ids[0], ids[0], ids[0]]);
    expect(s.positionsByPerson('Andriy Yermak', null, 4).map((r) => r.articleId)).toEqual([ids[2], ids[2], ids[2], ids[2]]);
  });
});
