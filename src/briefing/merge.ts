import { TOPICS } from '../nlp/index.ts';
import type { FigureRow, PositionRow, QuoteRow, RecordCount } from '../store/index.ts';
import { Citer, contentWords, mergeAcrossArticles, plural, sourcesOf, type Cluster } from './cite.ts';
import type { AnswerItem } from './types.ts';

/**
 * "Showing the newest 100 of 5,000": said whenever a briefing read only the newest records. Counts
 * stop at COUNT_CAP, so past it the notice says "of more than 10,000".
 */
export function capNotice(shown: number, total: RecordCount, what: string): string | undefined {
  if (total.more) return `Showing the newest ${shown.toLocaleString('en')} of more than ${total.n.toLocaleString('en')} ${what}.`;
  return total.n > shown ? `Showing the newest ${shown.toLocaleString('en')} of ${total.n.toLocaleString('en')} ${what}.` : undefined;
}

/** "12 quotes", or "more than 10,000 quotes" when the count stopped at its cap. */
export function countText(total: RecordCount, one: string, many = `${one}s`): string {
  return total.more ? `more than ${total.n.toLocaleString('en')} ${many}` : plural(total.n, one, many);
}

/**
 * When two records from different articles are the same remark, stance or fact, and how each
 * becomes an answer line. `/quote`, `/position`, `/figures` and the digest all merge by these rules.
 */

export const topicRank = (t: string | null | undefined) => {
  const i = t ? (TOPICS as readonly string[]).indexOf(t) : -1;
  return i < 0 ? TOPICS.length : i;
};

/**
 * The content words of each row (contentWords of its text, in that order), read once per merge and
 * numbered: `shared(ai, bi)` counts the words of row `ai` that row `bi` has with integer reads, not
 * Set lookups. The merge compares one new row `bi` with cluster after cluster: its words are marked once.
 */
function wordTable(rows: { text: string }[]) {
  const numbers = new Map<string, number>();
  const words = rows.map((r) => [...contentWords(r.text)]);
  const ids = words.map((ws) => {
    const out = new Int32Array(ws.length);
    for (let k = 0; k < ws.length; k++) {
      let n = numbers.get(ws[k]);
      if (n === undefined) numbers.set(ws[k], (n = numbers.size));
      out[k] = n;
    }
    return out;
  });
  const mark = new Int32Array(numbers.size).fill(-1);
  let marked = -1;
  return {
    words,
    shared(ai: number, bi: number): number {
      if (bi !== marked) {
        marked = bi;
        for (const id of ids[bi]) mark[id] = bi;
      }
      let n = 0;
      for (const id of ids[ai]) if (mark[id] === bi) n++;
      return n;
    },
  };
}

/** One row per remark within an article: a word quoted twice ("compelling" in the lead and again below) is one line. */
function onePerArticle(rows: QuoteRow[]): QuoteRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.articleId}\u0000${r.speaker}\u0000${r.text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function mergeQuotes(all: QuoteRow[]): Cluster<QuoteRow>[] {
  const rows = onePerArticle(all);
  const { words, shared } = wordTable(rows);
  // Two reports of one remark by one speaker: the same words, or one quoting part of the other
  // (two shared words or more, covering half of the shorter).
  const sameRemark = (_a: QuoteRow, _b: QuoteRow, ai: number, bi: number) => {
    const na = words[ai].length;
    const nb = words[bi].length;
    if (Math.min(na, nb) < 2) return na > 0 && words[ai].join(' ') === words[bi].join(' ');
    const n = shared(ai, bi);
    return n >= 2 && n / Math.min(na, nb) >= 0.5;
  };
  return mergeAcrossArticles(rows, sameRemark, (r) => r.speaker);
}

export function mergePositions(rows: PositionRow[]): Cluster<PositionRow>[] {
  const { words, shared } = wordTable(rows);
  // The same stance: an overlap coefficient of content words (see `overlap`) of 0.6 or more.
  const sameStance = (_a: PositionRow, _b: PositionRow, ai: number, bi: number) => {
    const na = words[ai].length;
    const nb = words[bi].length;
    return na > 0 && nb > 0 && shared(ai, bi) / Math.min(na, nb) >= 0.6;
  };
  return mergeAcrossArticles(rows, sameStance, (r) => `${r.actor}|${r.topic}`);
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
