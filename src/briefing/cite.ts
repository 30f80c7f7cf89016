import type { CitedRow } from '../store/index.ts';
import type { AnswerItem, Citation, Reference, Source } from './types.ts';

/** Numbers articles [1], [2], … in the order an answer first cites them. */
export class Citer {
  private refs = new Map<number, Reference>();

  cite(row: CitedRow): Citation {
    let ref = this.refs.get(row.articleId);
    if (!ref) {
      ref = { ref: this.refs.size + 1, article: row.articleId, title: row.title, outlet: row.outlet, url: row.url, published: row.published };
      this.refs.set(row.articleId, ref);
    }
    return { ref: ref.ref, article: row.articleId, title: row.title, outlet: row.outlet, url: row.url, published: row.published, sentence: row.sentence };
  }

  references(): Reference[] {
    return [...this.refs.values()];
  }
}

const STOP = new Set('a an and are as at be but by for from has have i in is it its of on or so that the their there they this to was we were will with would'.split(' '));

export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFKD').match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => w.replace(/(?:'s|s)$/, '')));
}

/** Overlap coefficient of content words: how much of the shorter text the longer one repeats. */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Newest first: published date when known, else when it was ingested; then the later article. */
export function recency(row: CitedRow): string {
  return `${row.published ?? row.ingestedAt.slice(0, 10)}|${row.ingestedAt}|${String(row.articleId).padStart(10, '0')}`;
}

export interface Cluster<R extends CitedRow> {
  primary: R;
  others: R[];
}

/**
 * One line per remark or fact, however many outlets reported it: rows are merged across articles
 * when `same` says so (never two rows of one article), and clusters are ordered by how many sources
 * support them, then recency. A row joins the first cluster (oldest first) of its bucket it fits.
 *
 * `same(a, b, ai, bi)` also gets the rows' positions in `rows`, so callers can keep what they
 * compare in arrays; `b` is the row being placed, compared with cluster after cluster.
 */
export function mergeAcrossArticles<R extends CitedRow>(
  rows: R[],
  same: (a: R, b: R, ai: number, bi: number) => boolean,
  bucket: (r: R) => string = () => '',
): Cluster<R>[] {
  const stamps = rows.map(recency);
  // Newest first, then by position in the article; ties keep the input order (a stable sort).
  const order = rows.map((_, i) => i).sort((x, y) => (stamps[x] < stamps[y] ? 1 : stamps[x] > stamps[y] ? -1 : rows[x].start - rows[y].start));
  const clusters: Cluster<R>[] = [];
  // Only rows in the same bucket (speaker, actor and topic, unit and value) can be the same remark.
  const byBucket = new Map<string, { cluster: Cluster<R>; at: number }[]>();
  for (const i of order) {
    const row = rows[i];
    const key = bucket(row);
    let candidates = byBucket.get(key);
    if (!candidates) byBucket.set(key, (candidates = []));
    let home: Cluster<R> | undefined;
    for (const { cluster: c, at } of candidates) {
      if (c.primary.articleId !== row.articleId && !c.others.some((o) => o.articleId === row.articleId) && same(c.primary, row, at, i)) {
        home = c;
        break;
      }
    }
    if (home) home.others.push(row);
    else {
      const c = { primary: row, others: [] };
      clusters.push(c);
      candidates.push({ cluster: c, at: i });
    }
  }
  return clusters
    .map((c, i) => ({ c, i }))
    .sort((x, y) => y.c.others.length - x.c.others.length || x.i - y.i)
    .map((x) => x.c);
}

export function sourcesOf<R extends CitedRow & { text: string }>(citer: Citer, c: Cluster<R>): Source[] | undefined {
  if (!c.others.length) return undefined;
  return c.others.map((o) => ({ text: o.text, citation: citer.cite(o) }));
}

export function articleCount(items: AnswerItem[]): number {
  const ids = new Set<number>();
  for (const it of items) {
    ids.add(it.citation.article);
    for (const s of it.sources ?? []) ids.add(s.citation.article);
  }
  return ids.size;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
