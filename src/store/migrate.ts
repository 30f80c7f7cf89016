import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

export interface MigrationResult {
  applied: string[];
  current: number;
}

/**
 * Apply numbered `NNN_name.sql` files in order, each once, each in its own transaction, recording
 * it in `schema_migrations`. Migrations are plain SQL: they never import application code.
 */
export function migrate(db: Database.Database, dir: string): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(dir)
    .map((f) => ({ f, m: /^(\d+)_([\w-]+)\.sql$/.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => ({ file: f, version: Number(m[1]), name: m[2] }))
    .sort((a, b) => a.version - b.version);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const mig of files) {
    if (done.has(mig.version)) continue;
    const sql = readFileSync(join(dir, mig.file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(mig.version, mig.name, new Date().toISOString());
    })();
    applied.push(mig.file);
  }
  const current = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  return { applied, current };
}
