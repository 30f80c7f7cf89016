/**
 * The naive approach, for comparison: every sentence in memory, Fuse.js over all of them, exactly as
 * a developer would write it first. Runs in its own process so its memory and time are its own.
 *
 *   node --import tsx src/bench/baseline.ts DB_PATH QUERIES_JSON COUNT
 *
 * Answers the first COUNT misspelled queries of the hit-rate set and prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';
import { createStore, openDatabase } from '../store/index.ts';
import type { QueryMix } from './queries.ts';

const [dbPath, queriesPath, countArg] = process.argv.slice(2);
if (!dbPath || !queriesPath) {
  console.error('usage: baseline.ts DB_PATH QUERIES_JSON [COUNT]');
  process.exit(2);
}
const mix = JSON.parse(readFileSync(queriesPath, 'utf8')) as QueryMix;
const count = Math.min(mix.typos.length, Number(countArg ?? mix.typos.length));

const t0 = performance.now();
const db = openDatabase(dbPath, { readonly: true });
const store = createStore(db);
const sentences: { id: number; text: string }[] = [];
for (const s of store.sentenceTexts()) sentences.push({ id: s.id, text: s.text });
db.close();
const t1 = performance.now();
const fuse = new Fuse(sentences, { keys: ['text'], ignoreLocation: true, includeScore: true });
const t2 = performance.now();

const latencies: number[] = [];
const hits: boolean[] = [];
for (const t of mix.typos.slice(0, count)) {
  const a = performance.now();
  const results = fuse.search(t.query);
  latencies.push(performance.now() - a);
  hits.push(results.slice(0, 5).some((r) => r.item.id === t.target));
}
process.stdout.write(
  `${JSON.stringify({
    event: 'done',
    sentences: sentences.length,
    loadMs: t1 - t0,
    indexMs: t2 - t1,
    latencies,
    hits,
    rssMb: process.memoryUsage().rss / 1048576,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
