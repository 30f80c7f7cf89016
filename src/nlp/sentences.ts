import { charBefore, charBeforeTest, isSpace, nextMatch, toLower } from './chars.ts';
import type { Sentence } from './types.ts';
import { objectList } from './shapes.ts';

// Tokens that end in a period without ending a sentence.
const ABBREVIATIONS = new Set(
  'mr mrs ms dr st gen sen rep gov lt col maj capt prof jr sr inc ltd co corp vs etc no nos jan feb mar apr jun jul aug sep sept oct nov dec fig approx est dept univ ave mt ft'.split(' '),
);

const ABBREVIATION_LONGEST = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

const OPENING_QUOTES = new Set(['“', '‘', '"', "'", '«']);
/** Closing marks and brackets that may follow a stop: " ” ’ ' ) ] » */
const isCloser = (c: number) => c === 34 || c === 0x201d || c === 0x2019 || c === 39 || c === 41 || c === 93 || c === 0xbb;
const isStop = (c: number) => c === 46 || c === 33 || c === 63; // . ! ?
const CAPITAL_OR_DIGIT = /[\p{Lu}\d]/u;
const STOP = /[.!?]/g;
const STOP_OR_QUOTE = /[.!?“”"]/g;

function isAbbreviation(word: string): boolean {
  // (Lower-casing never shortens a string: a word longer than every abbreviation is not one.)
  if (word.length <= ABBREVIATION_LONGEST && ABBREVIATIONS.has(toLower(word))) return true;
  if (/^(?:\p{Lu}\.)+\p{Lu}$/u.test(word)) return true; // U.S, U.K, E.U
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: Donald J. Trump
  return false;
}

const DOUBLE_QUOTE = /["“”]/g;

/**
 * Double-quote depth tracking is only trusted when the paragraph's quotes balance: an even number of
 * " and as many “ as ”. One pass that jumps from mark to mark (see nextMatch), not one per mark.
 */
function quotesBalance(text: string): boolean {
  let straight = 0;
  let opening = 0;
  let closing = 0;
  for (let at = nextMatch(DOUBLE_QUOTE, text, 0); at >= 0; at = nextMatch(DOUBLE_QUOTE, text, at + 1)) {
    const c = text.charCodeAt(at);
    if (c === 34) straight++;
    else if (c === 0x201c) opening++;
    else closing++;
  }
  return straight % 2 === 0 && opening === closing;
}

/**
 * Split a body into sentences with offsets. Line breaks always end a sentence (paragraphs,
 * headings); inside a line, `.`, `!` or `?` ends one when followed by space and a capital,
 * digit or opening quote, unless the word before is an abbreviation or we are inside a quotation.
 */
export function splitSentences(body: string): Sentence[] {
  const out = objectList<Sentence>();
  let paragraph = -1;
  const lineRe = /[^\n]+/g;
  for (let m = lineRe.exec(body); m; m = lineRe.exec(body)) {
    const line = m[0];
    if (!line.trim()) continue;
    paragraph++;
    const base = m.index;
    const trackQuotes = quotesBalance(line);
    let depth = 0;
    let straightOpen = false;
    let segStart = 0;
    // Only stops (and quotation marks, when tracked) do anything here: the loop jumps from one to the next.
    const marks = trackQuotes ? STOP_OR_QUOTE : STOP;
    for (let i = nextMatch(marks, line, 0); i >= 0; i = nextMatch(marks, line, i + 1)) {
      const ch = line.charCodeAt(i);
      if (trackQuotes) {
        if (ch === 0x201c) depth++;
        else if (ch === 0x201d) depth = Math.max(0, depth - 1);
        else if (ch === 34) straightOpen = !straightOpen;
      }
      if (!isStop(ch)) continue;
      const stop = i;
      let j = i + 1;
      // (Bounds tested before charCodeAt: reading past the end deoptimises this function.)
      for (; j < line.length; j++) {
        const c = line.charCodeAt(j);
        if (!(isCloser(c) || isStop(c))) break;
        // A closing straight quote right after the stop ends the quotation.
        if (trackQuotes && c === 34 && straightOpen) straightOpen = false;
        if (trackQuotes && c === 0x201d) depth = Math.max(0, depth - 1);
      }
      i = j - 1; // the closers were consumed above; do not count them twice
      if (j >= line.length || !isSpace(line.charCodeAt(j))) continue;
      let k = j;
      while (k < line.length && isSpace(line.charCodeAt(k))) k++;
      if (k >= line.length) continue;
      const next = line[k];
      if (!(CAPITAL_OR_DIGIT.test(next) || OPENING_QUOTES.has(next))) continue;
      if (depth > 0 || straightOpen) continue;
      if (ch === 46) {
        const word = wordBefore(line, Math.max(segStart, stop - 24), stop); // bounded: linear on long lines
        if (word && isAbbreviation(word)) continue;
      }
      push(out, body, base + segStart, base + j, paragraph);
      segStart = k;
      i = k - 1;
    }
    push(out, body, base + segStart, base + line.length, paragraph);
  }
  return out;
}

function push(out: Sentence[], body: string, start: number, end: number, paragraph: number): void {
  while (start < end && isSpace(body.charCodeAt(start))) start++;
  while (end > start && isSpace(body.charCodeAt(end - 1))) end--;
  if (end <= start) return;
  out.push({ index: out.length, paragraph, start, end, text: body.slice(start, end) });
}

const LETTER_OR_DOT = charBeforeTest(/[\p{L}.]/u);

/** The run of letters and dots ending at `end` (not before `from`): "Dr." in "… said Dr." — /([\p{L}.]+)$/u without a regex scan. */
function wordBefore(line: string, from: number, end: number): string {
  let i = end;
  while (i > from && LETTER_OR_DOT(line, i)) {
    const width = charBefore(line, i).length;
    if (i - width < from) break; // a surrogate pair cut by the window is not part of the word
    i -= width;
  }
  return line.slice(i, end);
}
