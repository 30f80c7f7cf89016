/**
 * Hostile text at every question: random and adversarial strings (FTS5 syntax, SQL, 6,000-character
 * pastes, NUL, zero-width and bidi characters, lone surrogates, emoji, Cyrillic, mentions, markdown)
 * go to `answerQuestion`, to the CLI parser and to `runCommandLine`. Each gets an `Answer` or a parse
 * error string, never an exception; notices never echo raw control characters; the database is the
 * same afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, QUESTION_NAMES, specOf, type Answer, type QuestionName } from '../../src/briefing/index.ts';
import { parseCommand, tokenize } from '../../src/cli/parse.ts';
import { TOPICS } from '../../src/nlp/index.ts';
import { renderText } from '../../src/cli/render.ts';
import { runCommandLine } from '../../src/cli/run.ts';
import { checkFts, recordCounts, seededApp, type SeededApp } from '../helpers/tmp.ts';

/** The pieces hostile input is made of. */
const FRAGMENTS = [
  // FTS5 query syntax
  '"', '""', '*', 'NEAR(', 'NEAR(a b, 2)', 'AND', 'OR', 'NOT', '-', ':', '^', '{', '}', '(', ')', 'text:', 'sentences_fts', 'rank', '+',
  // SQL
  "'; DROP TABLE articles; --", "' OR 1=1 --", '; SELECT * FROM sqlite_master', '%', '_', '\\',
  // invisible, control and bidi characters; lone surrogates
  '\u0000', '\u200b', '\u200d', '\u2060', '\ufeff', '\u202e', '\u202d', '\u2066', '\u2069', '\u061c', '\ud800', '\udfff', '\udc00a',
  '\u001b[31m', '\u001b]0;title\u0007', '\u0007', '\u0008', '\u007f', '\u0085', '\u2028', '\u2029', '\r', '\n', '\r\n', '\t', '\v',
  // emoji, Cyrillic, combining marks
  '😀', '👨‍👩‍👧', '🇺🇦', '🕊️', 'Путин', 'Зеленский', 'Россия', 'é', 'e\u0301', 'ﬁ', 'ǅ', 'İ',
  // Discord mentions and markdown
  '@everyone', '@here', '<@123>', '<@!123>', '<@&456>', '<#789>', '**', '__', '~~', '`', '```', '||', '> ', '# ', '[x](https://example.com)', '<https://example.com>',
  // names, topics and option syntax the parsers look for
  'putin', 'russia', 'witkoff', 'Witkov', 'the kremlin', 'nato', 'security guarantees', 'ceasefire', 'topic:nato', 'topic:', 'about:', 'actor:', 'speaker:', 'query:',
  '/quote', '/position', '/digest', '"unclosed', "'", "Putin's", 'name:"x y"', "about:'a b'",
  // JavaScript-shaped text
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '${x}', '%s', 'undefined', 'null', 'NaN', '-1', '1e309',
  ' ', '  ',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const fragments = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 }), loneSurrogate), { maxLength: 12 })
  .map((parts) => parts.join(''));
const longPaste = fc
  .tuple(fc.constantFrom('a', '"', ' ', 'Putin ', 'NEAR(', '\u202e', '😀', 'Путин ', '* ', '@everyone ', '\u0000'), fc.integer({ min: 5_000, max: 6_500 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
const syntaxSoup = fc.string({ unit: fc.constantFrom(...'"*():^{}-\'; _%\\'), maxLength: 40 });

/** Any hostile string. */
const hostile = fc.oneof(
  { weight: 6, arbitrary: fragments },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: longPaste },
  { weight: 1, arbitrary: syntaxSoup },
);

/** The brief's own list, always tried first. */
const BRIEF_EXAMPLES = [
  '"', '*', 'NEAR(', 'AND OR NOT', '-', ':', '^', '{}', "'; DROP TABLE articles; --", 'x'.repeat(6_000), '\u0000', '\u200b\u202e',
  '\ud800', '😀', 'Путин', '@everyone', '<@123>', '<@&456>', '**bold** _it_ `code`', '\u001b[2J\u001b[31mred',
];

const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;


/** What every answer must be, whatever was asked. */
function expectAnswer(a: Answer, command: string): void {
  expect(a.command).toBe(command);
  expect(typeof a.title).toBe('string');
  expect(Array.isArray(a.items)).toBe(true);
  expect(Array.isArray(a.references)).toBe(true);
  for (const it of a.items) {
    expect(typeof it.text).toBe('string');
    expect(typeof it.citation.sentence).toBe('string');
    expect(a.references.some((r) => r.ref === it.citation.ref)).toBe(true);
    // Nothing shown that is not verbatim in an article: the item is part of the sentence it cites.
    expect(it.citation.sentence).toContain(it.text);
    for (const src of it.sources ?? []) expect(src.citation.sentence).toContain(src.text);
  }
  // Text that may echo what the user typed: one line, nothing invisible that could hide or reorder it.
  for (const [what, text] of [['notice', a.notice], ['title', a.title]] as const) {
    if (text === undefined) continue;
    expect(typeof text).toBe('string');
    expect(text, `${what} has a control character: ${JSON.stringify(text)}`).not.toMatch(CONTROL);
    expect(text, `${what} has a bidi control: ${JSON.stringify(text)}`).not.toMatch(BIDI);
    expect(text, `${what} has a lone surrogate: ${JSON.stringify(text)}`).not.toMatch(LONE_SURROGATE);
  }
  expect(() => JSON.stringify(a)).not.toThrow();
  expect(() => renderText(a)).not.toThrow();
}

/** Names and topics that resolve, so hostile text also reaches the code behind a successful lookup. */
const NAMES = ['russia', 'putin', 'witkoff', 'Witkov', 'the kremlin', 'ukraine', 'zelensky', 'nato', 'europe', 'trump', 'peskov'];
const name = fc.constantFrom(...NAMES);
const topic = fc.constantFrom(...TOPICS);

/** Per option: hostile text, and for names and topics also real ones, alone or with hostile text around them. */
function optionValue(option: string): fc.Arbitrary<string> {
  const real = option === 'actor' || option === 'speaker' ? name : option === 'topic' ? topic : fc.constantFrom('ceasefire', 'security guarantees', 'troops', 'territory', 'one issue');
  return fc.oneof(
    { weight: 3, arbitrary: hostile },
    { weight: 2, arbitrary: real },
    { weight: 1, arbitrary: fc.tuple(real, hostile).map(([r, h]) => `${r} ${h}`) },
    { weight: 1, arbitrary: fc.tuple(hostile, real).map(([h, r]) => `${h}${r}`) },
  );
}

const optionsFor = (question: QuestionName) => {
  const spec = specOf(question)!;
  return fc.record(Object.fromEntries(spec.options.map((o) => [o.name, fc.option(optionValue(o.name), { nil: undefined, freq: 4 })])) as Record<string, fc.Arbitrary<string | undefined>>);
};

// HOSTILE_RUNS=5000 for a long soak; HOSTILE_SEED=<seed printed by a failure> to replay one.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
if (process.env.HOSTILE_SEED) fc.configureGlobal({ seed: Number(process.env.HOSTILE_SEED) });

describe('hostile text', () => {
  let s: SeededApp;
  let before: ReturnType<typeof recordCounts>;

  beforeAll(() => {
    s = seededApp();
    before = recordCounts(s.db);
    expect(before.articles).toBe(5);
  });

  afterAll(() => {
    // Nothing a question does writes to the database.
    expect(recordCounts(s.db)).toEqual(before);
  });

  for (const name of QUESTION_NAMES) {
    it(`/${name}: every option, any text → an Answer, never an exception`, () => {
      const spec = specOf(name)!;
      const examples = spec.options.length ? BRIEF_EXAMPLES.map((v) => [Object.fromEntries(spec.options.map((o) => [o.name, v]))] as [Record<string, string | undefined>]) : [];
      fc.assert(
        fc.property(optionsFor(name), (options) => {
          expectAnswer(answerQuestion(s.store, name, options), name);
        }),
        { numRuns: spec.options.length ? RUNS : 5, examples },
      );
    });
  }

  it('the CLI parser: tokenize and parseCommand take any line or argv, and answer with options or an error string', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.tuple(fc.constantFrom('/quote', 'position', '/figures', 'search', '/digest', 'digest set', '/help'), hostile).map(([c, v]) => `${c} ${v}`)), (line) => {
        const tokens = tokenize(line);
        expect(Array.isArray(tokens)).toBe(true);
        for (const t of tokens) expect(typeof t).toBe('string');
        for (const parsed of [parseCommand(line), parseCommand(tokens), parseCommand(line.split(' '))]) {
          if (parsed.ok) {
            expect(typeof parsed.command).toBe('string');
            for (const v of Object.values(parsed.options)) expect(typeof v).toBe('string');
          } else {
            expect(typeof parsed.error).toBe('string');
            expect(parsed.error.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500, examples: BRIEF_EXAMPLES.map((v) => [v]) },
    );
  });

  it('runCommandLine: a line or an argv → an Answer or a polite error, never an exception caught on the way', () => {
    const command = fc.constantFrom('/position', 'position', '/quote', 'quote', '/figures', '/search', 'search', '/sources', '/help', '/digest', 'POSITION', '/nope');
    const line = fc.oneof(
      hostile,
      fc.tuple(command, hostile).map(([c, v]) => `${c} ${v}`),
      fc.tuple(command, hostile, fc.constantFrom('about:', 'topic:', 'actor:', 'speaker:', 'query:'), hostile).map(([c, a, o, b]) => `${c} ${a} ${o}${b}`),
    );
    const argv = fc.tuple(command, fc.array(hostile, { maxLength: 4 })).map(([c, rest]) => [c.replace(/^\//, ''), ...rest]);
    fc.assert(
      fc.property(fc.oneof(line, argv), (input) => {
        const r = runCommandLine(s.store, input);
        if (r.ok) expectAnswer(r.answer, r.answer.command);
        else {
          expect(typeof r.error).toBe('string');
          // runCommandLine turns an exception into "Something went wrong …": that must never be needed.
          expect(r.error).not.toMatch(/^Something went wrong/);
        }
      }),
      { numRuns: 400, examples: BRIEF_EXAMPLES.flatMap((v) => [[`/search ${v}`], [`/quote putin about:${v}`], [['position', v]]] as [string | string[]][]) },
    );
  });

  // echo() cuts by code points: a long emoji query never leaves half an emoji.
  it('echoed text never ends in half an emoji (/search query: 40 × 😀)', () => {
    const a = answerQuestion(s.store, 'search', { query: '😀'.repeat(40) });
    expect(a.notice).not.toMatch(LONE_SURROGATE);
    expect(a.title).not.toMatch(LONE_SURROGATE);
  });

  // An unknown topic is echoed like every other user text: Discord limits `topic` to its choices, but
  // answerQuestion is the shared entry point.
  it('/position with an unknown topic: the notice carries no control or bidi characters (topic: "\\u0000\\u001b[31m\\u202e")', () => {
    const a = answerQuestion(s.store, 'position', { actor: 'russia', topic: '\u0000\u001b[31m\u202etroops' });
    expect(a.notice).toMatch(/is not a topic I track/);
    expect(a.notice).not.toMatch(CONTROL);
    expect(a.notice).not.toMatch(BIDI);
  });

  // Parse errors echo the token through echo(): no ESC sequence goes back to the terminal as typed.
  it('parse errors that quote the input carry no control characters or half emoji', () => {
    for (const input of ['\u001b[2J\u001b[31mred', '/help \u001b]0;owned\u0007', `/a${'😀'.repeat(30)}`]) {
      const r = parseCommand(input);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error).not.toMatch(CONTROL);
      expect(r.error).not.toMatch(LONE_SURROGATE);
    }
  });

  it('the database is intact afterwards: same rows, integrity_check ok, FTS index in step', () => {
    expect(recordCounts(s.db)).toEqual(before);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.db.pragma('foreign_key_check')).toEqual([]);
    checkFts(s.db);
    expect(s.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'articles'`).pluck().get()).toBe('articles');
  });
});
