import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { digest, splitDigest, type DigestAnswer, type DigestItem } from '../../src/briefing/index.ts';
import { createScheduleStore } from '../../src/store/index.ts';
import { tempDb, type TempDb } from './helpers.ts';

const SEEDS = join(import.meta.dirname, '../../seeds');
const articles = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();

let t: TempDb;
let app: App;
let seeds: string;
let source: Parameters<typeof digest>[0];

const T1 = '2026-06-09T10:00:00.000Z';
const T2 = '2026-06-10T03:00:00.000Z';

beforeEach(() => {
  t = tempDb();
  seeds = join(t.dir, 'seeds');
  mkdirSync(seeds);
  cpSync(join(SEEDS, 'gazetteer.json'), join(seeds, 'gazetteer.json'));
  for (const f of articles.slice(0, 3)) cpSync(join(SEEDS, f), join(seeds, f));
  vi.useFakeTimers({ toFake: ['Date'] }); // ingested_at comes from Date
  vi.setSystemTime(new Date(T1));
  app = createApp({ DATABASE_PATH: join(t.dir, 'articles.db'), SEEDS_DIR: seeds });
  app.syncSeeds();
  vi.setSystemTime(new Date(T2));
  cpSync(join(SEEDS, articles[3]), join(seeds, articles[3]));
  app.syncSeeds();
  vi.useRealTimers();
  const schedules = createScheduleStore(app.db);
  source = { ...app.store, articleLeads: schedules.articleLeads };
});
afterEach(() => {
  app.close();
  t.close();
});

const sections = (a: DigestAnswer) => a.items.map((i) => i.section);
const refsOf = (it: DigestItem) => [it.citation.ref, ...(it.sources ?? []).map((s) => s.citation.ref)];

describe('digest: what is new since the last one', () => {
  it('lists new articles, then quotes by speaker, positions by actor and topic, figures; every line cited', () => {
    const a = digest(source, { since: null, until: '2026-06-10T05:00:00.000Z', period: '2026-06-10' });
    expect(a.command).toBe('digest');
    expect(a.title).toBe('Daily briefing — 2026-06-10');
    expect(a.counts.articles).toBe(4);
    const order = ['article', 'quote', 'position', 'figure'];
    const seen = sections(a);
    expect([...seen].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(seen);
    for (const s of order) expect(seen).toContain(s);
    const refs = new Set(a.references.map((r) => r.ref));
    for (const it of a.items) {
      for (const r of refsOf(it)) expect(refs.has(r)).toBe(true);
      expect(it.citation.title).toBeTruthy();
      expect(it.citation.sentence.length).toBeGreaterThan(0);
      if (it.section === 'quote') {
        expect(it.speaker).toBeTruthy();
        expect(it.citation.sentence).toContain(it.text); // verbatim
      }
      if (it.section === 'position') expect(it.actor && it.topic).toBeTruthy();
    }
    // New articles take [1..n], in arrival order, with title, outlet and link in the references.
    const arts = a.items.filter((i) => i.section === 'article');
    expect(arts.map((i) => i.citation.ref)).toEqual([1, 2, 3, 4]);
    expect(arts.map((i) => i.text)).toEqual(a.references.slice(0, 4).map((r) => r.title));
    // Quotes are grouped by speaker.
    const speakers = a.items.filter((i) => i.section === 'quote').map((i) => i.speaker);
    expect(speakers.filter((s, i) => s !== speakers[i - 1])).toEqual([...new Set(speakers)]);
  });

  it('covers only articles ingested in the window', () => {
    const a = digest(source, { since: T1, until: '2026-06-10T05:00:00.000Z' });
    expect(a.counts.articles).toBe(1);
    expect(new Set(a.items.map((i) => i.citation.article)).size).toBe(1);
    const none = digest(source, { since: T2, until: '2026-06-10T05:00:00.000Z' });
    expect(none.items).toEqual([]);
    expect(none.notice).toBe('No new articles since 10 Jun 2026, 03:00 (UTC).');
    expect(digest(source, { since: T2, timezone: 'Europe/Kyiv' }).notice).toBe('No new articles since 10 Jun 2026, 06:00 (Europe/Kyiv).');
    const before = digest(source, { since: null, until: '2026-06-09T12:00:00.000Z' });
    expect(before.counts.articles).toBe(3);
  });

  it('filters by actors (a party includes who speaks for it) and topics', () => {
    const a = digest(source, { since: null, actors: ['Russia'], topics: null });
    const lines = a.items.filter((i) => i.section === 'quote' || i.section === 'position');
    expect(lines.length).toBeGreaterThan(0);
    for (const it of lines) expect(it.actor === 'Russia' || it.speaker === 'Russia' || it.person === 'Russia').toBe(true);
    expect(a.notice).toMatch(/Only for Russia/);
    const b = digest(source, { since: null, topics: ['ceasefire'] });
    for (const it of b.items.filter((i) => i.section !== 'article')) expect(it.topic).toBe('ceasefire');
    const c = digest(source, { since: null, actors: ['Nobody At All'] });
    expect(c.items).toEqual([]);
    expect(c.notice).toMatch(/Nothing new for Nobody At All .*4 new articles on other subjects/);
  });
});

describe('splitDigest: within one message each, never cutting a citation', () => {
  it('one part when small; several when large, at item boundaries, references per part', () => {
    const a = digest(source, { since: null, period: '2026-06-10' });
    const one = splitDigest({ ...a, items: a.items.slice(0, 3) });
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ part: 1, parts: 1, title: a.title });

    const parts = splitDigest(a, 1200, 8);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.flatMap((p) => p.items)).toEqual(a.items);
    parts.forEach((p, i) => {
      expect(p).toMatchObject({ part: i + 1, parts: parts.length, title: `${a.title} (${i + 1}/${parts.length})` });
      expect(p.items.length).toBeLessThanOrEqual(8);
      expect(p.items.length).toBeGreaterThan(0);
      const cited = new Set(p.items.flatMap(refsOf));
      expect(p.references.map((r) => r.ref).sort((x, y) => x - y)).toEqual([...cited].sort((x, y) => x - y));
    });
  });

  it('an item too big alone keeps its own citation and drops other outlets’ wordings to fit', () => {
    const a = digest(source, { since: null });
    const base = a.items.find((i) => i.section === 'quote')!;
    const src = { text: 'x'.repeat(500), citation: base.citation };
    const big: DigestItem = { ...base, sources: [src, src, src, src, src] };
    const parts = splitDigest({ ...a, items: [big] }, 1800);
    expect(parts).toHaveLength(1);
    const item = parts[0].items[0];
    expect(item.text).toBe(base.text);
    expect(item.citation).toEqual(base.citation);
    expect(item.sources!.length).toBeLessThan(5);
  });

  it('an empty digest is one part: the note', () => {
    const a = digest(source, { since: T2 });
    expect(splitDigest(a)).toMatchObject([{ part: 1, parts: 1, items: [] }]);
  });
});
