/**
 * The benchmark's "server" process: a fresh Node process that does what `npm start` does on an
 * already-populated database — createApp, sync the articles directory (every file unchanged, so
 * skipped by size + mtime), answer a first question — and reports when it is ready. Then it answers
 * the fixed query mix through the public functions and reports latencies, the hit rate and its RSS.
 *
 *   node --import tsx src/bench/serve.ts DB_PATH ARTICLES_DIR QUERIES_JSON [BUDGET_MS]
 *
 * BUDGET_MS bounds the time spent on each query kind (default 60,000): a kind whose queries take
 * seconds each stops early, and the report says how many of its queries were measured.
 *
 * Run with --expose-gc (the benchmark does) to collect garbage between query kinds.
 *
 * Writes one JSON line per event on stdout: {"event":"ready",…} then {"event":"done",…}.
 */
const bootMs = performance.now();

import { readFileSync } from 'node:fs';
import { createApp } from '../app.ts';
import { answerQuestion } from '../briefing/index.ts';
import { resolveActor, searchSentences, suggestActors } from '../search/index.ts';
import { QUERY_KINDS, type QueryKind, type QueryMix } from './queries.ts';

const importedMs = performance.now();

const [dbPath, dir, queriesPath, budgetArg] = process.argv.slice(2);
const budgetMs = Number(budgetArg ?? 60_000);
if (!dbPath || !dir || !queriesPath) {
  console.error('usage: serve.ts DB_PATH ARTICLES_DIR QUERIES_JSON');
  process.exit(2);
}
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

// ---- cold start -------------------------------------------------------------------------------
const t0 = performance.now();
const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR: dir });
const t1 = performance.now();
const report = app.syncSeeds();
const t2 = performance.now();
// The first questions build the in-memory indexes (search vocabulary, names): part of being ready.
const first = answerQuestion(app.store, 'search', { query: 'securty guarantes' });
const t3 = performance.now();
resolveActor(app.store, 'witkof');
const t4 = performance.now();
emit({
  event: 'ready',
  readyMs: t4,
  bootMs,
  importMs: importedMs - bootMs,
  createAppMs: t1 - t0,
  syncMs: t2 - t1,
  firstSearchMs: t3 - t2,
  firstResolveMs: t4 - t3,
  added: report.added.length + report.updated.length,
  skipped: report.skipped.length,
  rejected: report.rejected.length,
  firstItems: first.items.length,
  cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
});
const rssReady = process.memoryUsage().rss;

// ---- query mix --------------------------------------------------------------------------------
const mix = JSON.parse(readFileSync(queriesPath, 'utf8')) as QueryMix;
const store = app.store;
const run: Record<QueryKind, (i: number) => number> = {
  quote: (i) => answerQuestion(store, 'quote', mix.quote[i]).items.length,
  position: (i) => answerQuestion(store, 'position', mix.position[i]).items.length,
  figures: (i) => answerQuestion(store, 'figures', mix.figures[i]).items.length,
  search: (i) => answerQuestion(store, 'search', mix.search[i]).items.length,
  resolve: (i) => (resolveActor(store, mix.resolve[i]).kind === 'unknown' ? 0 : 1),
  autocomplete: (i) => suggestActors(store, mix.autocomplete[i], 25).length,
};
const latencies = Object.fromEntries(QUERY_KINDS.map((k) => [k, [] as number[]])) as Record<QueryKind, number[]>;
/** CPU time of each query (this process, user + system): the latency less any wait for a free core. */
const cpuTimes = Object.fromEntries(QUERY_KINDS.map((k) => [k, [] as number[]])) as Record<QueryKind, number[]>;
const items = Object.fromEntries(QUERY_KINDS.map((k) => [k, 0])) as Record<QueryKind, number>;
const perKind = Math.min(...QUERY_KINDS.map((k) => mix[k].length));
// One kind at a time, each after a full garbage collection and a warm-up, so a kind's latencies carry
// its own collection pauses and not the ones another kind's garbage causes; each kind stops early
// once it has used its time budget.
const gc = (globalThis as { gc?: () => void }).gc;
for (const kind of QUERY_KINDS) {
  // A full collection first (when exposed), then a warm-up pass, not measured: the kind's queries
  // once (at most 3 s of them), so its code is compiled by the JIT as in a bot that has been answering
  // for a while and the collector's sweeping after gc() is over before anything is timed.
  gc?.();
  let warm = 0;
  for (let i = 0; i < perKind && warm < 3_000; i++) {
    const a = performance.now();
    run[kind](i);
    warm += performance.now() - a;
  }
  let spent = 0;
  for (let i = 0; i < perKind && spent < budgetMs; i++) {
    const cpu = process.cpuUsage();
    const a = performance.now();
    items[kind] += run[kind](i);
    const ms = performance.now() - a;
    const c = process.cpuUsage(cpu);
    latencies[kind].push(ms);
    cpuTimes[kind].push((c.user + c.system) / 1000);
    spent += ms;
  }
}
gc?.();

// ---- hit rate on the misspelled queries -------------------------------------------------------
const hits: boolean[] = [];
const hitLatencies: number[] = [];
for (const t of mix.typos) {
  const a = performance.now();
  const r = searchSentences(store, t.query, 5);
  hitLatencies.push(performance.now() - a);
  hits.push(r.hits.slice(0, 5).some((h) => h.id === t.target));
}

const usage = process.resourceUsage();
emit({
  event: 'done',
  latencies,
  cpuTimes,
  items,
  planned: perKind,
  hits,
  hitLatencies,
  rssReadyMb: rssReady / 1048576,
  rssMb: process.memoryUsage().rss / 1048576,
  maxRssMb: usage.maxRSS / 1024,
  heapUsedMb: process.memoryUsage().heapUsed / 1048576,
});
app.close();
