-- Indexes and a cache table for the search module.
--
-- articles.ingested_at sits after the 5 KB body, so reading it walks the body's overflow pages;
-- the content version (COUNT, MAX(id), MAX(ingested_at)) the search caches check was a full scan of
-- every article (60 ms at 10,000 articles). With this index it is an index scan, and MAX() one seek.
-- The digest's articlesSince (WHERE ingested_at > ? ORDER BY ingested_at) uses it too.
CREATE INDEX articles_ingested ON articles(ingested_at);

-- The FTS index's vocabulary (term, number of sentences), saved by the search module with the
-- content version it was read at. Reading it back is a plain table scan; rebuilding it from
-- fts5vocab walks every doclist of the index (0.3 s at 10,000 articles), so a restart on an
-- unchanged database no longer pays that on its first search.
CREATE TABLE search_vocabulary (
  term TEXT    PRIMARY KEY,
  doc  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE search_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
