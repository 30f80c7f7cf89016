import Fuse from 'fuse.js';
import { normalizeAlias, type AliasRow, type Store } from '../store/index.ts';
import { fuseChunks, fuseMaxErrors, fuseNorm, substringDistance } from './fuzzy.ts';

export interface ActorRef {
  name: string;
  kind: string;
  party: string | null;
}

export type Resolution =
  | { kind: 'exact'; actor: ActorRef }
  /** A typo we are sure of: "wittkof" → Steve Witkoff. */
  | { kind: 'corrected'; actor: ActorRef; typed: string }
  | { kind: 'unknown'; typed: string; suggestions: ActorRef[] };

interface AliasDoc {
  alias: string;
  norm: string;
  actor: ActorRef;
  /** Fuse.js's field-length norm of `norm`: 1/√tokens, to three decimals. */
  fieldNorm: number;
}

interface NameIndex {
  version: number;
  stamp: string;
  byNorm: Map<string, ActorRef[]>;
  /** Every alias row, in the order the store returned them (Fuse's tie-break order). */
  docs: AliasDoc[];
  /** bigram → indexes into `docs` (each doc once per distinct bigram). */
  bigrams: Map<string, Int32Array>;
  /** The distinct norms sorted, with their first-seen rank in `byNorm`: prefix lookups by binary search. */
  sorted: { norm: string; rank: number; actors: ActorRef[] }[];
  actors: ActorRef[];
  /** `actors` in the order an empty autocomplete lists them. */
  byKind: ActorRef[];
}

const FUSE_OPTIONS = { keys: ['norm'], includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 };

const cache = new WeakMap<Store, NameIndex>();

function bigramsOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/**
 * The alias index, rebuilt only when aliases change. Lookups score with Fuse.js exactly as before,
 * but only over the aliases that can match: those sharing enough bigrams with what was typed
 * (see `fuzzy`), not the whole table.
 */
function nameIndex(store: Store): NameIndex {
  const stamp = store.changeStamp();
  const hit = cache.get(store);
  if (hit && hit.stamp === stamp) return hit;
  const version = store.aliasVersion();
  if (hit && hit.version === version) {
    hit.stamp = stamp;
    return hit;
  }
  const rows: AliasRow[] = store.aliases();
  const byNorm = new Map<string, ActorRef[]>();
  const actors = new Map<string, ActorRef>();
  const docs = rows.map((r) => {
    const actor = actors.get(r.actor) ?? { name: r.actor, kind: r.kind, party: r.party };
    actors.set(r.actor, actor);
    const norm = normalizeAlias(r.alias);
    const list = byNorm.get(norm) ?? [];
    if (!list.includes(actor)) list.push(actor);
    byNorm.set(norm, list);
    return { alias: r.alias, norm, actor, fieldNorm: fuseNorm(norm) };
  });
  const lists = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const g of new Set(bigramsOf(d.norm))) {
      const l = lists.get(g);
      if (l) l.push(i);
      else lists.set(g, [i]);
    }
  });
  const bigrams = new Map<string, Int32Array>();
  for (const [g, l] of lists) bigrams.set(g, Int32Array.from(l));
  let rank = 0;
  const sorted = [...byNorm].map(([norm, list]) => ({ norm, rank: rank++, actors: list }));
  sorted.sort((a, b) => (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0));
  const all = [...actors.values()];
  const index: NameIndex = { version, stamp, byNorm, docs, bigrams, sorted, actors: all, byKind: [...all].sort(byKindThenName) };
  cache.set(store, index);
  return index;
}

/** Shared-bigram counters and per-lookup score memo, reused across lookups (no per-lookup allocation). */
let counters = new Uint16Array(0);
let memoScore = new Float64Array(0);
let memoStamp = new Uint32Array(0);
let nextStamp = 0;

/** Aliases scored at most for a suggestion list (not for the exact/corrected decision). */
const MAX_SCORED = 1_000;

interface Scored {
  ids: number[];
  scores: number[];
}

/**
 * Fuse.js's scores for one typed name over the aliases that can matter, without scoring every alias.
 *
 * With these options Fuse matches an alias when some part of it is within k = floor(0.45·m) edits of
 * the m typed characters, and scores it (edits/m, at least 0.001)^fieldNorm (see fuzzy.ts). Each edit
 * spoils at most two of the typed text's m − 1 bigrams (the q-gram lemma), so an alias sharing s of
 * them needs at least ⌈(m − 1 − repeats − s)/2⌉ edits: a floor under its score. `scan` scores aliases
 * (Myers' one-pass edit distance, each once per lookup) in order of shared bigrams, most first, while
 * that floor is at most `maxFloor` — so every alias that can score ≤ maxFloor is scored — or, for
 * suggestion lists, until `maxDocs` are scored. Aliases sharing no bigram are scored only when `exact`.
 */
class AliasScorer {
  private readonly chunks: string[];
  private readonly maxErrors: number[];
  /** Scores computed in this lookup: memoScore[i], valid when memoStamp[i] === this.stamp (NaN: no match). */
  private readonly stamp: number;
  /** bucket s: aliases sharing s distinct bigrams (ascending position); [0] unused. */
  private readonly buckets: number[][] = [];
  private readonly touched = new Set<number>();
  private readonly floorOf: (s: number) => number;

  constructor(
    private readonly idx: NameIndex,
    private readonly q: string,
  ) {
    this.chunks = fuseChunks(q);
    this.maxErrors = this.chunks.map((c) => fuseMaxErrors(c.length, 0.45));
    if (memoScore.length < idx.docs.length) {
      memoScore = new Float64Array(idx.docs.length);
      memoStamp = new Uint32Array(idx.docs.length);
    }
    this.stamp = nextStamp = (nextStamp % 0xfffffffe) + 1;
    const m = q.length;
    if (m < 2) {
      this.floorOf = () => Infinity;
      return;
    }
    const grams = bigramsOf(q);
    const distinct = new Set(grams);
    const repeats = grams.length - distinct.size;
    const k = fuseMaxErrors(m, 0.45);
    if (counters.length < idx.docs.length) counters = new Uint16Array(idx.docs.length);
    const touched: number[] = [];
    for (const g of distinct) {
      const postings = idx.bigrams.get(g);
      if (!postings) continue;
      for (let j = 0; j < postings.length; j++) if (counters[postings[j]]++ === 0) touched.push(postings[j]);
    }
    for (const i of touched) {
      (this.buckets[counters[i]] ??= []).push(i);
      counters[i] = 0;
      this.touched.add(i);
    }
    for (const b of this.buckets) b?.sort((x, y) => x - y);
    // The lowest score an alias sharing s bigrams can have (fieldNorm ≤ 1 only raises a score below
    // 1); Infinity when it cannot match at all. Past 32 characters Fuse scores chunks: no floor.
    this.floorOf = (s: number) => {
      if (m > 32) return s > 0 ? 0 : Infinity;
      const e = Math.max(0, Math.ceil((grams.length - repeats - s) / 2));
      return e > k ? Infinity : Math.max(0.001, e / m);
    };
  }

  /** Fuse's score of alias i, or null when Fuse would not match it. */
  private score(i: number): number | null {
    if (memoStamp[i] === this.stamp) return Number.isNaN(memoScore[i]) ? null : memoScore[i];
    const d = this.idx.docs[i];
    let result: number | null = null;
    if (d.norm === this.q) result = Number.EPSILON ** d.fieldNorm;
    else {
      let total = 0;
      let matched = false;
      for (let c = 0; c < this.chunks.length; c++) {
        const e = substringDistance(this.chunks[c], d.norm);
        if (e <= this.maxErrors[c]) {
          matched = true;
          total += Math.max(0.001, e / this.chunks[c].length);
        } else total += 1;
      }
      if (matched) result = (total / this.chunks.length) ** d.fieldNorm;
    }
    memoStamp[i] = this.stamp;
    memoScore[i] = result ?? NaN;
    return result;
  }

  scan(opts: { maxFloor: number; maxDocs: number; exact: boolean }): Scored {
    const out: Scored = { ids: [], scores: [] };
    const take = (i: number) => {
      const sc = this.score(i);
      if (sc !== null) {
        out.ids.push(i);
        out.scores.push(sc);
      }
    };
    if (this.q.length < 2) {
      // One character: Fuse needs a run of two marked characters (minMatchCharLength), i.e. the
      // character twice in a row.
      const twice = this.q + this.q;
      this.idx.docs.forEach((d, i) => d.norm.includes(twice) && take(i));
      return out;
    }
    let scored = 0;
    for (let s = this.buckets.length - 1; s >= 0 && scored < opts.maxDocs; s--) {
      const f = this.floorOf(s);
      if (f === Infinity || f > opts.maxFloor || (s === 0 && !opts.exact)) break;
      if (s > 0) {
        for (const i of this.buckets[s] ?? []) {
          if (scored++ >= opts.maxDocs) break;
          take(i);
        }
      } else {
        for (let i = 0; i < this.idx.docs.length && scored < opts.maxDocs; i++) {
          if (this.touched.has(i)) continue;
          scored++;
          take(i);
        }
      }
    }
    return out;
  }

  /** Fuse itself over the best `limit + 10` scored aliases, in their original order (its tie-break): its exact scores and order. */
  rank(scored: Scored, limit: number): { item: AliasDoc; score?: number }[] {
    if (!scored.ids.length) return [];
    const order = scored.ids.map((_, j) => j).sort((x, y) => scored.scores[x] - scored.scores[y] || scored.ids[x] - scored.ids[y]);
    const best = order.slice(0, limit + 10).map((j) => scored.ids[j]).sort((x, y) => x - y);
    return new Fuse(best.map((i) => this.idx.docs[i]), FUSE_OPTIONS).search(this.q, { limit });
  }
}

function distinctActors(results: { item: { actor: ActorRef }; score?: number }[], limit: number): { actor: ActorRef; score: number }[] {
  const out: { actor: ActorRef; score: number }[] = [];
  for (const r of results) {
    if (out.some((o) => o.actor.name === r.item.actor.name)) continue;
    out.push({ actor: r.item.actor, score: r.score ?? 1 });
    if (out.length >= limit) break;
  }
  return out;
}

/** Clean user text for name lookup: letters, digits, spaces, apostrophes and dots; at most 100 characters. */
export function cleanName(input: string): string {
  return normalizeAlias(input.replace(/[^\p{L}\p{N}\s.'’-]/gu, ' ')).slice(0, 100).trim();
}

/**
 * Resolve what a user typed to an actor: an alias match (Witkov, Moscow, Zelensky) is exact; a close
 * typo with one clear winner is corrected; anything else is unknown, with suggestions.
 */
export function resolveActor(store: Store, typed: string): Resolution {
  const q = cleanName(typed);
  if (!q) return { kind: 'unknown', typed, suggestions: [] };
  const idx = nameIndex(store);
  const exact = idx.byNorm.get(q) ?? idx.byNorm.get(q.replace(/^the /, ''));
  if (exact?.length === 1) return { kind: 'exact', actor: exact[0] };
  if (exact && exact.length > 1) return { kind: 'unknown', typed, suggestions: exact };
  // A typo is corrected when the best actor scores ≤ 0.3 and the next one at least 0.1 worse. Both
  // are found exactly: every alias that could score ≤ 0.3, then every one that could come within 0.1.
  const scorer = new AliasScorer(idx, q);
  const top = distinctActors(scorer.rank(scorer.scan({ maxFloor: 0.3, maxDocs: Infinity, exact: true }), 20), 2);
  if (top[0] && top[0].score <= 0.3) {
    const near = scorer.scan({ maxFloor: top[0].score + 0.1, maxDocs: Infinity, exact: true });
    const [best, second] = distinctActors(scorer.rank(near, 20), 2);
    if (best && best.score <= 0.3 && (!second || second.score - best.score >= 0.1)) return { kind: 'corrected', actor: best.actor, typed };
  }
  // Unknown: suggestions from the aliases sharing the most bigrams with what was typed.
  const ranked = distinctActors(scorer.rank(scorer.scan({ maxFloor: Infinity, maxDocs: MAX_SCORED, exact: true }), 20), 5);
  return { kind: 'unknown', typed, suggestions: ranked.map((r) => r.actor) };
}

/** Norms starting with `q`, in the order they were first seen (the order a scan of `byNorm` meets them). */
function prefixMatches(idx: NameIndex, q: string): { rank: number; actors: ActorRef[] }[] {
  let lo = 0;
  let hi = idx.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idx.sorted[mid].norm < q) lo = mid + 1;
    else hi = mid;
  }
  const out: { rank: number; actors: ActorRef[] }[] = [];
  for (let i = lo; i < idx.sorted.length && idx.sorted[i].norm.startsWith(q); i++) out.push(idx.sorted[i]);
  return out.sort((a, b) => a.rank - b.rank);
}

/** Autocomplete choices for a name option: prefix matches first, then fuzzy, at most `limit` (Discord allows 25). */
export function suggestActors(store: Store, typed: string, limit = 25, filter?: (a: ActorRef) => boolean): ActorRef[] {
  const idx = nameIndex(store);
  const keep = filter ?? (() => true);
  const q = cleanName(typed);
  if (!q) {
    const out: ActorRef[] = [];
    for (const a of idx.byKind) {
      if (out.length >= limit) break;
      if (keep(a)) out.push(a);
    }
    return out;
  }
  const out: ActorRef[] = [];
  const add = (a: ActorRef) => {
    if (out.length < limit && keep(a) && !out.some((o) => o.name === a.name)) out.push(a);
  };
  for (const m of prefixMatches(idx, q)) {
    if (out.length >= limit) break;
    m.actors.forEach(add);
  }
  if (out.length >= limit) return out;
  const scorer = new AliasScorer(idx, q);
  for (const r of distinctActors(scorer.rank(scorer.scan({ maxFloor: Infinity, maxDocs: MAX_SCORED, exact: false }), 50), limit)) add(r.actor);
  return out;
}

const KIND_ORDER: Record<string, number> = { state: 0, bloc: 1, institution: 2, person: 3 };
function byKindThenName(a: ActorRef, b: ActorRef): number {
  return (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name);
}
