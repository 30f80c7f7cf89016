import { describe, expect, it } from 'vitest';
import { HOLDOUT_GOLD_DIR, scoreAll } from './gold.ts';

// Four articles annotated by someone who never saw the extraction rules, in styles the rules were not
// written for (British single quotes, a TV interview story, a live blog, a Q&A explainer). Scored
// blind on first run: quotes R0.78 P0.95 speaker 0.91; positions R0.52 P0.89 actor 0.93; figures R0.90 P0.88.
// This suite guards against regressions; the bar is the trust floor, not the target.
describe('extraction on held-out articles', () => {
  const { total } = scoreAll(HOLDOUT_GOLD_DIR);
  const f = (n: number) => n.toFixed(2);

  it('reports its scores', () => {
    const { quotes: q, positions: p, figures: g } = total;
    console.log(
      `held-out: quotes R${f(q.recall)} P${f(q.precision)} speaker ${f(q.speakerAccuracy)}; positions R${f(p.recall)} P${f(p.precision)} actor ${f(p.actorAccuracy)}; figures R${f(g.recall)} P${f(g.precision)}`,
    );
    expect(q.tp + q.fn).toBeGreaterThan(50);
  });

  it('what it shows is right: quote precision and speaker accuracy ≥ 0.9, figure precision ≥ 0.85', () => {
    expect(total.quotes.precision, total.quotes.falsePositives.join(' | ')).toBeGreaterThanOrEqual(0.9);
    expect(total.quotes.speakerAccuracy, total.quotes.wrongSpeakers.join(' | ')).toBeGreaterThanOrEqual(0.9);
    expect(total.positions.precision, total.positions.falsePositives.join(' | ')).toBeGreaterThanOrEqual(0.8);
    expect(total.figures.precision, total.figures.falsePositives.join(' | ')).toBeGreaterThanOrEqual(0.85);
  });

  it('finds most of what is there: quote recall ≥ 0.75, figure recall ≥ 0.9, position recall ≥ 0.5', () => {
    expect(total.quotes.recall).toBeGreaterThanOrEqual(0.75);
    expect(total.figures.recall).toBeGreaterThanOrEqual(0.9);
    expect(total.positions.recall).toBeGreaterThanOrEqual(0.5);
  });
});
