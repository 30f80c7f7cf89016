import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/store/index.ts';
import { MIGRATIONS_DIR, freshDb, makeTmpDir, tableNames } from '../helpers/tmp.ts';

const ALL = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
const FIRST = ALL[0];

const recorded = (db: Database.Database) =>
  db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];

/** A migrations dir holding only the given files copied from the real one (plus extra files written as given). */
function migrationsDir(files: string[], extra: Record<string, string> = {}): string {
  const dir = join(makeTmpDir('parley-mig-'), 'migrations');
  mkdirSync(dir);
  for (const f of files) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(dir, name), sql);
  return dir;
}

function insertArticle(db: Database.Database, path = '/old/article.txt'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO articles (path, hash, size, mtime_ms, title, body, ingested_at)
         VALUES (?, 'h', 10, 1, 'An old article', 'It was written before the upgrade.', '2025-01-01T00:00:00.000Z')`,
      )
      .run(path).lastInsertRowid,
  );
}

describe('migrations', () => {
  it('has at least the articles and digests migrations on disk', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(2);
    expect(FIRST).toMatch(/^001_/);
  });

  it('records every migration in schema_migrations on a fresh database', () => {
    const { db } = freshDb();
    const rows = recorded(db);
    expect(rows.map((r) => r.version)).toEqual(ALL.map((f) => Number(f.split('_')[0])));
    expect(rows.map((r) => `${String(r.version).padStart(3, '0')}_${r.name}.sql`)).toEqual(ALL);
    const tables = tableNames(db);
    for (const t of ['articles', 'sentences', 'sentences_fts', 'quotes', 'positions', 'figures', 'actors', 'aliases', 'schedules', 'deliveries']) {
      expect(tables).toContain(t);
    }
  });

  it('applies nothing when the database is opened again', () => {
    const { path, db } = freshDb();
    const before = recorded(db);
    db.close();
    const again = new Database(path);
    try {
      expect(migrate(again, MIGRATIONS_DIR)).toEqual({ applied: [], current: before[before.length - 1].version });
      expect(recorded(again)).toEqual(before);
    } finally {
      again.close();
    }
    const reopened = openDatabase(path);
    try {
      expect(recorded(reopened)).toEqual(before);
    } finally {
      reopened.close();
    }
  });

  it('upgrades an old database that only had 001: later migrations applied, existing rows kept', () => {
    const dir = makeTmpDir();
    const path = join(dir, 'old.db');
    const old = openDatabase(path, { migrationsDir: migrationsDir([FIRST]) });
    expect(recorded(old).map((r) => r.version)).toEqual([1]);
    expect(tableNames(old)).not.toContain('schedules');
    const id = insertArticle(old);
    old.close();

    const db = openDatabase(path);
    try {
      expect(recorded(db).map((r) => r.version)).toEqual(ALL.map((f) => Number(f.split('_')[0])));
      expect(tableNames(db)).toContain('schedules');
      expect(db.prepare('SELECT id, title FROM articles').all()).toEqual([{ id, title: 'An old article' }]);
    } finally {
      db.close();
    }
  });

  it('migrate() reports what it applied, in version order', () => {
    const db = new Database(':memory:');
    const dir = migrationsDir([...ALL].reverse(), { 'README.md': 'not a migration', '010_extra.sql': 'CREATE TABLE extra (x INTEGER);' });
    const result = migrate(db, dir);
    expect(result.applied).toEqual([...ALL, '010_extra.sql']);
    expect(result.current).toBe(10);
    db.close();
  });

  it('rolls back a failing migration and leaves schema_migrations unchanged', () => {
    const dir = makeTmpDir();
    const path = join(dir, 'bad.db');
    const good = openDatabase(path);
    const before = recorded(good);
    const id = insertArticle(good);
    good.close();

    const bad = migrationsDir(ALL, {
      '900_broken.sql': `CREATE TABLE half_done (x INTEGER);
        INSERT INTO half_done VALUES (1);
        DELETE FROM articles;
        THIS IS NOT SQL;`,
    });
    expect(() => openDatabase(path, { migrationsDir: bad })).toThrow();

    const db = new Database(path);
    try {
      expect(recorded(db)).toEqual(before);
      expect(tableNames(db)).not.toContain('half_done');
      expect(db.prepare('SELECT id FROM articles').pluck().all()).toEqual([id]);
    } finally {
      db.close();
    }
  });

  it('rolls back a failing first migration on a fresh database', () => {
    const db = new Database(':memory:');
    const dir = migrationsDir([], { '001_broken.sql': 'CREATE TABLE t (x INTEGER); CREATE TABLE t (y INTEGER);' });
    expect(() => migrate(db, dir)).toThrow();
    expect(recorded(db)).toEqual([]);
    expect(tableNames(db)).not.toContain('t');
    db.close();
  });
});

describe('openDatabase', () => {
  it('turns on WAL and foreign keys', () => {
    const { db } = freshDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('creates the file (and its directory) owner-only: mode 0600', () => {
    const { path, db } = freshDb();
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    insertArticle(db);
    // The write-ahead log holds the same data: it must not be more open than the database.
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(statSync(`${path}-wal`).mode & 0o077).toBe(0);
  });

  it('tightens an existing world-readable database file to 0600', () => {
    const dir = makeTmpDir();
    const path = join(dir, 'loose.db');
    writeFileSync(path, '', { mode: 0o644 });
    const db = openDatabase(path);
    try {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(recorded(db).length).toBe(ALL.length);
    } finally {
      db.close();
    }
  });

  it('enforces foreign keys: a quote for a missing article is refused', () => {
    const { db } = freshDb();
    expect(() =>
      db
        .prepare(`INSERT INTO quotes (article_id, sentence_id, speaker, speaker_kind, text, start, end) VALUES (999, 999, 'X', 'person', 't', 0, 1)`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
