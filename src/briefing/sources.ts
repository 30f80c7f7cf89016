import type { Store } from '../store/index.ts';
import { plural } from './cite.ts';
import type { Answer } from './types.ts';

/** `/sources`: the indexed articles with their counts. */
export function sources(store: Store): Answer {
  const articles = store.articles();
  if (!articles.length) return { command: 'sources', title: 'Sources', items: [], notice: 'No articles are indexed yet.', references: [] };
  const references = articles.map((a, i) => ({ ref: i + 1, article: a.id, title: a.title, outlet: a.outlet, url: a.url, published: a.published }));
  const info = articles.map(
    (a, i) => `[${i + 1}] ${plural(a.quotes, 'quote')}, ${plural(a.positions, 'position')}, ${plural(a.figures, 'figure')}, ${plural(a.sentences, 'sentence')}`,
  );
  return { command: 'sources', title: 'Sources', overview: `${plural(articles.length, 'article')} indexed`, items: [], info, references };
}
