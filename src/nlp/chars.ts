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
