import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { buildPools, DEFAULT_SEED, generateArticle } from '../../src/bench/corpus.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { ingestPathsParallel, PARALLEL_MIN_FILES } from '../../src/ingest/parallel.ts';
import { checkFts, makeTmpDir, orphans, SEEDS_DIR } from '../helpers/tmp.ts';

// Enough files that the workers really start (fewer are extracted on the calling thread).
const N = PARALLEL_MIN_FILES + 40;

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
      const report = await parallel.ingestInBulk([articles], { onProgress: (done) => progress.push(done) });
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

  it('a worker that dies fails the ingest with an error instead of hanging, and stores nothing half-done', async () => {
    const app = open('dead-worker', 2);
    try {
      // A gazetteer the worker cannot index: it throws while starting.
      const broken = { ...app.gazetteer, source: { actors: null } as unknown as typeof app.gazetteer.source };
      await expect(ingestPathsParallel(app.store, broken, [articles], { workers: 2 })).rejects.toThrow();
      expect(orphans(app.db)).toEqual({ fk: [], records: 0 });
      checkFts(app.db);
    } finally {
      app.close();
    }
  });
});
