/**
 * The benchmark-driven optimisations of src/search must not change what users get: the direct
 * Fuse.js score equals Fuse's own, and name lookups (resolve and autocomplete), which score only the
 * aliases that can matter, equal a Fuse instance over every alias.
 */
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { buildPools, DEFAULT_SEED } from '../../src/bench/corpus.ts';
import { typo } from '../../src/bench/queries.ts';
import { createRng } from '../../src/bench/random.ts';
import { cleanName, resolveActor, suggestActors } from '../../src/search/index.ts';
import { fuseChunks, fuseScore, substringDistance } from '../../src/search/fuzzy.ts';
import { normalizeAlias, type AliasRow, type Store } from '../../src/store/index.ts';
import { seededApp } from '../helpers/tmp.ts';

/** Plain dynamic-programming substring edit distance (Sellers), the definition Myers' algorithm computes. */
function sellers(p: string, t: string): number {
  let prev = Array.from({ length: p.length + 1 }, (_, i) => i);
  let best = prev[p.length];
  for (let j = 1; j <= t.length; j++) {
    const cur = [0];
    for (let i = 1; i <= p.length; i++) cur[i] = Math.min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (p[i - 1] === t[j - 1] ? 0 : 1));
    best = Math.min(best, cur[p.length]);
    prev = cur;
  }
  return best;
}

const SENTENCES = [
  'Moscow has long insisted that Ukraine must relinquish claims to Donetsk, Luhansk and Kherson.',
  '“It was a compelling meeting,” Witkoff said.',
  'Currently, Ukraine fields approximately 880,000 troops, a significant increase from around 209,000 before the invasion in 2022.',
  'The Kremlin rejected a U.S. proposal for a full 30-day ceasefire.',
  'Zelenskyy’s chief of staff, Andriy Yermak, said Ukraine would not concede land for peace.',
  'Ünïcödé straße — “quoted” words, and a tab\there.',
  'security guarantees',
  'x',
];

describe('substringDistance (Myers)', () => {
  it('equals the dynamic-programming definition', () => {
    const rng = createRng(3);
    for (let n = 0; n < 2_000; n++) {
      const t = rng.pick(SENTENCES).toLowerCase();
      const start = rng.int(0, t.length - 1);
      let p = t.slice(start, start + rng.int(1, 32));
      if (rng.chance(0.6)) p = typo(p, rng);
      if (rng.chance(0.2)) p = rng.pick(['zzz', 'qx', 'abcdefghijklmnopqrstuvwxyzabcdef', 'é']);
      p = p.slice(0, 32);
      expect(substringDistance(p, t)).toBe(sellers(p, t));
    }
  });
});

describe('fuseScore', () => {
  it.each([1, 0.6, 0.45])('gives the score Fuse.js gives, threshold %s', (threshold) => {
    const rng = createRng(threshold * 100);
    const docs = SENTENCES.map((sentence, id) => ({ id, sentence }));
    for (let n = 0; n < 300; n++) {
      const src = rng.pick(SENTENCES).toLowerCase().split(/\s+/);
      const at = rng.int(0, src.length - 1);
      let pattern = src.slice(at, at + rng.int(1, 9)).join(' ');
      if (rng.chance(0.5)) pattern = pattern.split(' ').map((w) => (w.length > 3 ? typo(w, rng) : w)).join(' ');
      const fuse = new Fuse(docs, { keys: ['sentence'], includeScore: true, ignoreLocation: true, threshold });
      const expected = new Map(fuse.search(pattern).map((r) => [r.item.id, r.score]));
      const chunks = fuseChunks(pattern.toLowerCase());
      for (const d of docs) {
        const mine = fuseScore(pattern.toLowerCase(), d.sentence, threshold, chunks);
        const theirs = expected.get(d.id) ?? null;
        if (theirs === null) expect(mine).toBeNull();
        else expect(mine).toBeCloseTo(theirs, 12);
      }
    }
  });
});

/** The lookups as they were: Fuse.js over every alias (prefix matches first for autocomplete). */
function reference(store: Store) {
  const actors = new Map<string, { name: string; kind: string; party: string | null }>();
  const byNorm = new Map<string, { name: string }[]>();
  const docs = store.aliases().map((r) => {
    const actor = actors.get(r.actor) ?? { name: r.actor, kind: r.kind, party: r.party };
    actors.set(r.actor, actor);
    const norm = normalizeAlias(r.alias);
    const list = byNorm.get(norm) ?? [];
    if (!list.includes(actor)) list.push(actor);
    byNorm.set(norm, list);
    return { norm, actor };
  });
  const fuse = new Fuse(docs, { keys: ['norm'], includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 });
  const distinct = (q: string, limit: number, depth: number) => {
    const out: { name: string; score: number }[] = [];
    for (const r of fuse.search(q, { limit: depth })) {
      if (out.some((o) => o.name === r.item.actor.name)) continue;
      out.push({ name: r.item.actor.name, score: r.score ?? 1 });
      if (out.length >= limit) break;
    }
    return out;
  };
  /** What resolveActor answered: `kind:name` or `unknown:suggestions`. */
  const resolve = (typed: string): string => {
    const q = cleanName(typed);
    if (!q) return 'unknown:';
    const exact = byNorm.get(q) ?? byNorm.get(q.replace(/^the /, ''));
    if (exact?.length === 1) return `exact:${exact[0].name}`;
    if (exact) return `unknown:${exact.map((a) => a.name).join('|')}`;
    const ranked = distinct(q, 5, 20);
    const [best, second] = ranked;
    if (best && best.score <= 0.3 && (!second || second.score - best.score >= 0.1)) return `corrected:${best.name}`;
    return `unknown:${ranked.map((x) => x.name).join('|')}`;
  };
  /** What suggestActors answered for typed text: norms starting with it (first seen first), then Fuse's best 50 rows. */
  const norms = [...byNorm];
  const suggest = (typed: string, limit = 25): string[] => {
    const q = cleanName(typed);
    const out: string[] = [];
    const add = (name: string) => {
      if (out.length < limit && !out.includes(name)) out.push(name);
    };
    for (const [norm, list] of norms) if (norm.startsWith(q)) list.forEach((a) => add(a.name));
    if (out.length < limit) distinct(q, limit, 50).forEach((r) => add(r.name));
    return out;
  };
  return { byNorm, distinct, resolve, suggest };
}

const answer = (r: ReturnType<typeof resolveActor>) =>
  r.kind === 'unknown' ? `unknown:${r.suggestions.map((a) => a.name).join('|')}` : `${r.kind}:${r.actor.name}`;

describe('name lookups over the bigram index', () => {
  it('resolve exactly as Fuse.js over every alias did', () => {
    const s = seededApp();
    const ref = reference(s.store);
    const rng = createRng(9);
    const aliases = s.store.aliases().map((a) => a.alias.toLowerCase());
    const queries = ['witkof', 'wittkof', 'zelesnky', 'kremln', 'moscw', 'ukriane', 'putn', 'zorblat', 'x', 'ab', 'eu', 'the kremlin'];
    for (let n = 0; n < 300; n++) {
      const a = rng.pick(aliases);
      queries.push(rng.chance(0.5) ? a.split(' ').map((w) => (w.length >= 4 ? typo(w, rng) : w)).join(' ') : a.slice(0, rng.int(1, a.length)));
    }
    for (const q of queries) {
      const r = resolveActor(s.store, q);
      const norm = normalizeAlias(q);
      const exact = ref.byNorm.get(norm) ?? ref.byNorm.get(norm.replace(/^the /, ''));
      if (exact) continue; // exact matches never reach the fuzzy path
      const ranked = ref.distinct(norm, 5, 20);
      const [best, second] = ranked;
      if (best && best.score <= 0.3 && (!second || second.score - best.score >= 0.1)) {
        expect(r, q).toMatchObject({ kind: 'corrected', actor: { name: best.name } });
      } else {
        expect(r.kind, q).toBe('unknown');
        if (r.kind === 'unknown') expect(r.suggestions.map((x) => x.name), q).toEqual(ranked.map((x) => x.name));
      }
    }
    // Autocomplete: prefix matches, then Fuse's best 50 rows, exactly.
    for (const q of ['wittkof', 'zelesnky', 'kremln', 'rubbio', ...queries]) {
      if (!cleanName(q)) continue;
      expect(suggestActors(s.store, q, 25).map((a) => a.name), q).toEqual(ref.suggest(q));
    }
  });

  it('resolve and autocomplete exactly as Fuse.js over every alias, among thousands of similar names', () => {
    // The seeded aliases plus 1,200 of the benchmark's generated officials (full name and surname),
    // and awkward ones: an alias shared by two actors, long and dotted ones, one letter, non-Latin.
    const s = seededApp();
    const rows: AliasRow[] = [...s.store.aliases()];
    const person = (name: string, alias = name): AliasRow => ({ alias, actor: name, kind: 'person', party: 'Ukraine' });
    for (const p of buildPools(DEFAULT_SEED).generatedPeople.slice(0, 1_200)) rows.push(person(p.name), person(p.name, p.surname));
    rows.push(
      person('Oleksandr Rovdim. Critics'),
      person('Oleksandr Rovdim Junior', 'Rovdim'),
      person('North Atlantic Treaty Organization Secretariat'),
      person('North Atlantic Treaty Organization Secretariat', 'the north atlantic treaty organization secretariat general'),
      person('X', 'x'),
      person('Kk Aa', 'kk aa'),
      person('Владимир Путин'),
      person('Путин', 'путин'),
      person('U.K. Delegation', 'u.k.'),
    );
    const store = { changeStamp: () => 'fake', aliasVersion: () => rows.length, aliases: () => rows } as unknown as Store;
    const ref = reference(store);
    const rng = createRng(11);
    const aliases = rows.map((r) => r.alias.toLowerCase());
    const queries = ['u..', 'kk', 'x', 'xx', 'aa', 'путн', 'влдимир', 'north atlantic treaty organisation', 'nobody in particular', 'x'.repeat(200)];
    for (let n = 0; n < 200; n++) {
      const a = rng.pick(aliases);
      const r = rng.next();
      if (r < 0.35) queries.push(a.split(' ').map((w) => (w.length >= 4 ? typo(w, rng) : w)).join(' '));
      else if (r < 0.55) queries.push(a.slice(0, rng.int(1, a.length)));
      else if (r < 0.65) queries.push(`${a} ${rng.pick(aliases)}`); // often past 32 characters
      else if (r < 0.75) queries.push(typo(typo(a, rng), rng));
      else queries.push(Array.from({ length: rng.int(1, 9) }, () => rng.pick([...'abdeiklmnorstuvyz. '])).join(''));
    }
    for (const q of queries) {
      expect(answer(resolveActor(store, q)), q).toBe(ref.resolve(q));
      if (cleanName(q)) expect(suggestActors(store, q, 25).map((a) => a.name), q).toEqual(ref.suggest(q));
    }
  }, 60_000);
});
