/**
 * Shared test helpers: temporary directories, fresh databases and a seeded app, all removed after
 * the test file (an `afterAll` hook is registered when this module is imported by a test file).
 */
import type Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import type { IngestReport } from '../../src/ingest/index.ts';
import { createStore, openDatabase, type Store } from '../../src/store/index.ts';

/** The repository root, the bundled seeds and the migrations directory. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SEEDS_DIR = join(ROOT, 'seeds');
export const MIGRATIONS_DIR = join(ROOT, 'migrations');

const dirs: string[] = [];
const closers: (() => void)[] = [];

/** A new empty directory under the OS temp dir, removed after the test file. */
export function makeTmpDir(prefix = 'parley-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Close every database opened through these helpers and remove every temp dir. */
export function cleanupTmp(): void {
  for (const close of closers.splice(0)) {
    try {
      close();
    } catch {
      /* already closed */
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

afterAll(cleanupTmp);

/** Copy the bundled seeds (5 articles + gazetteer.json) into `dir/name`; returns that path. */
export function copySeeds(dir: string, name = 'seeds'): string {
  const to = join(dir, name);
  cpSync(SEEDS_DIR, to, { recursive: true });
  return to;
}

export interface FreshDb {
  dir: string;
  path: string;
  db: Database.Database;
  store: Store;
}

/** A brand-new migrated database file in its own temp dir. */
export function freshDb(options: { migrationsDir?: string } = {}): FreshDb {
  const dir = makeTmpDir();
  const path = join(dir, 'data', 'parley.db');
  const db = openDatabase(path, options);
  closers.push(() => db.close());
  return { dir, path, db, store: createStore(db) };
}

export interface SeededApp {
  dir: string;
  dbPath: string;
  seedsDir: string;
  app: App;
  store: Store;
  db: Database.Database;
  /** The report of the first sync (all five seeds added). */
  report: IngestReport;
}

/** A temp copy of the seeds, a fresh database and an app that has ingested them. */
export function seededApp(options: { sync?: boolean } = {}): SeededApp {
  const dir = makeTmpDir();
  const seedsDir = copySeeds(dir);
  const dbPath = join(dir, 'data', 'parley.db');
  const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR: seedsDir });
  closers.push(() => app.close());
  const report = options.sync === false ? { added: [], updated: [], skipped: [], rejected: [], removed: [] } : app.syncSeeds();
  return { dir, dbPath, seedsDir, app, store: app.store, db: app.db, report };
}

/** Every table's name (ordinary, virtual and FTS shadow tables), sorted. */
export function tableNames(db: Database.Database): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
}

/** `SELECT COUNT(*)` of every table. */
export function tableCounts(db: Database.Database): Record<string, number> {
  return Object.fromEntries(tableNames(db).map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

/** Row counts of the article data a user can see (not FTS internals, whose segments vary). */
export function recordCounts(db: Database.Database): Record<string, number> {
  const tables = ['articles', 'sentences', 'quotes', 'positions', 'figures', 'actors', 'aliases'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]));
}

/** Rows that point at nothing: foreign-key violations plus records whose article or sentence is gone. */
export function orphans(db: Database.Database): { fk: unknown[]; records: number } {
  const fk = db.pragma('foreign_key_check') as unknown[];
  const records = db
    .prepare(
      `SELECT
        (SELECT COUNT(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)) +
        (SELECT COUNT(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles) OR sentence_id NOT IN (SELECT id FROM sentences)) +
        (SELECT COUNT(*) FROM positions WHERE article_id NOT IN (SELECT id FROM articles) OR sentence_id NOT IN (SELECT id FROM sentences)) +
        (SELECT COUNT(*) FROM figures WHERE article_id NOT IN (SELECT id FROM articles) OR sentence_id NOT IN (SELECT id FROM sentences))`,
    )
    .pluck()
    .get() as number;
  return { fk, records };
}

/** FTS5's own consistency check of the sentence index against the sentences table; throws when they disagree. */
export function checkFts(db: Database.Database): void {
  db.prepare(`INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)`).run();
}
