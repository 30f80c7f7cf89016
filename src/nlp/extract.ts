import type { Extraction, PositionRecord, QuoteRecord } from './types.ts';
import { objectList } from './shapes.ts';
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
  const spoken = spokenNames(quotes, positions);
  const newActors = objectList<Extraction['newActors'][number]>();
  for (const p of newPeople) if (spoken.has(p.name)) newActors.push({ name: p.name, kind: 'person', party: p.party });
  return { sentences, mentions, quotes, positions, figures, newActors };
}

/** Who speaks in the article: quotation speakers and the people who voice positions ('' for none). */
function spokenNames(quotes: QuoteRecord[], positions: PositionRecord[]): Set<string> {
  const spoken = new Set<string>();
  for (const q of quotes) spoken.add(q.speaker);
  for (const p of positions) spoken.add(p.person ?? '');
  return spoken;
}
