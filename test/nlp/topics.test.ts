import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearTopicMemo, tagTopic, TOPIC_RULES, WEIGHT } from '../../src/nlp/topics.ts';
import type { Topic } from '../../src/nlp/types.ts';

/**
 * The topic rules without their cue prefilter: every pattern run over the whole text. `tagTopic`
 * skips a rule when none of its cue words starts a word of the text, and starts its pattern at the
 * first cue; that must never change the answer (a cue missing from a rule's list would). Same rules
 * and weights, only the prefilter left out.
 */
function oracle(text: string): Topic | null {
  let best: Topic | null = null;
  let bestCount = 0;
  for (const { topic, re } of TOPIC_RULES) {
    const count = (text.match(re)?.length ?? 0) * WEIGHT[topic];
    if (count > bestCount) (best = topic), (bestCount = count);
  }
  return best;
}

// Every literal word of every pattern, their neighbours in the patterns, and near misses.
const WORDS = [
  ...new Set(TOPIC_RULES.flatMap(({ re }) => re.source.replace(/\\[bdw]|\(\?:|[()?*+|\\]|\[[^\]]*\]/g, ' ').split(/\s+/)).filter(Boolean)),
  'ceasefires', 'cease-fire', 'peacekeepers', 'Tomahawks', 'demilitarised', '28-point', '12-point', 'land', 'island', 'capital', 'PEACE',
  'Ukrainian', 'reassurance', 'forces', 'Russia’s', "military's", 'size', 'the', 'of', 'and', 'x', 'é', 'naïve', 'K', 'ſtop',
];
const separators = [' ', ' ', ', ', '. ', '-', '’', "'", '_', '5', '\n'];

describe('topic tagging', () => {
  it('property: the cue prefilter gives the answer of every pattern run over the whole text', () => {
    const text = fc
      .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...separators), fc.constantFrom('lower', 'upper', 'title', 'as-is')), { minLength: 1, maxLength: 14 })
      .map((parts) =>
        parts
          .map(([w, sep, c]) => (c === 'lower' ? w.toLowerCase() : c === 'upper' ? w.toUpperCase() : c === 'title' ? w[0].toUpperCase() + w.slice(1) : w) + sep)
          .join(''),
      );
    fc.assert(
      fc.property(text, (t) => {
        clearTopicMemo();
        expect(tagTopic(t)).toBe(oracle(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('tags the seed phrasings', () => {
    clearTopicMemo();
    expect(tagTopic('Ukraine would cap its armed forces at 600,000 troops')).toBe('troops');
    expect(tagTopic('a full 30-day ceasefire')).toBe('ceasefire');
    expect(tagTopic('Moscow rejects any Western forces in Ukraine')).toBe('troops');
    expect(tagTopic('the 28-point plan')).toBe('peace plan');
    expect(tagTopic('nothing of the kind')).toBeNull();
  });
});
