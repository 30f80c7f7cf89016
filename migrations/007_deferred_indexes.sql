-- A bulk load into an empty (or small) archive drops the indexes that only serve questions and
-- builds them again once the rows are in: one sort per index instead of an insert at a random
-- place of each B-tree for every row. This table holds what such a load has dropped and owes back,
-- so that a load killed half-way gets its indexes rebuilt the next time the database is opened.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
);
