import { TOPICS } from '../nlp/index.ts';
import type { Answer } from './types.ts';

export function help(): Answer {
  return {
    command: 'help',
    title: 'Parley — sourced briefings on the news it has read',
    overview: 'Every line Parley shows is verbatim from an indexed article and cites it as [n].',
    items: [],
    info: [
      '`/position russia` — what an actor has said it wants, by topic (add `topic:nato` to narrow). A party (Russia) includes everyone who speaks for it.',
      '`/quote witkoff` — who said what, verbatim (add `about:ceasefire` to narrow). Misspellings like Witkov or Wittkopf work.',
      '`/figures` — the numbers that matter: troop caps, plan points, days of ceasefire (add `topic:` or `about:`).',
      '`/search security guarantees` — the best-matching sentences, typos forgiven.',
      '`/sources` — the indexed articles.',
      '`/digest set` · `off` · `preview` · `status` — a daily briefing for this server (needs Manage Server).',
      `Topics: ${TOPICS.join(', ')}.`,
    ],
    references: [],
  };
}
