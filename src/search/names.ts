import Fuse from 'fuse.js';
import { normalizeAlias, type AliasRow, type Store } from '../store/index.ts';

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

interface NameIndex {
  version: number;
  byNorm: Map<string, ActorRef[]>;
  fuse: Fuse<{ alias: string; norm: string; actor: ActorRef }>;
  actors: ActorRef[];
}

const cache = new WeakMap<Store, NameIndex>();

/** Fuse.js over every alias (names, misspellings, short forms), rebuilt only when aliases change. */
function nameIndex(store: Store): NameIndex {
  const version = store.aliasVersion();
  const hit = cache.get(store);
  if (hit && hit.version === version) return hit;
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
    return { alias: r.alias, norm, actor };
  });
  const fuse = new Fuse(docs, { keys: ['norm'], includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 });
  const index = { version, byNorm, fuse, actors: [...actors.values()] };
  cache.set(store, index);
  return index;
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
  const ranked = distinctActors(idx.fuse.search(q, { limit: 20 }), 5);
  const [best, second] = ranked;
  if (best && best.score <= 0.3 && (!second || second.score - best.score >= 0.1)) {
    return { kind: 'corrected', actor: best.actor, typed };
  }
  return { kind: 'unknown', typed, suggestions: ranked.map((r) => r.actor) };
}

/** Autocomplete choices for a name option: prefix matches first, then fuzzy, at most `limit` (Discord allows 25). */
export function suggestActors(store: Store, typed: string, limit = 25, filter?: (a: ActorRef) => boolean): ActorRef[] {
  const idx = nameIndex(store);
  const keep = filter ?? (() => true);
  const q = cleanName(typed);
  if (!q) return idx.actors.filter(keep).sort(byKindThenName).slice(0, limit);
  const out: ActorRef[] = [];
  const add = (a: ActorRef) => {
    if (out.length < limit && keep(a) && !out.some((o) => o.name === a.name)) out.push(a);
  };
  for (const [norm, actors] of idx.byNorm) if (norm.startsWith(q)) actors.forEach(add);
  for (const r of distinctActors(idx.fuse.search(q, { limit: 50 }), limit)) add(r.actor);
  return out;
}

const KIND_ORDER: Record<string, number> = { state: 0, bloc: 1, institution: 2, person: 3 };
function byKindThenName(a: ActorRef, b: ActorRef): number {
  return (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name);
}
