/** Looking at the character before an offset, for hand-written scans and lookbehinds. */

/** The whole character (code point) just before offset i, or '' at the start. */
export function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text[i - 1];
}

/**
 * `re.test(String.fromCharCode(c))` for one UTF-16 code unit, each answer remembered (0: not asked
 * yet, 1: no, 2: yes): a table lookup, not a regex test, for the curly quotes, dashes and accented
 * letters that article text repeats.
 */
export function codeUnitTest(re: RegExp): (c: number) => boolean {
  const known = new Uint8Array(0x10000);
  return (c) => {
    let k = known[c];
    if (k === 0) known[c] = k = re.test(String.fromCharCode(c)) ? 2 : 1;
    return k === 2;
  };
}

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/** A test of the whole character before offset i (false at the start), with ASCII answers precomputed. */
export type CharBeforeTest = (text: string, i: number) => boolean;

export function charBeforeTest(re: RegExp): CharBeforeTest {
  const ascii = Uint8Array.from({ length: 128 }, (_, c) => (re.test(String.fromCharCode(c)) ? 1 : 0));
  const single = codeUnitTest(re);
  return (text, i) => {
    if (i <= 0) return false;
    const c = text.charCodeAt(i - 1);
    if (c < 128) return ascii[c] === 1;
    // Outside the surrogates, one code unit is the whole character.
    return isSurrogate(c) ? re.test(charBefore(text, i)) : single(c);
  };
}

const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;
const isLetterUnit = codeUnitTest(LETTER);
const isUpperUnit = codeUnitTest(UPPER);

/**
 * `text.charCodeAt(i)`, or -1 outside the text (where charCodeAt gives NaN). Every test here treats
 * both as "no such character"; reading past the end once would deoptimise the optimised caller.
 */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** Length (1, or 2 for a surrogate pair) of the letter at i; 0 when it is not a letter or i is past the end. */
export function letterLength(text: string, i: number): number {
  const c = codeAt(text, i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return 1;
  if (c < 128) return 0;
  if (!isSurrogate(c)) return isLetterUnit(c) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  const len = cp > 0xffff ? 2 : 1;
  return LETTER.test(text.slice(i, i + len)) ? len : 0;
}

/** Length of the upper-case letter (\p{Lu}) at i, like `letterLength`. */
export function upperLength(text: string, i: number): number {
  const c = codeAt(text, i);
  if (c >= 65 && c <= 90) return 1;
  if (c < 128) return 0;
  if (!isSurrogate(c)) return isUpperUnit(c) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  const len = cp > 0xffff ? 2 : 1;
  return UPPER.test(text.slice(i, i + len)) ? len : 0;
}

/**
 * The first offset at or after `from` where a pattern of one BMP character (global flag, no u flag)
 * matches, or -1. For scans that act on a few marks only: irregexp skips to the next one several
 * times faster than a loop over charCodeAt, and `test` allocates nothing.
 */
export function nextMatch(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex - 1 : -1;
}

/** Runs of whitespace (`space`) or of anything else in text[start, end). */
function countRuns(text: string, start: number, end: number, space: boolean): number {
  let runs = 0;
  let inRun = false;
  for (let i = start; i < end; i++) {
    const member = isSpace(text.charCodeAt(i)) === space;
    if (member && !inRun) runs++;
    inRun = member;
  }
  return runs;
}

/** Runs of whitespace (/\s+/) in text[start, end): `split(/\s+/)` makes one piece more, without the array. */
export function spaceRuns(text: string, start = 0, end = text.length): number {
  return countRuns(text, start, end, true);
}

/** Runs of non-whitespace in text[start, end): what `slice(start, end).trim().split(/\s+/)` holds, but 1 for none (the one empty piece). */
export function wordCount(text: string, start = 0, end = text.length): number {
  return Math.max(1, countRuns(text, start, end, false));
}

/** `text.split(' ')`, by indexOf and slice: the builtin cost more on the short two-byte slices of article text. */
export function splitOnSpace(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', from)) {
    out.push(text.slice(from, at));
    from = at + 1;
  }
  out.push(text.slice(from));
  return out;
}

const lowered = new Map<string, string>();

/**
 * `s.toLowerCase()`, faster on article text: bodies hold curly quotes, so their slices are two-byte
 * strings, whose toLowerCase goes through ICU (~100 ns a word). A string with no capital or non-ASCII
 * character is its own lower case; others come from a bounded cache of the strings seen.
 */
export function toLower(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) break;
    i++;
  }
  if (i === s.length) return s;
  let lower = lowered.get(s);
  if (lower === undefined) {
    if (lowered.size >= 20_000) lowered.clear();
    lowered.set(s, (lower = s.toLowerCase()));
  }
  return lower;
}

const isSpaceUnit = codeUnitTest(/\s/);
/** /\s/ on one UTF-16 code unit (false past the end: NaN or -1). */
export const isSpace = (c: number) => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : c <= 0xffff && isSpaceUnit(c));

/** \w without the u and i flags: ASCII letters, digits and _ (what \b separates words by). */
export const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
