/**
 * The benchmark's fixed query mix, drawn with a seeded PRNG from what the database holds: names of
 * actors (exact, short, misspelled), parties, topics, and sentences to look for. Also the misspelled
 * search queries whose target sentence is known, for the hit rate of Parley and of the naive baseline.
 */
import { BUNDLED_SEEDS_DIR, loadGazetteer } from '../ingest/index.ts';
import { TOPICS } from '../nlp/index.ts';
import { queryWords } from '../search/index.ts';
import type { Store } from '../store/index.ts';
import { createRng, hashString, type Rng } from './random.ts';

export interface TypoQuery {
  /** What the user types: 2–4 distinctive words of the target sentence, one typo in each. */
  query: string;
  /** The words before the typos. */
  words: string[];
  /** The sentence the user is looking for (its id in `sentences`). */
  target: number;
}

export interface QueryMix {
  quote: { speaker: string; about?: string }[];
  position: { actor: string; topic?: string }[];
  figures: { topic?: string; about?: string }[];
  search: { query: string }[];
  resolve: string[];
  autocomplete: string[];
  /** The hit-rate set. Its first queries also feed the `search` mix. */
  typos: TypoQuery[];
}

export const QUERY_KINDS = ['quote', 'position', 'figures', 'search', 'resolve', 'autocomplete'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** Parley's own stopwords (src/search/text.ts) plus short function words: never picked as "distinctive". */
const STOP = new Set(
  'a an and are as at be by for from has have he her his i in is it its of on or she that the their they this to was were will with what who why how not no would could should about after before while there these those which other'.split(
    ' ',
  ),
);

/**
 * One deterministic typo: swap two neighbouring letters, drop a letter, or double one — never the
 * first letter (people rarely get that wrong). Tries a few positions to avoid producing a real word.
 */
export function typo(word: string, rng: Rng, avoid?: (w: string) => boolean): string {
  let out = word;
  for (let attempt = 0; attempt < 8; attempt++) {
    const op = rng.int(0, 2);
    const i = rng.int(1, Math.max(1, word.length - 2));
    if (op === 0 && i + 1 < word.length && word[i] !== word[i + 1]) out = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    else if (op === 1) out = word.slice(0, i) + word.slice(i + 1);
    else out = word.slice(0, i) + word[i] + word.slice(i);
    if (out !== word && !(avoid?.(out))) return out;
  }
  return out;
}

interface ActorInfo {
  name: string;
  kind: string;
  aliases: string[];
}

function actorsOf(store: Store): ActorInfo[] {
  const byName = new Map<string, ActorInfo>();
  for (const r of store.aliases()) {
    const a = byName.get(r.actor) ?? { name: r.actor, kind: r.kind, aliases: [] };
    a.aliases.push(r.alias);
    byName.set(r.actor, a);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const COMMON_SEARCHES = [
  'security guarantees',
  'ceasefire talks',
  'frozen assets reconstruction',
  'prisoner exchange',
  'nato membership',
  'troops cap',
  'black sea truce',
  'energy infrastructure strikes',
  'peace plan points',
  'sanctions relief',
  'occupied regions',
  'drone attack substation',
  'grain corridor',
  'nuclear plant cooling systems',
  'multinational force',
  'donor conference reconstruction',
];

const ABOUT = ['ceasefire', 'sanctions', 'territory', 'security guarantees', 'prisoners', 'the nuclear plant', 'reconstruction', 'troops'];
const FIGURE_ABOUT = ['troops', 'billion', 'prisoners', 'buildings', 'ceasefire', 'kilometres', 'respondents'];

/**
 * The misspelled-query set: `count` sentences whose text occurs once in the corpus, 2–4 of their
 * rarest words (five letters or more; at most three sentences have them all), one typo each.
 * Needs every sentence once (streamed).
 */
export function buildTypoQueries(store: Store, seed: number, count: number): TypoQuery[] {
  const rng = createRng(hashString('typos', seed));
  const docFreq = new Map<string, number>();
  for (const { term, doc } of store.vocabulary()) docFreq.set(term, doc);
  const ids: number[] = [];
  const texts: string[] = [];
  const seen = new Map<number, number>();
  for (const s of store.sentenceTexts()) {
    ids.push(s.id);
    texts.push(s.text);
    const h = hashString(s.text);
    seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  const out: TypoQuery[] = [];
  const used = new Set<number>();
  for (let tries = 0; out.length < count && tries < count * 50 && ids.length; tries++) {
    const i = rng.int(0, ids.length - 1);
    if (used.has(i)) continue;
    used.add(i);
    if (seen.get(hashString(texts[i])) !== 1) continue;
    const words = [...new Set(queryWords(texts[i]))].filter((w) => w.length >= 5 && /^\p{L}+$/u.test(w) && !STOP.has(w) && docFreq.has(w));
    if (words.length < 3) continue;
    // The rarest words, 2–4 of them, and enough that at most three sentences have them all: a
    // query that names its target (template sentences differing only in a number never qualify).
    const rarest = [...words].sort((a, b) => (docFreq.get(a) ?? 0) - (docFreq.get(b) ?? 0));
    let k = rng.int(2, Math.min(4, words.length));
    const matches = (n: number) => store.ftsSearchTop(rarest.slice(0, n).map((w) => `"${w}"`).join(' AND '), 4).length;
    while (k < Math.min(4, words.length) && matches(k) > 3) k++;
    if (matches(k) > 3) continue;
    const chosen = rarest.slice(0, k);
    const ordered = words.filter((w) => chosen.includes(w));
    const misspelled = ordered.map((w) => typo(w, rng, (x) => docFreq.has(x)));
    out.push({ query: misspelled.join(' '), words: ordered, target: ids[i] });
  }
  return out;
}

/** The latency mix: `perKind` queries of each kind, in a fixed, shuffled order. */
export function buildQueryMix(store: Store, seed: number, perKind: number, typos: TypoQuery[]): QueryMix {
  const rng = createRng(hashString('mix', seed));
  const actors = actorsOf(store);
  const gazetteerNames = new Set(loadGazetteer(BUNDLED_SEEDS_DIR).actors.map((a) => a.name));
  const known = actors.filter((a) => gazetteerNames.has(a.name));
  const people = actors.filter((a) => a.kind === 'person');
  const parties = actors.filter((a) => a.kind === 'state' || a.kind === 'bloc');
  const vocab = new Set(store.vocabulary().map((v) => v.term));
  const isWord = (w: string) => vocab.has(w);

  /** A name as a user types it: full, one alias, lowercase, sometimes misspelled. */
  const typed = (a: ActorInfo, r: Rng, typoRate: number): string => {
    const alias = r.chance(0.4) ? a.name : r.pick(a.aliases);
    const base = r.chance(0.7) ? alias.toLowerCase() : alias;
    if (!r.chance(typoRate)) return base;
    const parts = base.split(' ');
    const last = parts.length - 1;
    if (parts[last].length >= 4) parts[last] = typo(parts[last], r);
    return parts.join(' ');
  };
  const someActor = (r: Rng, pool: ActorInfo[]) => (r.chance(0.6) && known.length ? r.pick(known) : r.pick(pool));

  const quote: QueryMix['quote'] = [];
  const position: QueryMix['position'] = [];
  const figures: QueryMix['figures'] = [];
  const search: QueryMix['search'] = [];
  const resolve: string[] = [];
  const autocomplete: string[] = [];
  for (let i = 0; i < perKind; i++) {
    // /quote: people mostly (exact, alias, misspelled), parties sometimes, a few unknown names.
    const q = rng.next();
    const speaker =
      q < 0.8 ? typed(someActor(rng, people.length ? people : actors), rng, 0.3)
      : q < 0.95 ? typed(rng.pick(parties.length ? parties : actors), rng, 0.1)
      : `${rng.pick(['zorblat', 'quentin', 'mxyzptlk', 'general nobody'])}`;
    quote.push(rng.chance(0.15) ? { speaker, about: rng.pick(ABOUT) } : { speaker });

    // /position: parties and people, a topic now and then.
    const actor = rng.chance(0.5) ? typed(rng.pick(parties.length ? parties : actors), rng, 0.1) : typed(someActor(rng, people.length ? people : actors), rng, 0.25);
    position.push(rng.chance(0.3) ? { actor, topic: rng.pick(TOPICS) } : { actor });

    // /figures: by topic mostly.
    const f = rng.next();
    figures.push(f < 0.6 ? { topic: rng.pick(TOPICS) } : f < 0.85 ? {} : { about: rng.pick(FIGURE_ABOUT) });

    // /search: misspelled distinctive words, common phrases (sometimes misspelled), fragments.
    const s = rng.next();
    if (s < 0.5 && typos.length) search.push({ query: typos[i % typos.length].query });
    else if (s < 0.8) {
      const phrase = rng.pick(COMMON_SEARCHES);
      search.push({ query: rng.chance(0.4) ? phrase.split(' ').map((w) => (w.length >= 5 ? typo(w, rng, isWord) : w)).join(' ') : phrase });
    } else {
      const t = typos.length ? rng.pick(typos) : null;
      search.push({ query: t ? t.words.slice(0, 2).join(' ') : 'peace talks' });
    }

    // Name resolution: exact, misspelled, unknown.
    const r = rng.next();
    resolve.push(r < 0.9 ? typed(someActor(rng, actors), rng, 0.45) : rng.pick(['zorblat', 'xanadu', 'nobody in particular', 'wxyz']));

    // Autocomplete: what a user has typed so far (1–8 characters), sometimes with a slip, sometimes nothing.
    const a = rng.next();
    if (a < 0.05) autocomplete.push('');
    else {
      const name = typed(someActor(rng, actors), rng, a < 0.25 ? 1 : 0);
      autocomplete.push(name.slice(0, rng.int(1, Math.min(8, name.length))));
    }
  }
  return { quote, position, figures, search, resolve, autocomplete, typos };
}
