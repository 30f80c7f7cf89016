/**
 * The router end to end: autocomplete, the one error path, preconditions, hostile input, and REST
 * trouble (429 global and per route, 500) on the way back to Discord.
 */
import { describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { manageGuild } from '../../src/discord/preconditions.ts';
import type { Command } from '../../src/discord/types.ts';
import { autocomplete, chatInput, focused, manager, member } from '../fake-discord/index.ts';
import { embedText, embedsOf, expectAllWithinLimits, isEphemeral, send, startHarness, waitForMessages } from './harness.ts';

const OTHER = '100000000000000777';

describe('autocomplete', () => {
  it('actor: "witk" → Steve Witkoff (United States), at most 25 choices', async () => {
    const { fake } = await startHarness();
    const r = await send(fake, autocomplete('position', [focused('actor', 'witk')]));
    expect(r.via).toBe(8);
    const choices = r.data.choices as { name: string; value: string }[];
    expect(choices[0]).toEqual({ name: 'Steve Witkoff (United States)', value: 'Steve Witkoff' });
    expect(choices.length).toBeLessThanOrEqual(25);
    expectAllWithinLimits(fake);
  });

  it('speaker: misspellings resolve, nothing typed lists people first, never more than 25', async () => {
    const { fake } = await startHarness();
    const typo = await send(fake, autocomplete('quote', [focused('speaker', 'Wittkopf')]));
    expect((typo.data.choices as { value: string }[])[0].value).toBe('Steve Witkoff');

    const empty = await send(fake, autocomplete('quote', [focused('speaker', '')]));
    const all = empty.data.choices as { name: string; value: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(25);
    expect(all[0].name).toMatch(/\(/); // a person, shown with their party

    const junk = await send(fake, autocomplete('quote', [focused('speaker', '@everyone <@1> '.repeat(400))]));
    expect(junk.via).toBe(8);
    expect((junk.data.choices as unknown[]).length).toBeLessThanOrEqual(25);
    expectAllWithinLimits(fake);
  });

  it('a command without autocomplete answers an empty list', async () => {
    const { fake } = await startHarness();
    const r = await send(fake, autocomplete('search', [focused('query', 'x')]));
    expect(r.data).toEqual({ choices: [] });
  });
});

const boom: Command = {
  data: new SlashCommandBuilder().setName('boom').setDescription('Always fails'),
  async execute() {
    throw new Error('kaboom');
  },
};

const slowBoom: Command = {
  data: new SlashCommandBuilder().setName('slowboom').setDescription('Fails after deferring'),
  defer: true,
  async execute() {
    throw new Error('kaboom later');
  },
};

const settings: Command = {
  data: new SlashCommandBuilder().setName('settings').setDescription('Needs Manage Server'),
  preconditions: [manageGuild],
  async execute(i) {
    await i.reply({ content: 'settings changed', allowedMentions: { parse: [] } });
  },
};

describe('the one error path', () => {
  it('a command that throws gets an ephemeral error and a log line naming the command', async () => {
    const { fake, logs } = await startHarness({ commands: [...COMMANDS, boom] });
    const r = await send(fake, chatInput('boom'));
    expect(r.via).toBe(4);
    expect(isEphemeral(r.data)).toBe(true);
    expect(r.data.allowed_mentions).toEqual({ parse: [] });
    expect(embedText(r.data)).toContain('Something went wrong while answering');
    expect(embedText(r.data)).not.toContain('kaboom');
    expect(logs.some((l) => l.includes('ERROR interaction failed: /boom') && l.includes('kaboom'))).toBe(true);
    expectAllWithinLimits(fake);
  });

  it('after a deferral the placeholder is removed and the error follows up ephemerally', async () => {
    const { fake } = await startHarness({ commands: [...COMMANDS, slowBoom] });
    const sent = fake.sendInteraction(chatInput('slowboom'));
    expect((await sent.waitForCallback()).body?.type).toBe(5);
    const [msg] = await waitForMessages(fake, sent);
    expect(msg.via).toBe('followup');
    expect(isEphemeral(msg.data)).toBe(true);
    expect(embedText(msg.data)).toContain('Something went wrong');
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${sent.token}/messages/@original`))).toBe(true);
    expectAllWithinLimits(fake);
  });

  it('an unknown command is answered, not ignored', async () => {
    const { fake } = await startHarness();
    const r = await send(fake, chatInput('digest-old'));
    expect(isEphemeral(r.data)).toBe(true);
    expect(embedText(r.data)).toContain('I don’t know that command');
  });

  it('Manage Server precondition: refused politely without it, runs with it', async () => {
    const { fake } = await startHarness({ commands: [...COMMANDS, settings] });
    const no = await send(fake, chatInput('settings'));
    expect(isEphemeral(no.data)).toBe(true);
    expect(embedText(no.data)).toContain('You need the **Manage Server** permission');
    const yes = await send(fake, chatInput('settings', undefined, { member: manager() }));
    expect(yes.data.content).toBe('settings changed');
    expectAllWithinLimits(fake);
  });

  it('cooldown: a second /search within COOLDOWN_SECONDS is refused politely; others are not held up', async () => {
    const { fake } = await startHarness({ env: { COOLDOWN_SECONDS: '30' } });
    const first = fake.sendInteraction(chatInput('search', { query: 'ceasefire' }));
    await waitForMessages(fake, first);
    const again = await send(fake, chatInput('search', { query: 'ceasefire' }));
    expect(again.via).toBe(4);
    expect(isEphemeral(again.data)).toBe(true);
    expect(embedText(again.data)).toMatch(/One moment — you can use `\/search` again in \d+ s\./);
    const other = fake.sendInteraction(chatInput('search', { query: 'ceasefire' }, { member: member({ user: OTHER }) }));
    expect((await other.waitForCallback()).body?.type).toBe(5);
    expectAllWithinLimits(fake);
  });
});

describe('hostile input never pings and is escaped', () => {
  const hostile = '@everyone <@123> **x** <@&456> @here';

  it('in a search query echoed in the title', async () => {
    const { fake } = await startHarness();
    const sent = fake.sendInteraction(chatInput('search', { query: hostile }));
    const msgs = await waitForMessages(fake, sent);
    for (const m of msgs) {
      expect(m.data.allowed_mentions).toEqual({ parse: [] });
      const text = embedText(m.data);
      expect(text).not.toMatch(/@everyone|@here|<@\d|<@&\d/);
      expect(text).toContain('@\u200beveryone');
      expect(text).toContain('\\*\\*x\\*\\*');
      expect(text).not.toMatch(/(?<!\\)\*\*x/);
    }
    expectAllWithinLimits(fake);
  });

  it('in a name and an about filter', async () => {
    const { fake } = await startHarness();
    const cases: Record<string, string>[] = [{ speaker: hostile }, { speaker: 'witkoff', about: hostile }, { actor: hostile }];
    for (const options of cases) {
      const name = 'actor' in options ? 'position' : 'quote';
      const r = await send(fake, chatInput(name, options));
      expect(r.data.allowed_mentions).toEqual({ parse: [] });
      expect(embedText(r.data)).not.toMatch(/@everyone|@here|<@\d|<@&\d/);
    }
    expectAllWithinLimits(fake);
  });

  it('a 6,000-character option is read, not choked on', async () => {
    const { fake } = await startHarness();
    const r = await send(fake, chatInput('quote', { speaker: 'witkoff', about: 'ceasefire '.repeat(600) }));
    expect(r.data.allowed_mentions).toEqual({ parse: [] });
    expect(embedsOf(r.data)[0].title!.length).toBeLessThanOrEqual(256);
    expectAllWithinLimits(fake);
  });
});

describe('REST trouble on the way back', () => {
  const callback = /^POST \/interactions\/.*\/callback$/;

  it('a per-route 429 on the callback: discord.js waits and the answer lands', async () => {
    const { fake } = await startHarness();
    fake.failNext({ route: callback, status: 429, retryAfter: 0.3 });
    const sent = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }));
    const [msg] = await waitForMessages(fake, sent);
    const attempts = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0].response).toMatchObject({ global: false });
    expect(embedText(msg.data)).toContain('We’ve got it down to one issue');
    expectAllWithinLimits(fake);
  });

  it('a global 429 on the callback: the answer still lands', async () => {
    const { fake } = await startHarness();
    fake.failNext({ route: callback, status: 429, retryAfter: 0.3, global: true });
    const sent = fake.sendInteraction(chatInput('position', { actor: 'russia' }));
    const [msg] = await waitForMessages(fake, sent);
    const attempts = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(attempts[0]).toMatchObject({ status: 429, response: { global: true } });
    expect(embedText(msg.data)).toContain('**NATO**');
    expectAllWithinLimits(fake);
  });

  it('a 500 on the callback and on the deferred edit: retried, exactly one answer lands', async () => {
    const { fake } = await startHarness();
    fake.failNext({ route: callback, status: 500 });
    fake.failNext({ route: /^PATCH \/webhooks\/.*\/messages\/@original$/, status: 500 });
    const sent = fake.sendInteraction(chatInput('figures', { topic: 'troops' }));
    const [msg] = await waitForMessages(fake, sent);
    expect(msg.via).toBe('edit');
    expect(embedText(msg.data)).toContain('880,000');
    const statuses = fake.requests.filter((r) => r.path.includes(sent.token)).map((r) => `${r.method} ${r.status}`);
    expect(statuses).toEqual(['POST 500', 'POST 204', 'PATCH 500', 'PATCH 200']);
    expect(fake.interactionMessages.filter((m) => m.interaction_metadata?.id === sent.id)).toHaveLength(1);
    expectAllWithinLimits(fake);
  });
});
