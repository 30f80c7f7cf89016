/**
 * Crash mid-ingest: a child process ingests ~60 generated articles and is killed with SIGKILL at
 * several points (inside a write transaction, after N articles, after a delay). The database must
 * then be whole, hold each article completely or not at all, and a re-run must end exactly where an
 * uninterrupted run into a fresh database ends.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { checkFts, makeTmpDir, orphans, recordCounts, SEEDS_DIR } from '../helpers/tmp.ts';
import { spawnScript } from './child.ts';
import { articleVariants } from './variants.ts';

interface PerArticle {
  sentences: number;
  quotes: number;
  positions: number;
  figures: number;
}

type Counts = ReturnType<typeof recordCounts>;

const perArticle = (db: Database.Database): Map<string, PerArticle> =>
  new Map(
    (
      db
        .prepare(
          `SELECT a.path,
            (SELECT COUNT(*) FROM sentences s WHERE s.article_id = a.id) AS sentences,
            (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,
            (SELECT COUNT(*) FROM positions p WHERE p.article_id = a.id) AS positions,
            (SELECT COUNT(*) FROM figures f WHERE f.article_id = a.id) AS figures
          FROM articles a`,
        )
        .all() as ({ path: string } & PerArticle)[]
    ).map(({ path, ...n }) => [path, n]),
  );

/** Where the child is killed. */
type KillPoint =
  | { kind: 'in-transaction'; sentence: number }
  | { kind: 'after-articles'; articles: number }
  | { kind: 'after-ms'; ms: number };

const KILL_POINTS: KillPoint[] = [
  { kind: 'in-transaction', sentence: 1 }, // the first article's first sentence row
  { kind: 'in-transaction', sentence: 700 }, // somewhere in the middle of the batch
  { kind: 'in-transaction', sentence: 1990 }, // in the last articles
  { kind: 'after-articles', articles: 10 },
  { kind: 'after-articles', articles: 45 },
  { kind: 'after-ms', ms: 50 },
  { kind: 'after-ms', ms: 150 },
  { kind: 'after-ms', ms: 300 },
];

const describeKill = (k: KillPoint) =>
  k.kind === 'in-transaction' ? `inside the write transaction of sentence row ${k.sentence}` : k.kind === 'after-articles' ? `after ${k.articles} articles` : `${k.ms} ms after the ingest starts`;

describe('SIGKILL in the middle of an ingest', () => {
  let root: string;
  let articlesDir: string;
  let files: string[];
  let reference: Map<string, PerArticle>;
  let referenceCounts: Counts;

  beforeAll(() => {
    root = makeTmpDir('parley-crash-');
    articlesDir = join(root, 'articles');
    mkdirSync(articlesDir);
    files = articleVariants(60).map((v) => {
      const file = join(articlesDir, v.name);
      writeFileSync(file, v.text);
      return file;
    });
    // The uninterrupted run into a fresh database: what every article and the totals must come to.
    const app = createApp({ DATABASE_PATH: join(root, 'reference', 'parley.db'), SEEDS_DIR });
    try {
      const report = ingestPaths(app.store, app.gazetteer, [articlesDir]);
      expect(report.rejected).toEqual([]);
      expect(report.added).toHaveLength(60);
      reference = perArticle(app.db);
      referenceCounts = recordCounts(app.db);
    } finally {
      app.close();
    }
    // The in-transaction kill points must fall inside the batch.
    expect(referenceCounts.sentences).toBeGreaterThan(1990);
  });

  for (const [i, kill] of KILL_POINTS.entries()) {
    it(`killed ${describeKill(kill)}: whole database, whole articles, and a re-run ends like a clean run`, async () => {
      const dbPath = join(root, `crash-${i}`, 'parley.db');
      // The first two kinds pause the child at the exact point, so the kill cannot come late.
      const env: Record<string, string> =
        kill.kind === 'in-transaction' ? { PAUSE_AT_SENTENCE: String(kill.sentence) } : kill.kind === 'after-articles' ? { PAUSE_AFTER_PATHS: String(kill.articles) } : {};
      const child = spawnScript('ingest-child.ts', [dbPath, SEEDS_DIR, ...files], env);
      child.proc.stdin.end();
      const guard = setTimeout(() => child.proc.kill('SIGKILL'), 25_000);
      try {
        if (kill.kind === 'after-ms') {
          await child.waitFor((l) => l === 'ready');
          await new Promise((r) => setTimeout(r, kill.ms));
        } else await child.waitFor((l) => l === 'paused');
        child.proc.kill('SIGKILL');
        const exit = await child.exited;
        // A timed kill may come after a fast machine finished; the checks below hold either way.
        if (kill.kind !== 'after-ms') expect(exit.signal, exit.stderr).toBe('SIGKILL');
      } finally {
        clearTimeout(guard);
      }
      const reported = child.lines.filter((l) => l.startsWith('report ')).length;

      const db = new Database(dbPath);
      try {
        db.pragma('foreign_keys = ON');
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const o = orphans(db);
        expect(o.fk).toEqual([]);
        expect(o.records).toBe(0);
        checkFts(db);
        // Each article is either all there (as a clean ingest of its file gives it) or absent.
        const got = perArticle(db);
        for (const [path, n] of got) expect(n, path).toEqual(reference.get(path));
        expect(got.size).toBeGreaterThanOrEqual(reported);
        if (kill.kind === 'after-articles') expect(got.size).toBe(kill.articles);
        if (kill.kind === 'in-transaction') {
          // The article being written when the process died is not there at all.
          expect(got.size).toBe(reported);
          const sentences = db.prepare('SELECT COUNT(*) FROM sentences').pluck().get() as number;
          expect(sentences).toBeLessThan(kill.sentence);
        }
      } finally {
        db.close();
      }

      // A re-run completes the job and ends exactly like the uninterrupted run.
      const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR });
      try {
        const report = ingestPaths(app.store, app.gazetteer, [articlesDir]);
        expect(report.rejected).toEqual([]);
        expect(report.added.length + report.skipped.length).toBe(60);
        expect(recordCounts(app.db)).toEqual(referenceCounts);
        expect(perArticle(app.db)).toEqual(reference);
      } finally {
        app.close();
      }
    });
  }
});
