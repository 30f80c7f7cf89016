/**
 * Article texts built to stress the extraction rules' regular expressions and loops: each about
 * `bytes` of UTF-8 (1 MB by default), each a pattern a careless regex or loop is super-linear on.
 * Deterministic (no randomness): a slow case is reproducible from its name and size alone.
 */

export const ONE_MB = 1_000_000;

/** `unit` repeated to at most `bytes` bytes of UTF-8 (whole units only, so the text stays valid). */
export function repeatTo(unit: string, bytes = ONE_MB): string {
  return unit.repeat(Math.max(0, Math.floor(bytes / Buffer.byteLength(unit))));
}

const CAPITALISED = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett', 'Kilo', 'Lima'];

/** `Alpha Hotel Echo Lima …`: capitalised words and nothing else, no punctuation. */
function capitalisedRun(bytes: number): string {
  const words: string[] = [];
  for (let i = 0, len = 0; len + 8 < bytes; i++) {
    const w = CAPITALISED[(i * 7) % CAPITALISED.length];
    words.push(w);
    len += w.length + 1;
  }
  return words.join(' ');
}

/** `Line 000001`, `Line 000002`, …: distinct headline-like lines (no sentence ever starts). */
function distinctShortLines(bytes: number): string {
  return Array.from({ length: Math.floor(bytes / 12) }, (_, i) => `Line ${String(i).padStart(6, '0')}`).join('\n');
}

export interface PathologicalCase {
  name: string;
  /** The file's text: a short headline, a blank line, then the stress pattern. */
  text: string;
}

const withHeadline = (name: string, body: string) => `Stress test: ${name}\n\n${body}\n`;

/** The cases the brief names, and neighbours of them. */
export function pathologicalCases(bytes = ONE_MB): PathologicalCase[] {
  const n = bytes;
  const cases: [string, string][] = [
    ['capitalised words, one line', capitalisedRun(n)],
    ['capitalised words then a speech verb', `${capitalisedRun(n - 40)} Sybiha said "no."`],
    ['capitalised words with title words', repeatTo('Foreign Minister Alpha Bravo Charlie Prime Minister Delta Echo ', n)],
    ['capitalised words, and/or, then officials', `${repeatTo('Alpha Bravo and Charlie or Delta, ', n - 20)} officials said.`],
    ['straight double quotes """', repeatTo('"', n)],
    ['straight double quotes around words "a" "a"', repeatTo('"a" ', n)],
    ['curly double quotes “““', repeatTo('“', n)],
    ['nested “‘“‘ never closed', repeatTo('“‘', n)],
    ['nested “‘“‘ closed at the end', `${repeatTo('“‘', n - 6)}’”`],
    ["single straight quotes 'a 'a", repeatTo("'a ", n)],
    ['commas , , ,', repeatTo(', ', n)],
    ['words and commas a, a, a,', repeatTo('a, ', n)],
    ['digits with commas 1,1,1,1', repeatTo('1,', n)],
    ['digits with thousands 1,000,000,000,…', `1${repeatTo(',000', n - 1)}`],
    ['digits 1 1 1', repeatTo('1 ', n)],
    ['digits and dots 1.1.1', repeatTo('1.', n)],
    ['percent signs 1% 1%', repeatTo('1% ', n)],
    ['money $1 $1', repeatTo('$1 ', n)],
    ['vague counts tens of tens of', repeatTo('tens of ', n)],
    ['50,000 Mr. tokens', repeatTo('Mr. ', Math.min(n, 50_000 * 4))],
    ['initials A. A. A.', repeatTo('A. ', n)],
    ['one line, no punctuation', repeatTo('word ', n)],
    ['one line of one letter', repeatTo('a', n)],
    ['speech verbs said said said', repeatTo('said ', n)],
    ['pronouns he he he', repeatTo('he ', n)],
    ['role nouns the envoy the envoy', repeatTo('the envoy ', n)],
    ['role nouns before capitals the envoy Alpha', repeatTo('the envoy Alpha ', n)],
    ['gazetteer names Putin Putin', repeatTo('Putin ', n)],
    ['possessives Russia’s Russia’s', repeatTo('Russia’s ', n)],
    ['topic words', repeatTo('ceasefire territory NATO sanctions troops ', n)],
    ['quoted remarks with speakers, one line', repeatTo('“We want peace,” Putin said, ', n)],
    ['quoted remarks with speakers, one per line', repeatTo('“We want peace,” Putin said. He added: “Ukraine will never join NATO.”\n', n)],
    ['modal stances, one line', repeatTo('Ukraine will never recognise the occupied territories. ', n)],
    ['modal stances, one per line', repeatTo('Ukraine will never recognise the occupied territories.\n', n)],
    ['semicolons ; ; ;', repeatTo('; ', n)],
    ['dashes — — —', repeatTo('— ', n)],
    ['a run of spaces between two letters', `a${' '.repeat(Math.max(0, n - 2))}b`],
    ['many short lines', repeatTo('a\n', n)],
    ['many distinct headline-like lines', distinctShortLines(n)],
    ['many markdown headings', repeatTo('# Heading\n', n)],
    ['markdown emphasis **a **a', repeatTo('**a ', n)],
    ['emoji', repeatTo('😀 ', n)],
  ];
  return cases.map(([name, body]) => ({ name, text: withHeadline(name, body) }));
}
