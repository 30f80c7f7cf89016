import Fuse from 'fuse.js';
import { RECORD_LIMIT, type Store } from '../store/index.ts';
import { Citer, articleCount, plural } from './cite.ts';
import { capNotice, countText, mergeQuotes, quoteItem } from './merge.ts';
import { echo, emptyAnswer, isParty, lookupActor } from './resolve.ts';
import type { Answer } from './types.ts';

/**
 * Keep rows about `about`: fuzzy over the quotation (or clause) and its sentence, in the rows' order.
 *
 * Each distinct text is searched once, and a row's own text only when its sentence does not contain
 * it: a fuzzy (Bitap) match inside a part of a sentence is one inside the whole sentence too, so the
 * sentence alone decides. The same rows are kept as when searching both fields of every row.
 */
export function filterAbout<R extends { text: string; sentence: string }>(rows: R[], about: string): R[] {
  const q = about.trim().slice(0, 200);
  if (!q) return rows;
  const index = new Map<string, number>();
  const texts: string[] = [];
  const idOf = (t: string) => index.get(t) ?? (index.set(t, texts.push(t) - 1), texts.length - 1);
  const searched = rows.map((r) => (r.sentence.includes(r.text) ? [idOf(r.sentence)] : [idOf(r.text), idOf(r.sentence)]));
  const fuse = new Fuse(texts, { threshold: 0.35, ignoreLocation: true, shouldSort: false });
  const hit = new Set(fuse.search(q).map((r) => r.refIndex));
  return rows.filter((_, i) => searched[i].some((t) => hit.has(t)));
}

/**
 * `/quote speaker [about]`: verbatim quotations of a speaker (or of everyone speaking for a party),
 * the same remark reported by several outlets shown once with every source.
 */
export function quotes(store: Store, input: { speaker: string; about?: string | null }): Answer {
  const found = lookupActor(store, 'quote', input.speaker, 'speaker');
  if ('answer' in found) return found.answer;
  const { actor } = found;
  const by = isParty(actor) ? 'party' : 'speaker';
  let rows = by === 'party' ? store.quotesByParty(actor.name) : store.quotesBySpeaker(actor.name);
  const about = input.about?.trim() || '';
  const title = about ? `Quotes of ${actor.name} about “${echo(about)}”` : `Quotes of ${actor.name}`;
  const total = rows.length >= RECORD_LIMIT ? store.countQuotes(by, actor.name) : { n: rows.length, more: false };
  const read = rows.length;
  if (about) rows = filterAbout(rows, about);
  if (!rows.length) {
    const notice = total.n
      ? `${actor.name} has ${countText(total, 'quote')} indexed, but none about “${echo(about)}”.`
      : `No quotations of ${actor.name} in the indexed articles yet.`;
    return emptyAnswer('quote', title, found.notice ? `${found.notice} ${notice}` : notice);
  }
  const citer = new Citer();
  const items = mergeQuotes(rows).map((c) => quoteItem(citer, c));
  const speakers = new Set(items.map((i) => i.speaker));
  const who = isParty(actor) && speakers.size > 1 ? `${actor.name} (${plural(speakers.size, 'speaker')})` : actor.name;
  return {
    command: 'quote',
    title,
    overview: `${who} — ${plural(items.length, 'quote')} from ${plural(articleCount(items), 'article')}`,
    items,
    notice: [found.notice, capNotice(read, total, 'quotations')].filter(Boolean).join(' ') || undefined,
    references: citer.references(),
  };
}
