import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseFrontMatter } from '../../src/ingest/front-matter.ts';

/** The library's answer, or its error message: what parseFrontMatter must give for the same text. */
function library(yaml: string): unknown {
  try {
    return parseYaml(yaml, { logLevel: 'error' });
  } catch (e) {
    return { error: (e as Error).message };
  }
}
function ours(yaml: string): unknown {
  try {
    return parseFrontMatter(yaml);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

// Pieces of values that sit on every edge the direct reading must leave to the library.
const PIECES = [
  'The', 'Evening', 'Dispatch', 'Kyiv’s', 'plan', 'é', '😀', '2026', '2026-03-19', '19', '1e5', '0x1F', '0o17', '.5', '3.', '1_000',
  'true', 'False', 'NULL', 'null', '~', 'yes', 'No', '.inf', '-.Inf', '.NaN', 'https://example.com/a?b=1#c', 'a:b', ':', ': ', ' #', '#',
  '"', "'", '\\', '\\n', '-', '- ', '?', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '\t', ' ', '  ', '__proto__', '\u00a0', '\u3000', '\ufeff',
];
const KEYS = ['title', 'outlet', 'published', 'date', 'url', 'source', 'tags', '_x', 'a-b', '__proto__', 'Title', '1a', 'my key', 'title ', 'null', 'Null', 'true', 'False', `k${'a'.repeat(1030)}`];

const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('The', 'Evening', 'Dispatch', 'Kyiv’s', 'plan', '2026-03-19') }, { weight: 2, arbitrary: fc.constantFrom(...PIECES) });
const value = fc.oneof(
  fc.tuple(fc.array(word, { maxLength: 5 }), fc.constantFrom('', ' ', '  ')).map(([p, joiner]) => p.join(joiner)),
  fc.array(word, { maxLength: 4 }).map((p) => `"${p.join(' ')}"`),
  fc.array(word, { maxLength: 4 }).map((p) => `'${p.join(' ')}'`),
  fc.string({ maxLength: 12 }),
);
const separator = fc.constantFrom(':', ': ', ':  ', ':\t', ': \t');
const entry = fc.tuple(fc.constantFrom(...KEYS), separator, value).map(([k, sep, v]) => `${k}${sep}${v}`);
const line = fc.oneof(
  { weight: 12, arbitrary: entry },
  { weight: 1, arbitrary: fc.constantFrom('', '# a comment', '  indented: x', '- item', 'key', '---', 'a: [1, 2]', 'b:\n  c: d') },
);
/** A few lines with distinct, valid keys: the shape the direct reading accepts, so its rules are what is tested. */
const document = fc
  .uniqueArray(fc.constantFrom('title', 'outlet', 'published', 'url', 'source'), { minLength: 1, maxLength: 4 })
  .chain((keys) => fc.tuple(...keys.map((k) => fc.tuple(separator, value).map(([sep, v]) => `${k}${sep}${v}`))))
  .map((lines) => lines.join('\n'));

describe('front matter', () => {
  it('reads plain `key: text` lines itself, exactly as the YAML library does', () => {
    const yaml = 'title: "Mikhail Yargal and the fight over territory"\noutlet: The Evening Dispatch\npublished: 2026-03-19\nurl: https://eveningdispatch.example/2026/03/a-748';
    expect(parseFrontMatter(yaml)).toEqual({
      title: 'Mikhail Yargal and the fight over territory',
      outlet: 'The Evening Dispatch',
      published: '2026-03-19',
      url: 'https://eveningdispatch.example/2026/03/a-748',
    });
    expect(parseFrontMatter(yaml)).toEqual(parseYaml(yaml));
  });

  it('leaves numbers, booleans, nulls, escapes, comments, lists and duplicate keys to the library', () => {
    for (const yaml of ['title: foo\u00a0', 'title: foo\u3000 ', 'title: a:', 'title: a: b', 'title: a #b', 'title: \t', 'title: 1984', 'title: true', 'outlet: ~', 'outlet:', 'title: "a\\tb"', 'title: a # note', 'tags: [a, b]', 'title: a\ntitle: b', "title: 'it''s'"]) {
      expect(ours(yaml), yaml).toEqual(library(yaml));
    }
  });

  it('gives the library’s answer (or error) for any one line', () => {
    fc.assert(
      fc.property(entry, (yaml) => {
        expect(ours(yaml)).toEqual(library(yaml));
      }),
      { numRuns: 4000 },
    );
  });

  it('gives the library’s answer (or error) for any few lines', () => {
    fc.assert(
      fc.property(fc.oneof(document, fc.array(line, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n'))), (yaml) => {
        expect(ours(yaml)).toEqual(library(yaml));
      }),
      { numRuns: 3000 },
    );
  });
});
