import { TOPICS } from '../nlp/index.ts';
import { RECORD_LIMIT, type Store } from '../store/index.ts';
import { Citer, articleCount, plural } from './cite.ts';
import { capNotice, figureItem, mergeFigures } from './merge.ts';
import { filterAbout } from './quotes.ts';
import { echo, emptyAnswer } from './resolve.ts';
import type { Answer } from './types.ts';

/** `/figures [topic] [about]`: the numbers that matter, each with the clause that states it. */
export function figures(store: Store, input: { topic?: string | null; about?: string | null }): Answer {
  const topic = input.topic?.trim().toLowerCase() || null;
  if (topic && !(TOPICS as readonly string[]).includes(topic)) {
    return emptyAnswer('figures', 'Figures', `“${echo(topic)}” is not a topic I track. Topics: ${TOPICS.join(', ')}.`, [...TOPICS]);
  }
  const about = input.about?.trim() || '';
  let rows = store.figures(topic);
  const read = rows.length;
  if (about) rows = filterAbout(rows, about);
  const title = ['Figures', topic && `on ${topic}`, about && `about “${echo(about)}”`].filter(Boolean).join(' ');
  if (!rows.length) return emptyAnswer('figures', title, `No figures${topic ? ` on ${topic}` : ''}${about ? ` about “${echo(about)}”` : ''} in the indexed articles.`);
  const citer = new Citer();
  const items = mergeFigures(rows).map((c) => figureItem(citer, c));
  const topics = new Set(items.map((i) => i.topic).filter(Boolean));
  return {
    command: 'figures',
    title,
    overview: `${plural(items.length, 'figure')} on ${plural(topics.size, 'topic')} from ${plural(articleCount(items), 'article')}`,
    items,
    notice: read >= RECORD_LIMIT ? capNotice(read, store.countFigures(topic), 'figures') : undefined,
    references: citer.references(),
  };
}
