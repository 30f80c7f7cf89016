import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { buildPools, DEFAULT_SEED, generateArticle } from '../../src/bench/corpus.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { ingestPathsParallel, PARALLEL_MIN_FILES } from '../../src/ingest/parallel.ts';
import { QUESTION_INDEXES } from '../../src/store/deferred-indexes.ts';
import { checkFts, makeTmpDir, orphans, SEEDS_DIR } from '../helpers/tmp.ts';
import { spawnScript } from '../hostile/child.ts';

// Enough files that the workers really start (fewer are extracted on the calling thread).
const N = PARALLEL_MIN_FILES + 40;

const indexNames = (app: App) => app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).pluck().all() as string[];
const owed = (app: App) => app.db.prepare('SELECT COUNT(*) FROM deferred_indexes').pluck().get() as number;
/** Which question indexes exist, checked whenever the ingest reports progress (i.e. while it runs). */
const questionIndexesSeen = (app: App, seen: number[]) => () => seen.push(indexNames(app).filter((n) => (QUESTION_INDEXES as readonly string[]).includes(n)).length);

/** What a user can see of the database: every article in id order with its records. */
function snapshot(app: App) {
  const db = app.db;
  return {
    articles: db.prepare('SELECT id, path, title, hash FROM articles ORDER BY id').all(),
    // Workers send sentences without their text (transfer.ts): the receiving side must rebuild it.
    sentences: db.prepare('SELECT article_id, idx, start, end, text FROM sentences ORDER BY id').all(),
    quotes: db.prepare('SELECT article_id, speaker, text, start FROM quotes ORDER BY id').all(),
    positions: db.prepare('SELECT article_id, actor, topic, text FROM positions ORDER BY id').all(),
    figures: db.prepare('SELECT article_id, raw, value, unit FROM figures ORDER BY id').all(),
    actors: db.prepare('SELECT name, kind, party FROM actors ORDER BY id').all(),
  };
}

describe('bulk ingest on worker threads', () => {
  let dir: string;
  let articles: string;
  beforeAll(() => {
    dir = makeTmpDir();
    articles = join(dir, 'articles');
    mkdirSync(articles);
    const pools = buildPools(DEFAULT_SEED);
    for (let i = 0; i < N; i++) writeFileSync(join(articles, `a${String(i).padStart(4, '0')}.md`), generateArticle(pools, DEFAULT_SEED, i));
    writeFileSync(join(articles, 'a0100-broken.txt'), Buffer.from([0x50, 0x00, 0x01, 0x02]));
  });

  const open = (name: string, workers: number) => createApp({ DATABASE_PATH: join(dir, `${name}.db`), SEEDS_DIR: SEEDS_DIR, INGEST_WORKERS: workers });

  it('stores exactly what the one-thread ingest stores, in the same order, with the same report', async () => {
    const serial = open('serial', 0);
    const parallel = open('parallel', 2);
    try {
      const expected = ingestPaths(serial.store, serial.gazetteer, [articles]);
      const progress: number[] = [];
      const seen: number[] = [];
      const check = questionIndexesSeen(parallel, seen);
      const report = await parallel.ingestInBulk([articles], { onProgress: (done) => (progress.push(done), check()) });
      expect(report.added).toHaveLength(N);
      expect(report.rejected).toEqual([{ file: join(articles, 'a0100-broken.txt'), reason: 'file is binary (contains NUL bytes)' }]);
      expect(report).toEqual(expected);
      expect(snapshot(parallel)).toEqual(snapshot(serial));
      expect(progress.at(-1)).toBe(N + 1);
      expect(progress.length).toBeGreaterThan(1);
      expect(orphans(parallel.db)).toEqual({ fk: [], records: 0 });
      // The bulk ingest's larger page cache is given back: a serving process stays at SQLite's default.
      expect(parallel.db.pragma('cache_size', { simple: true })).toBe(serial.db.pragma('cache_size', { simple: true }));
      checkFts(parallel.db);
      // A load into an empty archive stores its first rows without the question indexes (they are
      // built once at least half the load is stored, or at its end).
      expect(seen[0]).toBe(0);
      expect(seen.every((n) => n === 0 || n === QUESTION_INDEXES.length)).toBe(true);
      expect(indexNames(parallel)).toEqual(indexNames(serial));
      expect(owed(parallel)).toBe(0);
    } finally {
      serial.close();
      parallel.close();
    }
  });

  it('skips what is unchanged, re-reads what changed and drops what was deleted', async () => {
    const app = open('sync', 2);
    try {
      const first = await app.ingestInBulk([articles]);
      expect(first.added).toHaveLength(N);
      const changed = join(articles, 'a0003.md');
      writeFileSync(changed, '---\ntitle: Changed\n---\n\nRussia wants a ceasefire, Dmitry Peskov said.\n');
      rmSync(join(articles, 'a0004.md'));
      const again = await app.ingestInBulk([articles]);
      expect(again.added).toEqual([]);
      expect(again.updated.map((a) => [a.file, a.title])).toEqual([[changed, 'Changed']]);
      expect(again.skipped).toHaveLength(N - 2);
      // A sync of the folder also removes the article whose file is gone.
      const sync = createApp({ DATABASE_PATH: join(dir, 'sync.db'), SEEDS_DIR: articles, INGEST_WORKERS: 2 });
      try {
        const r = await sync.syncSeedsInBulk();
        expect(r.removed).toEqual([join(articles, 'a0004.md')]);
        expect(sync.store.paths()).not.toContain(join(articles, 'a0004.md'));
        expect(sync.store.positionsByActor('Russia', 'ceasefire').map((p) => [p.title, p.sentence])).toContainEqual(['Changed', 'Russia wants a ceasefire, Dmitry Peskov said.']);
      } finally {
        sync.close();
      }
    } finally {
      app.close();
    }
  });

  it('a load smaller than the archive keeps the question indexes while it runs (rebuilding them would cost the whole archive)', async () => {
    const app = open('smaller-load', 2);
    const moreDir = join(dir, 'more');
    try {
      await app.ingestInBulk([articles]);
      // Enough new files to go to the workers, fewer than are stored.
      const count = PARALLEL_MIN_FILES + 10;
      expect(count).toBeLessThan(N);
      const pools = buildPools(DEFAULT_SEED + 1);
      mkdirSync(moreDir);
      for (let i = 0; i < count; i++) writeFileSync(join(moreDir, `c${i}.md`), generateArticle(pools, DEFAULT_SEED + 1, i));
      const seen: number[] = [];
      const report = await app.ingestInBulk([moreDir], { onProgress: questionIndexesSeen(app, seen) });
      expect(report.added).toHaveLength(count);
      expect(new Set(seen)).toEqual(new Set([QUESTION_INDEXES.length]));
      expect(owed(app)).toBe(0);
    } finally {
      app.close();
    }
  });

  it('killed in the middle of a bulk load: the next open builds the question indexes, and a re-run ends like the one-thread ingest', async () => {
    const dbPath = join(dir, 'killed', 'parley.db');
    // Paused inside the batch's write transaction, about 100 articles in, with the indexes dropped.
    const child = spawnScript('ingest-child.ts', [dbPath, SEEDS_DIR, articles], { BULK: '1', PAUSE_AT_SENTENCE: '5000' });
    child.proc.stdin.end();
    await child.waitFor((l) => l === 'paused');
    child.proc.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');

    // The kill came while the question indexes were owed.
    const killed = new Database(dbPath, { readonly: true });
    try {
      expect(killed.prepare('SELECT COUNT(*) FROM deferred_indexes').pluck().get()).toBe(QUESTION_INDEXES.length);
    } finally {
      killed.close();
    }
    const fresh = open('fresh-for-indexes', 0);
    const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR, INGEST_WORKERS: 1 });
    const serial = open('serial-for-killed', 0);
    try {
      expect(indexNames(app)).toEqual(indexNames(fresh));
      expect(owed(app)).toBe(0);
      expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const report = await app.ingestInBulk([articles]);
      // (An earlier test edited one file and removed another: count what the folder holds now.)
      expect(report.added.length + report.skipped.length).toBe(readdirSync(articles).filter((f) => f.endsWith('.md')).length);
      ingestPaths(serial.store, serial.gazetteer, [articles]);
      const { actors: _a, ...stored } = snapshot(app);
      const { actors: _b, ...expected } = snapshot(serial);
      expect(stored).toEqual(expected);
      checkFts(app.db);
    } finally {
      fresh.close();
      app.close();
      serial.close();
    }
  });

  it('a worker that dies fails the ingest with an error instead of hanging, and stores nothing half-done', async () => {
    const app = open('dead-worker', 2);
    try {
      // A gazetteer the worker cannot index: it throws while starting.
      const broken = { ...app.gazetteer, source: { actors: null } as unknown as typeof app.gazetteer.source };
      const before = indexNames(app);
      await expect(ingestPathsParallel(app.store, broken, [articles], { workers: 2 })).rejects.toThrow();
      expect(orphans(app.db)).toEqual({ fk: [], records: 0 });
      checkFts(app.db);
      // The question indexes dropped for the load are back although it failed.
      expect(indexNames(app)).toEqual(before);
      expect(owed(app)).toBe(0);
    } finally {
      app.close();
    }
  });
});
