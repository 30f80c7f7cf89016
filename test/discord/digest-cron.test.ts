/**
 * The bot's scheduler driven by the real node-cron heartbeat, posting through the real transport to
 * the fake Discord. node-cron reads `Date` and `setTimeout` and takes no clock, so vitest's fake
 * timers stand in for the wall clock (as in test/digest/cron.test.ts); the HTTP to the fake is real
 * I/O, so after each due minute the test lets it finish before moving the clock on.
 *
 * Time only jumps to half a second before each due minute, then one second on: nothing may arrive
 * before its minute, and each message must arrive at it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nonceFor } from '../../src/digest/index.ts';
import { expectAllWithinLimits, startHarness } from './harness.ts';
import { channelMessages, channelPosts } from './digest-harness.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** Let real I/O (the fake's HTTP) run while fake time stands still. */
async function settle(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error('settle(): deliveries did not finish');
    await new Promise((r) => setImmediate(r));
  }
}

describe('real node-cron, real transport, fake Discord', () => {
  it('fall back (25 Oct 2026): 03:30 Kyiv, which happens twice, is posted once at its first occurrence; 08:00 London stays 08:00', async () => {
    const h = await startHarness({
      fake: { guilds: [{ channels: [{ name: 'general' }, { name: 'kyiv' }, { name: 'london' }] }] },
      digest: { autoStart: false, watchSeeds: false },
    });
    const guild = h.fake.guilds[0];
    const [, kyiv, london] = (guild.channels as { id: string }[]).map((c) => c.id);
    const { service, scheduler, schedules } = h.bot.digest;

    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: new Date('2026-10-23T22:00:00Z') });
    const sk = service.set({ guildId: guild.id, channelId: kyiv, time: '03:30', timezone: 'Europe/Kyiv', quiet: 'note' });
    const sl = service.set({ guildId: guild.id, channelId: london, time: '08:00', timezone: 'Europe/London', quiet: 'note' });
    if (!sk.ok || !sl.ok) throw new Error('set failed');
    await scheduler!.start();
    expect(scheduler!.running).toBe(true);

    const due: [string, string, string, number][] = [
      ['2026-10-24T00:30:00Z', kyiv, '2026-10-24', sk.schedule.id], // 03:30 EEST
      ['2026-10-24T07:00:00Z', london, '2026-10-24', sl.schedule.id], // 08:00 BST
      ['2026-10-25T00:30:00Z', kyiv, '2026-10-25', sk.schedule.id], // 03:30 EEST, the first of two
      ['2026-10-25T08:00:00Z', london, '2026-10-25', sl.schedule.id], // 08:00 GMT
      ['2026-10-26T01:30:00Z', kyiv, '2026-10-26', sk.schedule.id], // 03:30 EET
      ['2026-10-26T08:00:00Z', london, '2026-10-26', sl.schedule.id],
    ];
    let posted = 0;
    for (const [at, channel, period, id] of due) {
      const t = Date.parse(at);
      await vi.advanceTimersByTimeAsync(t - 500 - Date.now());
      expect(channelPosts(h.fake)).toHaveLength(posted); // nothing early
      await vi.advanceTimersByTimeAsync(1000);
      await settle(() => schedules.delivery(id, period)?.status === 'sent');
      posted++;
      const row = schedules.delivery(id, period)!;
      expect(Date.parse(row.claimedAt) - t).toBeGreaterThanOrEqual(0);
      expect(Date.parse(row.claimedAt) - t).toBeLessThan(1000);
      const last = channelPosts(h.fake).at(-1)!;
      expect(last.path).toBe(`/channels/${channel}/messages`);
      expect(last.body).toMatchObject({ nonce: nonceFor(id, period, 1), enforce_nonce: true, allowed_mentions: { parse: [] } });
    }
    // To the end of the last day: nothing more (03:30 EET on the 25th, the second occurrence, is not a second run).
    await vi.advanceTimersByTimeAsync(Date.parse('2026-10-26T23:59:00Z') - Date.now());
    await settle(() => true);
    expect(channelPosts(h.fake)).toHaveLength(due.length);
    for (const channel of [kyiv, london]) {
      expect(channelMessages(h.fake, channel).map((m) => m.embeds[0].title)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26'].map((p) => `Daily briefing — ${p}`));
    }
    await scheduler!.stop();
    expectAllWithinLimits(h.fake);
  });
});
