/**
 * `Answer` → embeds, as pure functions: every page inside Discord's limits whatever the answer holds,
 * citations never cut, untrusted text escaped and defused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, Citation, Reference } from '../../src/briefing/index.ts';
import { answerButtonId, didYouMeanId, parseAnswerButton, parseDidYouMean } from '../../src/discord/cache.ts';
import {
  ITEMS_PER_PAGE,
  answerComponents,
  expiredEmbed,
  referenceLine,
  renderAnswerPages,
  renderDidYouMean,
  renderSourcesView,
  safe,
  truncate,
} from '../../src/discord/render.ts';
import { findLimitViolations } from '../fake-discord/index.ts';

function ref(n: number, extra: Partial<Reference> = {}): Reference {
  return { ref: n, article: n, title: `Article ${n}`, outlet: null, url: null, published: null, ...extra };
}

function cite(n: number, sentence = `Sentence from article ${n}.`): Citation {
  return { ...ref(n), sentence };
}

function answerOf(command: string, items: AnswerItem[], extra: Partial<Answer> = {}): Answer {
  const refs = new Set(items.flatMap((i) => [i.citation.ref, ...(i.sources ?? []).map((s) => s.citation.ref)]));
  return { command, title: `A ${command} answer`, overview: 'overview', items, references: [...refs].sort((a, b) => a - b).map((n) => ref(n)), ...extra };
}

const message = (embeds: unknown[], components: unknown[] = []) => ({ embeds, components, allowed_mentions: { parse: [] } });

describe('renderAnswerPages', () => {
  it('a very long single item is shortened with "…" and keeps every citation marker', () => {
    const it0: AnswerItem = {
      text: 'word '.repeat(3000),
      speaker: 'Steve Witkoff',
      citation: cite(1),
      sources: [{ text: 'x', citation: cite(2) }, { text: 'y', citation: cite(3) }],
    };
    const pages = renderAnswerPages(answerOf('quote', [it0]));
    expect(pages).toHaveLength(1);
    const d = pages[0].embed.description!;
    expect(d).toMatch(/^1\. “word [\w ]+…” — Steve Witkoff \[1\]\[2\]\[3\]$/m);
    expect(d.length).toBeGreaterThan(3000);
    expect(findLimitViolations(message([pages[0].embed]))).toEqual([]);
  });

  it('an item with a hundred sources keeps its markers and lists what fits', () => {
    const sources = Array.from({ length: 100 }, (_, k) => ({ text: 't', citation: cite(k + 2) }));
    const a = answerOf('figures', [{ text: 'Ukraine fields approximately 880,000 troops', citation: cite(1), sources }]);
    a.references = a.references.map((r) => ({ ...r, title: 'A long title '.repeat(12), url: `https://example.com/${'p'.repeat(200)}/${r.ref}` }));
    const [page] = renderAnswerPages(a);
    expect(page.embed.description).toContain('Ukraine fields approximately 880,000 troops [1][2][3]');
    expect(page.embed.description).toContain('(+81)');
    expect(page.embed.fields?.map((f) => f.value).join('\n')).toMatch(/…and \d+ more — press Sources/);
    expect(findLimitViolations(message([page.embed]))).toEqual([]);
  });

  it('untrusted text is escaped and cannot mention anyone', () => {
    const hostile = '@everyone <@123> <@&9> <#5> **x** [link](https://evil.example) `code` @here';
    const a = answerOf('search', [{ text: hostile, citation: cite(1) }], { title: `Search: ${hostile}`, notice: `Read “${hostile}”.` });
    a.references[0].title = hostile;
    const { embed } = renderAnswerPages(a)[0];
    const all = JSON.stringify(embed);
    expect(all).not.toMatch(/@everyone|@here|<@\d|<@&\d|<#\d/);
    expect(embed.description).toContain('@\u200beveryone <\u200b@123> <\u200b@&9> <\u200b#5> \\*\\*x\\*\\* [link]\\(https://evil.example) \\`code\\` @\u200bhere');
    expect(embed.title).toContain('\\*\\*x\\*\\*');
  });

  it('positions are grouped under topic headers, repeated when a page starts mid-topic', () => {
    const items = Array.from({ length: 14 }, (_, k): AnswerItem => ({
      text: `Statement ${k + 1}`,
      actor: 'Russia',
      person: k % 3 === 0 ? 'Vladimir Putin' : null,
      topic: k < 12 ? 'territory' : 'nato',
      citation: cite(1 + (k % 2)),
    }));
    const pages = renderAnswerPages(answerOf('position', items));
    expect(pages.map((p) => p.items.length)).toEqual([10, 4]);
    expect(pages[0].embed.description).toContain('**Territory**\n1. Statement 1 — Vladimir Putin [1]\n2. Statement 2 [2]');
    expect(pages[1].embed.description).toMatch(/^\*overview\*\n\n\*\*Territory\*\*\n11\. Statement 11 \[1\]\n12\. Statement 12 \[2\]\n\n\*\*NATO\*\*\n13\. /);
    expect(pages[1].embed.footer?.text).toMatch(/^Page 2 of 2/);
  });

  it('one or two stragglers join the page before instead of getting their own', () => {
    const items = Array.from({ length: 11 }, (_, k): AnswerItem => ({ text: `Figure ${k}`, citation: cite(1) }));
    expect(renderAnswerPages(answerOf('figures', items)).map((p) => p.items.length)).toEqual([11]);
    const more = Array.from({ length: 13 }, (_, k): AnswerItem => ({ text: `Figure ${k}`, citation: cite(1) }));
    expect(renderAnswerPages(answerOf('figures', more)).map((p) => p.items.length)).toEqual([10, 3]);
  });

  it('sources: markdown links with outlet and date; unsafe links dropped', () => {
    expect(referenceLine(ref(1, { title: 'Talks [live]', url: 'https://ex.com/a_(b)', outlet: 'Reuters', published: '2025-03-14' }))).toBe(
      '[1] [Talks \\[live\\]](https://ex.com/a_%28b%29) — Reuters, 14 Mar 2025',
    );
    expect(referenceLine(ref(2, { title: 'Bad', url: 'javascript:alert(1)' }))).toBe('[2] Bad');
  });

  it('property: any answer pages within every limit, each item exactly once, markers intact', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.constantFrom('@everyone', '<@123>', '**bold**', '`x`', '> quote', '# head', '\\', '[a](http://b)'),
      fc.string({ minLength: 3000, maxLength: 7000 }),
    );
    const item = fc.record({
      text,
      ref: fc.integer({ min: 1, max: 40 }),
      sources: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }),
      topic: fc.constantFrom('territory', 'nato', null, 'ceasefire'),
      speaker: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('quote', 'position', 'figures', 'search'),
        fc.array(item, { minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 600 }),
        fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }),
        fc.string({ maxLength: 600 }),
        (command, raw, title, notice, refTitle) => {
          const items: AnswerItem[] = raw.map((r) => ({
            text: r.text,
            speaker: r.speaker,
            actor: 'X',
            topic: r.topic,
            citation: cite(r.ref, r.text),
            sources: r.sources.filter((s) => s !== r.ref).map((s) => ({ text: 't', citation: cite(s, 'other '.repeat(300)) })),
          }));
          const a = answerOf(command, items, { title, notice, overview: title });
          a.references = a.references.map((r) => ({ ...r, title: refTitle || 'x', url: 'https://example.com/' + 'a'.repeat(r.ref * 5), outlet: refTitle, published: '2025-01-02' }));
          const pages = renderAnswerPages(a);
          const seen: number[] = [];
          for (const [p, page] of pages.entries()) {
            const components = answerComponents({ key: 'abcdefgh', page: p, pages: pages.length, asker: '100000000000000001', sources: true });
            expect(findLimitViolations(message([page.embed], components))).toEqual([]);
            expect(findLimitViolations(message([expiredEmbed(page.embed, command)]))).toEqual([]);
            expect(page.items.length).toBeLessThanOrEqual(ITEMS_PER_PAGE + 2);
            seen.push(...page.items);
            for (const i of page.items) expect(page.embed.description).toContain(`[${items[i].citation.ref}]`);
            const view = renderSourcesView(a, page.items);
            expect(findLimitViolations(message([view]))).toEqual([]);
          }
          expect(seen).toEqual(items.map((_, i) => i));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: /sources with many articles pages within limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.string({ maxLength: 400 }), (n, title) => {
        const references = Array.from({ length: n }, (_, k) => ref(k + 1, { title: title || `T${k}`, url: `https://x.example/${k}` }));
        const a: Answer = { command: 'sources', title: 'Sources', items: [], references, info: references.map((r) => `[${r.ref}] 1 quote, 2 positions`) };
        for (const page of renderAnswerPages(a)) expect(findLimitViolations(message([page.embed]))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('renderSourcesView', () => {
  it('items quoted from one sentence share one copy of it', () => {
    const same = 'Witkoff said there is a “lot of detail” to work through over a “complicated situation.”';
    const items: AnswerItem[] = [
      { text: 'lot of detail', speaker: 'Steve Witkoff', citation: cite(1, same) },
      { text: 'complicated situation', speaker: 'Steve Witkoff', citation: cite(1, same) },
      { text: 'other', speaker: 'Steve Witkoff', citation: cite(2), sources: [{ text: 'o', citation: cite(3, 'Elsewhere, in other words.') }] },
    ];
    const view = renderSourcesView(answerOf('quote', items), [0, 1, 2]);
    expect(view.description).toBe(
      `**1.–2.**\n> **[1]** Witkoff said there is a “lot of detail” to work through over a “complicated situation.”\n**3.**\n> **[2]** Sentence from article 2.\n> **[3]** Elsewhere, in other words.`,
    );
    expect(view.fields?.[0].value).toBe('[1] Article 1\n[2] Article 2\n[3] Article 3');
  });

  it('too many sentences: cut with a note, within limits', () => {
    const items = Array.from({ length: 10 }, (_, k): AnswerItem => ({
      text: 't',
      citation: cite(k + 1, 'long sentence '.repeat(60)),
      sources: Array.from({ length: 5 }, (_, j) => ({ text: 's', citation: cite(20 + k * 5 + j, 'other sentence '.repeat(50)) })),
    }));
    const view = renderSourcesView(answerOf('search', items), items.map((_, i) => i));
    expect(view.description).toMatch(/\*…and \d+ more cited sentences not shown — open the articles below\.\*$/);
    expect(findLimitViolations(message([view]))).toEqual([]);
  });
});

describe('buttons and ids', () => {
  it('custom ids round-trip and stay short', () => {
    const id = answerButtonId({ action: 'next', key: 'Ab-_1234', page: 12, asker: '12345678901234567890' });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseAnswerButton(id.split(':').slice(1))).toEqual({ action: 'next', key: 'Ab-_1234', page: 12, asker: '12345678901234567890' });
    expect(parseAnswerButton(['boom', 'k', '1', '2'])).toBeNull();
    expect(parseDidYouMean(didYouMeanId('Ab-_1234', 3).split(':').slice(1))).toEqual({ key: 'Ab-_1234', index: 3 });
  });

  it('did you mean: at most five buttons, topic labels, unique ids', () => {
    const a: Answer = { command: 'position', title: 't', items: [], notice: 'n', suggestions: ['security guarantees', 'nato', 'a', 'b', 'c', 'd', 'e'], references: [] };
    const view = renderDidYouMean(a, 'k');
    const buttons = view.components[0].components;
    expect(buttons.map((b) => ('label' in b ? b.label : ''))).toEqual(['Security guarantees', 'NATO', 'a', 'b', 'c']);
    expect(findLimitViolations(message(view.embeds, view.components))).toEqual([]);
  });

  it('truncate never splits a surrogate pair or leaves a lone backslash', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('abc\\*def', 5)).toBe('abc…');
    expect(safe('a_b')).toBe('a\\_b');
  });
});
