import { describe, expect, it } from 'vitest';
import { scoreAll } from './gold.ts';

// The bar from the extraction issue, scored on the hand-annotated gold for the five seeds and our
// own articles in other styles (front matter, page chrome, speakers not in the gazetteer).
const BAR = {
  quotes: { recall: 0.95, precision: 0.95, speakerAccuracy: 0.95 },
  positions: { recall: 0.85, precision: 0.8, actorAccuracy: 0.9 },
  figures: { recall: 0.95, precision: 0.9 },
};

describe('extraction against the gold standard', () => {
  const { perFile, total } = scoreAll();

  it('covers the five seeds and at least three articles of our own', () => {
    expect(perFile.length).toBeGreaterThanOrEqual(8);
  });

  it('quotes: recall, precision and speaker accuracy at or above 0.95', () => {
    const q = total.quotes;
    expect(q.recall, `missed: ${q.misses.join(' | ')}`).toBeGreaterThanOrEqual(BAR.quotes.recall);
    expect(q.precision, `false positives: ${q.falsePositives.join(' | ')}`).toBeGreaterThanOrEqual(BAR.quotes.precision);
    expect(q.speakerAccuracy, `wrong speakers: ${q.wrongSpeakers.join(' | ')}`).toBeGreaterThanOrEqual(BAR.quotes.speakerAccuracy);
  });

  it('positions: recall ≥ 0.85, precision ≥ 0.8, actor accuracy ≥ 0.9', () => {
    const p = total.positions;
    expect(p.recall, `missed: ${p.misses.join(' | ')}`).toBeGreaterThanOrEqual(BAR.positions.recall);
    expect(p.precision, `false positives: ${p.falsePositives.join(' | ')}`).toBeGreaterThanOrEqual(BAR.positions.precision);
    expect(p.actorAccuracy, `wrong actors: ${p.wrongActors.join(' | ')}`).toBeGreaterThanOrEqual(BAR.positions.actorAccuracy);
  });

  it('figures: recall ≥ 0.95, precision ≥ 0.9', () => {
    const f = total.figures;
    expect(f.recall, `missed: ${f.misses.join(' | ')}`).toBeGreaterThanOrEqual(BAR.figures.recall);
    expect(f.precision, `false positives: ${f.falsePositives.join(' | ')}`).toBeGreaterThanOrEqual(BAR.figures.precision);
  });

  it('holds the quote bar on every article on its own, not just on average', () => {
    for (const { file, scores } of perFile) {
      expect(scores.quotes.speakerAccuracy, file).toBeGreaterThanOrEqual(0.9);
      expect(scores.quotes.recall, file).toBeGreaterThanOrEqual(0.8);
    }
  });
});
