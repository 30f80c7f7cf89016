/**
 * `/digest set|off|preview|status` end to end: the fake Discord, a real discord.js Client, the real
 * SQLite file with the seeds, the real digest service and scheduler (on a manual clock).
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { DEFAULT_BOT_ID, Permissions, autocomplete, chatInput, focused, guildIdForShard, manager, member, opt, startFakeDiscord, sub, type Json } from '../fake-discord/index.ts';
import { ROOT, SEEDS_DIR, embedText, embedsOf, expectAllWithinLimits, isEphemeral, onCleanup, seededDbPath, send, startHarness, tmpDir, until, waitForMessages } from './harness.ts';
import { channelMessages, digestCommand, setDigest, setOptions, startDigestHarness } from './digest-harness.ts';

const VIEW_CHANNEL = (1n << 10n).toString();
const EMBED_LINKS = (1n << 14n).toString();
const SEND_MESSAGES = (1n << 11n).toString();
/** A little after real now: the seeds in the test database were ingested minutes ago, so they are new. */
const soon = () => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);

describe('/digest command definition', () => {
  it('is registered with subcommands set/off/preview/status and Manage Server as its default permission', () => {
    const cmd = COMMANDS.find((c) => c.data.name === 'digest')!;
    const json = cmd.data.toJSON() as unknown as Json;
    expect(json.default_member_permissions).toBe('32');
    expect((json.options as Json[]).map((o) => [o.name, o.type])).toEqual([['set', 1], ['off', 1], ['preview', 1], ['status', 1]]);
    const set = (json.options as Json[])[0].options as Json[];
    expect(set.map((o) => o.name)).toEqual(['channel', 'time', 'timezone', 'actors', 'topics', 'quiet']);
    expect(set[0]).toMatchObject({ type: 7, required: true, channel_types: [0, 5] });
    expect(set[2]).toMatchObject({ type: 3, required: true, autocomplete: true });
    expect(set[5].choices).toEqual([{ name: 'Skip', value: 'skip' }, { name: 'Note', value: 'note' }]);
  });
});

describe('/digest set', () => {
  it('happy path: checks the channel, saves the schedule, answers privately with the first run in local time', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const [, channel] = h.channels;
    const r = await setDigest(h.fake, channel, { time: '8:00', timezone: 'europe/kyiv', actors: 'witkov, Putin', topics: 'NATO', quiet: 'note' });
    expect(r.via).toBe(4);
    expect(isEphemeral(r.data)).toBe(true);
    expect(r.data.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(r.data);
    expect(text).toContain(`Daily briefing set for <#${channel}> at 08:00 Europe/Kyiv, about Steve Witkoff, Vladimir Putin on nato.`);
    expect(text).toContain('First one: Wed, 10 Jun 2026, 08:00 EEST.');
    expect(text).toContain('Days with nothing new get a one-line note.');
    const [s] = h.digest.schedules.schedulesOf(h.guildId);
    expect(s).toMatchObject({ channelId: channel, time: '08:00', timezone: 'Europe/Kyiv', actors: ['Steve Witkoff', 'Vladimir Putin'], topics: ['nato'], quiet: false, status: 'active', createdBy: '100000000000000001' });
    // Nothing is posted to the channel by setting it up.
    expect(channelMessages(h.fake, channel)).toEqual([]);

    // Several schedules per server, one per channel; setting a channel again replaces its settings.
    await setDigest(h.fake, h.channels[2], { time: '18:30', timezone: 'America/New_York' });
    const again = await setDigest(h.fake, channel, { time: '09:15', timezone: 'Europe/London' });
    expect(embedText(again.data)).toContain('at 09:15 Europe/London');
    expect(h.digest.schedules.schedulesOf(h.guildId).map((x) => [x.channelId, x.time, x.timezone])).toEqual([
      [channel, '09:15', 'Europe/London'],
      [h.channels[2], '18:30', 'America/New_York'],
    ]);
    expectAllWithinLimits(h.fake);
  });

  it('names the permission Parley is missing in the channel, and saves nothing', async () => {
    const GUILD = '300000000000000001';
    const h = await startDigestHarness({
      at: '2026-06-09T12:00:00Z',
      fake: {
        guilds: [{
          id: GUILD,
          channels: [
            { name: 'general' },
            // An overwrite for Parley's own member.
            { name: 'no-embeds', permission_overwrites: [{ id: DEFAULT_BOT_ID, type: 1, allow: '0', deny: EMBED_LINKS }] },
            // An overwrite for @everyone (the guild's id) that Parley's roles inherit.
            { name: 'read-only', permission_overwrites: [{ id: GUILD, type: 0, allow: '0', deny: (BigInt(SEND_MESSAGES) | BigInt(EMBED_LINKS)).toString() }] },
            // …and one that hides the channel.
            { name: 'hidden', permission_overwrites: [{ id: GUILD, type: 0, allow: '0', deny: VIEW_CHANNEL }] },
          ],
        }],
      },
    });
    const noEmbeds = await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'UTC' });
    expect(isEphemeral(noEmbeds.data)).toBe(true);
    expect(embedText(noEmbeds.data)).toContain(`I can’t post the briefing in <#${h.channels[1]}>: I’m missing the **Embed Links** permission there.`);
    expect(embedText(noEmbeds.data)).toContain('Give Parley View Channel, Send Messages and Embed Links in that channel');
    const readOnly = await setDigest(h.fake, h.channels[2], { time: '08:00', timezone: 'UTC' });
    expect(embedText(readOnly.data)).toContain('I’m missing the **Send Messages** and **Embed Links** permissions there.');
    const hidden = await setDigest(h.fake, h.channels[3], { time: '08:00', timezone: 'UTC' });
    expect(embedText(hidden.data)).toContain('I’m missing the **View Channel** permission there.');
    expect(h.digest.schedules.schedulesOf(h.guildId)).toEqual([]);
    // The channel without overwrites is fine.
    expect(embedText((await setDigest(h.fake, h.channels[0], { time: '08:00', timezone: 'UTC' })).data)).toContain('Daily briefing set for');
    expectAllWithinLimits(h.fake);
  });

  it('refuses a member without Manage Server at run time (whatever the default permissions say)', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    for (const subcommand of ['set', 'off', 'preview', 'status']) {
      const options = subcommand === 'set' ? [opt.channel('channel', h.channels[1]), opt.string('time', '08:00'), opt.string('timezone', 'UTC')] : [];
      const r = await send(h.fake, digestCommand(subcommand, options, member({ permissions: Permissions.Member })));
      expect(isEphemeral(r.data)).toBe(true);
      expect(embedText(r.data)).toContain('You need the **Manage Server** permission');
    }
    expect(h.digest.schedules.schedulesOf(h.guildId)).toEqual([]);
    // Administrator implies Manage Server.
    const admin = await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'UTC' }, member({ permissions: Permissions.Administrator }));
    expect(embedText(admin.data)).toContain('Daily briefing set for');
    expectAllWithinLimits(h.fake);
  });

  it('a bad time or time zone is a polite private error, and nothing is saved', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const badTime = await setDigest(h.fake, h.channels[1], { time: '25:00', timezone: 'Europe/Kyiv' });
    expect(isEphemeral(badTime.data)).toBe(true);
    expect(embedText(badTime.data)).toContain('“25:00” is not a time. Use HH:MM on a 24-hour clock, for example 08:00 or 18:30.');
    const badZone = await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Mars/Olympus_Mons' });
    expect(embedText(badZone.data)).toContain('“Mars/Olympus\\_Mons” is not an IANA time zone.');
    const hostile = await setDigest(h.fake, h.channels[1], { time: '@everyone', timezone: 'UTC' });
    expect(embedText(hostile.data)).toContain('“@\u200beveryone” is not a time.');
    expect(hostile.data.allowed_mentions).toEqual({ parse: [] });
    const badActor = await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'UTC', actors: 'Wittkopf, Nobody Atall' });
    expect(embedText(badActor.data)).toContain('I don\'t know an actor called “Nobody Atall”.');
    expect(h.digest.schedules.schedulesOf(h.guildId)).toEqual([]);
    expectAllWithinLimits(h.fake);
  });

  it('autocompletes time zones (at most 25, current IANA names)', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const ask = async (typed: string) => {
      const sent = h.fake.sendInteraction(autocomplete('digest', [sub('set', [opt.string('time', '08:00'), focused('timezone', typed)])], { member: manager() }));
      const cb = await sent.waitForCallback();
      expect(cb.body?.type).toBe(8);
      return ((cb.body?.data as Json).choices as Json[]).map((c) => c.value as string);
    };
    expect(await ask('kyi')).toEqual(['Europe/Kyiv']);
    expect(await ask('new_y')).toContain('America/New_York');
    const all = await ask('a');
    expect(all).toHaveLength(25);
    expect(await ask('')).toContain('UTC');
  });
});

describe('/digest status, preview and off', () => {
  it('status: each schedule’s next run in its own time, last delivery and outcome; none yet', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const empty = await send(h.fake, digestCommand('status'));
    expect(isEphemeral(empty.data)).toBe(true);
    expect(embedText(empty.data)).toContain('This server has no daily briefing. Set one with /digest set.');

    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    await setDigest(h.fake, h.channels[2], { time: '08:00', timezone: 'America/New_York' });
    const r = await send(h.fake, digestCommand('status'));
    const text = embedText(r.data);
    expect(embedsOf(r.data)[0].title).toBe('Daily briefing — status');
    expect(text).toContain(`<#${h.channels[1]}> — daily at 08:00 Europe/Kyiv; quiet days get a note.`);
    expect(text).toContain('Next: Wed, 10 Jun 2026, 08:00 EEST.');
    expect(text).toContain(`<#${h.channels[2]}> — daily at 08:00 America/New\\_York; quiet days skipped.`);
    expect(text).toContain('Next: Wed, 10 Jun 2026, 08:00 GMT-4.'); // en-GB has no abbreviation for New York's zone
    expect(text).toContain('Last: none yet.');

    // After a delivery: the last one and its outcome, in the schedule's own time.
    h.clock.set('2026-06-10T05:00:00Z');
    await h.digest.scheduler!.tick();
    h.clock.set('2026-06-10T06:00:00Z');
    const after = embedText((await send(h.fake, digestCommand('status'))).data);
    expect(after).toContain('Last: the 2026-06-10 briefing, sent (1 message), Wed, 10 Jun 2026, 08:00 EEST.');
    expect(after).toContain('Next: Thu, 11 Jun 2026, 08:00 EEST.');
    expectAllWithinLimits(h.fake);
  });

  it('preview: what would be posted now, privately, split as the scheduler would post it — and nothing in the channel', async () => {
    const at = soon();
    const h = await startDigestHarness({ at });
    // No schedule yet: the last 24 hours, with a hint.
    const sent = h.fake.sendInteraction(digestCommand('preview'));
    expect((await sent.waitForCallback()).body).toMatchObject({ type: 5, data: { flags: 64 } });
    const [first] = await waitForMessages(h.fake, sent);
    expect(embedText(first.data)).toContain('No daily briefing is set here yet: this is the last 24 hours. Set one with /digest set.');

    await setDigest(h.fake, h.channels[1], { time: '23:59', timezone: 'UTC', topics: 'nato' });
    const p = h.fake.sendInteraction(digestCommand('preview'));
    const [msg] = await waitForMessages(h.fake, p);
    expect(msg.data.content).toBe(`Preview: what the briefing for <#${h.channels[1]}> would post now. Only you can see this.`);
    const text = embedText(msg.data);
    expect(text).toMatch(/^Daily briefing — \d{4}-\d\d-\d\d/);
    expect(text).toContain('**📰 New articles**');
    expect(text).toContain('**📌 New positions**');
    expect(text).toMatch(/\*\*Russia\*\* · NATO: Russia’s demand that Ukraine be forbidden from joining NATO[^\n]*\[\d+\]/);
    expect(text).toContain('Only on nato.');
    expect(channelMessages(h.fake, h.channels[1])).toEqual([]);

    // The whole digest (every topic) takes more than one message: each part is its own ephemeral message.
    await setDigest(h.fake, h.channels[1], { time: '23:59', timezone: 'UTC' });
    const n = (await h.digest.service.preview(h.guildId)).parts.length;
    expect(n).toBeGreaterThan(1);
    const all = h.fake.sendInteraction(digestCommand('preview'));
    const landed = await waitForMessages(h.fake, all, n);
    expect(landed.map((m) => embedsOf(m.data)[0].title)).toEqual(Array.from({ length: n }, (_, i) => expect.stringMatching(new RegExp(`\\(${i + 1}/${n}\\)$`))));
    expect(landed.every((m) => isEphemeral(m.data) || m.via === 'edit')).toBe(true);
    expectAllWithinLimits(h.fake);
  });

  it('off: one channel, then all; status says so', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'UTC' });
    await setDigest(h.fake, h.channels[2], { time: '09:00', timezone: 'UTC' });
    const one = await send(h.fake, digestCommand('off', [opt.channel('channel', h.channels[1])]));
    expect(embedText(one.data)).toBe(`The daily briefing for <#${h.channels[1]}> is off.`);
    expect(h.digest.schedules.schedulesOf(h.guildId).map((s) => s.channelId)).toEqual([h.channels[2]]);
    const none = await send(h.fake, digestCommand('off', [opt.channel('channel', h.channels[1])]));
    expect(embedText(none.data)).toBe(`There is no daily briefing for <#${h.channels[1]}>.`);
    const all = await send(h.fake, digestCommand('off'));
    expect(embedText(all.data)).toBe('The daily briefing is off.');
    expect(embedText((await send(h.fake, digestCommand('status'))).data)).toContain('This server has no daily briefing.');
    expectAllWithinLimits(h.fake);
  });
});

describe('new articles while the bot runs', () => {
  it('a file added to SEEDS_DIR is ingested without a restart and shows up in the next digest', async () => {
    const seeds = join(tmpDir('parley-seeds-'), 'seeds');
    mkdirSync(seeds);
    for (const f of readdirSync(SEEDS_DIR)) copyFileSync(join(SEEDS_DIR, f), join(seeds, f));
    const h = await startDigestHarness({ at: soon(), env: { SEEDS_DIR: seeds }, dbPath: join(tmpDir(), 'fresh.db'), syncSeeds: true, digest: { autoStart: true, watchSeeds: true } });
    await h.digest.started;
    expect(h.digest.watcher).not.toBeNull();
    const before = h.bot.app.store.articlesSince('').length;
    copyFileSync(join(ROOT, 'test/fixtures/articles/wire-frontmatter.md'), join(seeds, 'wire-frontmatter.md'));
    await until(() => h.bot.app.store.articlesSince('').length === before + 1, 10_000);
    await h.digest.watcher!.idle();
    expect(h.logs.some((l) => l.includes('seeds changed: 1 added'))).toBe(true);

    await setDigest(h.fake, h.channels[1], { time: '23:59', timezone: 'UTC', actors: 'Sybiha' });
    const p = h.fake.sendInteraction(digestCommand('preview'));
    const [msg] = await waitForMessages(h.fake, p);
    const text = embedText(msg.data);
    expect(text).toContain('[Ukraine rules out Donbas pullout as Geneva talks resume](https://www.meridianwire.example/world/europe/ukraine-rules-out-donbas-pullout-geneva-2026-02-03) — Meridian Wire, 3 Feb 2026');
    expect(text).toMatch(/\*\*Andrii Sybiha\*\*: “No Ukrainian government can hand over towns[^\n]*\[1\]/);
    expectAllWithinLimits(h.fake);
  });
});

describe('sharding', () => {
  it('only shard 0 runs the scheduler (and the seeds watcher); every shard answers /digest from the shared database', async () => {
    const g0 = guildIdForShard(0, 2);
    const g1 = guildIdForShard(1, 2);
    const fake = await startFakeDiscord({ shards: 2, guilds: [{ id: g0, name: 'Zero' }, { id: g1, name: 'One', channels: [{ name: 'general' }, { name: 'briefing' }] }] });
    onCleanup(() => fake.close());
    const dbPath = seededDbPath();
    const [s0, s1] = await Promise.all([
      startHarness({ fake, dbPath, clientOptions: { shards: 0, shardCount: 2 } }),
      startHarness({ fake, dbPath, clientOptions: { shards: 1, shardCount: 2 } }),
    ]);
    await s0.bot.digest.started;
    expect(s0.bot.digest.scheduler?.running).toBe(true);
    expect(s0.bot.digest.watcher).not.toBeNull();
    expect(s0.logs.some((l) => l.includes('digest scheduler running'))).toBe(true);
    expect(s1.bot.digest.scheduler).toBeNull();
    expect(s1.bot.digest.transport).toBeNull();
    expect(s1.bot.digest.watcher).toBeNull();
    expect(s1.bot.digest.started).toBeNull();

    // Guild One lives on shard 1: its /digest set is answered there and lands where shard 0's scheduler reads.
    const channel = (fake.guilds[1].channels as Json[])[1].id as string;
    const r = await send(fake, chatInput('digest', [sub('set', setOptions(channel, { time: '08:00', timezone: 'Europe/Kyiv' }))], { member: manager(), guild_id: g1 }));
    expect(r.sent.shardId).toBe(1);
    expect(embedText(r.data)).toContain(`Daily briefing set for <#${channel}>`);
    expect(s0.bot.digest.schedules.activeSchedules().map((x) => [x.guildId, x.channelId])).toEqual([[g1, channel]]);

    // Stopping shard 0 stops its scheduler.
    await s0.bot.stop();
    expect(s0.bot.digest.scheduler?.running).toBe(false);
  });
});
