import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  combine,
  goldNumberToken,
  normalise,
  scoreArticle,
  type Extracted,
  type GoldFile,
} from './score.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GOLD_DIR = path.join(ROOT, 'test', 'fixtures', 'gold');
const ARTICLE_DIRS = [path.join(ROOT, 'test', 'fixtures', 'articles'), path.join(ROOT, 'seeds')];

const TOPICS = new Set([
  'territory', 'nato', 'ceasefire', 'troops', 'security guarantees', 'sanctions',
  'military aid', 'negotiations', 'energy', 'prisoners', 'economy', 'peace plan',
]);

function empty(): Extracted {
  return { quotes: [], positions: [], figures: [] };
}

function asExtracted(g: GoldFile): Extracted {
  return {
    quotes: g.quotes.map((q) => ({ speaker: q.speaker, text: q.text })),
    positions: g.positions.map((p) => ({ actor: p.actor, text: p.text, topic: p.topic })),
    figures: g.figures.map((f) => ({ text: f.text, value: f.value, unit: f.unit, topic: f.topic ?? null })),
  };
}

const tiny: GoldFile = {
  file: 'tiny.txt',
  quotes: [
    { speaker: 'Steve Witkoff', text: 'We’ve got it down to one issue' },
    { speaker: 'Donald Trump', text: 'Russia has to get moving' },
  ],
  positions: [
    { actor: 'Europe', text: 'European and Ukrainian officials proposed an 800,000 cap', topic: 'troops' },
    { actor: 'Ukraine', text: 'European and Ukrainian officials proposed an 800,000 cap', topic: 'troops' },
    { actor: 'Russia', text: 'Russia continues to assert that Ukraine cannot join NATO', topic: 'nato' },
  ],
  figures: [
    { text: 'a full 30-day ceasefire', value: 30, unit: 'days' },
    { text: 'Moscow currently controls about a fifth of Ukraine', value: 0.2, unit: 'fraction' },
    { text: 'tens of billions of dollars in military aid', value: null, unit: 'USD' },
  ],
  ambiguous: { quotes: ['permanent'], positions: ['maintained that Russia holds the upper hand'], figures: [] },
};

describe('normalise', () => {
  it('folds curly quotes, case, whitespace and edge punctuation', () => {
    expect(normalise('  “Don’t   STOP,”  ')).toBe("don't stop");
    expect(normalise('We\u2019ve got it.')).toBe("we've got it");
  });
});

describe('goldNumberToken', () => {
  it('picks the token that carries the value', () => {
    expect(goldNumberToken('it needs $9 billion this year', 9e9)).toBe('9');
    expect(goldNumberToken('about a fifth of Ukraine', 0.2)).toBe('fifth');
    expect(goldNumberToken('The original 28-point plan ... to 600,000', 600000)).toBe('600,000');
    expect(goldNumberToken('tens of billions of dollars', null)).toBe('tens');
  });
});

describe('scoreArticle: quotes', () => {
  it('is perfect when the extraction equals the gold', () => {
    const s = scoreArticle(tiny, asExtracted(tiny));
    expect(s.quotes).toMatchObject({ recall: 1, precision: 1, speakerAccuracy: 1, tp: 2, fn: 0, fp: 0 });
  });

  it('a wrong speaker lowers speakerAccuracy but still matches the text', () => {
    const got = asExtracted(tiny);
    got.quotes[1].speaker = 'White House';
    const s = scoreArticle(tiny, got);
    expect(s.quotes.recall).toBe(1);
    expect(s.quotes.speakerAccuracy).toBe(0.5);
    expect(s.quotes.wrongSpeakers).toHaveLength(1);
  });

  it('a missing quote lowers recall, an invented one lowers precision', () => {
    const got = asExtracted(tiny);
    got.quotes = [got.quotes[0], { speaker: 'Donald Trump', text: 'America First' }];
    const s = scoreArticle(tiny, got);
    expect(s.quotes.recall).toBe(0.5);
    expect(s.quotes.precision).toBe(0.5);
    expect(s.quotes.misses).toEqual(['Russia has to get moving']);
    expect(s.quotes.falsePositives).toEqual(['America First']);
  });

  it('accepts straight quotes and a trailing period; rejects a much shorter fragment', () => {
    const got = empty();
    got.quotes = [
      { speaker: 'Steve Witkoff', text: "We've got it down to one issue." },
      { speaker: 'Donald Trump', text: 'get moving' },
    ];
    const s = scoreArticle(tiny, got);
    expect(s.quotes.tp).toBe(1);
    expect(s.quotes.fp).toBe(1);
  });

  it('ignores an extracted item that matches an ambiguous string', () => {
    const got = asExtracted(tiny);
    got.quotes.push({ speaker: 'Vladimir Putin', text: '“permanent”' });
    got.positions.push({ actor: 'Russia', text: 'Putin maintained that Russia holds the upper hand', topic: 'negotiations' });
    const s = scoreArticle(tiny, got);
    expect(s.quotes).toMatchObject({ precision: 1, fp: 0, ignored: 1 });
    expect(s.positions).toMatchObject({ precision: 1, fp: 0, ignored: 1 });
  });

  it('an empty extraction has zero recall and (empty-denominator) precision 1', () => {
    const s = scoreArticle(tiny, empty());
    expect(s.quotes.recall).toBe(0);
    expect(s.quotes.precision).toBe(1); // empty denominator
    expect(s.positions.recall).toBe(0);
    expect(s.figures.recall).toBe(0);
  });
});

describe('scoreArticle: positions', () => {
  it('a two-actor clause needs two positions', () => {
    const got = empty();
    got.positions = [
      { actor: 'Ukraine', text: 'European and Ukrainian officials proposed an 800,000 cap', topic: 'troops' },
      { actor: 'Russia', text: 'Russia continues to assert that Ukraine cannot join the North Atlantic Treaty Organization (NATO)', topic: 'nato' },
    ];
    const one = scoreArticle(tiny, got);
    expect(one.positions.tp).toBe(2);
    expect(one.positions.recall).toBeCloseTo(2 / 3);
    expect(one.positions.actorAccuracy).toBe(1); // pairs Ukraine with the Ukraine gold entry
    expect(one.positions.misses).toEqual(['[Europe] European and Ukrainian officials proposed an 800,000 cap']);

    got.positions.push({ actor: 'Europe', text: 'European and Ukrainian officials proposed an 800,000 cap.', topic: 'troops' });
    const two = scoreArticle(tiny, got);
    expect(two.positions).toMatchObject({ recall: 1, precision: 1, actorAccuracy: 1, topicAccuracy: 1 });
  });

  it('the same clause twice with one actor only pairs once', () => {
    const got = empty();
    got.positions = [
      { actor: 'Europe', text: 'European and Ukrainian officials proposed an 800,000 cap', topic: 'troops' },
      { actor: 'Europe', text: 'European and Ukrainian officials proposed an 800,000 cap', topic: 'troops' },
    ];
    const s = scoreArticle(tiny, got);
    expect(s.positions.tp).toBe(2);
    expect(s.positions.actorAccuracy).toBe(0.5);
  });

  it('wrong topic lowers topicAccuracy; unrelated text is a false positive', () => {
    const got = asExtracted(tiny);
    got.positions[2].topic = 'territory';
    got.positions.push({ actor: 'United States', text: 'Trump has steered the White House toward a rapprochement', topic: 'negotiations' });
    const s = scoreArticle(tiny, got);
    expect(s.positions.topicAccuracy).toBeCloseTo(2 / 3);
    expect(s.positions.fp).toBe(1);
  });

  it('a longer extracted sentence containing the gold clause matches', () => {
    const got = empty();
    got.positions = [{
      actor: 'Russia',
      text: 'However, Russia continues to assert that Ukraine cannot join NATO, despite the amendment.',
      topic: 'nato',
    }];
    expect(scoreArticle(tiny, got).positions.tp).toBe(1);
  });
});

describe('scoreArticle: figures', () => {
  it('matches on the number token and checks the value', () => {
    const got = empty();
    got.figures = [
      { text: 'a 30-day ceasefire', value: 30, unit: 'days' },
      { text: 'controls about a fifth of Ukraine', value: 20, unit: 'percent' },
      { text: 'tens of billions of dollars', value: null, unit: 'USD' },
    ];
    const s = scoreArticle(tiny, got);
    expect(s.figures).toMatchObject({ recall: 1, precision: 1, tp: 3 });
    expect(s.figures.valueAccuracy).toBeCloseTo(2 / 3);
    expect(s.figures.wrongValues).toHaveLength(1);
  });

  it('does not match a different number in similar text', () => {
    const got = empty();
    got.figures = [{ text: 'a full 60-day ceasefire', value: 60, unit: 'days' }];
    const s = scoreArticle(tiny, got);
    expect(s.figures.tp).toBe(0);
    expect(s.figures.fp).toBe(1);
  });
});

describe('combine', () => {
  it('micro-averages counts over articles', () => {
    const perfect = scoreArticle(tiny, asExtracted(tiny));
    const none = scoreArticle(tiny, empty());
    const c = combine([perfect, none]);
    expect(c.quotes.recall).toBe(0.5);
    expect(c.quotes.precision).toBe(1);
    expect(c.positions.tp).toBe(3);
    expect(c.positions.fn).toBe(3);
    expect(c.figures.valueAccuracy).toBe(1);
  });
});

// ---------------------------------------------------------------------------
// Integrity of the gold files themselves.

const goldFiles = fs.readdirSync(GOLD_DIR).filter((f) => f.endsWith('.json')).sort();

function articleFor(g: GoldFile): string {
  for (const dir of ARTICLE_DIRS) {
    const p = path.join(dir, g.file);
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
  }
  throw new Error(`article not found for ${g.file}`);
}

describe('gold fixtures', () => {
  it('there are at least eight gold files', () => {
    expect(goldFiles.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of goldFiles) {
    const gold = JSON.parse(fs.readFileSync(path.join(GOLD_DIR, name), 'utf8')) as GoldFile;

    it(`${name}: names its article and every text is verbatim in it`, () => {
      expect(name).toBe(`${gold.file}.json`);
      const article = articleFor(gold);
      const texts = [
        ...gold.quotes.map((q) => q.text),
        ...gold.positions.map((p) => p.text),
        ...gold.figures.map((f) => f.text),
        ...(gold.ambiguous?.quotes ?? []),
        ...(gold.ambiguous?.positions ?? []),
        ...(gold.ambiguous?.figures ?? []),
      ];
      const missing = texts.filter((t) => !article.includes(t));
      expect(missing).toEqual([]);
    });

    it(`${name}: well-formed fields`, () => {
      for (const q of gold.quotes) {
        expect(q.speaker.length).toBeGreaterThan(0);
        expect(q.text).not.toMatch(/[.,]$/);
      }
      for (const p of gold.positions) {
        expect(TOPICS.has(p.topic), `${p.topic} is not a topic`).toBe(true);
        expect(p.actor.length).toBeGreaterThan(0);
      }
      for (const f of gold.figures) {
        if (f.topic !== undefined) expect(TOPICS.has(f.topic)).toBe(true);
        expect(f.value === null || Number.isFinite(f.value)).toBe(true);
        expect(goldNumberToken(f.text, f.value), f.text).not.toBeNull();
      }
    });

    it(`${name}: gold scored against itself is perfect`, () => {
      const s = scoreArticle(gold, asExtracted(gold));
      for (const k of ['quotes', 'positions', 'figures'] as const) {
        expect(s[k].recall, k).toBe(1);
        expect(s[k].precision, k).toBe(1);
      }
      expect(s.quotes.speakerAccuracy).toBe(1);
      expect(s.positions.actorAccuracy).toBe(1);
      expect(s.positions.topicAccuracy).toBe(1);
      expect(s.figures.valueAccuracy).toBe(1);
    });
  }
});
