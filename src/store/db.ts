import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDeferredIndexes } from './deferred-indexes.ts';
import { migrate } from './migrate.ts';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Open (creating if needed) the SQLite file: owner-only permissions, WAL so readers never block the
 * writer (several shards share one file), foreign keys on, then migrate to the latest schema.
 * Indexes a bulk load killed half-way still owes are built first (before a migration may expect them).
 */
export function openDatabase(path: string, options: { migrationsDir?: string; readonly?: boolean } = {}): Database.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (!options.readonly) {
    buildDeferredIndexes(db);
    migrate(db, options.migrationsDir ?? MIGRATIONS_DIR);
  }
  return db;
}

