import { TOPICS } from '../nlp/index.ts';
import type { FigureRow, PositionRow, QuoteRow } from '../store/index.ts';
import { Citer, contentWords, mergeAcrossArticles, overlap, sourcesOf, type Cluster } from './cite.ts';
import type { AnswerItem } from './types.ts';

/** "Showing the newest 200 of 5,000": said whenever a briefing read only the newest records. */
export function capNotice(shown: number, total: number, what: string): string | undefined {
  return total > shown ? `Showing the newest ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${what}.` : undefined;
}

/**
 * When two records from different articles are the same remark, stance or fact, and how each
 * becomes an answer line. `/quote`, `/position`, `/figures` and the digest all merge by these rules.
 */

export const topicRank = (t: string | null | undefined) => {
  const i = t ? (TOPICS as readonly string[]).indexOf(t) : -1;
  return i < 0 ? TOPICS.length : i;
};

function wordsCache<R extends { id: number; text: string }>() {
  const cache = new Map<number, Set<string>>();
  return (r: R) => cache.get(r.id) ?? cache.set(r.id, contentWords(r.text)).get(r.id)!;
}

/** Two reports of one remark by one speaker: the same words, or one quoting part of the other. */
function sameRemark(a: Set<string>, b: Set<string>): boolean {
  if (Math.min(a.size, b.size) < 2) return a.size > 0 && [...a].join(' ') === [...b].join(' ');
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= 2 && overlap(a, b) >= 0.5;
}

export function mergeQuotes(rows: QuoteRow[]): Cluster<QuoteRow>[] {
  const words = wordsCache<QuoteRow>();
  return mergeAcrossArticles(rows, (a, b) => sameRemark(words(a), words(b)), (r) => r.speaker);
}

export function mergePositions(rows: PositionRow[]): Cluster<PositionRow>[] {
  const words = wordsCache<PositionRow>();
  return mergeAcrossArticles(rows, (a, b) => overlap(words(a), words(b)) >= 0.6, (r) => `${r.actor}|${r.topic}`);
}

/** The same fact in two articles: the same unit and value (vague amounts never merge). */
export function mergeFigures(rows: FigureRow[]): Cluster<FigureRow>[] {
  return mergeAcrossArticles(rows, (a) => a.value !== null, (r) => `${r.unit}|${r.value}`);
}

export function quoteItem(citer: Citer, c: Cluster<QuoteRow>): AnswerItem {
  return {
    text: c.primary.text,
    speaker: c.primary.speaker,
    actor: c.primary.party ?? c.primary.speaker,
    topic: c.primary.topic,
    citation: citer.cite(c.primary),
    sources: sourcesOf(citer, c),
  };
}

export function positionItem(citer: Citer, c: Cluster<PositionRow>): AnswerItem {
  return {
    text: c.primary.text,
    actor: c.primary.actor,
    person: c.primary.person,
    topic: c.primary.topic,
    citation: citer.cite(c.primary),
    sources: sourcesOf(citer, c),
  };
}

export function figureItem(citer: Citer, c: Cluster<FigureRow>): AnswerItem {
  return {
    text: c.primary.text,
    value: c.primary.value,
    unit: c.primary.unit,
    topic: c.primary.topic,
    citation: citer.cite(c.primary),
    sources: sourcesOf(citer, c),
  };
}
