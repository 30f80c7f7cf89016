/** The database holds what servers asked for (digest settings): owner-only file and directory. */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/store/index.ts';
import { makeTmpDir, SEEDS_DIR } from '../helpers/tmp.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('database file permissions', () => {
  it('a new database file is 0600 and the directories created for it are 0700', () => {
    const root = makeTmpDir('parley-perm-');
    const dbPath = join(root, 'a', 'b', 'parley.db');
    const previous = process.umask(0o022); // the usual umask, which would give 0644 and 0755
    try {
      const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR });
      try {
        app.syncSeeds(); // writes: the WAL and shared-memory files exist now too
        expect(mode(dbPath).toString(8)).toBe('600');
        expect(mode(join(root, 'a', 'b')).toString(8)).toBe('700');
        expect(mode(join(root, 'a')).toString(8)).toBe('700');
        // SQLite gives its -wal and -shm files the database file's permissions; the WAL holds data too.
        for (const side of ['-wal', '-shm']) expect(mode(dbPath + side).toString(8), side).toBe('600');
      } finally {
        app.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('an existing database file readable by others is narrowed to 0600 when opened', () => {
    const root = makeTmpDir('parley-perm-');
    const dbPath = join(root, 'parley.db');
    openDatabase(dbPath).close();
    chmodSync(dbPath, 0o644);
    openDatabase(dbPath).close();
    expect(mode(dbPath).toString(8)).toBe('600');
  });

  it('an existing directory keeps the permissions its owner gave it', () => {
    const root = makeTmpDir('parley-perm-');
    const dir = join(root, 'shared');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'other-file'), '');
    openDatabase(join(dir, 'parley.db')).close();
    expect(mode(dir).toString(8)).toBe('755');
    expect(mode(join(dir, 'parley.db')).toString(8)).toBe('600');
  });
});
