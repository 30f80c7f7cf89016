import type { ArticleRow, CitedRow, Store } from '../store/index.ts';
import { Citer, plural } from './cite.ts';
import { figureItem, mergeFigures, mergePositions, mergeQuotes, positionItem, quoteItem, topicRank } from './merge.ts';
import type { Answer, AnswerItem, Reference } from './types.ts';

/** Which part of the digest an item belongs to; renderers group and head by it. */
export type DigestSection = 'article' | 'quote' | 'position' | 'figure';

export interface DigestItem extends AnswerItem {
  section: DigestSection;
}

/**
 * What is new since the last digest, transport-neutral: new articles (title, outlet, link, cited to
 * their first sentence), new quotes by speaker, new positions by actor and topic, new figures. Items
 * come in that order; every one cites its article as [n], numbered the same in every part.
 */
export interface DigestAnswer extends Answer {
  command: 'digest';
  items: DigestItem[];
  /** The window covered: articles ingested after `since` (null: from the beginning) up to `until`. */
  since: string | null;
  until: string;
  counts: { articles: number; quotes: number; positions: number; figures: number };
  /** 1-based part and part count once split for sending (see `splitDigest`). */
  part?: number;
  parts?: number;
}

/** The reads a digest needs (the article `Store` has all but `articleLeads`, which is optional). */
export type DigestSource = Pick<Store, 'articlesSince' | 'quotesByArticles' | 'positionsByArticles' | 'figuresByArticles'> & {
  articleLeads?(ids: number[]): Map<number, string>;
};

export interface DigestOptions {
  /** Articles ingested strictly after this ISO instant; null for all. */
  since: string | null;
  /** … and at or before this one (default: no upper bound, reported as now). */
  until?: string;
  /** Only these canonical actors (a party includes everyone speaking for it). */
  actors?: string[] | null;
  /** Only these topics. */
  topics?: string[] | null;
  /** The local date the digest is for, shown in the title. */
  period?: string;
  /** IANA zone to state times in (default UTC). */
  timezone?: string;
}

/** Most lines per section; the rest is counted in the notice, never silently dropped. */
export const DIGEST_SECTION_LIMITS: Record<DigestSection, number> = { article: 20, quote: 12, position: 12, figure: 8 };

/** Scare-quoted fragments ("compelling", "permanent") are not statements: left to /quote. */
const MIN_QUOTE_WORDS = 3;
const wordCount = (s: string) => s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

/** " since 9 Jun 2026, 08:00 (Europe/Kyiv)", in the schedule's own time when known. */
function describeWindow(since: string | null, timezone?: string): string {
  if (!since) return '';
  try {
    const zone = timezone ?? 'UTC';
    const when = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(since));
    return ` since ${when} (${zone})`;
  } catch {
    return ` since ${since.slice(0, 16).replace('T', ' ')} UTC`;
  }
}

/** Build the digest for a window of newly ingested articles. */
export function digest(source: DigestSource, options: DigestOptions): DigestAnswer {
  const until = options.until ?? new Date().toISOString();
  const actors = options.actors?.length ? new Set(options.actors) : null;
  const topics = options.topics?.length ? new Set(options.topics) : null;
  const filtered = Boolean(actors || topics);
  const title = options.period ? `Daily briefing — ${options.period}` : 'Briefing — what is new';

  const articles = source.articlesSince(options.since ?? '').filter((a) => a.ingestedAt <= until);
  const ids = articles.map((a) => a.id);

  const byTopic = (t: string | null) => !topics || (t !== null && topics.has(t));
  const quoteRows = ids.length
    ? source.quotesByArticles(ids).filter((q) => wordCount(q.text) >= MIN_QUOTE_WORDS && (!actors || actors.has(q.speaker) || (q.party !== null && actors.has(q.party))) && byTopic(q.topic))
    : [];
  const positionRows = ids.length
    ? source.positionsByArticles(ids).filter((p) => (!actors || actors.has(p.actor) || (p.person !== null && actors.has(p.person))) && byTopic(p.topic))
    : [];
  // Figures have no actor: with an actor filter, keep those from articles where the actors speak.
  const actorArticles = new Set([...quoteRows, ...positionRows].map((r) => r.articleId));
  const figureRows = ids.length
    ? source.figuresByArticles(ids).filter((f) => byTopic(f.topic) && (!actors || actorArticles.has(f.articleId)))
    : [];

  const contributing = new Set([...quoteRows, ...positionRows, ...figureRows].map((r) => r.articleId));
  const shownArticles = filtered ? articles.filter((a) => contributing.has(a.id)) : articles;

  const citer = new Citer();
  const items: DigestItem[] = [];
  const omitted: string[] = [];
  const take = <T>(section: DigestSection, xs: T[], what: string): T[] => {
    const limit = DIGEST_SECTION_LIMITS[section];
    if (xs.length > limit) omitted.push(plural(xs.length - limit, what));
    return xs.slice(0, limit);
  };

  // New articles, in the order they arrived: they take the first reference numbers.
  const leads = source.articleLeads?.(shownArticles.map((a) => a.id)) ?? new Map<number, string>();
  for (const a of take('article', shownArticles, 'more article')) {
    items.push({ section: 'article', text: a.title, citation: citer.cite(articleCited(a, leads.get(a.id))) });
  }

  // Quotes by speaker: the most quoted first; one line per remark however many outlets carried it.
  const quoteClusters = mergeQuotes(quoteRows);
  const quotes = fairShare(quoteClusters, (c) => c.primary.speaker, DIGEST_SECTION_LIMITS.quote);
  for (const c of take('quote', quotes, 'more quote')) {
    items.push({ section: 'quote', ...quoteItem(citer, c) });
  }

  // Positions by actor, then topic (taxonomy order).
  const positionClusters = mergePositions(positionRows);
  const positions = fairShare(positionClusters, (c) => c.primary.actor, DIGEST_SECTION_LIMITS.position, (a, b) =>
    a.primary.actor.localeCompare(b.primary.actor) || topicRank(a.primary.topic) - topicRank(b.primary.topic));
  for (const c of take('position', positions, 'more position')) {
    items.push({ section: 'position', ...positionItem(citer, c) });
  }

  // Figures: the same value and unit in several articles is one line.
  const figureClusters = mergeFigures(figureRows);
  for (const c of take('figure', figureClusters, 'more figure')) {
    items.push({ section: 'figure', ...figureItem(citer, c) });
  }

  const counts = { articles: shownArticles.length, quotes: quotes.length, positions: positions.length, figures: figureClusters.length };
  const base = { command: 'digest' as const, title, since: options.since, until, counts, references: citer.references() };
  const scope = [actors && `for ${[...actors].join(', ')}`, topics && `on ${[...topics].join(', ')}`].filter(Boolean).join(' ');
  if (!items.length) {
    const notice = filtered && articles.length
      ? `Nothing new ${scope}${describeWindow(options.since, options.timezone)} (${plural(articles.length, 'new article')} on other subjects).`
      : `No new articles${describeWindow(options.since, options.timezone)}.`;
    return { ...base, items: [], notice };
  }
  const overview = [
    plural(counts.articles, 'new article'),
    counts.quotes && plural(counts.quotes, 'quote'),
    counts.positions && plural(counts.positions, 'position'),
    counts.figures && plural(counts.figures, 'figure'),
  ]
    .filter(Boolean)
    .join(' · ');
  const notes = [scope && `Only ${scope}.`, omitted.length && `Not shown: ${omitted.join(', ')} (ask /quote, /position or /figures).`].filter(Boolean);
  return { ...base, overview, items, notice: notes.length ? notes.join(' ') : undefined };
}

/**
 * Up to `limit` of `xs` shared fairly between groups (each speaker or actor gets a line before any
 * gets a second, best-supported first), then ordered group by group: the busiest group first, or
 * by `order`. Everything beyond the limit stays at the end, to be counted as not shown.
 */
function fairShare<T>(xs: T[], group: (x: T) => string, limit: number, order?: (a: T, b: T) => number): T[] {
  const groups = new Map<string, T[]>();
  for (const x of xs) groups.set(group(x), [...(groups.get(group(x)) ?? []), x]);
  const picked = new Set<T>();
  for (let round = 0; picked.size < Math.min(limit, xs.length); round++) {
    for (const g of groups.values()) if (g[round] !== undefined && picked.size < limit) picked.add(g[round]);
  }
  const rank = [...groups.keys()].sort((a, b) => groups.get(b)!.length - groups.get(a)!.length || a.localeCompare(b));
  const index = new Map(xs.map((x, i) => [x, i]));
  const sorted = [...picked].sort((a, b) =>
    order ? order(a, b) || index.get(a)! - index.get(b)! : rank.indexOf(group(a)) - rank.indexOf(group(b)) || index.get(a)! - index.get(b)!);
  return [...sorted, ...xs.filter((x) => !picked.has(x))];
}

function articleCited(a: ArticleRow, lead: string | undefined): CitedRow {
  return {
    articleId: a.id, title: a.title, outlet: a.outlet, published: a.published, url: a.url, ingestedAt: a.ingestedAt,
    sentence: lead ?? a.title, start: 0, end: 0,
  };
}

// ── splitting into messages ──────────────────────────────────────────────────────────────────

/**
 * Budget of one part, in characters of what a renderer shows: the item lines (text, speaker / actor /
 * topic labels, [n] markers, other outlets' wordings) plus the part's reference lines (title, outlet,
 * date, link). 3,500 leaves room under Discord's 4,096-character embed description and 6,000 per
 * message for headings and formatting; `citation.sentence` (context) is not counted.
 */
export const DIGEST_PART_CHARS = 3500;
/** At most this many items per part (the Discord renderer's page size, so a part is one embed). */
export const DIGEST_PART_ITEMS = 10;

const refMarks = (it: AnswerItem) => 4 * (1 + (it.sources?.length ?? 0));
const itemChars = (it: AnswerItem) =>
  16 + it.text.length + refMarks(it) + (it.speaker?.length ?? 0) + (it.actor?.length ?? 0) + (it.person?.length ?? 0) + (it.topic?.length ?? 0) +
  (it.sources ?? []).reduce((n, s) => n + s.text.length + 8, 0);
const refChars = (r: Reference) => 16 + r.title.length + (r.outlet?.length ?? 0) + (r.published?.length ?? 0) + (r.url?.length ?? 0);
const refsOf = (it: AnswerItem) => [it.citation.ref, ...(it.sources ?? []).map((s) => s.citation.ref)];

/**
 * Split a digest into parts that each fit one message, at item boundaries only: a line and its
 * citation are never cut. Each part carries the references its items cite (numbers unchanged), the
 * title with "(i/n)", and `part` / `parts`. An item too large alone keeps its primary citation and
 * drops other outlets' wordings until it fits. An empty digest is one part.
 */
export function splitDigest(answer: DigestAnswer, budget = DIGEST_PART_CHARS, maxItems = DIGEST_PART_ITEMS): DigestAnswer[] {
  const refs = new Map(answer.references.map((r) => [r.ref, r]));
  const header = answer.title.length + (answer.overview?.length ?? 0) + (answer.notice?.length ?? 0) + 24;
  const groups: DigestItem[][] = [];
  let current: DigestItem[] = [];
  let used = header;
  let seen = new Set<number>();
  const costOf = (it: DigestItem, seenRefs: Set<number>) =>
    itemChars(it) + refsOf(it).filter((r) => !seenRefs.has(r)).reduce((n, r) => n + refChars(refs.get(r)!), 0);
  for (const original of answer.items) {
    let it = original;
    while (it.sources?.length && header + costOf(it, new Set()) > budget) {
      const sources = it.sources.slice(0, -1);
      it = { ...it, sources: sources.length ? sources : undefined };
    }
    const cost = costOf(it, seen);
    if (current.length && (used + cost > budget || current.length >= maxItems)) {
      groups.push(current);
      current = [];
      used = header;
      seen = new Set();
    }
    current.push(it);
    used += costOf(it, seen);
    for (const r of refsOf(it)) seen.add(r);
  }
  if (current.length || !groups.length) groups.push(current);
  const parts = groups.length;
  return groups.map((items, i) => {
    const cited = new Set(items.flatMap(refsOf));
    return {
      ...answer,
      title: parts > 1 ? `${answer.title} (${i + 1}/${parts})` : answer.title,
      items,
      references: answer.references.filter((r) => cited.has(r.ref)),
      part: i + 1,
      parts,
    };
  });
}
