import type { Extraction } from './types.ts';
import { splitSentences } from './sentences.ts';
import { findMentions, type GazetteerIndex } from './entities.ts';
import { findQuoteSpans, extractQuotes } from './quotes.ts';
import { extractPositions } from './positions.ts';
import { extractFigures } from './figures.ts';
import { buildContext } from './clauses.ts';
import { clearTopicMemo } from './topics.ts';

/** Run every extraction rule over one article body. Pure: text in, records out. */
export function extractArticle(body: string, index: GazetteerIndex): Extraction {
  clearTopicMemo();
  const sentences = splitSentences(body);
  const spans = findQuoteSpans(body);
  const { mentions, newPeople } = findMentions(body, sentences, index, spans);
  const ctx = buildContext(body, sentences, mentions, spans);
  const quotes = extractQuotes(ctx, spans);
  const positions = extractPositions(ctx, quotes);
  const figures = extractFigures(sentences);
  const spoken = new Set([...quotes.map((q) => q.speaker), ...positions.map((p) => p.person ?? '')]);
  const newActors = newPeople
    .filter((p) => spoken.has(p.name))
    .map((p) => ({ name: p.name, kind: 'person' as const, party: p.party }));
  return { sentences, mentions, quotes, positions, figures, newActors };
}
