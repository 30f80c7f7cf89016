import { RECORD_LIMIT, type Store, type PositionRow } from '../store/index.ts';
import { TOPICS } from '../nlp/index.ts';
import { Citer, articleCount, plural } from './cite.ts';
import { capNotice, mergePositions, positionItem, topicRank } from './merge.ts';
import { echo, emptyAnswer, isParty, lookupActor } from './resolve.ts';
import type { Answer, AnswerItem } from './types.ts';

/**
 * `/position actor [topic]`: what an actor has said it wants, grouped by topic. A party (Russia)
 * gathers everyone who speaks for it; a person (Putin) only that person.
 */
export function positions(store: Store, input: { actor: string; topic?: string | null }): Answer {
  const found = lookupActor(store, 'position', input.actor, 'actor');
  if ('answer' in found) return found.answer;
  const { actor } = found;
  const topic = input.topic?.trim().toLowerCase() || null;
  if (topic && !(TOPICS as readonly string[]).includes(topic)) {
    return emptyAnswer('position', `Positions of ${actor.name}`, `“${echo(topic)}” is not a topic I track. Topics: ${TOPICS.join(', ')}.`, [...TOPICS]);
  }
  // A party's positions are everyone's who speaks for it; a person's (or a new person's with no known party) their own.
  let by: 'actor' | 'person' = isParty(actor) ? 'actor' : 'person';
  if (by === 'person' && !store.hasPositions('person', actor.name)) by = 'actor';
  const rows: PositionRow[] = by === 'actor' ? store.positionsByActor(actor.name, topic) : store.positionsByPerson(actor.name, topic);
  const title = topic ? `Positions of ${actor.name} on ${topic}` : `Positions of ${actor.name}`;
  if (!rows.length) {
    const have = store.positionTopics(by, actor.name).sort((a, b) => topicRank(a) - topicRank(b));
    const notice = topic && have.length
      ? `No stated position of ${actor.name} on ${topic} in the indexed articles. It has positions on: ${have.join(', ')}.`
      : `No stated positions of ${actor.name} in the indexed articles yet.`;
    return { ...emptyAnswer('position', title, notice, have), notice: found.notice ? `${found.notice} ${notice}` : notice };
  }

  const clusters = mergePositions(rows);
  // Group by topic (taxonomy order); within a topic the merge order (support, then recency) holds.
  const ordered = clusters.map((c, i) => ({ c, i })).sort((x, y) => topicRank(x.c.primary.topic) - topicRank(y.c.primary.topic) || x.i - y.i);
  const citer = new Citer();
  const items: AnswerItem[] = ordered.map(({ c }) => positionItem(citer, c));
  const topics = new Set(items.map((i) => i.topic));
  const cap = rows.length >= RECORD_LIMIT ? capNotice(rows.length, store.countPositions(by, actor.name, topic), 'stated positions') : undefined;
  return {
    command: 'position',
    title,
    overview: `${actor.name} — ${plural(items.length, 'statement')} on ${plural(topics.size, 'topic')} from ${plural(articleCount(items), 'article')}`,
    items,
    notice: [found.notice, cap].filter(Boolean).join(' ') || undefined,
    references: citer.references(),
  };
}
