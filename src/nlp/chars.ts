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

/** A test of the whole character before offset i (false at the start), with ASCII answers precomputed. */
export type CharBeforeTest = (text: string, i: number) => boolean;

export function charBeforeTest(re: RegExp): CharBeforeTest {
  const ascii = Uint8Array.from({ length: 128 }, (_, c) => (re.test(String.fromCharCode(c)) ? 1 : 0));
  return (text, i) => {
    if (i <= 0) return false;
    const c = text.charCodeAt(i - 1);
    return c < 128 ? ascii[c] === 1 : re.test(charBefore(text, i));
  };
}

const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;

/** Length (1, or 2 for a surrogate pair) of the letter at i; 0 when it is not a letter or i is past the end. */
export function letterLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return 1;
  if (c < 128 || Number.isNaN(c)) return 0;
  const cp = text.codePointAt(i)!;
  const len = cp > 0xffff ? 2 : 1;
  return LETTER.test(text.slice(i, i + len)) ? len : 0;
}

/** Length of the upper-case letter (\p{Lu}) at i, like `letterLength`. */
export function upperLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 65 && c <= 90) return 1;
  // ASCII, and the General Punctuation block (curly quotes, dashes), hold no other capitals.
  if (c < 128 || Number.isNaN(c) || (c >= 0x2000 && c <= 0x206f)) return 0;
  const cp = text.codePointAt(i)!;
  const len = cp > 0xffff ? 2 : 1;
  return UPPER.test(text.slice(i, i + len)) ? len : 0;
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

const WHITESPACE = /\s/;
/** /\s/ on one UTF-16 code unit (false past the end, NaN). */
export const isSpace = (c: number) => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : WHITESPACE.test(String.fromCharCode(c)));

/** \w without the u and i flags: ASCII letters, digits and _ (what \b separates words by). */
export const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
