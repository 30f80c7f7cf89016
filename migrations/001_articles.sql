-- Articles and everything extracted from them. Child rows cascade, so replacing an article is one DELETE + INSERTs.
CREATE TABLE articles (
  id          INTEGER PRIMARY KEY,
  path        TEXT    NOT NULL UNIQUE,
  hash        TEXT    NOT NULL,
  size        INTEGER NOT NULL,
  mtime_ms    INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  outlet      TEXT,
  published   TEXT,
  url         TEXT,
  body        TEXT    NOT NULL,
  ingested_at TEXT    NOT NULL
);

CREATE TABLE sentences (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  start      INTEGER NOT NULL,
  end        INTEGER NOT NULL,
  text       TEXT    NOT NULL,
  UNIQUE (article_id, idx)
);

-- Full-text index over sentences (external content: the text lives once, in sentences).
CREATE VIRTUAL TABLE sentences_fts USING fts5(
  text,
  content = 'sentences',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
  INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
  INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
  INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
-- The index's vocabulary, for correcting typos in search terms.
CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');

-- Actors: the gazetteer plus speakers first met in articles.
CREATE TABLE actors (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  kind   TEXT NOT NULL,
  party  TEXT,
  source TEXT NOT NULL DEFAULT 'gazetteer'
);
CREATE TABLE aliases (
  alias    TEXT    NOT NULL,
  norm     TEXT    NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  PRIMARY KEY (norm, actor_id)
);

CREATE TABLE quotes (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  sentence_id  INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  speaker      TEXT    NOT NULL,
  speaker_kind TEXT    NOT NULL,
  party        TEXT,
  text         TEXT    NOT NULL,
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  topic        TEXT
);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_party ON quotes(party);
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE positions (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  actor       TEXT    NOT NULL,
  person      TEXT,
  topic       TEXT    NOT NULL,
  verb        TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL
);
CREATE INDEX positions_actor ON positions(actor, topic);
CREATE INDEX positions_person ON positions(person);
CREATE INDEX positions_article ON positions(article_id);

CREATE TABLE figures (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  text        TEXT    NOT NULL,
  raw         TEXT    NOT NULL,
  value       REAL,
  unit        TEXT    NOT NULL,
  topic       TEXT,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL
);
CREATE INDEX figures_topic ON figures(topic);
CREATE INDEX figures_article ON figures(article_id);
