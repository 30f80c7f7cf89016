/**
 * Proves the fake Discord against the REAL discord.js client (no mocking of
 * discord.js internals): gateway handshake, interactions, REST retries,
 * rate limits, resumes and sharding.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type ClientOptions,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/server.ts';
import {
  Permissions,
  autocomplete,
  button,
  chatInput,
  focused,
  manager,
  sub,
} from '../fake-discord/payloads.ts';
import {
  assertAllOutgoingWithinLimits,
  assertWithinDiscordLimits,
  collectOutgoingMessages,
  findLimitViolations,
} from '../fake-discord/limits.ts';
import { guildIdForShard, shardForGuild } from '../fake-discord/snowflake.ts';

// ---------------------------------------------------------------- harness

const cleanups: (() => Promise<void> | void)[] = [];
const handlerErrors: unknown[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  const errs = handlerErrors.splice(0);
  if (errs.length) throw errs[0];
});

async function fakeDiscord(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(options);
  cleanups.push(() => fake.close());
  return fake;
}

/** No ~5 s identify spacing between shards / re-identifies (discord.js default throttler). */
const noIdentifyThrottle = { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) };

async function connect(fake: FakeDiscord, extra: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.restBase },
    allowedMentions: { parse: [] },
    ...extra,
  });
  cleanups.push(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token-abc');
  await ready;
  return client;
}

/** Register an interaction handler; exceptions fail the test in afterEach. */
function onInteraction(client: Client, fn: (i: Interaction) => Promise<unknown>): void {
  client.on(Events.InteractionCreate, (i) => {
    fn(i).catch((e: unknown) => handlerErrors.push(e));
  });
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('until(): condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---------------------------------------------------------------- tests

describe('fake Discord with a real discord.js client', () => {
  it('logs in: /gateway/bot, IDENTIFY, READY, GUILD_CREATE → guild cached', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);

    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.defaultGuild.id);
    expect(guild?.name).toBe('Fake Guild');
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.defaultChannel.id)?.name).toBe('general');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);

    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ shard: [0, 1], intents: GatewayIntentBits.Guilds, token: 'fake-token-abc' });
    const gw = await fake.waitForRequest('GET /gateway/bot');
    expect(gw.headers.authorization).toBe('Bot fake-token-abc');
  });

  it('chat input → interaction.reply lands as callback type 4', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const seen: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push(`${i.commandName}:${i.guildId}:${i.channelId}:${i.user.id}`);
      await i.reply({ content: 'pong', allowedMentions: { parse: [] } });
    });

    const sent = fake.sendInteraction(chatInput('ping'));
    const cb = await sent.waitForCallback();

    expect(cb.body).toMatchObject({ type: 4, data: { content: 'pong', allowed_mentions: { parse: [] } } });
    expect(cb.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
    expect(cb.query.with_response).toBe('false');
    expect(cb.status).toBe(204);
    expect(seen).toEqual([`ping:${fake.defaultGuild.id}:${fake.defaultChannel.id}:${sent.payload.member.user.id}`]);
    expect(fake.interactionMessages.map((m) => m.content)).toEqual(['pong']);
  });

  it('options, subcommands and member permissions reach the handler', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const got: unknown[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      got.push({
        sub: i.options.getSubcommand(),
        topic: i.options.getString('topic'),
        limit: i.options.getInteger('limit'),
        manage: i.memberPermissions?.has('ManageGuild'),
        admin: i.memberPermissions?.has('Administrator'),
      });
      await i.reply({ content: 'ok', allowedMentions: { parse: [] } });
    });

    await fake.sendInteraction(chatInput('brief', [sub('add', { topic: 'tariffs', limit: 3 })], { member: manager() })).waitForCallback();
    await fake.sendInteraction(chatInput('brief', [sub('list', { topic: 'x', limit: 1 })])).waitForCallback();
    expect(got).toEqual([
      { sub: 'add', topic: 'tariffs', limit: 3, manage: true, admin: false },
      { sub: 'list', topic: 'x', limit: 1, manage: false, admin: false },
    ]);
    expect(Permissions.ManageGuild).toBe('32');
  });

  it('deferReply + editReply → callback type 5 then PATCH @original', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      const msg = await i.editReply({ content: 'done thinking', allowedMentions: { parse: [] } });
      await i.followUp({ content: 'and one more', allowedMentions: { parse: [] } });
      expect(msg.content).toBe('done thinking');
    });

    const sent = fake.sendInteraction(chatInput('slow'));
    const cb = await sent.waitForCallback();
    expect(cb.body?.type).toBe(5);
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`,
    );
    expect(edit.body).toMatchObject({ content: 'done thinking', allowed_mentions: { parse: [] } });
    const follow = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${sent.token}`);
    expect(follow.status).toBe(200);
    expect(fake.interactionMessages.map((m) => [m.content, m.flags])).toEqual([
      ['done thinking', 0],
      ['and one more', 0],
    ]);
  });

  it('reply with withResponse → with_response=true gets a callback response object', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const ids: (string | undefined)[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      const res = await i.reply({ content: 'hi', withResponse: true, allowedMentions: { parse: [] } });
      ids.push(res.resource?.message?.id);
    });
    const cb = await fake.sendInteraction(chatInput('hello')).waitForCallback();
    expect(cb.query.with_response).toBe('true');
    await until(() => ids.length === 1);
    expect(ids[0]).toBe(fake.interactionMessages[0].id);
  });

  it('a 429 on the callback route: discord.js waits retry-after and the reply still lands', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'pong', allowedMentions: { parse: [] } });
    });
    fake.failNext({ route: /^POST \/interactions\/.*\/callback$/, status: 429, retryAfter: 1 });

    const sent = fake.sendInteraction(chatInput('ping'));
    const cb = await sent.waitForCallback(5000);
    const attempts = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0].injected).toBe(true);
    expect(attempts[0].response).toMatchObject({ message: 'You are being rate limited.', retry_after: 1, global: false });
    expect(cb.at - attempts[0].at).toBeGreaterThanOrEqual(950);
    expect(cb.body?.data?.content).toBe('pong');
  });

  it('a 500 on a channel send: discord.js retries and exactly one message lands', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    fake.failNext({ route: 'POST /channels/', status: 500 });

    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const msg = await channel.send({ content: 'hello world', allowedMentions: { parse: [] } });

    const attempts = fake.requests.filter((r) => r.route === `POST /channels/${channel.id}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ id: msg.id, content: 'hello world', channel_id: channel.id });
  });

  it('nonce + enforce_nonce returns the same message instead of a duplicate', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const a = await channel.send({ content: 'once', nonce: '7777', enforceNonce: true, allowedMentions: { parse: [] } });
    const b = await channel.send({ content: 'once', nonce: '7777', enforceNonce: true, allowedMentions: { parse: [] } });
    const c = await channel.send({ content: 'twice', nonce: '8888', allowedMentions: { parse: [] } });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(fake.messages.map((m) => m.content)).toEqual(['once', 'twice']);
  });

  it('files are sent multipart; payload_json is parsed into the recorded body', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const msg = await channel.send({
      content: 'see attached',
      files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'data.csv' }],
      allowedMentions: { parse: [] },
    });
    const req = await fake.waitForRequest(`POST /channels/${channel.id}/messages`);
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(req.body).toMatchObject({ content: 'see attached', allowed_mentions: { parse: [] } });
    expect(req.files).toHaveLength(1);
    expect(req.files[0]).toMatchObject({ name: 'data.csv', size: 8 });
    expect(req.files[0].data.toString()).toBe('a,b\n1,2\n');
    expect(msg.attachments.first()?.name).toBe('data.csv');
  });

  it('a steady global rate limit answers 429 (global) and discord.js still delivers everything', async () => {
    const fake = await fakeDiscord({ globalRateLimit: { perSecond: 10 } });
    const client = await connect(fake);
    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const sends = Array.from({ length: 14 }, (_, n) => channel.send({ content: `m${n}`, allowedMentions: { parse: [] } }));
    await Promise.all(sends);
    expect(fake.messages).toHaveLength(14);
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
    const limited = fake.requests.find((r) => r.status === 429)!;
    expect(limited.response).toMatchObject({ global: true });
  });

  it('autocomplete, buttons, commands and the limits validator', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    onInteraction(client, async (i) => {
      if (i.isAutocomplete()) {
        const q = i.options.getFocused();
        await i.respond(['alpha', 'beta', 'gamma'].filter((s) => s.startsWith(q)).map((s) => ({ name: s, value: s })));
      } else if (i.isButton()) {
        await i.update({ content: `clicked ${i.customId}`, components: [], allowedMentions: { parse: [] } });
      }
    });

    expect(() => autocomplete('brief', { limit: 2 })).toThrow(/exactly one focused/);
    const ac2 = await fake.sendInteraction(autocomplete('brief', [focused('topic', 'a')])).waitForCallback();
    expect(ac2.body).toEqual({ type: 8, data: { choices: [{ name: 'alpha', value: 'alpha' }] } });

    // Button on a message the bot sent earlier.
    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const sentMsg = await channel.send({
      content: 'pick',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'pick:1', label: 'One' }] }],
      allowedMentions: { parse: [] },
    });
    const btn = await fake.sendInteraction(button('pick:1', sentMsg.id)).waitForCallback();
    expect(btn.body).toMatchObject({ type: 7, data: { content: 'clicked pick:1', components: [] } });
    expect(fake.messages[0]).toMatchObject({ id: sentMsg.id, content: 'clicked pick:1', components: [] });

    // Command registration.
    const cmds = await client.application!.commands.set([{ name: 'ping', description: 'Ping!' }]);
    expect(cmds.first()?.name).toBe('ping');
    expect(fake.globalCommands).toHaveLength(1);
    await expect(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toBeInstanceOf(DiscordAPIError);

    // Everything the bot sent is within limits and has allowed_mentions.
    const outgoing = collectOutgoingMessages(fake);
    expect(outgoing.map((o) => o.kind)).toEqual(['autocomplete-result', 'channel-message', 'interaction-callback']);
    expect(assertAllOutgoingWithinLimits(fake)).toBe(3);
  });

  it('limits: the validator describes violations; the fake rejects them like Discord', async () => {
    const ok = { content: 'x', allowed_mentions: { parse: [] } };
    expect(() => assertWithinDiscordLimits(ok)).not.toThrow();
    expect(() => assertWithinDiscordLimits({ content: 'x' })).toThrow(/allowed_mentions is missing/);
    expect(() => assertWithinDiscordLimits({ ...ok, allowed_mentions: { parse: ['users'] } })).toThrow(/parse must be \[\]/);
    expect(findLimitViolations({ ...ok, content: 'a'.repeat(2001) })).toEqual(['content is 2001 chars (max 2000)']);
    const bigEmbed = { title: 't'.repeat(257), description: 'd'.repeat(4000), fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v'.repeat(100) })) };
    const v = findLimitViolations({ ...ok, embeds: [bigEmbed] });
    expect(v).toEqual(expect.arrayContaining([
      'embeds[0].title is 257 chars (max 256)',
      'embeds[0] has 26 fields (max 25)',
      expect.stringMatching(/characters in total \(max 6000\)/),
    ]));
    const rows = Array.from({ length: 6 }, (_, r) => ({
      type: 1,
      components: Array.from({ length: 6 }, (_, b) => ({ type: 2, style: 1, custom_id: `${r}:${b}`.padEnd(101, 'x'), label: 'l'.repeat(81) })),
    }));
    const cv = findLimitViolations({ ...ok, components: rows });
    expect(cv).toEqual(expect.arrayContaining(['6 action rows (max 5)', 'components[0] has 6 buttons (max 5)']));
    expect(cv.some((s) => s.includes('custom_id is 101 chars'))).toBe(true);
    expect(cv.some((s) => s.includes('label is 81 chars'))).toBe(true);
    expect(findLimitViolations({ type: 8, data: { choices: Array.from({ length: 26 }, (_, n) => ({ name: `${n}`, value: 'v'.repeat(101) })) } })).toEqual(
      expect.arrayContaining(['26 autocomplete choices (max 25)', 'choices[0].value is 101 chars (max 100)']),
    );
    expect(findLimitViolations({ type: 4, data: ok })).toEqual([]);

    const fake = await fakeDiscord();
    const client = await connect(fake);
    const channel = client.channels.cache.get(fake.defaultChannel.id) as TextChannel;
    const err = await channel.send({ content: 'a'.repeat(2001), allowedMentions: { parse: [] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect(fake.messages).toHaveLength(0);
  });

  it('strict interactions: unknown interaction → 10062, double ack → 40060', async () => {
    const fake = await fakeDiscord();
    await connect(fake);
    const sent = fake.sendInteraction(chatInput('ping'));
    const post = (path: string) =>
      fetch(`${fake.restBase}/v10${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'x', allowed_mentions: { parse: [] } } }),
      });
    // The client has no handler: we answer by hand.
    expect((await post(`/interactions/${sent.id}/${sent.token}/callback`)).status).toBe(204);
    const again = await post(`/interactions/${sent.id}/${sent.token}/callback`);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 40060 });
    const unknown = await post(`/interactions/123456789012345678/nope/callback`);
    expect(await unknown.json()).toMatchObject({ code: 10062 });
    const notFound = await fetch(`${fake.restBase}/v10/nothing/here`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ message: 'Unknown', code: 0 });
    expect(fake.requests.at(-1)?.route).toBe('GET /nothing/here');
  });

  it('heartbeats are ACKed (client measures a ping)', async () => {
    const fake = await fakeDiscord({ heartbeatInterval: 100 });
    const client = await connect(fake);
    await until(() => client.ws.ping >= 0 && fake.stats.heartbeats >= 2);
    expect(fake.gatewayReceived.some((f) => f.op === 1)).toBe(true);
  });

  it('dropConnections(): the client RESUMEs and still handles interactions', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'still here', allowedMentions: { parse: [] } });
    });
    const resumed = once(client, Events.ShardResume);

    expect(fake.dropConnections()).toBe(1);
    const resume = await fake.waitForResume();
    await resumed;
    expect(resume).toMatchObject({ ok: true, shardId: 0, replayed: 0 });
    expect(fake.identifies).toHaveLength(1);

    const cb = await fake.sendInteraction(chatInput('ping')).waitForCallback();
    expect(cb.body?.data?.content).toBe('still here');
  });

  it('events dispatched while disconnected are replayed on RESUME', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake);
    const handled: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      handled.push(i.commandName);
      await i.reply({ content: 'ok', allowedMentions: { parse: [] } });
    });
    fake.dropConnections({ abrupt: true });
    await until(() => fake.connectedShards.length === 0);
    const sent = fake.sendInteraction(chatInput('missed'));
    const cb = await sent.waitForCallback();
    expect(handled).toEqual(['missed']);
    expect(cb.status).toBe(204);
    expect(fake.resumes.at(-1)).toMatchObject({ ok: true, replayed: 1 });
  });

  it('invalidateSession(): the client re-IDENTIFYs with a new session', async () => {
    const fake = await fakeDiscord();
    const client = await connect(fake, { ws: noIdentifyThrottle });
    const first = fake.identifies[0].sessionId;
    expect(fake.invalidateSession()).toBe(1);
    const again = await fake.waitForIdentify((i) => i.sessionId !== first);
    expect(again.shard).toEqual([0, 1]);
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'fresh', allowedMentions: { parse: [] } });
    });
    // Guilds are re-sent; wait for the shard to be back before dispatching.
    await until(() => fake.connectedShards.includes(0));
    const cb = await fake.sendInteraction(chatInput('ping')).waitForCallback();
    expect(cb.body?.data?.content).toBe('fresh');
  });

  it('two shards in two clients: each client only gets its own guild', async () => {
    const g0 = guildIdForShard(0, 2);
    const g1 = guildIdForShard(1, 2);
    expect([shardForGuild(g0, 2), shardForGuild(g1, 2)]).toEqual([0, 1]);
    const fake = await fakeDiscord({ shards: 2, guilds: [{ id: g0, name: 'Zero' }, { id: g1, name: 'One' }] });
    const [c0, c1] = await Promise.all([
      connect(fake, { shards: 0, shardCount: 2 }),
      connect(fake, { shards: 1, shardCount: 2 }),
    ]);
    expect([...c0.guilds.cache.keys()]).toEqual([g0]);
    expect([...c1.guilds.cache.keys()]).toEqual([g1]);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);

    const got: Record<string, string[]> = { c0: [], c1: [] };
    for (const [name, c] of [['c0', c0], ['c1', c1]] as const) {
      onInteraction(c, async (i) => {
        if (!i.isChatInputCommand()) return;
        got[name].push(i.guildId!);
        await i.reply({ content: `${name} (shard ${i.guild?.shardId})`, allowedMentions: { parse: [] } });
      });
    }
    const a = fake.sendInteraction(chatInput('ping', undefined, { guild_id: g0 }));
    const b = fake.sendInteraction(chatInput('ping', undefined, { guild_id: g1 }));
    expect([a.shardId, b.shardId]).toEqual([0, 1]);
    const [ca, cb] = await Promise.all([a.waitForCallback(), b.waitForCallback()]);
    expect(ca.body?.data?.content).toBe('c0 (shard 0)');
    expect(cb.body?.data?.content).toBe('c1 (shard 1)');
    expect(got).toEqual({ c0: [g0], c1: [g1] });
    expect(a.payload.channel_id).toBe(fake.guilds[0].channels[0].id);
    expect(b.payload.channel_id).toBe(fake.guilds[1].channels[0].id);
  });

  it("one client with shards 'auto' follows /gateway/bot and runs both shards", async () => {
    const g0 = guildIdForShard(0, 2);
    const g1 = guildIdForShard(1, 2);
    const fake = await fakeDiscord({ shards: 2, maxConcurrency: 2, guilds: [{ id: g0 }, { id: g1 }] });
    const client = await connect(fake, { shards: 'auto' });
    expect(client.options.shardCount).toBe(2);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(client.guilds.cache.map((g) => [g.id, g.shardId]).sort()).toEqual([[g0, 0], [g1, 1]].sort());
  });
});
