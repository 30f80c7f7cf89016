/**
 * Every slash command against the fake Discord, a real discord.js Client and the seeded database:
 * what reached the fake REST (callback type, embed text, citations, components, allowed_mentions).
 */
import { describe, expect, it } from 'vitest';
import { chatInput } from '../fake-discord/index.ts';
import { buttonsOf, embedText, embedsOf, expectAllWithinLimits, isEphemeral, send, startHarness, waitForMessages } from './harness.ts';

describe('slash commands end to end', () => {
  it('/quote witkoff: a public embed with verbatim quotes, [n] citations, sources and buttons', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
    expect(got.via).toBe(4);
    expect(isEphemeral(got.data)).toBe(false);
    expect(got.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = embedsOf(got.data);
    expect(embed.title).toBe('Quotes of Steve Witkoff');
    expect(embed.description).toContain('1. “We’ve got it down to one issue, and we have discussed iterations of that issue, and that means it’s solvable” — Steve Witkoff [1][2]');
    expect(embed.description).toMatch(/^\*Steve Witkoff — \d+ quotes from \d+ articles\*$/m);
    const sources = embed.fields?.find((f) => f.name === 'Sources');
    expect(sources?.value).toContain('[1] Why the ‘One Issue’ in Russia-Ukraine Talks Could Decide the War’s End');
    expect(sources?.value).toContain('[2] Russia-Ukraine negotiations: Witkov reveals the final obstacle to peace');
    const buttons = buttonsOf(got.data);
    expect(buttons.map((b) => b.label)).toEqual(['◀', '1 / 2', '▶', 'Sources']);
    expect(buttons[0].disabled).toBe(true);
    expect(buttons[2].disabled).toBe(false);
    for (const b of buttons) expect(b.custom_id).toMatch(/^ans:(prev|next|page|src):[\w-]+:0:100000000000000001$/);
    expect(embed.footer?.text).toMatch(/^Page 1 of 2/);
    expectAllWithinLimits(fake);
  });

  it('/position russia: lines grouped under bold topic headers, with a NATO section', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('position', { actor: 'russia' }));
    expect(got.via).toBe(4);
    const text = embedText(got.data);
    const [embed] = embedsOf(got.data);
    expect(embed.title).toBe('Positions of Russia');
    expect(embed.description).toContain('**Territory**');
    expect(embed.description).toContain('**NATO**');
    expect(embed.description).toMatch(/\*\*NATO\*\*\n(\d+\. [^\n]+\n)*\d+\. Russia’s demand that Ukraine be forbidden from joining NATO[^\n]*\[\d\]/);
    expect(text).toMatch(/He asserted that Russia would only cease hostilities[^\n]* — Vladimir Putin \[\d\]/);
    expect(buttonsOf(got.data).map((b) => b.label)).toContain('Sources');
    expectAllWithinLimits(fake);
  });

  it('/position russia topic:nato only shows NATO', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('position', { actor: 'russia', topic: 'nato' }));
    const [embed] = embedsOf(got.data);
    expect(embed.title).toBe('Positions of Russia on nato');
    expect(embed.description).toContain('**NATO**');
    expect(embed.description).not.toContain('**Territory**');
    expectAllWithinLimits(fake);
  });

  it('/figures: deferred, then the figures with their clauses (880,000)', async () => {
    const { fake } = await startHarness();
    const sent = fake.sendInteraction(chatInput('figures', { topic: 'troops' }));
    const cb = await sent.waitForCallback();
    expect(cb.body?.type).toBe(5);
    const [edit] = await waitForMessages(fake, sent);
    expect(edit.via).toBe('edit');
    expect(edit.request.path).toMatch(/\/messages\/@original$/);
    expect(edit.data.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(edit.data);
    expect(text).toContain('Ukraine fields approximately 880,000 troops');
    expect(text).toMatch(/880,000 troops \[\d+\]/);
    expect(buttonsOf(edit.data).some((b) => b.label === 'Sources')).toBe(true);
    expectAllWithinLimits(fake);
  });

  it('/search: deferred, best-matching sentences with citations', async () => {
    const { fake } = await startHarness();
    const sent = fake.sendInteraction(chatInput('search', { query: 'security guarantees' }));
    expect((await sent.waitForCallback()).body?.type).toBe(5);
    const [edit] = await waitForMessages(fake, sent);
    const [embed] = embedsOf(edit.data);
    expect(embed.title).toBe('Search: security guarantees');
    expect(embed.description).toMatch(/^1\. .*security guarantees.*\[1\]$/im);
    expect(embed.fields?.[0].name).toBe('Sources');
    expectAllWithinLimits(fake);
  });

  it('/sources: every indexed article with its counts', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('sources'));
    const [embed] = embedsOf(got.data);
    expect(embed.title).toBe('Sources');
    expect(embed.description).toContain('5 articles indexed');
    expect(embed.description).toContain('**[1]** U.S. President Donald Trump’s Middle East envoy');
    expect(embed.description).toMatch(/^\d+ quotes?, \d+ positions?, \d+ figures?, 41 sentences$/m);
    expect(buttonsOf(got.data)).toEqual([]);
    expectAllWithinLimits(fake);
  });

  it('/help: what Parley can do, with examples', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('help'));
    const [embed] = embedsOf(got.data);
    expect(embed.title).toMatch(/^Parley/);
    expect(embed.description).toContain('`/position russia`');
    expect(embed.description).toContain('`/quote witkoff`');
    expect(got.data.components ?? []).toEqual([]);
    expectAllWithinLimits(fake);
  });

  it('an empty result is a polite ephemeral notice', async () => {
    const { fake } = await startHarness();
    const got = await send(fake, chatInput('quote', { speaker: 'witkoff', about: 'zzzzqqq' }));
    expect(got.via).toBe(4);
    expect(isEphemeral(got.data)).toBe(true);
    expect(embedText(got.data)).toMatch(/Steve Witkoff has \d+ quotes indexed, but none about “zzzzqqq”\./);
    expect(buttonsOf(got.data)).toEqual([]);
    expectAllWithinLimits(fake);
  });

  it('an empty deferred result replaces the public placeholder with an ephemeral notice', async () => {
    const { fake } = await startHarness();
    const sent = fake.sendInteraction(chatInput('search', { query: 'qqqqzzzzxxxx' }));
    const [msg] = await waitForMessages(fake, sent);
    expect(msg.via).toBe('followup');
    expect(isEphemeral(msg.data)).toBe(true);
    expect(embedText(msg.data)).toContain('Nothing in the indexed articles matches');
    const del = fake.requests.find((r) => r.method === 'DELETE' && r.path.endsWith(`/${sent.token}/messages/@original`));
    expect(del?.status).toBe(204);
    expectAllWithinLimits(fake);
  });
});
