import { describe, expect, it } from 'vitest';
import type { Extraction } from '../../src/nlp/index.ts';
import type { NewArticle } from '../../src/store/index.ts';
import { checkFts, freshDb, orphans, tableCounts } from '../helpers/tmp.ts';

const BODY = 'Russia wants a ceasefire. Ukraine wants security guarantees.';

function article(over: Partial<NewArticle> = {}, extraction: Partial<Extraction> = {}): NewArticle {
  return {
    path: '/articles/a.txt',
    hash: 'h1',
    size: BODY.length,
    mtimeMs: 1000,
    title: 'Talks',
    outlet: 'Example News',
    published: '2026-01-22',
    url: 'https://example.com/a',
    body: BODY,
    extraction: {
      sentences: [
        { index: 0, paragraph: 0, start: 0, end: 25, text: 'Russia wants a ceasefire.' },
        { index: 1, paragraph: 0, start: 26, end: 60, text: 'Ukraine wants security guarantees.' },
      ],
      mentions: [],
      quotes: [{ speaker: 'Vladimir Putin', speakerKind: 'person', party: 'Russia', text: 'a ceasefire', sentence: 0, start: 13, end: 24, topic: 'ceasefire' }],
      positions: [{ actor: 'Ukraine', person: null, text: 'Ukraine wants security guarantees', sentence: 1, start: 26, end: 59, topic: 'security guarantees', verb: 'wants' }],
      figures: [],
      newActors: [],
      ...extraction,
    },
    ...over,
  };
}

describe('store.replaceArticle', () => {
  it('writes the article with its sentences and records, searchable through FTS', () => {
    const { db, store } = freshDb();
    store.replaceArticle(article());
    expect(store.articles().map((a) => [a.title, a.quotes, a.positions, a.sentences])).toEqual([['Talks', 1, 1, 2]]);
    expect(store.quotesBySpeaker('Vladimir Putin')[0]).toMatchObject({ text: 'a ceasefire', sentence: 'Russia wants a ceasefire.', title: 'Talks', outlet: 'Example News' });
    expect(store.positionsByActor('Ukraine')[0]).toMatchObject({ topic: 'security guarantees', sentence: 'Ukraine wants security guarantees.' });
    expect(store.ftsSearch('"guarantees"', 10).map((r) => r.sentence)).toEqual(['Ukraine wants security guarantees.']);
    checkFts(db);
  });

  it('replacing an article leaves no trace of the old version', () => {
    const { db, store } = freshDb();
    store.replaceArticle(article());
    store.replaceArticle(
      article(
        { hash: 'h2', body: 'Kyiv rejects the plan.' },
        { sentences: [{ index: 0, paragraph: 0, start: 0, end: 22, text: 'Kyiv rejects the plan.' }], quotes: [], positions: [] },
      ),
    );
    const counts = tableCounts(db);
    expect([counts.articles, counts.sentences, counts.quotes, counts.positions]).toEqual([1, 1, 0, 0]);
    expect(store.ftsSearch('"ceasefire"', 10)).toEqual([]);
    expect(store.ftsSearch('"rejects"', 10)).toHaveLength(1);
    expect(orphans(db)).toEqual({ fk: [], records: 0 });
    checkFts(db);
  });

  it('is all or nothing: a replacement that fails half-way leaves the old article intact', () => {
    const { db, store } = freshDb();
    store.replaceArticle(article());
    const before = tableCounts(db);
    const broken = article(
      { hash: 'h2', body: 'A new body.' },
      {
        sentences: [{ index: 0, paragraph: 0, start: 0, end: 11, text: 'A new body.' }],
        // A quote pointing at a sentence that does not exist: the insert fails after others succeeded.
        quotes: [{ speaker: 'X', speakerKind: 'person', party: null, text: 'new', sentence: 7, start: 2, end: 5, topic: null }],
        positions: [],
      },
    );
    expect(() => store.replaceArticle(broken)).toThrow();
    expect(tableCounts(db)).toEqual(before);
    expect(store.articles()[0]).toMatchObject({ title: 'Talks', hash: 'h1' });
    expect(store.quotesBySpeaker('Vladimir Putin')).toHaveLength(1);
    checkFts(db);
  });

  it('removeArticle cascades to every record', () => {
    const { db, store } = freshDb();
    store.replaceArticle(article());
    expect(store.removeArticle('/articles/a.txt')).toBe(true);
    expect(store.removeArticle('/articles/a.txt')).toBe(false);
    const counts = tableCounts(db);
    expect([counts.articles, counts.sentences, counts.quotes, counts.positions, counts.figures]).toEqual([0, 0, 0, 0, 0]);
    expect(store.ftsSearch('"ceasefire"', 10)).toEqual([]);
    checkFts(db);
  });

  it('a batch is one transaction in which a failing article rolls back alone', () => {
    const { db, store } = freshDb();
    const broken = article(
      { path: '/articles/b.txt', hash: 'hb' },
      { quotes: [{ speaker: 'X', speakerKind: 'person', party: null, text: 'new', sentence: 7, start: 2, end: 5, topic: null }] },
    );
    const errors: string[] = [];
    store.inBatch(() => {
      for (const a of [article(), broken, article({ path: '/articles/c.txt', hash: 'hc' })]) {
        try {
          store.replaceArticle(a);
        } catch (e) {
          errors.push(a.path);
        }
      }
    });
    expect(errors).toEqual(['/articles/b.txt']);
    expect(store.paths().sort()).toEqual(['/articles/a.txt', '/articles/c.txt']);
    expect(store.ftsSearch('"guarantees"', 10)).toHaveLength(2);
    expect(orphans(db)).toEqual({ fk: [], records: 0 });
    checkFts(db);
  });

  it('fingerprints gives every stored file its hash, size and mtime', () => {
    const { store } = freshDb();
    store.replaceArticle(article());
    store.replaceArticle(article({ path: '/articles/b.txt', hash: 'h2', size: 7, mtimeMs: 2000.4 }));
    expect([...store.fingerprints()].sort()).toEqual([
      ['/articles/a.txt', { hash: 'h1', size: BODY.length, mtimeMs: 1000 }],
      ['/articles/b.txt', { hash: 'h2', size: 7, mtimeMs: 2000 }],
    ]);
  });

  it('syncGazetteer is idempotent', () => {
    const { db, store } = freshDb();
    const g = { actors: [{ name: 'Steve Witkoff', kind: 'person' as const, party: 'United States', aliases: ['Witkoff', 'Witkov'] }] };
    store.syncGazetteer(g);
    const once = tableCounts(db);
    store.syncGazetteer(g);
    expect(tableCounts(db)).toEqual(once);
    expect(store.aliases().filter((a) => a.actor === 'Steve Witkoff').map((a) => a.alias).sort()).toEqual(['Steve Witkoff', 'Witkoff', 'Witkov']);
  });
});

describe('store.inBatch (full-text indexing deferred to the end of the batch)', () => {
  const other = (path: string, text: string) =>
    article({ path, hash: path, body: text }, { sentences: [{ index: 0, paragraph: 0, start: 0, end: text.length, text }], quotes: [], positions: [] });
  const found = (store: ReturnType<typeof freshDb>['store'], word: string) => store.ftsSearch(`"${word}"`, 10).map((r) => r.sentence);

  it('indexes every article of the batch once it ends, and not before', () => {
    const { db, store } = freshDb();
    store.inBatch(() => {
      store.replaceArticle(article());
      store.replaceArticle(other('/articles/b.txt', 'Kyiv rejects the plan.'));
      expect(found(store, 'rejects')).toEqual([]);
    });
    expect(found(store, 'rejects')).toEqual(['Kyiv rejects the plan.']);
    expect(found(store, 'guarantees')).toEqual(['Ukraine wants security guarantees.']);
    checkFts(db);
  });

  it('an article stored twice in one batch is indexed once, as its last version', () => {
    const { db, store } = freshDb();
    store.inBatch(() => {
      store.replaceArticle(article());
      store.replaceArticle(other('/articles/b.txt', 'Kyiv rejects the plan.'));
      store.replaceArticle(other('/articles/a.txt', 'Moscow welcomes the summit.'));
      store.replaceArticle(other('/articles/c.txt', 'Brussels prepares sanctions.'));
    });
    expect(found(store, 'guarantees')).toEqual([]);
    expect([...found(store, 'welcomes'), ...found(store, 'rejects'), ...found(store, 'sanctions')]).toEqual([
      'Moscow welcomes the summit.', 'Kyiv rejects the plan.', 'Brussels prepares sanctions.',
    ]);
    expect(tableCounts(db).sentences).toBe(3);
    checkFts(db);
  });

  it('a failing replacement of an article of the same batch keeps the first version, indexed', () => {
    const { db, store } = freshDb();
    const broken = article({ hash: 'h2' }, { quotes: [{ speaker: 'X', speakerKind: 'person', party: null, text: 'new', sentence: 7, start: 2, end: 5, topic: null }] });
    store.inBatch(() => {
      store.replaceArticle(article());
      expect(() => store.replaceArticle(broken)).toThrow();
      store.replaceArticle(other('/articles/b.txt', 'Kyiv rejects the plan.'));
    });
    expect(store.articles().map((a) => a.hash).sort()).toEqual(['/articles/b.txt', 'h1']);
    expect(found(store, 'guarantees')).toEqual(['Ukraine wants security guarantees.']);
    expect(found(store, 'rejects')).toEqual(['Kyiv rejects the plan.']);
    checkFts(db);
  });

  it('removing an article stored earlier in the batch leaves the index exact', () => {
    const { db, store } = freshDb();
    store.inBatch(() => {
      store.replaceArticle(article());
      store.replaceArticle(other('/articles/b.txt', 'Kyiv rejects the plan.'));
      expect(store.removeArticle('/articles/a.txt')).toBe(true);
      store.replaceArticle(other('/articles/c.txt', 'Brussels prepares sanctions.'));
    });
    expect(store.paths().sort()).toEqual(['/articles/b.txt', '/articles/c.txt']);
    expect([...found(store, 'guarantees'), ...found(store, 'rejects'), ...found(store, 'sanctions')]).toEqual([
      'Kyiv rejects the plan.', 'Brussels prepares sanctions.',
    ]);
    checkFts(db);
  });

  it('a batch that throws stores nothing, and the next batch indexes only its own articles', () => {
    const { db, store } = freshDb();
    expect(() =>
      store.inBatch(() => {
        store.replaceArticle(article());
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(tableCounts(db).articles).toBe(0);
    store.inBatch(() => store.replaceArticle(other('/articles/b.txt', 'Kyiv rejects the plan.')));
    expect(found(store, 'rejects')).toEqual(['Kyiv rejects the plan.']);
    expect(found(store, 'guarantees')).toEqual([]);
    checkFts(db);
  });
});
