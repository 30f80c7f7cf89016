import type Database from 'better-sqlite3';
import type { Extraction, Gazetteer } from '../nlp/index.ts';
import { buildDeferredIndexes, deferIndexes } from './deferred-indexes.ts';

export interface ArticleMeta {
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
}

export interface ArticleRow extends ArticleMeta {
  id: number;
  path: string;
  hash: string;
  ingestedAt: string;
}

export interface ArticleSummary extends ArticleRow {
  quotes: number;
  positions: number;
  figures: number;
  sentences: number;
}

/** Columns every cited record carries: where it came from, for the citation. */
export interface CitedRow {
  articleId: number;
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
  ingestedAt: string;
  sentence: string;
  start: number;
  end: number;
}

export interface QuoteRow extends CitedRow {
  id: number;
  speaker: string;
  speakerKind: string;
  party: string | null;
  text: string;
  topic: string | null;
}

export interface PositionRow extends CitedRow {
  id: number;
  actor: string;
  person: string | null;
  topic: string;
  text: string;
}

export interface FigureRow extends CitedRow {
  id: number;
  text: string;
  raw: string;
  value: number | null;
  unit: string;
  topic: string | null;
}

export interface SentenceRow extends CitedRow {
  id: number;
  rank: number;
}

export interface AliasRow {
  alias: string;
  actor: string;
  kind: string;
  party: string | null;
}

export interface NewArticle extends ArticleMeta {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
  body: string;
  extraction: Extraction;
}

/** Briefings read at most this many records: the newest, which is what a briefing is about. */
export const RECORD_LIMIT = 100;

/** Counts of a briefing's records stop past this many: "the newest 100 of more than 10,000". */
export const COUNT_CAP = 10_000;

/** How many records match: exactly `n`, or, when `more` is set, more than `n` (which is COUNT_CAP). */
export interface RecordCount {
  n: number;
  more: boolean;
}

const cap = COUNT_CAP + 1;
/** A count read with LIMIT `cap` (a party's, the sum of two such): past COUNT_CAP only "more than" is known. */
const bounded = (n: number): RecordCount => (n > COUNT_CAP ? { n: COUNT_CAP, more: true } : { n, more: false });

const CITED = `a.id AS articleId, a.title, a.outlet, a.published, a.url, a.ingested_at AS ingestedAt, s.text AS sentence`;

export function normalizeAlias(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
}

/** The only code that reads and writes article data. Every statement is prepared once. */
export function createStore(db: Database.Database) {
  const st = {
    // Served by the covering index of migration 005: no article row (and its body) is read.
    fingerprints: db.prepare('SELECT path, hash, size, mtime_ms AS mtimeMs FROM articles INDEXED BY articles_fingerprint'),
    paths: db.prepare('SELECT path FROM articles').pluck(),
    touch: db.prepare('UPDATE articles SET size = ?, mtime_ms = ? WHERE path = ?'),
    deleteArticle: db.prepare('DELETE FROM articles WHERE path = ?'),
    insertArticle: db.prepare(`INSERT INTO articles (path, hash, size, mtime_ms, title, outlet, published, url, body, ingested_at)
      VALUES (@path, @hash, @size, @mtimeMs, @title, @outlet, @published, @url, @body, @ingestedAt)`),
    insertSentence: db.prepare('INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)'),
    // One statement per article, or per batch of them, rather than a trigger per sentence (migration
    // 005 says why); in rowid order (FTS5 writes a segment out whenever rowids go back).
    indexArticles: db.prepare(`INSERT INTO sentences_fts (rowid, text)
      SELECT id, text FROM sentences WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY id`),
    insertQuote: db.prepare(`INSERT INTO quotes (article_id, sentence_id, speaker, speaker_kind, party, text, start, end, topic)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertPosition: db.prepare(`INSERT INTO positions (article_id, sentence_id, actor, person, topic, verb, text, start, end)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFigure: db.prepare(`INSERT INTO figures (article_id, sentence_id, text, raw, value, unit, topic, start, end)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    upsertActor: db.prepare(`INSERT INTO actors (name, kind, party, source) VALUES (?, ?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, party = COALESCE(excluded.party, actors.party)
      WHERE actors.source = excluded.source OR excluded.source = 'gazetteer'
      RETURNING id`),
    actorId: db.prepare('SELECT id FROM actors WHERE name = ?').pluck(),
    insertAlias: db.prepare('INSERT OR IGNORE INTO aliases (alias, norm, actor_id) VALUES (?, ?, ?)'),
    aliases: db.prepare(`SELECT al.alias, ac.name AS actor, ac.kind, ac.party FROM aliases al JOIN actors ac ON ac.id = al.actor_id`),
    actor: db.prepare('SELECT name, kind, party FROM actors WHERE name = ?'),
    articles: db.prepare(`SELECT a.id, a.path, a.hash, a.title, a.outlet, a.published, a.url, a.ingested_at AS ingestedAt,
      (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,
      (SELECT COUNT(*) FROM positions p WHERE p.article_id = a.id) AS positions,
      (SELECT COUNT(*) FROM figures f WHERE f.article_id = a.id) AS figures,
      (SELECT COUNT(*) FROM sentences s WHERE s.article_id = a.id) AS sentences
      FROM articles a ORDER BY COALESCE(a.published, a.ingested_at) DESC, a.id DESC`),
    articlesSince: db.prepare(`SELECT a.id, a.path, a.hash, a.title, a.outlet, a.published, a.url, a.ingested_at AS ingestedAt
      FROM articles a WHERE a.ingested_at > ? ORDER BY a.ingested_at, a.id`),
    quotesBySpeaker: db.prepare(`SELECT q.id, q.speaker, q.speaker_kind AS speakerKind, q.party, q.text, q.topic, q.start, q.end, ${CITED}
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id WHERE q.speaker = ?
      ORDER BY q.article_id DESC, q.start LIMIT ?`),
    quotesByParty: db.prepare(`SELECT q.id, q.speaker, q.speaker_kind AS speakerKind, q.party, q.text, q.topic, q.start, q.end, ${CITED}
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id
      WHERE q.id IN (SELECT id FROM (SELECT id, article_id FROM quotes WHERE party = ? ORDER BY article_id DESC LIMIT ?)
                     UNION SELECT id FROM (SELECT id, article_id FROM quotes WHERE speaker = ? ORDER BY article_id DESC LIMIT ?))
      ORDER BY q.article_id DESC, q.start LIMIT ?`),
    quotesByArticles: db.prepare(`SELECT q.id, q.speaker, q.speaker_kind AS speakerKind, q.party, q.text, q.topic, q.start, q.end, ${CITED}
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id
      WHERE q.article_id IN (SELECT value FROM json_each(?))`),
    // With and without a topic apart, so each seeks its own index ((key, article_id) or (key, topic,
    // article_id), migration 006): "@topic IS NULL OR …" would read every position of the key.
    positionsByActor: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.actor = @name ORDER BY p.article_id DESC, p.start LIMIT @limit`),
    positionsByActorTopic: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.actor = @name AND p.topic = @topic ORDER BY p.article_id DESC, p.start LIMIT @limit`),
    positionsByPerson: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.person = @name ORDER BY p.article_id DESC, p.start LIMIT @limit`),
    positionsByPersonTopic: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.person = @name AND p.topic = @topic ORDER BY p.article_id DESC, p.start LIMIT @limit`),
    positionsByArticles: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.article_id IN (SELECT value FROM json_each(?))`),
    // Bounded counts: each stops after @cap rows of one index range (COUNT_CAP + 1), so its cost does
    // not grow with the archive. A party's quotes are its own plus those of a speaker by its name.
    countQuotesBySpeaker: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM quotes WHERE speaker = @name LIMIT @cap)').pluck(),
    countQuotesByParty: db.prepare(`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM quotes WHERE party = @name LIMIT @cap))
      + (SELECT COUNT(*) FROM (SELECT 1 FROM quotes WHERE speaker = @name AND party IS NOT @name LIMIT @cap))`).pluck(),
    countPositionsByActor: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM positions WHERE actor = @name LIMIT @cap)').pluck(),
    countPositionsByActorTopic: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM positions WHERE actor = @name AND topic = @topic LIMIT @cap)').pluck(),
    countPositionsByPerson: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM positions WHERE person = @name LIMIT @cap)').pluck(),
    countPositionsByPersonTopic: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM positions WHERE person = @name AND topic = @topic LIMIT @cap)').pluck(),
    hasPositionsOfActor: db.prepare('SELECT EXISTS (SELECT 1 FROM positions WHERE actor = ?)').pluck(),
    hasPositionsOfPerson: db.prepare('SELECT EXISTS (SELECT 1 FROM positions WHERE person = ?)').pluck(),
    // The distinct topics of a key, one index seek per topic (a skip scan of (key, topic, article_id)):
    // not a read of every position of the key.
    topicsOfActor: db.prepare(`WITH RECURSIVE t(topic) AS (
        SELECT MIN(topic) FROM positions WHERE actor = @name
        UNION ALL SELECT (SELECT MIN(topic) FROM positions WHERE actor = @name AND topic > t.topic) FROM t WHERE t.topic IS NOT NULL
      ) SELECT topic FROM t WHERE topic IS NOT NULL`).pluck(),
    topicsOfPerson: db.prepare(`WITH RECURSIVE t(topic) AS (
        SELECT MIN(topic) FROM positions WHERE person = @name
        UNION ALL SELECT (SELECT MIN(topic) FROM positions WHERE person = @name AND topic > t.topic) FROM t WHERE t.topic IS NOT NULL
      ) SELECT topic FROM t WHERE topic IS NOT NULL`).pluck(),
    countFiguresAll: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM figures LIMIT @cap)').pluck(),
    countFiguresByTopic: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM figures WHERE topic = @topic LIMIT @cap)').pluck(),
    figuresAll: db.prepare(`SELECT f.id, f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end, ${CITED}
      FROM figures f JOIN articles a ON a.id = f.article_id JOIN sentences s ON s.id = f.sentence_id
      ORDER BY f.article_id DESC, f.start LIMIT ?`),
    figuresByTopic: db.prepare(`SELECT f.id, f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end, ${CITED}
      FROM figures f JOIN articles a ON a.id = f.article_id JOIN sentences s ON s.id = f.sentence_id WHERE f.topic = ?
      ORDER BY f.article_id DESC, f.start LIMIT ?`),
    figuresByArticles: db.prepare(`SELECT f.id, f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end, ${CITED}
      FROM figures f JOIN articles a ON a.id = f.article_id JOIN sentences s ON s.id = f.sentence_id
      WHERE f.article_id IN (SELECT value FROM json_each(?))`),
    fts: db.prepare(`SELECT s.id, s.start, s.end, bm25(sentences_fts) AS rank, ${CITED}
      FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid JOIN articles a ON a.id = s.article_id
      WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?`),
    vocabulary: db.prepare('SELECT term, doc FROM sentences_vocab'),
    hasTerm: db.prepare('SELECT 1 FROM sentences_vocab WHERE term = ?').pluck(),
    version: db.prepare(`SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(MAX(ingested_at), '') FROM articles`).pluck(),
    aliasVersion: db.prepare(`SELECT COUNT(*) FROM aliases`).pluck(),
    changeStamp: db.prepare(`SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()`).pluck(),
    sentenceTexts: db.prepare('SELECT id, article_id AS articleId, text FROM sentences ORDER BY id'),
    // The same rows in the same order as `fts`, but ranked inside the FTS table first and joined after:
    // only `limit` rows are joined to sentences and articles, not every match (3–6× faster).
    ftsTop: db.prepare(`SELECT s.id, s.start, s.end, f.rank, ${CITED}
      FROM (SELECT rowid, bm25(sentences_fts) AS rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?) AS f
      JOIN sentences s ON s.id = f.rowid JOIN articles a ON a.id = s.article_id ORDER BY f.rank`),
    // Like ftsTop, but ranking only the `scan` most recently ingested matches (FTS5 walks its
    // doclists newest first and stops there): a bounded cost however common the words are.
    ftsTopRecent: db.prepare(`SELECT s.id, s.start, s.end, f.rank, ${CITED}
      FROM (SELECT rowid, rank FROM (SELECT rowid, bm25(sentences_fts) AS rank FROM sentences_fts WHERE sentences_fts MATCH ?
              ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT ?) AS f
      JOIN sentences s ON s.id = f.rowid JOIN articles a ON a.id = s.article_id ORDER BY f.rank`),
    counts: db.prepare(`SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM sentences) AS sentences,
      (SELECT COUNT(*) FROM quotes) AS quotes, (SELECT COUNT(*) FROM positions) AS positions, (SELECT COUNT(*) FROM figures) AS figures,
      (SELECT COUNT(*) FROM actors) AS actors, (SELECT COUNT(*) FROM aliases) AS aliases`),
  };

  // Statements on tables of later migrations, prepared on first use (a read-only handle on an older
  // database must still open).
  const lazy = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  const vocabSt = lazy(() => ({
    version: db.prepare(`SELECT value FROM search_state WHERE key = 'vocabulary_version'`).pluck(),
    rows: db.prepare('SELECT term, doc FROM search_vocabulary'),
    clear: db.prepare('DELETE FROM search_vocabulary'),
    insert: db.prepare('INSERT INTO search_vocabulary (term, doc) VALUES (?, ?)'),
    setVersion: db.prepare(`INSERT INTO search_state (key, value) VALUES ('vocabulary_version', ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  }));
  const saveVocabulary = db.transaction((version: string, rows: { term: string; doc: number }[]) => {
    const v = vocabSt();
    v.clear.run();
    for (const r of rows) v.insert.run(r.term, r.doc);
    v.setVersion.run(version);
  });

  const addAliases = (actorId: number, aliases: string[]) => {
    for (const alias of aliases) st.insertAlias.run(alias, normalizeAlias(alias), actorId);
  };

  /**
   * The open `inBatch` batch: the articles stored in it so far (ids, paths) whose sentences are not
   * yet in the full-text index. Only ever changed after the savepoint that stored or indexed them
   * committed, so a rolled-back article is never listed and a rolled-back index write is done again.
   */
  let batch: { ids: number[]; paths: Set<string> } | null = null;
  const indexArticles = (ids: number[]) => {
    if (ids.length) st.indexArticles.run(JSON.stringify(ids));
  };
  /** The batch's unindexed articles when `path` is one of them (they must be indexed before it is deleted). */
  const pendingIncluding = (path: string) => (batch?.paths.has(path) ? batch.ids : null);
  const indexedPending = () => {
    batch!.ids = [];
    batch!.paths.clear();
  };

  /** Delete an article, first indexing `unindexed` so the delete trigger finds their sentences in the index. */
  const deleteArticle = (path: string, unindexed: number[] | null): boolean => {
    if (unindexed) indexArticles(unindexed);
    return st.deleteArticle.run(path).changes > 0;
  };
  const removeArticle = db.transaction(deleteArticle);

  /** In one savepoint: delete the old article (see deleteArticle), store the new one. */
  const replaceArticle = db.transaction((a: NewArticle, unindexed: number[] | null): number => {
    deleteArticle(a.path, unindexed);
    const articleId = Number(
      st.insertArticle.run({
        path: a.path, hash: a.hash, size: a.size, mtimeMs: Math.round(a.mtimeMs), title: a.title, outlet: a.outlet,
        published: a.published, url: a.url, body: a.body, ingestedAt: new Date().toISOString(),
      }).lastInsertRowid,
    );
    const sentenceIds = a.extraction.sentences.map((s) => Number(st.insertSentence.run(articleId, s.index, s.start, s.end, s.text).lastInsertRowid));
    if (!batch) indexArticles([articleId]);
    for (const q of a.extraction.quotes) {
      st.insertQuote.run(articleId, sentenceIds[q.sentence], q.speaker, q.speakerKind, q.party, q.text, q.start, q.end, q.topic);
    }
    for (const p of a.extraction.positions) {
      st.insertPosition.run(articleId, sentenceIds[p.sentence], p.actor, p.person, p.topic, p.verb, p.text, p.start, p.end);
    }
    for (const f of a.extraction.figures) {
      st.insertFigure.run(articleId, sentenceIds[f.sentence], f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end);
    }
    for (const actor of a.extraction.newActors) {
      const id = upsertActor(actor.name, actor.kind, actor.party, 'article');
      addAliases(id, [actor.name, actor.name.split(' ').pop()!]);
    }
    return articleId;
  });

  const upsertActor = (name: string, kind: string, party: string | null, source: string): number => {
    const row = st.upsertActor.get(name, kind, party, source) as { id: number } | undefined;
    return row?.id ?? (st.actorId.get(name) as number);
  };

  return {
    db,

    /** Every article's path → its content hash, size and mtime, in one index scan (for syncing a folder). */
    fingerprints(): Map<string, { hash: string; size: number; mtimeMs: number }> {
      const rows = st.fingerprints.all() as { path: string; hash: string; size: number; mtimeMs: number }[];
      return new Map(rows.map((r) => [r.path, { hash: r.hash, size: r.size, mtimeMs: r.mtimeMs }]));
    },

    /** Every article's path. */
    paths: () => st.paths.all() as string[],

    /**
     * Run `fn` (a bulk ingest) with a 64 MB page cache instead of SQLite's 2 MB: the indexes' pages
     * stay cached from one batch to the next (serial ingest 291 → 338 articles/s at 4,000 articles).
     * The connection's own setting is restored afterwards, so a serving process stays small.
     */
    async withLargeCache<T>(fn: () => Promise<T>): Promise<T> {
      const before = db.pragma('cache_size', { simple: true }) as number;
      db.pragma('cache_size = -65536');
      try {
        return await fn();
      } finally {
        db.pragma(`cache_size = ${Number(before)}`);
      }
    },

    /**
     * Run `fn` (a bulk load) without the indexes only questions read, and build them once it is done:
     * a sort per index instead of a B-tree insert per row (deferred-indexes.ts). Worth it when the load
     * brings at least as many articles as are stored. If the process dies meanwhile, the next open builds them.
     */
    async withQuestionIndexesAfter<T>(fn: () => Promise<T>): Promise<T> {
      deferIndexes(db);
      let result: T;
      try {
        result = await fn();
      } catch (loadError) {
        // The load's error is the one to report; should building fail too, the indexes stay owed.
        try {
          buildDeferredIndexes(db);
        } catch {
          /* built at the next open */
        }
        throw loadError;
      }
      buildDeferredIndexes(db);
      return result;
    },

    /** Build the indexes a bulk load deferred (see withQuestionIndexesAfter) now; how many. */
    buildDeferredIndexes: () => buildDeferredIndexes(db),

    /**
     * Run `fn` in one transaction in which the articles stored are full-text indexed together at the
     * end, not one by one. Each article is a savepoint (so a failing one rolls back alone), and FTS5
     * writes its pending terms out as a new segment at every savepoint: indexing per article cost
     * 0.44 ms of a 1 ms store, once per batch of 500 it costs 0.16 ms. Nested calls join the open batch.
     */
    inBatch<T>(fn: () => T): T {
      if (batch) return fn();
      return db.transaction(() => {
        batch = { ids: [], paths: new Set() };
        try {
          const result = fn();
          indexArticles(batch.ids);
          return result;
        } finally {
          batch = null;
        }
      })();
    },

    touch(path: string, size: number, mtimeMs: number): void {
      st.touch.run(size, mtimeMs, path);
    },

    removeArticle(path: string): boolean {
      const first = pendingIncluding(path);
      const removed = removeArticle(path, first);
      if (first) indexedPending();
      return removed;
    },

    /** Replace an article and all its records in one transaction: readers see the old or the new, never half. */
    replaceArticle(a: NewArticle): number {
      // When the article this replaces was stored earlier in the same batch, its sentences must be in
      // the index before they are deleted (the delete trigger takes them out of it).
      const first = pendingIncluding(a.path);
      const id = replaceArticle(a, first);
      if (first) indexedPending();
      if (batch) {
        batch.ids.push(id);
        batch.paths.add(a.path);
      }
      return id;
    },

    /** Load the gazetteer's actors and aliases (idempotent). */
    syncGazetteer: db.transaction((g: Gazetteer): void => {
      for (const a of g.actors) {
        const id = upsertActor(a.name, a.kind, a.party ?? (a.kind === 'state' || a.kind === 'bloc' ? a.name : null), 'gazetteer');
        addAliases(id, [a.name, ...a.aliases.map((x) => x.replace(/^the /i, ''))]);
      }
    }),

    aliases: () => st.aliases.all() as AliasRow[],
    aliasVersion: () => st.aliasVersion.get() as number,
    actor: (name: string) => st.actor.get(name) as { name: string; kind: string; party: string | null } | undefined,
    articles: () => st.articles.all() as ArticleSummary[],
    articlesSince: (iso: string) => st.articlesSince.all(iso) as ArticleRow[],
    /** The newest `limit` records (by article, i.e. ingest order) of a speaker, party, actor or person. */
    quotesBySpeaker: (speaker: string, limit = RECORD_LIMIT) => st.quotesBySpeaker.all(speaker, limit) as QuoteRow[],
    quotesByParty: (party: string, limit = RECORD_LIMIT) => st.quotesByParty.all(party, limit, party, limit, limit) as QuoteRow[],
    quotesByArticles: (ids: number[]) => st.quotesByArticles.all(JSON.stringify(ids)) as QuoteRow[],
    positionsByActor: (actor: string, topic: string | null = null, limit = RECORD_LIMIT) =>
      (topic === null ? st.positionsByActor.all({ name: actor, limit }) : st.positionsByActorTopic.all({ name: actor, topic, limit })) as PositionRow[],
    positionsByPerson: (person: string, topic: string | null = null, limit = RECORD_LIMIT) =>
      (topic === null ? st.positionsByPerson.all({ name: person, limit }) : st.positionsByPersonTopic.all({ name: person, topic, limit })) as PositionRow[],
    /** The topics an actor (or person) has positions on, in no particular order. */
    positionTopics: (by: 'actor' | 'person', name: string) => (by === 'actor' ? st.topicsOfActor.all({ name }) : st.topicsOfPerson.all({ name })) as string[],
    /** Whether an actor (or person) has any position at all: one index seek. */
    hasPositions: (by: 'actor' | 'person', name: string) => (by === 'actor' ? st.hasPositionsOfActor.get(name) : st.hasPositionsOfPerson.get(name)) === 1,
    positionsByArticles: (ids: number[]) => st.positionsByArticles.all(JSON.stringify(ids)) as PositionRow[],
    /**
     * How many records there are in all, for "the newest 100 of 5,000": exact up to COUNT_CAP, else
     * "more than COUNT_CAP" (the count stops there, so it costs the same however large the archive).
     */
    countQuotes: (by: 'speaker' | 'party', name: string): RecordCount =>
      bounded((by === 'speaker' ? st.countQuotesBySpeaker.get({ name, cap }) : st.countQuotesByParty.get({ name, cap })) as number),
    countPositions: (by: 'actor' | 'person', name: string, topic: string | null = null): RecordCount => {
      const s = by === 'actor' ? (topic === null ? st.countPositionsByActor : st.countPositionsByActorTopic) : topic === null ? st.countPositionsByPerson : st.countPositionsByPersonTopic;
      return bounded(s.get(topic === null ? { name, cap } : { name, topic, cap }) as number);
    },
    countFigures: (topic: string | null): RecordCount =>
      bounded((topic === null ? st.countFiguresAll.get({ cap }) : st.countFiguresByTopic.get({ topic, cap })) as number),
    figures: (topic: string | null, limit = RECORD_LIMIT) => (topic ? st.figuresByTopic.all(topic, limit) : st.figuresAll.all(limit)) as FigureRow[],
    figuresByArticles: (ids: number[]) => st.figuresByArticles.all(JSON.stringify(ids)) as FigureRow[],
    /** `match` must be built by the search module from sanitised tokens, never raw user text. */
    ftsSearch: (match: string, limit: number) => st.fts.all(match, limit) as SentenceRow[],
    vocabulary: () => st.vocabulary.all() as { term: string; doc: number }[],
    hasTerm: (term: string) => st.hasTerm.get(term) === 1,
    /** Changes whenever articles are added, replaced or removed: a cache key for in-memory indexes. */
    version: () => st.version.get() as string,
    /**
     * Changes whenever anything was written through this connection or committed by another one: a
     * cheap (no table read) first check before `version()` / `aliasVersion()`. It may change without
     * articles changing (a digest ledger write), never the other way round.
     */
    changeStamp: () => st.changeStamp.get() as string,
    /** Like `ftsSearch` (same rows, same order), ranking before joining: use this one. */
    ftsSearchTop: (match: string, limit: number) => st.ftsTop.all(match, limit) as SentenceRow[],
    /**
     * The `limit` best-ranked (bm25) of the `scan` most recently ingested sentences matching `match`:
     * the same as `ftsSearchTop` when at most `scan` sentences match.
     */
    ftsSearchRecent: (match: string, scan: number, limit: number) => st.ftsTopRecent.all(match, scan, limit) as SentenceRow[],
    /** The vocabulary saved by `saveVocabulary`, with the content version it was read at; undefined if none. */
    savedVocabulary(): { version: string; rows: { term: string; doc: number }[] } | undefined {
      const v = vocabSt();
      const version = v.version.get() as string | undefined;
      return version === undefined ? undefined : { version, rows: v.rows.all() as { term: string; doc: number }[] };
    },
    /** Save the FTS vocabulary read at content version `version` (one transaction). */
    saveVocabulary(version: string, rows: { term: string; doc: number }[]): void {
      saveVocabulary(version, rows);
    },
    /** Every sentence, in id order, streamed (for the benchmark's in-memory baseline). */
    sentenceTexts: () => st.sentenceTexts.iterate() as IterableIterator<{ id: number; articleId: number; text: string }>,
    /** Row counts of the article tables. */
    counts: () => st.counts.get() as { articles: number; sentences: number; quotes: number; positions: number; figures: number; actors: number; aliases: number },
  };
}

export type Store = ReturnType<typeof createStore>;
