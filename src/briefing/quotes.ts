import Fuse from 'fuse.js';
import { RECORD_LIMIT, type Store } from '../store/index.ts';
import { Citer, articleCount, plural } from './cite.ts';
import { capNotice, mergeQuotes, quoteItem } from './merge.ts';
import { echo, emptyAnswer, isParty, lookupActor } from './resolve.ts';
import type { Answer } from './types.ts';

/** Keep rows about `about`: fuzzy over the quotation and its sentence. */
export function filterAbout<R extends { text: string; sentence: string }>(rows: R[], about: string): R[] {
  const q = about.trim().slice(0, 200);
  if (!q) return rows;
  const fuse = new Fuse(rows, { keys: ['text', 'sentence'], threshold: 0.35, ignoreLocation: true, includeScore: true });
  return fuse.search(q).map((r) => r.item);
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
  const total = rows.length >= RECORD_LIMIT ? store.countQuotes(by, actor.name) : rows.length;
  const read = rows.length;
  if (about) rows = filterAbout(rows, about);
  if (!rows.length) {
    const notice = total
      ? `${actor.name} has ${plural(total, 'quote')} indexed, but none about “${echo(about)}”.`
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
