import { describe, expect, it } from 'vitest';
import { buildPools, DEFAULT_SEED, generateArticle } from '../../src/bench/corpus.ts';
import { parseArgs, renderHuman } from '../../src/bench/main.ts';
import { QUERY_KINDS } from '../../src/bench/queries.ts';
import { createRng, mulberry32 } from '../../src/bench/random.ts';
import { runBenchmark } from '../../src/bench/run.ts';
import { normalizeArticle } from '../../src/ingest/index.ts';

describe('the synthetic corpus', () => {
  const pools = buildPools(DEFAULT_SEED);

  it('is deterministic: the same seed and index give the same article', () => {
    expect(generateArticle(pools, DEFAULT_SEED, 7)).toBe(generateArticle(buildPools(DEFAULT_SEED), DEFAULT_SEED, 7));
    expect(generateArticle(pools, DEFAULT_SEED, 7)).not.toBe(generateArticle(pools, DEFAULT_SEED, 8));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
    const a = createRng(5);
    const b = createRng(5);
    expect([a.int(0, 100), a.zipf(50), a.pick(['x', 'y', 'z'])]).toEqual([b.int(0, 100), b.zipf(50), b.pick(['x', 'y', 'z'])]);
  });

  it('writes articles of about 5 KB with front matter the normaliser accepts', () => {
    for (let i = 0; i < 20; i++) {
      const text = generateArticle(pools, DEFAULT_SEED, i);
      expect(text.length).toBeGreaterThan(4_000);
      expect(text.length).toBeLessThan(7_000);
      const a = normalizeArticle(text, `${i}.md`);
      expect(a.title.length).toBeGreaterThan(5);
      expect(a.outlet).toMatch(/^The /);
      expect(a.published).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(a.url).toMatch(/^https:\/\//);
    }
  });
});

describe('bench arguments', () => {
  it('defaults to 10,000 articles and reads the flags', () => {
    expect(parseArgs([])).toMatchObject({ articles: 10_000, json: false, keep: false });
    expect(parseArgs(['--articles', '200', '--json'])).toMatchObject({ articles: 200, json: true });
    expect(parseArgs(['--articles=50', '--keep'])).toMatchObject({ articles: 50, keep: true });
    expect(() => parseArgs(['--articles', 'many'])).toThrow(/positive whole number/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
  });
});

describe('runBenchmark at 200 articles', () => {
  it('measures everything and returns the --json shape with sane values', { timeout: 300_000 }, async () => {
    const phases = new Set<string>();
    const result = await runBenchmark({
      articles: 200,
      perKind: 40,
      typoQueries: 40,
      baselineQueries: 10,
      onProgress: (phase) => phases.add(phase),
    });
    const j = result.json;
    expect(Object.keys(j)).toEqual(['articles', 'ingest', 'coldStartMs', 'rssMb', 'dbMb', 'queries', 'baseline', 'hitRate', 'searchSpeedup']);
    expect(j.articles).toBe(200);
    expect(Object.keys(j.ingest)).toEqual(['articlesPerSec']);
    expect(Object.keys(j.queries)).toEqual([...QUERY_KINDS]);
    expect(Object.keys(j.baseline)).toEqual(['search']);
    expect(Object.keys(j.hitRate)).toEqual(['parley', 'baseline']);

    const positive = [j.ingest.articlesPerSec, j.coldStartMs, j.rssMb, j.dbMb, j.searchSpeedup, j.baseline.search.p50Ms, j.baseline.search.p99Ms];
    for (const k of QUERY_KINDS) positive.push(j.queries[k].p50Ms, j.queries[k].p99Ms);
    for (const x of positive) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThan(0);
    }
    for (const k of QUERY_KINDS) expect(j.queries[k].p99Ms).toBeGreaterThanOrEqual(j.queries[k].p50Ms);
    for (const rate of [j.hitRate.parley, j.hitRate.baseline]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(j.searchSpeedup).toBeCloseTo(j.baseline.search.p50Ms / j.queries.search.p50Ms, 0);

    const d = result.detail;
    expect(d.counts.articles).toBe(200);
    expect(d.counts.quotes).toBeGreaterThan(200);
    expect(d.counts.positions).toBeGreaterThan(200);
    expect(d.counts.figures).toBeGreaterThan(200);
    expect(d.ingest.rejected).toBe(0);
    expect(d.coldStart.skipped).toBe(200); // nothing re-ingested on the restart
    for (const k of QUERY_KINDS) expect(d.queries[k].count).toBe(40);
    expect(d.baseline.count).toBe(10);
    expect(d.hitRate.typoQueries).toBeGreaterThan(20);
    expect([...phases]).toEqual(expect.arrayContaining(['corpus', 'ingest', 'serve', 'baseline']));
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    expect(renderHuman(result)).toContain('200 articles');
  });
});
