/**
 * The benchmark: build a synthetic corpus, ingest it through the real pipeline, cold-start a fresh
 * process on the populated database, time the fixed query mix there, run the naive Fuse.js baseline
 * in another fresh process, and report. `runBenchmark` is what `npm run bench` and the test call.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { emptyReport, listArticleFiles, normalizeArticle, readArticleFile } from '../ingest/index.ts';
import { defaultWorkers } from '../ingest/parallel.ts';
import { extractArticle } from '../nlp/index.ts';
import { searchSentences } from '../search/index.ts';
import { createStore } from '../store/index.ts';
import { DEFAULT_SEED, writeCorpus } from './corpus.ts';
import { buildQueryMix, buildTypoQueries, QUERY_KINDS, type QueryKind } from './queries.ts';
import { round, summarize, type Latency, type LatencyDetail } from './stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = resolve(HERE, '../..');

/** Exactly what `--json` prints. */
export interface BenchJson {
  articles: number;
  ingest: { articlesPerSec: number };
  coldStartMs: number;
  rssMb: number;
  dbMb: number;
  queries: Record<QueryKind, Latency>;
  baseline: { search: Latency };
  hitRate: { parley: number; baseline: number };
  searchSpeedup: number;
}

/** Everything else measured, for the human table and the write-up. */
export interface BenchDetail {
  seed: number;
  corpus: { bytes: number; avgKb: number; generateMs: number; dir: string; kept: boolean };
  counts: ReturnType<ReturnType<typeof createStore>['counts']> & { vocabulary: number };
  ingest: { seconds: number; cpuSeconds: number; cpuArticlesPerSec: number; rejected: number; workers: number; stageMsPerArticle: Record<'read' | 'normalize' | 'extract' | 'store', number>; sampled: number };
  coldStart: Record<string, number>;
  /** cpuP50Ms/cpuP99Ms: the same percentiles of each query's CPU time, i.e. without waiting for a core. */
  queries: Record<QueryKind, LatencyDetail & { cpuP50Ms: number; cpuP99Ms: number; planned: number; meanItems: number }>;
  memory: { rssReadyMb: number; rssAfterMb: number; maxRssMb: number; heapUsedMb: number };
  hitRate: { parleyAll: number; typoQueries: number; baselineQueries: number; parleySearchP50Ms: number };
  baseline: LatencyDetail & { sentences: number; indexMs: number; loadMs: number; maxRssMb: number };
  dbFiles: Record<string, number>;
  /** One-minute load average of the machine before the serving process and after the baseline. */
  loadAverage: { before: number; after: number; cores: number };
}

export interface BenchOptions {
  articles: number;
  seed?: number;
  /** Queries per kind in the latency mix (default 250: 1,500 in all). */
  perKind?: number;
  /** Misspelled queries in the hit-rate set (default 200). */
  typoQueries?: number;
  /** How many of them the (slow) baseline answers; default adapts to corpus size. */
  baselineQueries?: number;
  /** Time allowed per query kind in the latency mix (default 60 s); slow kinds stop early. */
  kindBudgetMs?: number;
  /** Worker threads extracting during ingest besides the main thread (default: cores − 1; 0: none). */
  workers?: number;
  /** Keep the temporary directory (corpus + database). */
  keep?: boolean;
  /** Parent directory for the temporary directory (default: the OS temp dir). */
  tmpRoot?: string;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface BenchResult {
  json: BenchJson;
  detail: BenchDetail;
}

/**
 * Baseline query count: Fuse.js over every sentence costs about 2 ms per 1,000 sentences (50 per
 * article) and query, so the count shrinks as the corpus grows to keep the baseline near 3 minutes:
 * 100 queries at 1,000 articles, 10 at 10,000, 5 at 50,000.
 */
export function defaultBaselineQueries(articles: number, typoQueries: number): number {
  return Math.min(typoQueries, Math.max(5, Math.round(100_000 / Math.max(1, articles))));
}

function runChild(script: string, args: string[], opts: { maxOldSpaceMb?: number; exposeGc?: boolean; onReady?: (e: Record<string, unknown>) => void } = {}) {
  return new Promise<{ events: Record<string, unknown>[]; readyWallMs: number | null }>((resolvePromise, reject) => {
    const nodeArgs = ['--import', 'tsx'];
    if (opts.maxOldSpaceMb) nodeArgs.push(`--max-old-space-size=${opts.maxOldSpaceMb}`);
    if (opts.exposeGc) nodeArgs.push('--expose-gc');
    const started = performance.now();
    let readyWallMs: number | null = null;
    const child = spawn(process.execPath, [...nodeArgs, join(HERE, script), ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    const events: Record<string, unknown>[] = [];
    let buf = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        if (e.event === 'ready' && readyWallMs === null) {
          readyWallMs = performance.now() - started;
          opts.onReady?.(e);
        }
        events.push(e);
      }
    });
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}: ${err.trim().slice(-2000)}`));
      else resolvePromise({ events, readyWallMs });
    });
  });
}

function fileMb(path: string): number {
  return existsSync(path) ? statSync(path).size / 1048576 : 0;
}

/** Per-stage cost of the ingest pipeline on a sample, into a scratch database: where the time goes. */
function profileStages(files: string[], work: string, seedsDir: string) {
  const app = createApp({ DATABASE_PATH: join(work, 'profile.db'), SEEDS_DIR: seedsDir });
  const t = { read: 0, normalize: 0, extract: 0, store: 0 };
  // One batch, as the ingest stores them; its full-text indexing at the end counts as storing.
  const s0 = performance.now();
  app.store.inBatch(() => files.forEach((file) => {
    const a = performance.now();
    const f = readArticleFile(file);
    const b = performance.now();
    const article = normalizeArticle(f.text, basename(file));
    const c = performance.now();
    const extraction = extractArticle(article.body, app.gazetteer);
    const d = performance.now();
    app.store.replaceArticle({ ...article, path: file, hash: f.hash, size: f.size, mtimeMs: f.mtimeMs, extraction });
    t.read += b - a;
    t.normalize += c - b;
    t.extract += d - c;
  }));
  t.store = performance.now() - s0 - t.read - t.normalize - t.extract;
  app.close();
  rmSync(join(work, 'profile.db'), { force: true });
  rmSync(join(work, 'profile.db-wal'), { force: true });
  rmSync(join(work, 'profile.db-shm'), { force: true });
  const n = Math.max(1, files.length);
  return { read: round(t.read / n), normalize: round(t.normalize / n), extract: round(t.extract / n), store: round(t.store / n) };
}

export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const n = options.articles;
  const seed = options.seed ?? DEFAULT_SEED;
  const perKind = options.perKind ?? 250;
  const typoCount = options.typoQueries ?? 200;
  const progress = options.onProgress ?? (() => {});
  const work = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'parley-bench-'));
  const articlesDir = join(work, 'articles');
  const dbPath = join(work, 'parley.db');
  const queriesPath = join(work, 'queries.json');
  try {
    // 1. Corpus.
    const g0 = performance.now();
    const corpus = writeCorpus(articlesDir, n, seed, (done) => progress('corpus', done, n));
    const generateMs = performance.now() - g0;

    // 2. Ingest through the real pipeline, as `npm run cli -- ingest DIR` does: list files → read →
    //    normalise → extract (on a worker thread per core but one, and the main thread) → store in batched transactions.
    const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR: articlesDir, INGEST_WORKERS: options.workers });
    const cpu0 = process.cpuUsage();
    const i0 = performance.now();
    const ingestReport = await app.ingestInBulk([articlesDir], { onProgress: (done, total) => progress('ingest', done, total) });
    const rejected = ingestReport.rejected.length;
    const ingestSeconds = (performance.now() - i0) / 1000;
    const ingestCpu = process.cpuUsage(cpu0);
    const ingestCpuSeconds = (ingestCpu.user + ingestCpu.system) / 1e6;
    if (rejected) throw new Error(`${rejected} generated articles were rejected by ingest`);

    // 3. Queries, drawn from what the database holds.
    progress('queries', 0, 1);
    const typos = buildTypoQueries(app.store, seed, typoCount);
    const mix = buildQueryMix(app.store, seed, perKind, typos);
    writeFileSync(queriesPath, JSON.stringify(mix));
    const counts = { ...app.store.counts(), vocabulary: app.store.vocabulary().length };
    // The process that ingested would have answered a search by now, which saves the search
    // vocabulary with the database; the cold start below is a restart after that.
    searchSentences(app.store, 'security guarantees');
    app.close();
    progress('queries', 1, 1);

    // 4. Where ingest time goes, on a sample.
    const sample = listArticleFiles([articlesDir], emptyReport()).slice(0, 300);
    const stageMsPerArticle = profileStages(sample, work, articlesDir);

    // 5. Cold start + query mix in a fresh process.
    progress('serve', 0, 1);
    const load0 = loadavg()[0];
    const served = await runChild('serve.ts', [dbPath, articlesDir, queriesPath, String(options.kindBudgetMs ?? 60_000)], { exposeGc: true });
    const ready = served.events.find((e) => e.event === 'ready')!;
    const done = served.events.find((e) => e.event === 'done') as {
      latencies: Record<QueryKind, number[]>;
      cpuTimes: Record<QueryKind, number[]>;
      items: Record<QueryKind, number>;
      planned: number;
      hits: boolean[];
      hitLatencies: number[];
      rssReadyMb: number;
      rssMb: number;
      maxRssMb: number;
      heapUsedMb: number;
    };
    if ((ready.added as number) > 0) throw new Error(`cold start re-ingested ${ready.added} unchanged files`);
    progress('serve', 1, 1);

    // 6. The naive baseline in another fresh process.
    const baselineCount = options.baselineQueries ?? defaultBaselineQueries(n, typos.length);
    progress('baseline', 0, baselineCount);
    const base = await runChild('baseline.ts', [dbPath, queriesPath, String(baselineCount)], { maxOldSpaceMb: 16_384 });
    const b = base.events.find((e) => e.event === 'done') as { latencies: number[]; hits: boolean[]; sentences: number; indexMs: number; loadMs: number; maxRssMb: number };
    progress('baseline', baselineCount, baselineCount);
    const load1 = loadavg()[0];

    // 7. Report.
    const queries = Object.fromEntries(
      QUERY_KINDS.map((k) => [
        k,
        {
          ...summarize(done.latencies[k]),
          cpuP50Ms: summarize(done.cpuTimes[k]).p50Ms,
          cpuP99Ms: summarize(done.cpuTimes[k]).p99Ms,
          planned: done.planned,
          meanItems: round(done.items[k] / Math.max(1, done.latencies[k].length), 1),
        },
      ]),
    ) as BenchDetail['queries'];
    const rate = (xs: boolean[]) => (xs.length ? round(xs.filter(Boolean).length / xs.length, 3) : 0);
    const baseline = { ...summarize(b.latencies), sentences: b.sentences, indexMs: round(b.indexMs, 1), loadMs: round(b.loadMs, 1), maxRssMb: round(b.maxRssMb, 1) };
    const parleyOnSame = done.hits.slice(0, b.hits.length);
    const dbFiles = { 'parley.db': round(fileMb(dbPath), 2), 'parley.db-wal': round(fileMb(`${dbPath}-wal`), 2) };
    const json: BenchJson = {
      articles: n,
      ingest: { articlesPerSec: round(n / ingestSeconds, 1) },
      coldStartMs: round(served.readyWallMs ?? NaN, 1),
      rssMb: round(done.maxRssMb, 1),
      dbMb: round(fileMb(dbPath) + fileMb(`${dbPath}-wal`), 2),
      queries: Object.fromEntries(QUERY_KINDS.map((k) => [k, { p50Ms: queries[k].p50Ms, p99Ms: queries[k].p99Ms }])) as Record<QueryKind, Latency>,
      baseline: { search: { p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms } },
      hitRate: { parley: rate(parleyOnSame), baseline: rate(b.hits) },
      searchSpeedup: round(baseline.p50Ms / queries.search.p50Ms, 1),
    };
    const detail: BenchDetail = {
      seed,
      corpus: { bytes: corpus.bytes, avgKb: round(corpus.bytes / n / 1024, 2), generateMs: round(generateMs, 0), dir: articlesDir, kept: Boolean(options.keep) },
      counts,
      ingest: { seconds: round(ingestSeconds, 2), cpuSeconds: round(ingestCpuSeconds, 2), cpuArticlesPerSec: round(n / ingestCpuSeconds, 1), rejected, workers: options.workers ?? defaultWorkers(), stageMsPerArticle, sampled: sample.length },
      coldStart: Object.fromEntries(
        ['bootMs', 'importMs', 'createAppMs', 'syncMs', 'firstSearchMs', 'firstResolveMs', 'readyMs', 'cpuMs', 'skipped'].map((k) => [k, round(Number(ready[k]), 1)]),
      ),
      queries,
      memory: { rssReadyMb: round(done.rssReadyMb, 1), rssAfterMb: round(done.rssMb, 1), maxRssMb: round(done.maxRssMb, 1), heapUsedMb: round(done.heapUsedMb, 1) },
      hitRate: { parleyAll: rate(done.hits), typoQueries: typos.length, baselineQueries: b.hits.length, parleySearchP50Ms: summarize(done.hitLatencies).p50Ms },
      baseline,
      dbFiles,
      loadAverage: { before: round(load0, 2), after: round(load1, 2), cores: cpus().length },
    };
    return { json, detail };
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}
