import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildDeferredIndexes, deferIndexes, QUESTION_INDEXES } from '../../src/store/deferred-indexes.ts';
import { openDatabase } from '../../src/store/index.ts';
import { freshDb } from '../helpers/tmp.ts';

const indexes = (db: Database.Database) =>
  db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string; sql: string }[];
const owed = (db: Database.Database) => db.prepare('SELECT name FROM deferred_indexes ORDER BY name').pluck().all() as string[];
const plan = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('question indexes deferred for a bulk load', () => {
  it('are dropped and recorded together, then built again exactly as they were', () => {
    const { db } = freshDb();
    const before = indexes(db);
    expect(before.map((i) => i.name)).toEqual(expect.arrayContaining([...QUESTION_INDEXES]));

    deferIndexes(db);
    const during = indexes(db).map((i) => i.name);
    for (const name of QUESTION_INDEXES) expect(during).not.toContain(name);
    // What the ingest itself needs stays: deletes go through article_id and sentence_id, syncs through path.
    expect(during).toEqual(expect.arrayContaining(['quotes_sentence', 'positions_article', 'figures_sentence', 'articles_fingerprint']));
    expect(owed(db)).toEqual([...QUESTION_INDEXES].sort());
    expect(plan(db, `SELECT id FROM quotes WHERE speaker = 'X' ORDER BY article_id DESC`)).not.toContain('quotes_speaker_article');

    expect(buildDeferredIndexes(db)).toBe(QUESTION_INDEXES.length);
    expect(indexes(db)).toEqual(before);
    expect(owed(db)).toEqual([]);
    expect(plan(db, `SELECT id FROM quotes WHERE speaker = 'X' ORDER BY article_id DESC`)).toContain('quotes_speaker_article');
    // Nothing owed: building again is a no-op.
    expect(buildDeferredIndexes(db)).toBe(0);
    expect(indexes(db)).toEqual(before);
  });

  it('a load that died before building them leaves them owed, and the next open builds them', () => {
    const { path, db } = freshDb();
    const before = indexes(db);
    db.prepare(`INSERT INTO articles (path, hash, size, mtime_ms, title, body, ingested_at) VALUES ('/a.txt', 'h', 1, 1, 'A', 'Body.', '2026-01-01T00:00:00Z')`).run();
    deferIndexes(db);
    db.close(); // as if the process had been killed here

    const again = openDatabase(path);
    try {
      expect(indexes(again)).toEqual(before);
      expect(owed(again)).toEqual([]);
      expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(again.prepare('SELECT title FROM articles').pluck().all()).toEqual(['A']);
    } finally {
      again.close();
    }
  });

  it('a read-only open builds nothing (it cannot write)', () => {
    const { path, db } = freshDb();
    deferIndexes(db);
    db.close();
    const ro = openDatabase(path, { readonly: true });
    try {
      expect(owed(ro)).toHaveLength(QUESTION_INDEXES.length);
    } finally {
      ro.close();
    }
  });
});
