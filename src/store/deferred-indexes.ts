import type Database from 'better-sqlite3';

/**
 * Indexes that only the questions read (briefings by speaker, party, actor, person, topic; digests
 * by ingest time), keyed by text, so every row lands at a random place of each. The ingest itself
 * needs none of them: its deletes go through article_id and sentence_id, its sync through path.
 * At 4,000 articles keeping them row by row cost 0.25 ms of a 0.69 ms store per article; building
 * them after the load costs 0.04 ms per article.
 */
export const QUESTION_INDEXES = [
  'articles_ingested',
  'quotes_speaker_article',
  'quotes_party_article',
  'positions_actor_article',
  'positions_person_article',
  'positions_actor_topic_article',
  'positions_person_topic_article',
  'figures_topic_article',
] as const;

const hasLedger = (db: Database.Database) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'`).get() !== undefined;

/**
 * Drop the question indexes for a bulk load, recording each one's SQL in `deferred_indexes` in the
 * same transaction: whatever happens next, the database knows what it owes. Call `buildDeferredIndexes` after.
 */
export function deferIndexes(db: Database.Database): void {
  db.transaction(() => {
    const rows = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(QUESTION_INDEXES)) as { name: string; sql: string }[];
    const record = db.prepare('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)');
    for (const r of rows) {
      record.run(r.name, r.sql);
      db.exec(`DROP INDEX "${r.name}"`);
    }
  }).immediate();
}

/**
 * Build every index `deferred_indexes` lists and clear it, in one transaction; how many were built.
 * Run after a bulk load, and when a database is opened (a load killed half-way left them owed).
 */
export function buildDeferredIndexes(db: Database.Database): number {
  if (!hasLedger(db)) return 0; // a database from before migration 007: nothing can be owed
  // Read first, write only when something is owed: every open calls this, and processes open the
  // database side by side (a write transaction begun as a read may fail at once with "database is locked").
  if (db.prepare('SELECT COUNT(*) FROM deferred_indexes').pluck().get() === 0) return 0;
  return db.transaction(() => {
    const owed = db.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all() as { name: string; sql: string }[];
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`);
    for (const r of owed) if (exists.get(r.name) === undefined) db.exec(r.sql);
    db.exec('DELETE FROM deferred_indexes');
    return owed.length;
  }).immediate(); // takes the write lock first (waiting under busy_timeout) instead of upgrading a read
}
