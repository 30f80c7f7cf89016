import type Database from 'better-sqlite3';
import type { Extraction, Gazetteer } from '../nlp/index.ts';

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

const CITED = `a.id AS articleId, a.title, a.outlet, a.published, a.url, a.ingested_at AS ingestedAt, s.text AS sentence`;

export function normalizeAlias(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
}

/** The only code that reads and writes article data. Every statement is prepared once. */
export function createStore(db: Database.Database) {
  const st = {
    fingerprint: db.prepare('SELECT id, hash, size, mtime_ms AS mtimeMs FROM articles WHERE path = ?'),
    touch: db.prepare('UPDATE articles SET size = ?, mtime_ms = ? WHERE path = ?'),
    deleteArticle: db.prepare('DELETE FROM articles WHERE path = ?'),
    insertArticle: db.prepare(`INSERT INTO articles (path, hash, size, mtime_ms, title, outlet, published, url, body, ingested_at)
      VALUES (@path, @hash, @size, @mtimeMs, @title, @outlet, @published, @url, @body, @ingestedAt)`),
    insertSentence: db.prepare('INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)'),
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
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id WHERE q.speaker = ?`),
    quotesByParty: db.prepare(`SELECT q.id, q.speaker, q.speaker_kind AS speakerKind, q.party, q.text, q.topic, q.start, q.end, ${CITED}
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id WHERE q.party = ? OR q.speaker = ?`),
    quotesByArticles: db.prepare(`SELECT q.id, q.speaker, q.speaker_kind AS speakerKind, q.party, q.text, q.topic, q.start, q.end, ${CITED}
      FROM quotes q JOIN articles a ON a.id = q.article_id JOIN sentences s ON s.id = q.sentence_id
      WHERE q.article_id IN (SELECT value FROM json_each(?))`),
    positionsByActor: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id WHERE p.actor = ?`),
    positionsByPerson: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id WHERE p.person = ?`),
    positionsByArticles: db.prepare(`SELECT p.id, p.actor, p.person, p.topic, p.text, p.start, p.end, ${CITED}
      FROM positions p JOIN articles a ON a.id = p.article_id JOIN sentences s ON s.id = p.sentence_id
      WHERE p.article_id IN (SELECT value FROM json_each(?))`),
    figuresAll: db.prepare(`SELECT f.id, f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end, ${CITED}
      FROM figures f JOIN articles a ON a.id = f.article_id JOIN sentences s ON s.id = f.sentence_id
      ORDER BY COALESCE(a.published, a.ingested_at) DESC, a.id DESC, f.start LIMIT ?`),
    figuresByTopic: db.prepare(`SELECT f.id, f.text, f.raw, f.value, f.unit, f.topic, f.start, f.end, ${CITED}
      FROM figures f JOIN articles a ON a.id = f.article_id JOIN sentences s ON s.id = f.sentence_id WHERE f.topic = ?
      ORDER BY COALESCE(a.published, a.ingested_at) DESC, a.id DESC, f.start LIMIT ?`),
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
  };

  const addAliases = (actorId: number, aliases: string[]) => {
    for (const alias of aliases) st.insertAlias.run(alias, normalizeAlias(alias), actorId);
  };

  const upsertActor = (name: string, kind: string, party: string | null, source: string): number => {
    const row = st.upsertActor.get(name, kind, party, source) as { id: number } | undefined;
    return row?.id ?? (st.actorId.get(name) as number);
  };

  return {
    db,

    fingerprint(path: string): { id: number; hash: string; size: number; mtimeMs: number } | undefined {
      return st.fingerprint.get(path) as { id: number; hash: string; size: number; mtimeMs: number } | undefined;
    },

    touch(path: string, size: number, mtimeMs: number): void {
      st.touch.run(size, mtimeMs, path);
    },

    removeArticle(path: string): boolean {
      return st.deleteArticle.run(path).changes > 0;
    },

    /** Replace an article and all its records in one transaction: readers see the old or the new, never half. */
    replaceArticle: db.transaction((a: NewArticle): number => {
      st.deleteArticle.run(a.path);
      const articleId = Number(
        st.insertArticle.run({
          path: a.path, hash: a.hash, size: a.size, mtimeMs: Math.round(a.mtimeMs), title: a.title, outlet: a.outlet,
          published: a.published, url: a.url, body: a.body, ingestedAt: new Date().toISOString(),
        }).lastInsertRowid,
      );
      const sentenceIds = a.extraction.sentences.map((s) => Number(st.insertSentence.run(articleId, s.index, s.start, s.end, s.text).lastInsertRowid));
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
    }),

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
    quotesBySpeaker: (speaker: string) => st.quotesBySpeaker.all(speaker) as QuoteRow[],
    quotesByParty: (party: string) => st.quotesByParty.all(party, party) as QuoteRow[],
    quotesByArticles: (ids: number[]) => st.quotesByArticles.all(JSON.stringify(ids)) as QuoteRow[],
    positionsByActor: (actor: string) => st.positionsByActor.all(actor) as PositionRow[],
    positionsByPerson: (person: string) => st.positionsByPerson.all(person) as PositionRow[],
    positionsByArticles: (ids: number[]) => st.positionsByArticles.all(JSON.stringify(ids)) as PositionRow[],
    figures: (topic: string | null, limit = 500) => (topic ? st.figuresByTopic.all(topic, limit) : st.figuresAll.all(limit)) as FigureRow[],
    figuresByArticles: (ids: number[]) => st.figuresByArticles.all(JSON.stringify(ids)) as FigureRow[],
    /** `match` must be built by the search module from sanitised tokens, never raw user text. */
    ftsSearch: (match: string, limit: number) => st.fts.all(match, limit) as SentenceRow[],
    vocabulary: () => st.vocabulary.all() as { term: string; doc: number }[],
    hasTerm: (term: string) => st.hasTerm.get(term) === 1,
    /** Changes whenever articles are added, replaced or removed: a cache key for in-memory indexes. */
    version: () => st.version.get() as string,
  };
}

export type Store = ReturnType<typeof createStore>;
