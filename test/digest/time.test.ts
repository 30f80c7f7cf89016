import { describe, expect, it } from 'vitest';
import {
  addDays, formatLocal, isValidTimeZone, lastRun, nextRun, normalizeTimeZone, parseTime, periodFor, runAt, suggestTimeZones,
} from '../../src/digest/index.ts';

const kyiv = (time: string) => ({ time, timezone: 'Europe/Kyiv' });
const ny = (time: string) => ({ time, timezone: 'America/New_York' });
const iso = (d: Date) => d.toISOString();

describe('time zones and times', () => {
  it('validates IANA names', () => {
    for (const z of ['Europe/Kyiv', 'Europe/Kiev', 'America/New_York', 'UTC', 'Asia/Kolkata', 'america/argentina/buenos_aires', 'Etc/GMT-3']) {
      expect(isValidTimeZone(z), z).toBe(true);
    }
    for (const z of ['Mars/Olympus', '+03:00', 'GMT+3', '', 'Europe/Kyiv; DROP TABLE', 'x'.repeat(80), 'Europe//Kyiv']) {
      expect(isValidTimeZone(z), z).toBe(false);
    }
    expect(isValidTimeZone(undefined)).toBe(false);
  });

  it('normalizes what people type to the usual spelling', () => {
    expect(normalizeTimeZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(normalizeTimeZone(' America/New York ')).toBe('America/New_York');
    expect(normalizeTimeZone('utc')).toBe('UTC');
    expect(normalizeTimeZone('Europe/Kiev')).toBe('Europe/Kiev');
    expect(normalizeTimeZone('Atlantis/Capital')).toBeNull();
  });

  it('suggests zones for autocomplete, at most 25, current names first', () => {
    expect(suggestTimeZones('kyi')).toContain('Europe/Kyiv');
    expect(suggestTimeZones('new_y')[0]).toBe('America/New_York');
    expect(suggestTimeZones('a').length).toBeLessThanOrEqual(25);
    expect(suggestTimeZones('').length).toBeGreaterThan(0);
  });

  it('parses HH:MM on a 24-hour clock', () => {
    expect(parseTime('08:00')).toEqual({ hour: 8, minute: 0, text: '08:00' });
    expect(parseTime('8:05')?.text).toBe('08:05');
    expect(parseTime('23:59')?.text).toBe('23:59');
    for (const bad of ['24:00', '8', '08:60', '8am', '', '08:00:00', '-1:00']) expect(parseTime(bad), bad).toBeNull();
  });
});

describe('runs across DST (Europe/Kyiv 2026: 29 Mar 03:00→04:00, 25 Oct 04:00→03:00)', () => {
  it('08:00 is 08:00 local on both sides of spring forward', () => {
    expect(iso(runAt('2026-03-28', kyiv('08:00')))).toBe('2026-03-28T06:00:00.000Z'); // EET, UTC+2
    expect(iso(runAt('2026-03-29', kyiv('08:00')))).toBe('2026-03-29T05:00:00.000Z'); // EEST, UTC+3
    expect(iso(nextRun(new Date('2026-03-28T06:00:00Z'), kyiv('08:00')).at)).toBe('2026-03-29T05:00:00.000Z');
  });

  it('08:00 on fall back runs once, at 08:00 local', () => {
    expect(iso(runAt('2026-10-24', kyiv('08:00')))).toBe('2026-10-24T05:00:00.000Z');
    expect(iso(runAt('2026-10-25', kyiv('08:00')))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('03:30 in the spring gap runs at the next valid minute (04:00 EEST)', () => {
    const at = runAt('2026-03-29', kyiv('03:30'));
    expect(iso(at)).toBe('2026-03-29T01:00:00.000Z');
    expect(formatLocal(at, 'Europe/Kyiv')).toMatch(/04:00/);
    expect(iso(nextRun(new Date('2026-03-28T02:00:00Z'), kyiv('03:30')).at)).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(runAt('2026-03-28', kyiv('03:30')))).toBe('2026-03-28T01:30:00.000Z');
    expect(iso(runAt('2026-03-30', kyiv('03:30')))).toBe('2026-03-30T00:30:00.000Z');
    // Every minute of the gap maps to its end.
    expect(iso(runAt('2026-03-29', kyiv('03:00')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(runAt('2026-03-29', kyiv('03:59')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(runAt('2026-03-29', kyiv('04:00')))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('03:30 on fall back runs at the first occurrence only', () => {
    const first = runAt('2026-10-25', kyiv('03:30'));
    expect(iso(first)).toBe('2026-10-25T00:30:00.000Z'); // 03:30 EEST; 03:30 EET (01:30Z) is not a run
    const after = nextRun(first, kyiv('03:30'));
    expect(after.period).toBe('2026-10-26');
    expect(iso(after.at)).toBe('2026-10-26T01:30:00.000Z');
    // The second 03:30 belongs to the period already run.
    expect(periodFor(new Date('2026-10-25T01:30:00Z'), kyiv('03:30'))).toBe('2026-10-25');
    expect(iso(nextRun(new Date('2026-10-25T01:30:00Z'), kyiv('03:30')).at)).toBe('2026-10-26T01:30:00.000Z');
  });

  it('periodFor: the local date of the latest run at or before the instant', () => {
    const s = kyiv('08:00');
    expect(periodFor(new Date('2026-03-29T04:59:59Z'), s)).toBe('2026-03-28');
    expect(periodFor(new Date('2026-03-29T05:00:00Z'), s)).toBe('2026-03-29');
    expect(periodFor(new Date('2026-03-28T23:30:00Z'), s)).toBe('2026-03-28'); // 01:30 local on the 29th, before 08:00
    expect(lastRun(new Date('2026-10-25T12:00:00Z'), s)).toEqual({ period: '2026-10-25', dueAt: new Date('2026-10-25T06:00:00Z') });
  });
});

describe('runs across DST (America/New_York 2026: 8 Mar 02:00→03:00, 1 Nov 02:00→01:00)', () => {
  it('08:00 local on both sides of each change', () => {
    expect(iso(runAt('2026-03-07', ny('08:00')))).toBe('2026-03-07T13:00:00.000Z');
    expect(iso(runAt('2026-03-08', ny('08:00')))).toBe('2026-03-08T12:00:00.000Z');
    expect(iso(runAt('2026-10-31', ny('08:00')))).toBe('2026-10-31T12:00:00.000Z');
    expect(iso(runAt('2026-11-01', ny('08:00')))).toBe('2026-11-01T13:00:00.000Z');
  });

  it('02:30 in the gap runs at 03:00 EDT; 01:30 on fall back runs once, at EDT', () => {
    expect(iso(runAt('2026-03-08', ny('02:30')))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(runAt('2026-11-01', ny('01:30')))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextRun(new Date('2026-11-01T05:30:00Z'), ny('01:30')).at)).toBe('2026-11-02T06:30:00.000Z');
  });

  it('a 03:30 schedule is untouched by the 02:00 gap', () => {
    expect(iso(runAt('2026-03-08', ny('03:30')))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('one run per local date, every day of the year, in several zones', () => {
    // Lord Howe moves by 30 minutes; Santiago changes at midnight.
    for (const tz of ['Europe/Kyiv', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago']) {
      for (const time of ['00:00', '02:30', '08:00']) {
        const s = { time, timezone: tz };
        let t = new Date('2026-01-01T00:00:00Z');
        const periods: string[] = [];
        for (let i = 0; i < 366; i++) {
          const n = nextRun(t, s);
          expect(n.at.getTime()).toBeGreaterThan(t.getTime());
          expect(periodFor(n.at, s)).toBe(n.period);
          periods.push(n.period);
          t = n.at;
        }
        for (let i = 1; i < periods.length; i++) expect(periods[i], `${tz} ${time}`).toBe(addDays(periods[i - 1], 1));
      }
    }
  });
});
