import type { Mention, QuoteRecord, Sentence } from './types.ts';
import { SPEECH_VERBS } from './lexicon.ts';
import { type ArticleContext, crossesClause, lowerBound, mainSubject, subjectAfter, subjectBefore, wordsOutsideQuotes } from './clauses.ts';
import { tagTopic } from './topics.ts';
import { codeAt, codeUnitTest, nextMatch, spaceRuns } from './chars.ts';
import { objectList } from './shapes.ts';

export interface QuoteSpan {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just past the closing mark. */
  end: number;
  innerStart: number;
  innerEnd: number;
}

const isLetterOrDigitUnit = codeUnitTest(/[\p{L}\p{N}]/u);
/** Whether one UTF-16 code unit is a letter or digit (a lone surrogate is not); false past the end (-1). */
const isLetter = (c: number) => (c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : isLetterOrDigitUnit(c));
const LOWER = /\p{Ll}/u;

const LEFT_DOUBLE = 0x201c; // “
const RIGHT_DOUBLE = 0x201d; // ”
const LEFT_SINGLE = 0x2018; // ‘
const RIGHT_SINGLE = 0x2019; // ’
const DOUBLE = 34; // "
const SINGLE = 39; // '
/** Every mark findQuoteSpans acts on. */
const QUOTE_MARK = /[“”‘’"']/g;

/**
 * Quotation spans, line by line: “curly”, "straight" and top-level ‘single’ quotes. Single quotes
 * inside double quotes are part of the quotation. A mark left open at the end of the line is dropped:
 * without its end we cannot know what was said. Only quotation marks do anything here: the loop jumps
 * from one to the next (see nextMatch), finding the line of each.
 */
export function findQuoteSpans(body: string): QuoteSpan[] {
  const spans = objectList<QuoteSpan>();
  let lineStart = 0;
  let lineEnd = -1; // the line being read ends here (at its \n or the end of the body)
  let open = -1;
  let kind = '';
  let depth = 0;
  for (let i = nextMatch(QUOTE_MARK, body, 0); i >= 0; i = nextMatch(QUOTE_MARK, body, i + 1)) {
    if (i > lineEnd) {
      // A new line: a mark left open on the last one is dropped.
      lineStart = body.lastIndexOf('\n', i) + 1;
      lineEnd = body.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = body.length;
      open = -1;
      kind = '';
      depth = 0;
    }
    const c = body.charCodeAt(i);
    if (open < 0) {
      if (c !== LEFT_DOUBLE && c !== DOUBLE && c !== LEFT_SINGLE && c !== SINGLE) continue;
      const prev = i > lineStart ? body.charCodeAt(i - 1) : 32;
      if (c === LEFT_DOUBLE) { open = i; kind = 'curly'; depth = 1; }
      else if (c === DOUBLE && !isLetter(prev)) { open = i; kind = 'straight'; }
      else if (c === LEFT_SINGLE && !isLetter(prev)) { open = i; kind = 'single'; }
      else if (c === SINGLE && !isLetter(prev) && isLetter(codeAt(body, i + 1))) { open = i; kind = 'straight-single'; }
      continue;
    }
    let closes = false;
    if (kind === 'curly') {
      if (c === LEFT_DOUBLE) depth++;
      else if (c === RIGHT_DOUBLE && --depth === 0) closes = true;
    } else if (kind === 'straight') closes = c === DOUBLE;
    else if (kind === 'single') {
      if (c === RIGHT_SINGLE) {
        const next = codeAt(body, i + 1);
        // "the Europeans’ leverage": a plural possessive, when a later mark can close the quotation.
        const possessive = body.charCodeAt(i - 1) === 115 /* s */ && next === 32 && LOWER.test(i + 2 < body.length ? body[i + 2] : '') && body.indexOf('’', i + 1) > 0 && body.indexOf('’', i + 1) < lineEnd;
        closes = !isLetter(next) && !possessive;
      }
    }
    else if (kind === 'straight-single') closes = c === SINGLE && !isLetter(codeAt(body, i + 1));
    if (closes) {
      let innerStart = open + 1;
      let innerEnd = i;
      while (innerStart < innerEnd && /\s/.test(body[innerStart])) innerStart++;
      while (innerEnd > innerStart && /\s/.test(body[innerEnd - 1])) innerEnd--;
      if (innerEnd > innerStart && /[,.]/.test(body[innerEnd - 1]) && !/\.\.$/.test(body.slice(innerStart, innerEnd))) innerEnd--;
      if (innerEnd > innerStart) spans.push({ start: open, end: i + 1, innerStart, innerEnd });
      open = -1;
    }
  }
  return spans;
}

/** The sentence holding pos: a binary search, as sentences are in order and do not overlap. */
function sentenceOf(sentences: Sentence[], pos: number): Sentence | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (s.end <= pos) lo = mid + 1;
    else if (s.start > pos) hi = mid - 1;
    else return s;
  }
  return undefined;
}

const isSpeech = (w: string) => SPEECH_VERBS.has(w);

/**
 * Who said a quotation, by the rules news writing follows, strongest first:
 * 1. attribution right after it (`“…,” Witkoff said.` / `“…,” said the envoy.` / `…, Witkoff said.` at the end);
 * 2. attribution right before it (`Rubio remarked, “…”`, `telling reporters: “…”`);
 * 3. the reporting verb that governs it (`He claimed that talks made “a lot of progress”`);
 * 4. a continuation of the previous sentence's quotation (`“…,” he said. “…”`) or of a colon lead-in.
 */
function attribute(ctx: ArticleContext, q: QuoteSpan, s: Sentence, previous: Map<number, Mention[]>): Mention[] {
  const body = ctx.body;
  const words = wordsOutsideQuotes(ctx, s);

  // Only words near the quotation can attribute it (binary search keeps long sentences linear).
  const afterAt = lowerBound(words, q.end, (w) => w.start);
  const beforeAt = lowerBound(words, q.start + 1, (w) => w.end);
  // 1. After the quotation, before the sentence ends.
  const closedWithPunct = /[,?!—–-]$/.test(body.slice(q.innerStart, q.end - 1).trimEnd()) || /^\s*,/.test(body.slice(q.end, q.end + 3));
  for (let i = afterAt; i < Math.min(words.length, afterAt + 12); i++) {
    const w = words[i];
    if (!isSpeech(w.lower)) continue;
    const between = body.slice(q.end, w.start);
    if (/[“”"]/.test(between)) break;
    const subj = keep(subjectBefore(ctx, s, w.start), (m) => m.start >= q.end);
    const commaBefore = subj.length > 0 && /,\s*$/.test(body.slice(q.end, subj[0].start));
    if (subj.length && (closedWithPunct || commaBefore)) return subj;
    if (closedWithPunct && /^\s*$/.test(between)) {
      const after = subjectAfter(ctx, s, w.end);
      if (after.length) return after;
    }
    if (/^\s*,?\s*$/.test(between) || commaBefore) {
      const after = subjectAfter(ctx, s, w.end);
      if (after.length && (closedWithPunct || /,\s*$/.test(between))) return after;
    }
    break;
  }

  // 2 and 3. A reporting verb before the quotation, in the same clause.
  let tries = 0;
  for (let i = beforeAt - 1; i >= Math.max(0, beforeAt - 60); i--) {
    const w = words[i];
    if (w.end > q.start || !isSpeech(w.lower)) continue;
    const lead = body.slice(Math.max(s.start, w.start - 120), w.start);
    // "Trump, who pledged …, had been “…”": a verb in a relative clause does not govern what follows it.
    if (/\b(?:who|which)\s+(?:\p{L}+ly\s+)?(?:(?:has|have|had)\s+)?$/u.test(lead)) continue;
    // "its own remarks", "a call": nouns, not verbs.
    if (/\b(?:the|a|an|his|her|its|their|own|this|these|those)\s+$/i.test(lead)) continue;
    const between = body.slice(w.end, q.start);
    if (crossesClause(between)) break;
    // "often called “Europe's last dictator”": a name given, not words said.
    if (/^(?:call|called|calls|dubbed|nicknamed|termed|known)$/.test(w.lower) && /^\s*$/.test(between) && !/\b(?:it|them|him|her|this|that)\s*$/.test(lead)) return objectList();
    const participle = /ing$/.test(w.lower) && /,\s*$/.test(lead);
    let subj = participle ? mainSubject(ctx, s, w.start) : subjectBefore(ctx, s, w.start);
    if (!subj.length) subj = keep(subjectAfter(ctx, s, w.end), (m) => m.end <= q.start && /^\s*[,:]\s*$/.test(body.slice(m.end, q.start)));
    if (!subj.length && /,\s*(?:and|but)\s+$/.test(lead)) subj = mainSubject(ctx, s, w.start);
    if (subj.length) return subj;
    // A reporting verb with no subject we can name ("Critics warn that …") does not attribute.
    if (++tries >= 2) return objectList();
  }

  // 4. Continuation: the sentence opens with the quotation and has no attribution of its own.
  if (/^\s*$/.test(body.slice(s.start, q.start))) {
    const prev = s.index > 0 ? ctx.sentences[s.index - 1] : undefined;
    if (prev && prev.paragraph >= s.paragraph - 1) {
      const carried = previous.get(prev.index);
      if (carried && (prev.paragraph === s.paragraph || /:\s*$/.test(prev.text))) return carried;
      if (/:\s*$/.test(prev.text)) {
        const lead = wordsOutsideQuotes(ctx, prev).filter((w) => isSpeech(w.lower)).pop();
        if (lead) {
          const subj = subjectBefore(ctx, prev, lead.start);
          if (subj.length) return subj;
        }
      }
    }
  }
  return objectList();
}

/** The mentions that pass a test (a loop, not .filter: the list keeps one map, see shapes.ts). */
function keep(ms: Mention[], test: (m: Mention) => boolean): Mention[] {
  const out = objectList<Mention>();
  for (const m of ms) if (test(m)) out.push(m);
  return out;
}

/** Labels, not speech: “so-called” phrases and Title Case names of works ("State of the World"). */
function isLabel(body: string, q: QuoteSpan): boolean {
  if (/so-called\s*$/i.test(body.slice(Math.max(0, q.start - 12), q.start))) return true;
  const text = body.slice(q.innerStart, q.innerEnd);
  // Most quotations are sentences, too long to be titles: counted before any array is made.
  const pieces = spaceRuns(text) + 1; // text.split(/\s+/).length
  if (pieces >= 2 && pieces <= 10 && !/[.!?,;:]$/.test(text)) {
    const words = text.split(/\s+/);
    const major = words.filter((w) => w.length >= 4);
    if (major.length >= 2 && major.every((w) => /^\p{Lu}/u.test(w))) return true;
  }
  return false;
}

/** Quotations with their speakers. Quotations nobody can be said to have said are left out. */
export function extractQuotes(ctx: ArticleContext, spans: QuoteSpan[]): QuoteRecord[] {
  const out = objectList<QuoteRecord>();
  const bySentence = new Map<number, Mention[]>();
  for (const q of spans) {
    const s = sentenceOf(ctx.sentences, q.start);
    if (!s || isLabel(ctx.body, q)) continue;
    const speakers = attribute(ctx, q, s, bySentence);
    if (!speakers.length) continue;
    bySentence.set(s.index, speakers);
    const text = ctx.body.slice(q.innerStart, q.innerEnd);
    // Keep the first named speaker of a coordinated subject; a quotation has one voice.
    const sp = speakers[0];
    out.push({
      start: q.innerStart,
      end: q.innerEnd,
      speaker: sp.name,
      speakerKind: sp.kind,
      party: sp.party,
      text,
      sentence: s.index,
      topic: tagTopic(text) ?? tagTopic(s.text),
    });
  }
  return out;
}
