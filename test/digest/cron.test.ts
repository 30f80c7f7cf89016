import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../src/digest/index.ts';
import { addSchedule, fakeTransport, stubDigest, tempDb, type TempDb } from './helpers.ts';

/**
 * The real node-cron drives the scheduler here. node-cron 4.6 reads `new Date()` and `setTimeout`
 * and takes no clock, so vitest's fake timers stand in for the wall clock: `advanceTimersByTimeAsync`
 * fires node-cron's per-minute heartbeat exactly as time passes, and the scheduler's default
 * `systemClock` reads the same faked `Date`. No real waiting.
 */

const CH = (n: number) => `20000000000000000${n}`;
let t: TempDb;

beforeEach(() => {
  t = tempDb();
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

async function run(start: string, end: string, schedules: { time: string; timezone: string }[]) {
  vi.setSystemTime(new Date(start));
  const ids = schedules.map((s, i) => addSchedule(t.schedules, { ...s, channelId: CH(i + 1) }, start).id);
  const transport = fakeTransport();
  const scheduler = createScheduler({ store: t.schedules, transport, buildDigest: stubDigest(1), graceHours: 6 });
  await scheduler.start();
  expect(scheduler.running).toBe(true);
  await vi.advanceTimersByTimeAsync(Date.parse(end) - Date.parse(start));
  await scheduler.stop();
  const sends = (i: number) => transport.posted.filter((p) => p.channelId === CH(i + 1)).map((p) => `${p.period} ${p.at}`);
  // Every call posted (no retries, no duplicates) and every ledger row is sent.
  expect(transport.calls).toHaveLength(transport.posted.length);
  for (const id of ids) for (const row of t.schedules.recentDeliveries(id)) expect(row.status).toBe('sent');
  return { sends, transport };
}

describe('real node-cron over DST changes, two zones', () => {
  it('spring forward (29 Mar 2026): 08:00 in Kyiv and London stays 08:00 local; 03:30 Kyiv in the gap runs at 04:00', async () => {
    const { sends } = await run('2026-03-27T22:00:00.000Z', '2026-03-30T12:00:00.000Z', [
      { time: '08:00', timezone: 'Europe/Kyiv' },
      { time: '08:00', timezone: 'Europe/London' },
      { time: '03:30', timezone: 'Europe/Kyiv' },
    ]);
    expect(sends(0)).toEqual([
      '2026-03-28 2026-03-28T06:00:00.000Z', // 08:00 EET
      '2026-03-29 2026-03-29T05:00:00.000Z', // 08:00 EEST
      '2026-03-30 2026-03-30T05:00:00.000Z',
    ]);
    expect(sends(1)).toEqual([
      '2026-03-28 2026-03-28T08:00:00.000Z', // 08:00 GMT
      '2026-03-29 2026-03-29T07:00:00.000Z', // 08:00 BST
      '2026-03-30 2026-03-30T07:00:00.000Z',
    ]);
    expect(sends(2)).toEqual([
      '2026-03-28 2026-03-28T01:30:00.000Z', // 03:30 EET
      '2026-03-29 2026-03-29T01:00:00.000Z', // 03:30 does not exist: 04:00 EEST, the next valid minute
      '2026-03-30 2026-03-30T00:30:00.000Z', // 03:30 EEST
    ]);
  });

  it('fall back (25 Oct 2026): 08:00 stays 08:00 local; 03:30 Kyiv, which happens twice, runs once', async () => {
    const { sends } = await run('2026-10-23T22:00:00.000Z', '2026-10-26T12:00:00.000Z', [
      { time: '08:00', timezone: 'Europe/Kyiv' },
      { time: '08:00', timezone: 'Europe/London' },
      { time: '03:30', timezone: 'Europe/Kyiv' },
    ]);
    expect(sends(0)).toEqual([
      '2026-10-24 2026-10-24T05:00:00.000Z', // 08:00 EEST
      '2026-10-25 2026-10-25T06:00:00.000Z', // 08:00 EET
      '2026-10-26 2026-10-26T06:00:00.000Z',
    ]);
    expect(sends(1)).toEqual([
      '2026-10-24 2026-10-24T07:00:00.000Z', // 08:00 BST
      '2026-10-25 2026-10-25T08:00:00.000Z', // 08:00 GMT
      '2026-10-26 2026-10-26T08:00:00.000Z',
    ]);
    expect(sends(2)).toEqual([
      '2026-10-24 2026-10-24T00:30:00.000Z',
      '2026-10-25 2026-10-25T00:30:00.000Z', // the first 03:30 (EEST); not again at 01:30Z (03:30 EET)
      '2026-10-26 2026-10-26T01:30:00.000Z',
    ]);
  });

  it('America/New_York spring forward (8 Mar 2026): 08:00 stays local; 02:30 in the gap runs at 03:00 EDT', async () => {
    const { sends } = await run('2026-03-07T04:00:00.000Z', '2026-03-09T18:00:00.000Z', [
      { time: '08:00', timezone: 'America/New_York' },
      { time: '02:30', timezone: 'America/New_York' },
    ]);
    expect(sends(0)).toEqual(['2026-03-07 2026-03-07T13:00:00.000Z', '2026-03-08 2026-03-08T12:00:00.000Z', '2026-03-09 2026-03-09T12:00:00.000Z']);
    expect(sends(1)).toEqual(['2026-03-07 2026-03-07T07:30:00.000Z', '2026-03-08 2026-03-08T07:00:00.000Z', '2026-03-09 2026-03-09T06:30:00.000Z']);
  });

  it('start() catches up a period missed while stopped, then node-cron takes over', async () => {
    vi.setSystemTime(new Date('2026-06-10T07:30:00.000Z')); // 10:30 in Kyiv: 2.5 h after 08:00
    const id = addSchedule(t.schedules, {}, '2026-06-09T12:00:00.000Z').id;
    const transport = fakeTransport();
    const scheduler = createScheduler({ store: t.schedules, transport, buildDigest: stubDigest(1), graceHours: 6 });
    const report = await scheduler.start();
    expect(report.outcomes).toMatchObject([{ period: '2026-06-10', status: 'sent' }]);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    await scheduler.stop();
    expect(transport.posted.map((p) => `${p.period} ${p.at}`)).toEqual([
      '2026-06-10 2026-06-10T07:30:00.000Z',
      '2026-06-11 2026-06-11T05:00:00.000Z',
    ]);
    expect(t.schedules.recentDeliveries(id).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
