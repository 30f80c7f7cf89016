/**
 * Digest delivery end to end: the real scheduler (driven by `tick(now)` on a manual clock), the real
 * Discord transport (its own @discordjs/rest instance), the fake Discord's channels — which drop a
 * repeated nonce sent with `enforce_nonce: true`, as Discord does.
 */
import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { DigestAnswer } from '../../src/briefing/index.ts';
import { TransportError, nonceFor, type DigestMessage } from '../../src/digest/index.ts';
import { createDigestTransport } from '../../src/discord/digest-transport.ts';
import { startFakeDiscord } from '../fake-discord/index.ts';
import { FAKE_TOKEN, embedText, expectAllWithinLimits, onCleanup, send } from './harness.ts';
import { channelMessages, channelPosts, digestCommand, messageText, setDigest, startDigestHarness, tickEveryMinute } from './digest-harness.ts';

const soon = () => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

describe('on time, in two time zones, over a DST change', () => {
  it('spring forward (29 Mar 2026): 08:00 Kyiv stays 08:00 local; 01:30 London, swallowed by the gap, runs at 02:00 BST; one message per period', async () => {
    const h = await startDigestHarness({ at: '2026-03-27T12:00:00Z' });
    const [, kyiv, london] = h.channels;
    await setDigest(h.fake, kyiv, { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    await setDigest(h.fake, london, { time: '01:30', timezone: 'Europe/London', quiet: 'note' });
    const [sk, sl] = h.digest.schedules.schedulesOf(h.guildId);

    const ticks = await tickEveryMinute(h, '2026-03-27T12:01:00Z', '2026-03-30T12:00:00Z');
    const sent = ticks.flatMap((t) => t.outcomes.map((o) => `${t.at} ${o.channelId === kyiv ? 'kyiv' : 'london'} ${o.period} ${o.status}`));
    expect(sent).toEqual([
      '2026-03-28T01:30:00.000Z london 2026-03-28 sent', // 01:30 GMT
      '2026-03-28T06:00:00.000Z kyiv 2026-03-28 sent', // 08:00 EET
      '2026-03-29T01:00:00.000Z london 2026-03-29 sent', // 01:30 does not exist: 02:00 BST, the first minute after the gap
      '2026-03-29T05:00:00.000Z kyiv 2026-03-29 sent', // 08:00 EEST
      '2026-03-30T00:30:00.000Z london 2026-03-30 sent', // 01:30 BST
      '2026-03-30T05:00:00.000Z kyiv 2026-03-30 sent',
    ]);

    for (const [s, channel] of [[sk, kyiv], [sl, london]] as const) {
      const periods = ['2026-03-28', '2026-03-29', '2026-03-30'];
      // Exactly one message per period in the channel, each posted with its nonce and enforce_nonce.
      const posts = channelPosts(h.fake, channel);
      expect(posts.map((p) => [p.status, p.body?.nonce, p.body?.enforce_nonce, p.body?.allowed_mentions])).toEqual(
        periods.map((p) => [200, nonceFor(s.id, p, 1), true, { parse: [] }]),
      );
      const messages = channelMessages(h.fake, channel);
      expect(messages.map((m) => m.embeds[0].title)).toEqual(periods.map((p) => `Daily briefing — ${p}`));
      // Nothing was ingested in that window: quiet "note" posts the one-line note.
      for (const m of messages) expect(m.embeds[0].description).toMatch(/^ℹ️ No new articles since \d+ Mar 2026, \d\d:\d\d \(Europe\/(Kyiv|London)\)\.$/);
      // The ledger: claimed at the minute it was due.
      for (const row of h.digest.schedules.recentDeliveries(s.id)) {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, parts: 1 });
        expect(row.claimedAt).toBe(row.dueAt);
      }
    }
    expectAllWithinLimits(h.fake);
  });
});

describe('what is posted', () => {
  it('a full digest is split over several messages at item boundaries, each within Discord’s limits, each line cited', async () => {
    const due = soon();
    const h = await startDigestHarness({ at: new Date(due.getTime() - 60_000) });
    const channel = h.channels[1];
    await setDigest(h.fake, channel, { time: hhmm(due), timezone: 'UTC' });
    const [s] = h.digest.schedules.schedulesOf(h.guildId);
    h.clock.set(due);
    const { outcomes } = await h.digest.scheduler!.tick();
    expect(outcomes).toMatchObject([{ status: 'sent' }]);
    const messages = channelMessages(h.fake, channel);
    const n = messages.length;
    expect(n).toBeGreaterThan(1);
    const period = due.toISOString().slice(0, 10);
    expect(channelPosts(h.fake, channel).map((p) => p.body?.nonce)).toEqual(Array.from({ length: n }, (_, i) => nonceFor(s.id, period, i + 1)));
    expect(messages.map((m) => m.embeds[0].title)).toEqual(Array.from({ length: n }, (_, i) => `Daily briefing — ${period} (${i + 1}/${n})`));
    const text = messages.map(messageText).join('\n');
    expect(text).toContain('**📰 New articles**');
    expect(text).toContain('**💬 New quotes**');
    expect(text).toContain('**📌 New positions**');
    expect(text).toContain('**🔢 New figures**');
    expect(text).toMatch(/\*\*Steve Witkoff\*\*: “We’ve got it down to one issue[^\n]*” \[\d+\]/);
    // Every quote, position and figure line ends with its [n] markers; every [n] is listed in that
    // message (as a new article, or under Sources).
    for (const m of messages) {
      const e = m.embeds[0];
      const lines = (e.description as string).split('\n').filter((l) => /^\*\*[^[*][^*]*\*\*(:| ·)|^\*\*[A-Z][a-z ]+\*\*: /.test(l));
      for (const l of lines) expect(l).toMatch(/(\[\d+\])+$/);
      const listed = new Set([...`${e.description}\n${(e.fields ?? []).map((f: { value: string }) => f.value).join('\n')}`.matchAll(/^(?:\*\*)?\[(\d+)\]/gm)].map((x) => x[1]));
      const cited = new Set([...(e.description as string).matchAll(/\[(\d+)\](?!\()/g)].map((x) => x[1]));
      for (const c of cited) expect(listed.has(c)).toBe(true);
    }
    expect(h.digest.schedules.delivery(s.id, period)).toMatchObject({ status: 'sent', parts: n, messageIds: messages.map((m) => m.id) });
    expectAllWithinLimits(h.fake);
  });

  it('nothing new and quiet (the default): nothing is posted, and status says it was skipped', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Europe/Kyiv' });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'skipped-empty' }]);
    expect(channelPosts(h.fake)).toEqual([]);
    const status = embedText((await send(h.fake, digestCommand('status'))).data);
    expect(status).toContain('Last: the 2026-06-10 briefing, skipped (nothing new), Wed, 10 Jun 2026, 08:00 EEST.');
  });
});

describe('failures', () => {
  it('a 500, then success: the scheduler retries after its backoff with the same nonce — one message, no hidden retries', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const channel = h.channels[1];
    await setDigest(h.fake, channel, { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    const [s] = h.digest.schedules.schedulesOf(h.guildId);
    h.fake.failNext({ route: 'POST /channels/', status: 500 });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'sent' }]);
    // Two requests in all: discord.js' own retries (3 by default, at once) are off for digests.
    const posts = channelPosts(h.fake, channel);
    expect(posts.map((p) => p.status)).toEqual([500, 200]);
    expect(new Set(posts.map((p) => p.body?.nonce))).toEqual(new Set([nonceFor(s.id, '2026-06-10', 1)]));
    expect(h.clock.sleeps).toEqual([1000]);
    expect(channelMessages(h.fake, channel)).toHaveLength(1);
    expect(h.digest.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(h.logs.some((l) => l.includes('digest send failed; will retry') && l.includes('attempt 1 failed, retrying in 1000 ms: 500'))).toBe(true);
    expectAllWithinLimits(h.fake);
  });

  it('500s until the attempts run out: failed, with the reason in /digest status', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z', scheduler: { maxAttempts: 3 } });
    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    h.fake.failNext({ route: 'POST /channels/', status: 503, count: 3 });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'failed' }]);
    expect(channelPosts(h.fake).map((p) => p.status)).toEqual([503, 503, 503]);
    expect(channelMessages(h.fake, h.channels[1])).toEqual([]);
    const status = embedText((await send(h.fake, digestCommand('status'))).data);
    expect(status).toContain('Last: the 2026-06-10 briefing, FAILED');
    expect(status).toContain('gave up after 3 attempts: 503');
  });

  it('a 429 with Retry-After: waits as told, then one message', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const channel = h.channels[1];
    await setDigest(h.fake, channel, { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    const [s] = h.digest.schedules.schedulesOf(h.guildId);
    h.fake.failNext({ route: 'POST /channels/', status: 429, retryAfter: 2.5 });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'sent' }]);
    expect(channelPosts(h.fake, channel).map((p) => p.status)).toEqual([429, 200]);
    expect(h.clock.sleeps).toEqual([2500]); // exactly what Discord asked, on the scheduler's clock
    expect(channelMessages(h.fake, channel)).toHaveLength(1);
    const row = h.digest.schedules.delivery(s.id, '2026-06-10')!;
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(Date.parse(row.settledAt!) - Date.parse(row.claimedAt)).toBe(2500);
    expect(h.logs.some((l) => l.includes('rate limited, waiting 2500 ms: 429'))).toBe(true);
    expectAllWithinLimits(h.fake);
  });

  it('a global 429: the wait also holds back the transport’s other sends (its limiter learns the reset)', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    await setDigest(h.fake, h.channels[2], { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    h.fake.failNext({ route: 'POST /channels/', status: 429, retryAfter: 0.3, global: true });
    h.clock.set('2026-06-10T05:00:00Z');
    const { outcomes } = await h.digest.scheduler!.tick();
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent']);
    const posts = channelPosts(h.fake);
    expect(posts.filter((p) => p.status === 429)).toHaveLength(1);
    expect(posts.filter((p) => p.status === 200)).toHaveLength(2);
    for (const c of [h.channels[1], h.channels[2]]) expect(channelMessages(h.fake, c)).toHaveLength(1);
  });

  it('a 403: the schedule is paused with the reason, /digest status shows it, /digest set resumes it', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    const channel = h.channels[1];
    await setDigest(h.fake, channel, { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    const [s] = h.digest.schedules.schedulesOf(h.guildId);
    h.fake.failNext({ route: 'POST /channels/', status: 403, code: 50013, message: 'Missing Permissions' });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'paused' }]);
    expect(channelPosts(h.fake, channel).map((p) => p.status)).toEqual([403]);
    expect(channelMessages(h.fake, channel)).toEqual([]);
    expect(h.digest.schedules.schedule(s.id)).toMatchObject({ status: 'paused', pauseReason: expect.stringContaining('Parley lacks permission to post in the channel') });

    // Paused: later days are not attempted.
    h.clock.set('2026-06-11T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toEqual([]);
    expect(channelPosts(h.fake, channel)).toHaveLength(1);

    const status = embedText((await send(h.fake, digestCommand('status'))).data);
    expect(status).toContain(
      'Paused: Parley lacks permission to post in the channel (it needs View Channel, Send Messages and Embed Links) (403 / 50013: Missing Permissions). Fix it, then run /digest set again to resume.',
    );
    expect(status).toContain('Last: the 2026-06-10 briefing, not sent: schedule paused');

    // Fixed: /digest set again resumes it from the next run.
    h.clock.set('2026-06-11T09:00:00Z');
    await setDigest(h.fake, channel, { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    expect(h.digest.schedules.schedule(s.id)).toMatchObject({ status: 'active', pauseReason: null });
    h.clock.set('2026-06-12T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ period: '2026-06-12', status: 'sent' }]);
    expect(channelMessages(h.fake, channel)).toHaveLength(1);
    expectAllWithinLimits(h.fake);
  });

  it('a 404 (the channel was deleted): paused, and status says the channel no longer exists', async () => {
    const h = await startDigestHarness({ at: '2026-06-09T12:00:00Z' });
    await setDigest(h.fake, h.channels[1], { time: '08:00', timezone: 'Europe/Kyiv', quiet: 'note' });
    h.fake.failNext({ route: 'POST /channels/', status: 404, code: 10003, message: 'Unknown Channel' });
    h.clock.set('2026-06-10T05:00:00Z');
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'paused' }]);
    const status = embedText((await send(h.fake, digestCommand('status'))).data);
    expect(status).toContain('Paused: the channel no longer exists (404 / 10003: Unknown Channel).');
  });
});

describe('the transport: one HTTP attempt per send, every failure surfaced to the scheduler', () => {
  const answer: DigestAnswer = {
    command: 'digest', title: 'Daily briefing — 2026-06-10', items: [], notice: 'No new articles.', references: [],
    since: null, until: '2026-06-10T05:00:00.000Z', counts: { articles: 0, quotes: 0, positions: 0, figures: 0 },
  };
  const message: DigestMessage = { scheduleId: 7, guildId: '1', period: '2026-06-10', part: 1, parts: 1, answer };
  const CHANNEL = '200000000000000009';

  async function transport(inner?: RESTOptions['makeRequest']) {
    const fake = await startFakeDiscord();
    onCleanup(() => fake.close());
    let calls = 0;
    const t = createDigestTransport({
      token: FAKE_TOKEN,
      api: fake.restBase,
      rest: { makeRequest: (url, init) => (calls++, (inner ?? DefaultRestOptions.makeRequest)(url, init)) },
    });
    onCleanup(() => t.close());
    const sendOnce = () => t.send(CHANNEL, message, { nonce: nonceFor(7, '2026-06-10', 1), enforceNonce: true });
    return { fake, t, calls: () => calls, sendOnce };
  }

  it('success: the message, its nonce, enforce_nonce and no pings; the id comes back', async () => {
    const { fake, sendOnce } = await transport();
    const { ids } = await sendOnce();
    expect(fake.messages.map((m) => m.id)).toEqual(ids);
    expect(fake.requests[0].body).toMatchObject({ nonce: 'd7-20260610-1', enforce_nonce: true, allowed_mentions: { parse: [] }, embeds: [{ title: 'Daily briefing — 2026-06-10', description: 'ℹ️ No new articles.' }] });
    // The same nonce again: Discord (and the fake) return the message that exists.
    expect(await sendOnce()).toEqual({ ids });
    expect(fake.messages).toHaveLength(1);
  });

  it.each([
    ['500', { status: 500 }, { status: 500 }],
    ['503', { status: 503 }, { status: 503 }],
    ['429 with Retry-After', { status: 429, retryAfter: 1.5 }, { status: 429, retryAfterMs: 1500 }],
    ['403 Missing Permissions', { status: 403, code: 50013, message: 'Missing Permissions' }, { status: 403, code: 50013, message: 'Missing Permissions' }],
    ['404 Unknown Channel', { status: 404, code: 10003, message: 'Unknown Channel' }, { status: 404, code: 10003 }],
  ] as const)('%s: thrown as a TransportError after exactly one request (discord.js neither retries nor sleeps)', async (_name, fault, expected) => {
    const { fake, calls, sendOnce } = await transport();
    fake.failNext({ route: 'POST /channels/', ...fault });
    const error = await sendOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject(expected);
    expect(calls()).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toEqual([]);
  });

  it('a network error (ECONNRESET, which discord.js would retry): one attempt, a TransportError without a status', async () => {
    const { calls, sendOnce } = await transport(async () => {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    });
    const error = await sendOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).status).toBeUndefined();
    expect((error as TransportError).message).toContain('ECONNRESET');
    expect(calls()).toBe(1);
  });
});
