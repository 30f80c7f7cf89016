import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler, manualClock, nonceFor, runsScheduler, type SchedulerOptions } from '../../src/digest/index.ts';
import { addSchedule, CHANNEL, CHANNEL2, fakeTransport, http, stubDigest, tempDb, type TempDb } from './helpers.ts';

// Europe/Kyiv, 08:00 local = 05:00Z in summer.
const DUE = '2026-06-10T05:00:00.000Z';
const HOUR = 3_600_000;

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

function setup(over: Partial<SchedulerOptions> = {}, at = DUE) {
  const clock = manualClock(at);
  const transport = fakeTransport(clock);
  const scheduler = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'a', ...over });
  return { clock, transport, scheduler };
}

describe('delivery on time', () => {
  it('sends once at the due minute and settles the ledger row with the message id', async () => {
    const s = addSchedule(t.schedules);
    const { clock, transport, scheduler } = setup({}, '2026-06-10T04:59:00.000Z');
    expect((await scheduler.tick()).outcomes).toEqual([]);
    clock.set(DUE);
    const report = await scheduler.tick();
    expect(report.outcomes).toMatchObject([{ scheduleId: s.id, period: '2026-06-10', status: 'sent' }]);
    expect(transport.posted).toHaveLength(1);
    expect(transport.calls[0]).toMatchObject({ channelId: CHANNEL, nonce: nonceFor(s.id, '2026-06-10', 1), at: DUE });
    const row = t.schedules.delivery(s.id, '2026-06-10')!;
    expect(row).toMatchObject({ status: 'sent', attempts: 1, parts: 1, messageIds: [transport.posted[0].id], uncertainSince: null });
    // Later ticks the same day do nothing.
    for (const m of [1, 5, 60, 600]) {
      clock.set(Date.parse(DUE) + m * 60_000);
      await scheduler.tick();
    }
    expect(transport.calls).toHaveLength(1);
    // The next day: the next period.
    clock.set('2026-06-11T05:00:00.000Z');
    await scheduler.tick();
    expect(transport.posted.map((p) => p.period)).toEqual(['2026-06-10', '2026-06-11']);
  });

  it('covers what is new since the last delivered digest', async () => {
    addSchedule(t.schedules);
    const windows: (string | null)[][] = [];
    const build = stubDigest(1);
    const { clock, scheduler } = setup({ buildDigest: (s, w) => (windows.push([w.period, w.since, w.until]), build(s, w)) });
    await scheduler.tick();
    clock.set('2026-06-11T05:00:30.000Z');
    await scheduler.tick();
    expect(windows).toEqual([
      ['2026-06-10', '2026-06-09T05:00:00.000Z', DUE], // the first: the day before
      ['2026-06-11', DUE, '2026-06-11T05:00:30.000Z'], // then: from where the last one stopped
    ]);
  });

  it('nothing new: quiet skips (skipped-empty); otherwise a one-line note is posted', async () => {
    const quiet = addSchedule(t.schedules, { channelId: CHANNEL, quiet: true });
    const noisy = addSchedule(t.schedules, { channelId: CHANNEL2, quiet: false });
    const { transport, scheduler } = setup({ buildDigest: stubDigest(0) });
    const { outcomes } = await scheduler.tick();
    expect(outcomes.find((o) => o.scheduleId === quiet.id)?.status).toBe('skipped-empty');
    expect(outcomes.find((o) => o.scheduleId === noisy.id)?.status).toBe('sent');
    expect(transport.posted).toHaveLength(1);
    expect(transport.posted[0].channelId).toBe(CHANNEL2);
    expect(t.schedules.delivery(quiet.id, '2026-06-10')?.status).toBe('skipped-empty');
  });

  it('a long digest goes out as several messages in order, one nonce each, all ids recorded', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler } = setup({ buildDigest: stubDigest(50, 300) });
    await scheduler.tick();
    const row = t.schedules.delivery(s.id, '2026-06-10')!;
    expect(row.parts).toBeGreaterThan(1);
    expect(transport.posted.map((p) => p.part)).toEqual(Array.from({ length: row.parts! }, (_, i) => i + 1));
    expect(new Set(transport.posted.map((p) => p.nonce)).size).toBe(row.parts);
    for (const p of transport.posted) expect(p.nonce.length).toBeLessThanOrEqual(25);
    expect(row.messageIds).toEqual(transport.posted.map((p) => p.id));
  });

  it('the Discord side may inject its own splitter: one message per part it returns', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler } = setup({
      buildDigest: stubDigest(3),
      split: (a) => a.items.map((it, i) => ({ ...a, items: [it], part: i + 1, parts: a.items.length })),
    });
    await scheduler.tick();
    expect(transport.posted.map((p) => p.nonce)).toEqual([1, 2, 3].map((n) => nonceFor(s.id, '2026-06-10', n)));
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', parts: 3 });
  });

  it('only shard 0 runs the scheduler', () => {
    expect(runsScheduler([0, 1])).toBe(true);
    expect(runsScheduler([2, 3])).toBe(false);
    expect(runsScheduler(undefined)).toBe(true); // not sharded
  });

  it('a schedule set after today’s time starts tomorrow (nothing owed, nothing missed)', async () => {
    const s = addSchedule(t.schedules, {}, '2026-06-10T09:00:00.000Z');
    const { clock, transport, scheduler } = setup({}, '2026-06-10T09:01:00.000Z');
    await scheduler.tick();
    expect(t.schedules.recentDeliveries(s.id)).toEqual([]);
    clock.set('2026-06-11T05:00:00.000Z');
    await scheduler.tick();
    expect(transport.posted.map((p) => p.period)).toEqual(['2026-06-11']);
  });
});

describe('failures', () => {
  it('500 then success: one message, the row went through retried', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler, clock } = setup();
    transport.failNext(http(500));
    const statuses: string[] = [];
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      statuses.push(t.schedules.delivery(s.id, '2026-06-10')!.status);
      await sleep(ms);
    };
    const { outcomes } = await scheduler.tick();
    expect(outcomes).toMatchObject([{ status: 'sent' }]);
    expect(statuses).toEqual(['retried']);
    expect(transport.calls).toHaveLength(2);
    expect(transport.posted).toHaveLength(1);
    expect(clock.sleeps).toEqual([2000]);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', attempts: 2, uncertainSince: null });
  });

  it('a lost response (posted, then a network error) is retried with the same nonce: still one message', async () => {
    addSchedule(t.schedules);
    const { transport, scheduler } = setup();
    transport.failNext('lost');
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'sent' }]);
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[0].nonce).toBe(transport.calls[1].nonce);
    expect(transport.posted).toHaveLength(1);
  });

  it('429 with Retry-After: waits as told, then one message', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler, clock } = setup();
    transport.failNext(http(429, { retryAfterMs: 7_500 }));
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'sent' }]);
    expect(clock.sleeps).toEqual([7_500]);
    expect(transport.posted).toHaveLength(1);
    expect(Date.parse(transport.calls[1].at) - Date.parse(transport.calls[0].at)).toBe(7_500);
    expect(t.schedules.delivery(s.id, '2026-06-10')?.status).toBe('sent');
  });

  it('403: the schedule is paused with the reason; the ledger says paused; no retries', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler, clock } = setup();
    transport.failNext(http(403, { code: 50013 }));
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'paused' }]);
    expect(transport.calls).toHaveLength(1);
    expect(transport.posted).toHaveLength(0);
    const schedule = t.schedules.schedule(s.id)!;
    expect(schedule.status).toBe('paused');
    expect(schedule.pauseReason).toMatch(/permission/i);
    expect(schedule.pauseReason).toMatch(/50013/);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'paused', error: schedule.pauseReason });
    // A paused schedule is left alone.
    clock.set('2026-06-11T05:00:00.000Z');
    await scheduler.tick();
    expect(transport.calls).toHaveLength(1);
  });

  it('404 (channel deleted) pauses too', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler } = setup();
    transport.failNext(http(404, { code: 10003 }));
    await scheduler.tick();
    expect(t.schedules.schedule(s.id)).toMatchObject({ status: 'paused' });
    expect(t.schedules.schedule(s.id)!.pauseReason).toMatch(/no longer exists/);
  });

  it('5xx every time: backs off, then failed after the last attempt (the error kept)', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler, clock } = setup({ maxAttempts: 4 });
    transport.failNext(http(502), http(503), http(500), http(500));
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'failed' }]);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(transport.calls).toHaveLength(4);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'failed', attempts: 4 });
    expect(t.schedules.delivery(s.id, '2026-06-10')!.error).toMatch(/gave up after 4 attempts: 500/);
  });

  it('another 4xx (400) fails at once, without retrying the same bad request', async () => {
    addSchedule(t.schedules);
    const { transport, scheduler } = setup();
    transport.failNext(http(400, { code: 50035 }));
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'failed' }]);
    expect(transport.calls).toHaveLength(1);
  });

  it('a digest that cannot be built is recorded failed, not lost', async () => {
    const s = addSchedule(t.schedules);
    const { scheduler } = setup({
      buildDigest: () => {
        throw new Error('boom');
      },
    });
    await scheduler.tick();
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'failed', error: expect.stringMatching(/boom/) });
  });

  it('a part that failed mid-way resumes at that part: earlier parts are not sent again', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler } = setup({ buildDigest: stubDigest(50, 300) });
    transport.failNext(
      () => {},
      http(500),
    );
    await scheduler.tick();
    const row = t.schedules.delivery(s.id, '2026-06-10')!;
    expect(row.status).toBe('sent');
    expect(transport.calls.map((c) => c.part).slice(0, 3)).toEqual([1, 2, 2]);
    expect(transport.posted).toHaveLength(row.parts!);
  });
});

describe('catch-up on start', () => {
  it('within the grace window: sent late', async () => {
    const s = addSchedule(t.schedules);
    const { transport, scheduler } = setup({ graceHours: 6 }, new Date(Date.parse(DUE) + 5 * HOUR).toISOString());
    const report = await scheduler.tick();
    expect(report.outcomes).toMatchObject([{ scheduleId: s.id, period: '2026-06-10', status: 'sent' }]);
    expect(transport.posted).toHaveLength(1);
  });

  it('past the grace window: recorded missed with the reason, nothing sent; older days backfilled as missed', async () => {
    const s = addSchedule(t.schedules, {}, '2026-06-07T12:00:00.000Z');
    const { transport, scheduler } = setup({ graceHours: 2 }, new Date(Date.parse(DUE) + 3 * HOUR).toISOString());
    const report = await scheduler.tick();
    expect(transport.calls).toHaveLength(0);
    expect(report.outcomes.map((o) => [o.period, o.status])).toEqual([
      ['2026-06-08', 'missed'],
      ['2026-06-09', 'missed'],
      ['2026-06-10', 'missed'],
    ]);
    expect(t.schedules.delivery(s.id, '2026-06-10')!.error).toMatch(/3\.0 h later, past the 2 h grace window/);
  });

  it('graceHours is configurable (0: only on the minute)', async () => {
    addSchedule(t.schedules);
    const { transport, scheduler } = setup({ graceHours: 0 }, new Date(Date.parse(DUE) + 60_000).toISOString());
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'missed' }]);
    expect(transport.calls).toHaveLength(0);
  });
});

describe('exactly once between instances', () => {
  it('two schedulers on the same file (own connections) racing the same due period: one message', async () => {
    const s = addSchedule(t.schedules);
    const clock = manualClock(DUE);
    const transport = fakeTransport(clock);
    const other = t.reopen();
    const a = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'a' });
    const b = createScheduler({ store: other.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'b' });
    const reports = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(transport.calls).toHaveLength(1);
    expect(transport.posted).toHaveLength(1);
    expect(reports.flatMap((r) => r.outcomes).map((o) => o.status)).toEqual(['sent']);
    expect(t.schedules.delivery(s.id, '2026-06-10')?.status).toBe('sent');
  });

  it('while one instance is sending, another leaves the row alone; a dead owner’s row is taken over after its lease', async () => {
    const s = addSchedule(t.schedules);
    const clock = manualClock(DUE);
    const transport = fakeTransport(clock);
    const other = t.reopen();
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    transport.failNext(() => hung); // a's request hangs
    const a = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'a', leaseMs: 60_000 });
    const b = createScheduler({ store: other.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'b', leaseMs: 60_000 });
    const ticking = a.tick();
    await new Promise((r) => setImmediate(r));
    clock.advance(30_000);
    expect((await b.tick()).outcomes).toEqual([]); // lease still valid
    clock.advance(31_000 + 30_000);
    const rb = await b.tick(); // a looks dead: b takes over and sends the same nonce
    expect(rb.outcomes).toMatchObject([{ status: 'sent' }]);
    release();
    const ra = await ticking;
    expect(ra.outcomes).toMatchObject([{ status: 'busy' }]); // a lost the row and stops
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[0].nonce).toBe(transport.calls[1].nonce);
    expect(transport.posted).toHaveLength(1); // Discord dropped the repeat
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', claimedBy: 'b' });
  });

  it('an interrupted send older than the nonce window is not resent blindly: failed, with the reason', async () => {
    const s = addSchedule(t.schedules);
    const clock = manualClock(DUE);
    // Simulate a process that began the attempt and died.
    const row = t.schedules.claim({ scheduleId: s.id, period: '2026-06-10', by: 'dead', now: DUE, leaseUntil: new Date(Date.parse(DUE) + 60_000).toISOString(), dueAt: DUE, since: null, until: DUE })!;
    expect(t.schedules.beginAttempt(row.id, 'dead', DUE, new Date(Date.parse(DUE) + 60_000).toISOString())).toBe(true);
    clock.set(Date.parse(DUE) + 10 * 60_000);
    const transport = fakeTransport(clock);
    const scheduler = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'a' });
    expect((await scheduler.tick()).outcomes).toMatchObject([{ status: 'failed' }]);
    expect(transport.calls).toHaveLength(0);
    expect(t.schedules.delivery(s.id, '2026-06-10')!.error).toMatch(/may or may not have been posted/);
  });
});
