import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import {
  createDigestService, createScheduler, digestBuilder, manualClock, MAX_SCHEDULES_PER_GUILD, type DigestService, type ManualClock,
} from '../../src/digest/index.ts';
import { createScheduleStore, type ScheduleStore } from '../../src/store/index.ts';
import { CHANNEL, CHANNEL2, fakeTransport, GUILD, http, tempDb, type TempDb } from './helpers.ts';

const SEEDS = join(import.meta.dirname, '../../seeds');

let t: TempDb;
let app: App;
let schedules: ScheduleStore;
let clock: ManualClock;
let service: DigestService;

beforeEach(() => {
  t = tempDb();
  const seeds = join(t.dir, 'seeds');
  mkdirSync(seeds);
  for (const f of readdirSync(SEEDS).slice(0, 3)) cpSync(join(SEEDS, f), join(seeds, f));
  cpSync(join(SEEDS, 'gazetteer.json'), join(seeds, 'gazetteer.json'));
  app = createApp({ DATABASE_PATH: join(t.dir, 'app.db'), SEEDS_DIR: seeds });
  app.syncSeeds();
  schedules = createScheduleStore(app.db);
  clock = manualClock('2026-06-10T03:00:00.000Z'); // 06:00 in Kyiv
  service = createDigestService({ store: app.store, schedules, clock });
});
afterEach(() => {
  app.close();
  t.close();
});

const set = (over: Record<string, unknown> = {}) =>
  service.set({ guildId: GUILD, channelId: CHANNEL, time: '08:00', timezone: 'Europe/Kyiv', createdBy: '300000000000000001', ...over });

describe('/digest set', () => {
  it('creates a schedule and says when the first one comes, in the server’s own time', () => {
    const r = set({ timezone: 'europe/kyiv', time: '8:00' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schedule).toMatchObject({ guildId: GUILD, channelId: CHANNEL, time: '08:00', timezone: 'Europe/Kyiv', quiet: true, status: 'active' });
    expect(r.nextRun.at).toBe('2026-06-10T05:00:00.000Z');
    expect(r.nextRun.local).toMatch(/Wed,? 10 Jun 2026,? 08:00 (EEST|GMT\+3)/);
    expect(r.message).toMatch(/<#200000000000000001> at 08:00 Europe\/Kyiv/);
  });

  it('answers bad input with a clear sentence, never an exception', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ time: '25:00' }, /“25:00” is not a time\. Use HH:MM/],
      [{ time: '8am' }, /not a time/],
      [{ timezone: 'Mars/Olympus' }, /“Mars\/Olympus” is not an IANA time zone/],
      [{ timezone: '+03:00' }, /not an IANA time zone/],
      [{ topics: 'nato, kittens' }, /“kittens” is not a topic I track\. Topics: /],
      [{ actors: 'zzxqv' }, /I don't know an actor called “zzxqv”/],
      [{ channelId: 'general' }, /Invalid channelId/],
      [{ time: 'x'.repeat(6000) }, /Invalid time/],
    ];
    for (const [over, error] of cases) {
      const r = set(over);
      expect(r.ok, JSON.stringify(over).slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
    expect(schedules.schedulesOf(GUILD)).toEqual([]);
  });

  it('resolves actor names (typos too) and keeps topics; quiet “note” posts on empty days', () => {
    const r = set({ actors: 'putin, russia, Witkov', topics: ['NATO', 'ceasefire'], quiet: 'note' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schedule.actors).toEqual(['Vladimir Putin', 'Russia', 'Steve Witkoff']);
    expect(r.schedule.topics).toEqual(['nato', 'ceasefire']);
    expect(r.schedule.quiet).toBe(false);
  });

  it('one schedule per channel: setting again replaces it and resumes a paused one; several channels are fine', () => {
    const first = set();
    expect(first.ok && schedules.pauseSchedule(first.schedule.id, 'lost permission', clock.now().toISOString())).toBe(true);
    const again = set({ time: '09:30' });
    expect(again.ok && again.schedule).toMatchObject({ time: '09:30', status: 'active', pauseReason: null });
    expect(set({ channelId: CHANNEL2 }).ok).toBe(true);
    expect(schedules.schedulesOf(GUILD).map((s) => s.channelId)).toEqual([CHANNEL, CHANNEL2]);
  });

  it(`at most ${MAX_SCHEDULES_PER_GUILD} schedules per server`, () => {
    for (let i = 0; i < MAX_SCHEDULES_PER_GUILD; i++) expect(set({ channelId: `2000000000000001${String(i).padStart(2, '0')}` }).ok).toBe(true);
    const r = set({ channelId: '200000000000000999' });
    expect(r.ok).toBe(false);
    expect(set({ channelId: '200000000000000100', time: '10:00' }).ok).toBe(true); // changing an existing one is fine
  });
});

describe('/digest off, preview, status', () => {
  it('off removes one channel’s schedule or all of them', () => {
    set();
    set({ channelId: CHANNEL2 });
    expect(service.off(GUILD, CHANNEL)).toMatchObject({ removed: 1, message: expect.stringMatching(/<#200000000000000001> is off/) });
    expect(service.off(GUILD, CHANNEL)).toMatchObject({ removed: 0, message: expect.stringMatching(/no daily briefing for/) });
    expect(service.off(GUILD)).toMatchObject({ removed: 1 });
    expect(service.off(GUILD).message).toBe('This server has no daily briefing.');
  });

  it('preview shows what would be posted now, split as it would be sent', async () => {
    const none = await service.preview(GUILD);
    expect(none.schedule).toBeNull();
    expect(none.answer.notice).toMatch(/No daily briefing is set here yet/);
    set();
    const p = await service.preview(GUILD);
    expect(p.schedule?.channelId).toBe(CHANNEL);
    expect(p.answer.command).toBe('digest');
    expect(p.parts.length).toBeGreaterThanOrEqual(1);
    expect(p.parts.flatMap((x) => x.items)).toEqual(p.answer.items);
  });

  it('status: next run in local time, last delivery and its outcome, the pause reason', async () => {
    const r = set({ quiet: 'note' }); // (the articles were ingested "later" than this clock: nothing new, a note)
    if (!r.ok) throw new Error(r.error);
    let st = service.status(GUILD);
    expect(st.schedules[0]).toMatchObject({ nextRun: { at: '2026-06-10T05:00:00.000Z' }, last: null });
    expect(st.answer.info).toEqual([
      expect.stringMatching(/^<#200000000000000001> — daily at 08:00 Europe\/Kyiv; quiet days get a note\.$/),
      expect.stringMatching(/^Next: Wed,? 10 Jun 2026,? 08:00 /),
      'Last: none yet.',
    ]);

    const transport = fakeTransport(clock);
    const scheduler = createScheduler({ store: schedules, transport, clock, buildDigest: digestBuilder(app.store, schedules) });
    clock.set('2026-06-10T05:00:00.000Z');
    await scheduler.tick();
    st = service.status(GUILD);
    expect(st.schedules[0].last).toMatchObject({ period: '2026-06-10', status: 'sent' });
    expect(transport.posted).toHaveLength(1);
    expect(st.answer.info![1]).toMatch(/^Next: Thu,? 11 Jun 2026,? 08:00/);
    expect(st.answer.info![2]).toMatch(/^Last: the 2026-06-10 briefing, sent \(\d+ messages?\), Wed,? 10 Jun 2026,? 08:00/);

    transport.failNext(http(403, { code: 50013 }));
    clock.set('2026-06-11T05:00:00.000Z');
    await scheduler.tick();
    st = service.status(GUILD);
    expect(st.schedules[0].nextRun).toBeNull();
    expect(st.answer.info![1]).toMatch(/^Paused: Parley lacks permission to post in the channel .*50013.*\/digest set again to resume/);
    expect(st.answer.info![2]).toMatch(/^Last: the 2026-06-11 briefing, not sent: schedule paused/);
  });

  it('status of a server without schedules says how to set one', () => {
    expect(service.status(GUILD).answer.notice).toMatch(/no daily briefing/);
  });
});
