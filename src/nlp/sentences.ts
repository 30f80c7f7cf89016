import { charBefore, charBeforeTest } from './chars.ts';
import type { Sentence } from './types.ts';

// Tokens that end in a period without ending a sentence.
const ABBREVIATIONS = new Set(
  'mr mrs ms dr st gen sen rep gov lt col maj capt prof jr sr inc ltd co corp vs etc no nos jan feb mar apr jun jul aug sep sept oct nov dec fig approx est dept univ ave mt ft'.split(' '),
);

const OPENING_QUOTES = new Set(['“', '‘', '"', "'", '«']);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);

function isAbbreviation(word: string): boolean {
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^(?:\p{Lu}\.)+\p{Lu}$/u.test(word)) return true; // U.S, U.K, E.U
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: Donald J. Trump
  return false;
}

/** Double-quote depth tracking is only trusted when the paragraph's quotes balance. */
function quotesBalance(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/“/g) ?? []).length;
  const close = (text.match(/”/g) ?? []).length;
  return straight % 2 === 0 && open === close;
}

/**
 * Split a body into sentences with offsets. Line breaks always end a sentence (paragraphs,
 * headings); inside a line, `.`, `!` or `?` ends one when followed by space and a capital,
 * digit or opening quote, unless the word before is an abbreviation or we are inside a quotation.
 */
export function splitSentences(body: string): Sentence[] {
  const out: Sentence[] = [];
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
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (trackQuotes) {
        if (ch === '“') depth++;
        else if (ch === '”') depth = Math.max(0, depth - 1);
        else if (ch === '"') straightOpen = !straightOpen;
      }
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      const stop = i;
      let j = i + 1;
      while (j < line.length && (CLOSERS.has(line[j]) || line[j] === '.' || line[j] === '!' || line[j] === '?')) {
        // A closing straight quote right after the stop ends the quotation.
        if (trackQuotes && line[j] === '"' && straightOpen) straightOpen = false;
        if (trackQuotes && line[j] === '”') depth = Math.max(0, depth - 1);
        j++;
      }
      i = j - 1; // the closers were consumed above; do not count them twice
      if (j >= line.length || !/\s/.test(line[j])) continue;
      let k = j;
      while (k < line.length && /\s/.test(line[k])) k++;
      if (k >= line.length) continue;
      const next = line[k];
      if (!(/[\p{Lu}\d]/u.test(next) || OPENING_QUOTES.has(next))) continue;
      if (depth > 0 || straightOpen) continue;
      if (ch === '.') {
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
  while (start < end && /\s/.test(body[start])) start++;
  while (end > start && /\s/.test(body[end - 1])) end--;
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
