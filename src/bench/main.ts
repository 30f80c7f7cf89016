/**
 * `npm run -s bench -- [--articles N] [--json] [--keep] [--seed S] [--per-kind K] [--baseline-queries B]`
 *
 * Builds a synthetic corpus of N articles (default 10,000) in a temporary directory, ingests it, and
 * reports ingest throughput, cold start, latencies, memory, database size and the naive baseline.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { positiveInt, readFlags } from './args.ts';
import { runBenchmark, type BenchResult } from './run.ts';
import { QUERY_KINDS } from './queries.ts';

const USAGE = `Usage: npm run -s bench -- [--articles N] [--json] [--keep] [--seed S] [--per-kind K] [--baseline-queries B]
       npm run -s bench -- --digest N [--json]      the digest delivery scenario
  --articles N          corpus size (default 10000)
  --json                print only the JSON result
  --keep                keep the temporary corpus and database (their path is printed)
  --seed S              corpus and query seed (default fixed)
  --per-kind K          queries of each kind in the latency mix (default 250)
  --baseline-queries B  misspelled queries the Fuse.js baseline answers (default adapts to N)
  --budget-ms T         time allowed per query kind in the mix (default 60000)
  --workers W           worker threads extracting during ingest besides the main thread (default: cores − 1, at least 1; 0: none)
  --out FILE            also write the JSON result and every detail measured to FILE`;

interface Args {
  articles: number;
  json: boolean;
  keep: boolean;
  seed?: number;
  perKind?: number;
  baselineQueries?: number;
  budgetMs?: number;
  workers?: number;
  out?: string;
}

export function parseArgs(argv: string[]): Args {
  const out: Args = { articles: 10_000, json: false, keep: false };
  readFlags(argv, (flag, value) => {
    if (flag === '--articles' || flag === '-n') out.articles = positiveInt(flag, value());
    else if (flag === '--json') out.json = true;
    else if (flag === '--keep') out.keep = true;
    else if (flag === '--seed') out.seed = positiveInt(flag, value());
    else if (flag === '--per-kind') out.perKind = positiveInt(flag, value());
    else if (flag === '--baseline-queries') out.baselineQueries = positiveInt(flag, value());
    else if (flag === '--budget-ms') out.budgetMs = positiveInt(flag, value());
    else if (flag === '--workers') {
      const v = value();
      out.workers = v === '0' ? 0 : positiveInt(flag, v);
    }
    else if (flag === '--out') {
      const file = value();
      if (!file) throw new Error('--out needs a file name');
      out.out = file;
    } else if (flag === '--help' || flag === '-h') throw new Error('help');
    else return false;
    return true;
  });
  return out;
}

const TARGETS: Record<string, { limit: number; unit: string; better: 'lower' | 'higher' }> = {
  ingest: { limit: 1000, unit: 'articles/s', better: 'higher' },
  coldStart: { limit: 1500, unit: 'ms', better: 'lower' },
  rss: { limit: 300, unit: 'MB', better: 'lower' },
  quote: { limit: 5, unit: 'ms', better: 'lower' },
  position: { limit: 5, unit: 'ms', better: 'lower' },
  figures: { limit: 5, unit: 'ms', better: 'lower' },
  search: { limit: 20, unit: 'ms', better: 'lower' },
  resolve: { limit: 2, unit: 'ms', better: 'lower' },
  autocomplete: { limit: 2, unit: 'ms', better: 'lower' },
  speedup: { limit: 50, unit: '×', better: 'higher' },
};

function verdict(key: string, value: number): string {
  const t = TARGETS[key];
  if (!t) return '';
  const ok = t.better === 'lower' ? value <= t.limit : value >= t.limit;
  return `${ok ? 'ok  ' : 'MISS'} (target ${t.better === 'lower' ? '≤' : '≥'} ${t.limit} ${t.unit})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

export function renderHuman({ json: j, detail: d }: BenchResult): string {
  const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  const rows: string[][] = [['measure', 'value', '', 'target']];
  rows.push(['ingest', fmt(j.ingest.articlesPerSec, 0), 'articles/s', verdict('ingest', j.ingest.articlesPerSec)]);
  rows.push(['ingest per CPU-second', fmt(d.ingest.cpuArticlesPerSec, 0), 'articles/s', '']);
  rows.push(['cold start to ready', fmt(j.coldStartMs, 0), 'ms', verdict('coldStart', j.coldStartMs)]);
  rows.push(['peak RSS (serving)', fmt(j.rssMb, 0), 'MB', verdict('rss', j.rssMb)]);
  rows.push(['database', fmt(j.dbMb, 1), 'MB', '']);
  const lat: string[][] = [['query', 'p50 ms', 'p99 ms', 'cpu p50', 'cpu p99', 'mean ms', 'max ms', 'queries', 'items', 'p99 target']];
  for (const k of QUERY_KINDS) {
    const q = d.queries[k];
    const n = q.count < q.planned ? `${q.count}/${q.planned}` : String(q.count);
    lat.push([k, fmt(q.p50Ms, 3), fmt(q.p99Ms, 3), fmt(q.cpuP50Ms, 3), fmt(q.cpuP99Ms, 3), fmt(q.meanMs, 3), fmt(q.maxMs, 1), n, fmt(q.meanItems, 1), verdict(k, q.p99Ms)]);
  }
  lat.push(['baseline search (Fuse.js)', fmt(d.baseline.p50Ms, 1), fmt(d.baseline.p99Ms, 1), '', '', fmt(d.baseline.meanMs, 1), fmt(d.baseline.maxMs, 1), String(d.baseline.count), '', '']);
  const s = d.ingest.stageMsPerArticle;
  return [
    `Parley benchmark — ${j.articles.toLocaleString('en')} articles (${d.corpus.avgKb} KB each on average, seed ${d.seed})`,
    `corpus: ${d.counts.sentences.toLocaleString('en')} sentences, ${d.counts.quotes.toLocaleString('en')} quotes, ${d.counts.positions.toLocaleString('en')} positions, ${d.counts.figures.toLocaleString('en')} figures, ${d.counts.actors.toLocaleString('en')} actors, ${d.counts.vocabulary.toLocaleString('en')} terms`,
    '',
    table(rows),
    '',
    table(lat),
    '',
    `search speedup over the baseline (p50): ${fmt(j.searchSpeedup, 0)}×  ${verdict('speedup', j.searchSpeedup)}`,
    `top-5 hit rate on ${d.hitRate.baselineQueries} misspelled queries: Parley ${fmt(j.hitRate.parley * 100, 1)}%, baseline ${fmt(j.hitRate.baseline * 100, 1)}%` +
      ` (Parley on all ${d.hitRate.typoQueries}: ${fmt(d.hitRate.parleyAll * 100, 1)}%)  ${j.hitRate.parley >= j.hitRate.baseline ? 'ok' : 'MISS'}`,
    `ingest per article (sample of ${d.ingest.sampled}): read ${fmt(s.read, 3)} ms, normalise ${fmt(s.normalize, 3)} ms, extract ${fmt(s.extract, 3)} ms, store ${fmt(s.store, 3)} ms`,
    `latency is wall time; cpu p50/p99 are the same percentiles of CPU time (what an idle machine would show)`,
    `cold start: boot+imports ${fmt(d.coldStart.bootMs + d.coldStart.importMs, 0)} ms, createApp ${fmt(d.coldStart.createAppMs, 0)} ms, sync (${d.coldStart.skipped} unchanged) ${fmt(d.coldStart.syncMs, 0)} ms, first search ${fmt(d.coldStart.firstSearchMs, 0)} ms, name index ${fmt(d.coldStart.firstResolveMs, 0)} ms`,
    `memory: RSS ready ${fmt(d.memory.rssReadyMb, 0)} MB, after the mix ${fmt(d.memory.rssAfterMb, 0)} MB, peak ${fmt(d.memory.maxRssMb, 0)} MB; baseline peak ${fmt(d.baseline.maxRssMb, 0)} MB (index ${fmt(d.baseline.indexMs / 1000, 1)} s over ${d.baseline.sentences.toLocaleString('en')} sentences)`,
    `load average (1 min) ${d.loadAverage.before} before serving, ${d.loadAverage.after} after the baseline, on ${d.loadAverage.cores} cores` +
      (Object.values(d.queries).some((q) => q.count < q.planned) ? '; a kind that ran out of its time budget shows measured/planned queries' : ''),
    d.corpus.kept ? `kept: ${d.corpus.dir}` : '',
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n');
}

function progressPrinter(enabled: boolean) {
  const tty = process.stderr.isTTY;
  let last = '';
  let lastAt = 0;
  return (phase: string, done: number, total: number) => {
    if (!enabled) return;
    const label = { corpus: 'building corpus', ingest: 'ingesting', queries: 'drawing queries', serve: 'cold start + query mix', baseline: 'Fuse.js baseline' }[phase] ?? phase;
    if (tty) {
      const now = Date.now();
      if (done < total && now - lastAt < 100 && phase === last) return;
      lastAt = now;
      const pct = total ? Math.floor((done / total) * 100) : 0;
      const width = 24;
      const bar = '█'.repeat(Math.round((pct / 100) * width)).padEnd(width, '░');
      process.stderr.write(`\r\x1b[2K${label.padEnd(24)} ${bar} ${pct}%${total > 1 ? ` (${done}/${total})` : ''}`);
      if (done >= total) process.stderr.write('\n');
    } else if (phase !== last && done === 0) {
      process.stderr.write(`${label}…\n`);
    } else if (done >= total && phase === 'ingest') {
      process.stderr.write(`${label}: ${done} articles\n`);
    }
    last = phase;
  };
}

async function main(argv: string[]): Promise<number> {
  // `--digest N`: the digest delivery scenario (1,000 schedules against a rate-limited fake Discord).
  if (argv.some((a) => a === '--digest' || a.startsWith('--digest='))) return (await import('./digest-cli.ts')).digestMain(argv);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    const help = (e as Error).message === 'help';
    if (!help) console.error((e as Error).message);
    console.error(USAGE);
    return help ? 0 : 2;
  }
  const result = await runBenchmark({
    articles: args.articles,
    seed: args.seed,
    perKind: args.perKind,
    baselineQueries: args.baselineQueries,
    kindBudgetMs: args.budgetMs,
    workers: args.workers,
    keep: args.keep,
    onProgress: progressPrinter(!args.json || process.stderr.isTTY),
  });
  if (args.out) writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  if (args.json) console.log(JSON.stringify(result.json, null, 2));
  else console.log(renderHuman(result));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`bench failed: ${(e as Error).stack ?? e}`);
      process.exit(1);
    },
  );
}
