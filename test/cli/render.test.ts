import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/briefing/index.ts';
import { renderText } from '../../src/cli/render.ts';

const cite = (ref: number, sentence: string, title = `Article ${ref}`): Citation => ({
  ref,
  article: ref * 10,
  title,
  outlet: ref === 1 ? 'Example News' : null,
  url: ref === 1 ? 'https://example.com/a' : null,
  published: ref === 1 ? '2026-01-22' : null,
  sentence,
});

describe('renderText', () => {
  it('renders a quote answer: title, overview, numbered lines with speakers and [n], then the sources', () => {
    const a: Answer = {
      command: 'quote',
      title: 'Quotes of Steve Witkoff',
      overview: 'Steve Witkoff — 2 quotes from 2 articles',
      items: [
        {
          text: 'one issue',
          speaker: 'Steve Witkoff',
          citation: cite(1, 'He said "one issue" remained.'),
          sources: [{ text: 'one issue', citation: cite(2, 'It is down to "one issue".') }],
        },
        { text: 'a lot of progress', speaker: 'Steve Witkoff', citation: cite(2, 'He saw "a lot of progress".') },
      ],
      references: [
        { ref: 1, article: 10, title: 'Article 1', outlet: 'Example News', url: 'https://example.com/a', published: '2026-01-22' },
        { ref: 2, article: 20, title: 'Article 2', outlet: null, url: null, published: null },
      ],
    };
    expect(renderText(a)).toBe(
      [
        'Quotes of Steve Witkoff',
        'Steve Witkoff — 2 quotes from 2 articles',
        '',
        ' 1. “one issue” — Steve Witkoff [1][2]',
        ' 2. “a lot of progress” — Steve Witkoff [2]',
        '',
        'Sources',
        '[1] Article 1 — Example News, 2026-01-22 <https://example.com/a>',
        '[2] Article 2',
      ].join('\n'),
    );
  });

  it('groups positions under topic headings and names the person who voiced one', () => {
    const a: Answer = {
      command: 'position',
      title: 'Positions of Russia',
      items: [
        { text: 'Russia wants land', actor: 'Russia', person: 'Vladimir Putin', topic: 'territory', citation: cite(1, 'Russia wants land.') },
        { text: 'Russia rejects NATO', actor: 'Russia', person: null, topic: 'nato', citation: cite(1, 'Russia rejects NATO.') },
        { text: 'No NATO, ever', actor: 'Russia', person: 'Russia', topic: 'nato', citation: cite(1, 'No NATO, ever.') },
      ],
      references: [{ ref: 1, article: 10, title: 'Article 1', outlet: null, url: null, published: null }],
    };
    const lines = renderText(a).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'Positions of Russia',
      '',
      'TERRITORY',
      ' 1. Russia wants land [1] (Vladimir Putin)',
      'NATO',
      ' 2. Russia rejects NATO [1]',
      ' 3. No NATO, ever [1]',
    ]);
  });

  it('shows the notice of an empty answer, and no Sources section', () => {
    const text = renderText({ command: 'quote', title: '/quote zzz', items: [], notice: 'I don\'t know a speaker called “zzz”.', references: [] });
    expect(text).toBe('/quote zzz\nNote: I don\'t know a speaker called “zzz”.');
  });
});
