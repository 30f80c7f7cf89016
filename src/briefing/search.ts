import { searchSentences } from '../search/index.ts';
import type { Store } from '../store/index.ts';
import { Citer, articleCount, plural } from './cite.ts';
import { echo, emptyAnswer } from './resolve.ts';
import type { Answer } from './types.ts';

/** `/search query`: the best-matching sentences across all articles, typo-tolerant. */
export function search(store: Store, input: { query: string; limit?: number }): Answer {
  const query = input.query ?? '';
  const title = `Search: ${echo(query) || '…'}`;
  if (!query.trim()) return emptyAnswer('search', title, 'Tell me what to look for, for example `/search security guarantees`.');
  const result = searchSentences(store, query, input.limit ?? 10);
  const read = result.corrections.map((c) => `“${c.typed}” as “${c.used[0]}”`);
  const notes: string[] = [];
  if (read.length) notes.push(`Read ${read.join(', ')}.`);
  if (!result.hits.length) {
    notes.push(`Nothing in the indexed articles matches “${echo(query)}”.`);
    return emptyAnswer('search', title, notes.join(' '));
  }
  const citer = new Citer();
  const items = result.hits.map((h) => ({ text: h.sentence, citation: citer.cite(h) }));
  return {
    command: 'search',
    title,
    overview: `${plural(items.length, 'matching sentence')} from ${plural(articleCount(items), 'article')}`,
    items,
    notice: notes.length ? notes.join(' ') : undefined,
    references: citer.references(),
  };
}
