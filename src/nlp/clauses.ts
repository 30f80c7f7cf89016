import type { Mention, Sentence } from './types.ts';
import { GAP_WORDS } from './lexicon.ts';
import { isAttributive, mention } from './entities.ts';
import { codeAt, isSpace, letterLength, toLower } from './chars.ts';
import { objectList } from './shapes.ts';

/** What the clause-level rules need to know about one article. */
export interface ArticleContext {
  body: string;
  sentences: Sentence[];
  mentions: Mention[];
  bySentence: Mention[][];
  /** Quotation spans (outer marks included), for skipping words inside quotes. */
  quoteSpans: { start: number; end: number }[];
  /** Words outside quotes, per sentence index (computed once). */
  words: Map<number, Word[]>;
}

export function buildContext(body: string, sentences: Sentence[], mentions: Mention[], quoteSpans: { start: number; end: number }[]): ArticleContext {
  // Built by push into object lists, not by .map: one map for every article (see shapes.ts).
  const bySentence = objectList<Mention[]>();
  for (let i = 0; i < sentences.length; i++) bySentence.push(objectList<Mention>());
  for (const m of mentions) bySentence[m.sentence]?.push(m);
  const spans = [...quoteSpans].sort((a, b) => a.start - b.start);
  return { body, sentences, mentions, bySentence, quoteSpans: spans, words: new Map() };
}

export interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/** Words of a sentence with body offsets, outside quotation marks. */
export function wordsOutsideQuotes(ctx: ArticleContext, s: Sentence): Word[] {
  const cached = ctx.words.get(s.index);
  if (cached) return cached;
  const out = objectList<Word>();
  ctx.words.set(s.index, out);
  // Words are /\p{L}[\p{L}’'-]*/u, scanned by hand: this runs on every sentence, and a regex exec per
  // word cost more than the rest of the function.
  const text = s.text;
  // Words come in order, so the quotation that may hold the next word only moves forward: the
  // `insideQuote` test without a binary search per word.
  const spans = ctx.quoteSpans;
  let hit = lastSpanBefore(spans, s.start);
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const first = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : c < 128 ? 0 : letterLength(text, i);
    if (!first) {
      i++;
      continue;
    }
    const from = i;
    let lowerCase = c >= 97 && c <= 122; // so far all lower-case ASCII, its own lower case
    i += first;
    // One `i += n` for every kind of character: a branch of its own for the rare non-ASCII letter would
    // reach optimised code untried and deoptimise it.
    for (;;) {
      const c = codeAt(text, i);
      let n = 1;
      if (c >= 65 && c <= 90) lowerCase = false;
      else if (!((c >= 97 && c <= 122) || c === 0x2019 || c === 39 || c === 45)) { // ’ ' - lower-case to themselves
        if (c < 128 || !(n = letterLength(text, i))) break;
        lowerCase = false;
      }
      i += n;
    }
    const start = s.start + from;
    while (hit + 1 < spans.length && spans[hit + 1].start < start) hit++;
    if (hit >= 0 && start < spans[hit].end - 1) {
      // insideQuote(ctx, start): so is every word up to the closing mark, which need not be read. Skip
      // to the mark, unless it is ’ or ', which a word can run through.
      const close = spans[hit].end - 1;
      const mark = ctx.body.charCodeAt(close);
      if (mark !== 0x2019 && mark !== 39) i = Math.max(i, Math.min(text.length, close - s.start));
      continue;
    }
    const word = text.slice(from, i);
    // A capitalised word mid-sentence is a name or title ("Secretary of State"), never a verb: it keeps
    // its case (tested first by code, to spare lower-casing it).
    let lower = word;
    if (!lowerCase && (from === 0 || c < 65 || c > 90)) {
      const lowered = toLower(word);
      if (word[0] === lowered[0] || from === 0) lower = lowered;
    }
    out.push({ text: word, lower, start, end: start + word.length });
  }
  return out;
}

export function insideQuote(ctx: ArticleContext, pos: number): boolean {
  const hit = lastSpanBefore(ctx.quoteSpans, pos);
  return hit >= 0 && pos < ctx.quoteSpans[hit].end - 1;
}

/** Index of the last span starting before pos, or -1. Spans are sorted and do not overlap: a binary search. */
function lastSpanBefore(spans: { start: number }[], pos: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let hit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < pos) {
      hit = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return hit;
}

/** Index of the first item whose `key` is ≥ pos, in a list sorted by that key (binary search). */
export function lowerBound<T>(xs: T[], pos: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const GAP_PUNCTUATION = /[,;:“”"()—–]/;

/**
 * A gap of at most 8 tokens (runs of non-space), each a gap word or an -ly adverb, and no clause
 * punctuation. Tokens are read in place: this runs for every mention before every verb, and
 * trim/split/filter made three arrays a time.
 */
function isCleanGap(gap: string): boolean {
  if (GAP_PUNCTUATION.test(gap)) return false;
  let tokens = 0;
  for (let i = 0; i < gap.length; ) {
    if (isSpace(gap.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < gap.length && !isSpace(gap.charCodeAt(i))) i++;
    if (++tokens > 8) return false;
    const token = gap.slice(start, i);
    if (!GAP_WORDS.has(toLower(token)) && !token.endsWith('ly')) return false;
  }
  return true;
}

function isAppositiveGap(gap: string): boolean {
  return /^\s*,[^;:“”"]*\p{L}[^;:“”"]*,\s*$/u.test(gap) || /^\s*—[^;:“”"]*\p{L}[^;:“”"]*—\s*$/u.test(gap);
}

/** The mentions sharing m's span (a coordinated group gives one per party), looked up near index `at`. */
function sameSpan(ms: Mention[], m: Mention, at = ms.indexOf(m)): Mention[] {
  let a = at;
  while (a > 0 && ms[a - 1].start === m.start) a--;
  const out = objectList<Mention>();
  for (let i = a; i < ms.length && ms[i].start === m.start; i++) if (ms[i].end === m.end) out.push(ms[i]);
  return out;
}

/**
 * The subject of a verb: the nearest mention before it joined by nothing but auxiliaries, adverbs
 * and time phrases ("Moscow has long insisted"), or by an appositive ("Bolton, national security
 * adviser to Trump …, told"). Coordinated subjects come back as several mentions.
 */
export function subjectBefore(ctx: ArticleContext, s: Sentence, verbStart: number): Mention[] {
  const ms = ctx.bySentence[s.index];
  for (let i = lowerBound(ms, verbStart, (x) => x.start) - 1; i >= 0; i--) {
    const m = ms[i];
    if (m.end > verbStart) continue;
    // A subject and its verb are close; an appositive is a phrase, not a paragraph.
    if (verbStart - m.end > 240) break;
    if (m.possessive) continue;
    const gap = ctx.body.slice(m.end, verbStart);
    if (/[“”"]/.test(gap) && !isAppositiveGap(gap)) continue;
    let found = false;
    if (isCleanGap(gap)) {
      if (isAttributive(ctx.body, m) && m.kind !== 'institution') return objectList();
      found = true;
    } else if (isAppositiveGap(gap)) found = true;
    else if (gap.trim() === ',' && /,\s*$/.test(ctx.body.slice(Math.max(s.start, m.start - 3), m.start))) found = true;
    else {
      // "Ukraine, for its part, has refused": an appositive, then auxiliaries.
      const last = gap.lastIndexOf(',');
      if (last > 0 && isAppositiveGap(gap.slice(0, last + 1)) && isCleanGap(gap.slice(last + 1))) found = true;
    }
    if (found) return withCoordinated(ctx, ms, i);
  }
  const it = /(?:^|[\s,;])[Ii]t(\s+[^,;:“”"]*)$/.exec(ctx.body.slice(Math.max(s.start, verbStart - 80), verbStart));
  if (it && isCleanGap(it[1])) {
    const antecedent = lastInstitution(ctx, s.index, verbStart);
    if (antecedent) {
      const subject = objectList<Mention>();
      subject.push(mention(verbStart, verbStart, antecedent.name, antecedent.kind, antecedent.party, antecedent.gender, false, 'pronoun', s.index));
      return subject;
    }
  }
  return objectList();
}

/** "Russia and Ukraine have each said": every conjunct of a coordinated subject. */
function withCoordinated(ctx: ArticleContext, ms: Mention[], at: number): Mention[] {
  const m = ms[at];
  const out = sameSpan(ms, m, at);
  let head = m;
  for (let i = at - 1; i >= 0 && at - i < 12; i--) {
    const p = ms[i];
    if (p.end > head.start || p.possessive) continue;
    // The link next to the head must be "and"/"or"; earlier links may be commas ("A, B and C").
    const link = ctx.body.slice(p.end, head.start);
    const ok = head === m ? /^\s*,?\s*(?:and|or)\s+$/.test(link) : /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$/.test(link);
    if (!ok) break;
    out.unshift(...sameSpan(ms, p, i));
    head = p;
  }
  return out;
}

/** "It also rules out …": the state, bloc or institution most recently named as a subject. */
function lastInstitution(ctx: ArticleContext, sentence: number, before: number): Mention | null {
  for (let i = sentence; i >= Math.max(0, sentence - 2); i--) {
    const ms = ctx.bySentence[i];
    for (let j = ms.length - 1; j >= 0; j--) {
      const m = ms[j];
      if (m.start >= before || m.kind === 'person' || m.possessive || insideQuote(ctx, m.start)) continue;
      if (m.kind !== 'group' && isAttributive(ctx.body, m)) continue;
      return m;
    }
  }
  return null;
}

/** The speaker after an inverted verb: `said Witkoff`, `said U.S. Secretary of State Marco Rubio`. */
export function subjectAfter(ctx: ArticleContext, s: Sentence, verbEnd: number): Mention[] {
  const all = ctx.bySentence[s.index];
  const ms = all.slice(lowerBound(all, verbEnd, (m) => m.start), lowerBound(all, verbEnd, (m) => m.start) + 8).filter((m) => !m.possessive);
  for (const m of ms) {
    const gap = ctx.body.slice(verbEnd, m.start);
    if (/[,;:“”"]/.test(gap)) return objectList();
    // Only titles may stand between an inverted verb and its speaker: "said U.S. Secretary of State Marco Rubio".
    const tokens = gap.trim().split(/\s+/).filter(Boolean);
    if (tokens.length > 6 || tokens.some((t) => !/^(?:\p{Lu}|of$|the$|former$|chief$|deputy$)/u.test(t))) return objectList();
    if (m.kind === 'state' && isAttributive(ctx.body, m)) continue;
    return sameSpan(ms, m);
  }
  return objectList();
}

/** The subject of the main clause, for participles: "Trump …, telling reporters: “…”". */
export function mainSubject(ctx: ArticleContext, s: Sentence, before: number): Mention[] {
  const ms = ctx.bySentence[s.index];
  for (let i = 0; i < ms.length && ms[i].end <= before && i < 40; i++) {
    const m = ms[i];
    if (m.possessive || insideQuote(ctx, m.start)) continue;
    if (isAttributive(ctx.body, m)) continue;
    return sameSpan(ms, m, i);
  }
  return objectList();
}

/** Whether a clause boundary ("; ", ", but ", ", while ", ", and has …") separates two positions. */
export function crossesClause(text: string): boolean {
  return /;|, and (?:has|have|had|is|are|was|were|will|would)\b|\. /.test(text);
}
