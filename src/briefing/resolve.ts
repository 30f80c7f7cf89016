import { resolveActor, type ActorRef } from '../search/index.ts';
import type { Store } from '../store/index.ts';
import type { Answer } from './types.ts';

/** User text echoed back in a notice: one line, no control or invisible characters, short. */
export function echo(text: string): string {
  // \p{C} covers control, format (bidi overrides, zero-width) and lone surrogates.
  const clean = text.replace(/[\p{C}]/gu, '').replace(/\s+/g, ' ').trim();
  const chars = [...clean]; // cut by code points, never inside an emoji
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : clean;
}

export function emptyAnswer(command: string, title: string, notice: string, suggestions?: string[]): Answer {
  return { command, title, items: [], notice, suggestions: suggestions?.length ? suggestions : undefined, references: [] };
}

export type ActorLookup = { actor: ActorRef; notice?: string } | { answer: Answer };

/** Resolve a name option, or produce the polite "did you mean" answer. */
export function lookupActor(store: Store, command: string, typed: string, what: string): ActorLookup {
  if (!typed.trim()) return { answer: emptyAnswer(command, `/${command}`, `Tell me which ${what} you mean, for example \`/${command} russia\`.`) };
  const r = resolveActor(store, typed);
  if (r.kind === 'exact') return { actor: r.actor };
  if (r.kind === 'corrected') return { actor: r.actor, notice: `Showing results for ${r.actor.name} (you typed “${echo(typed)}”).` };
  const names = r.suggestions.map((s) => s.name);
  const hint = names.length ? ` Did you mean ${names.slice(0, 3).join(', ')}?` : ' Try `/sources` to see what is indexed.';
  const article = /^[aeiou]/i.test(what) ? 'an' : 'a';
  return { answer: emptyAnswer(command, `/${command} ${echo(typed)}`, `I don't know ${article} ${what} called “${echo(typed)}”.${hint}`, names) };
}

/** Whether an actor is a party others speak for (Russia, NATO) rather than one voice (Putin, the Kremlin). */
export const isParty = (a: ActorRef) => a.kind === 'state' || a.kind === 'bloc';
