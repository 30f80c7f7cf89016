/**
 * Wall-clock arithmetic over IANA time zones with `Intl.DateTimeFormat` only: pure functions, no
 * state but formatter caches. A schedule runs once per local date ("period") at its local HH:MM:
 *
 * - when HH:MM does not exist that day (spring forward), it runs at the first valid minute after
 *   the gap (03:30 in Kyiv's 03:00→04:00 gap runs at 04:00 EEST);
 * - when HH:MM happens twice (fall back), it runs at the first occurrence only.
 */

export interface DailyTime {
  /** HH:MM, 24-hour, local to `timezone`. */
  time: string;
  /** IANA name, e.g. Europe/Kyiv. */
  timezone: string;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timezone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timezone, f);
  }
  return f;
}

/** The local wall clock of an instant in a zone. */
export function wallClock(instant: Date | number, timezone: string): WallClock {
  const out: Record<string, number> = {};
  for (const p of partsFormat(timezone).formatToParts(typeof instant === 'number' ? instant : instant.getTime())) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour === 24 ? 0 : out.hour, minute: out.minute, second: out.second };
}

/** The zone's offset from UTC at an instant, in minutes (Kyiv in summer: +180). */
export function offsetMinutes(instant: number, timezone: string): number {
  const w = wallClock(instant, timezone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of a wall clock. */
export const dateOf = (w: Pick<WallClock, 'year' | 'month' | 'day'>) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export const localDate = (instant: Date | number, timezone: string) => dateOf(wallClock(instant, timezone));

/** `YYYY-MM-DD` plus n days (calendar arithmetic, no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return dateOf({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** A comparable key of a wall clock to the minute: `YYYY-MM-DDTHH:MM`. */
const wallKey = (w: WallClock) => `${dateOf(w)}T${pad(w.hour)}:${pad(w.minute)}`;

const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** Whether `name` is an IANA time zone this runtime knows (`Europe/Kyiv`, `America/New_York`, `UTC`). */
export function isValidTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length > 64 || !IANA_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * ICU (and so `Intl.supportedValuesOf`) still lists some zones under their old names. Users know the
 * current IANA names, so offer and keep those.
 */
const MODERN_NAMES: Record<string, string> = {
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
};

let zoneList: string[] | null = null;
/** Every zone name this runtime knows, current IANA spelling, sorted; plus UTC. */
export function timeZoneNames(): string[] {
  if (!zoneList) {
    const names = new Set<string>(['UTC']);
    for (const z of Intl.supportedValuesOf('timeZone')) names.add(MODERN_NAMES[z] && isValidTimeZone(MODERN_NAMES[z]) ? MODERN_NAMES[z] : z);
    zoneList = [...names].sort();
  }
  return zoneList;
}

/**
 * The zone name to store for what a user typed: validated, in its usual spelling
 * (`europe/kyiv` → `Europe/Kyiv`); null when it is not a zone.
 */
export function normalizeTimeZone(typed: string): string | null {
  const name = typed.trim().replace(/\s+/g, '_');
  if (!isValidTimeZone(name)) return null;
  const lower = name.toLowerCase();
  const known = timeZoneNames().find((z) => z.toLowerCase() === lower);
  if (known) return known;
  const legacy = Object.keys(MODERN_NAMES).find((z) => z.toLowerCase() === lower);
  if (legacy) return legacy;
  // Valid but unlisted (a backward alias like Europe/Belfast): keep it, with each word capitalised.
  return name.replace(/(^|[/_-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Autocomplete: zones whose name contains what was typed (prefix matches of a segment first). */
export function suggestTimeZones(typed: string, limit = 25): string[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const all = timeZoneNames();
  if (!q) return ['UTC', 'Europe/Kyiv', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].slice(0, limit);
  const starts = all.filter((z) => z.toLowerCase().split('/').some((seg) => seg.startsWith(q)) || z.toLowerCase().startsWith(q));
  const contains = all.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** `'8:00'` / `'08:00'` → `{ hour: 8, minute: 0, text: '08:00' }`; null when not a 24-hour time. */
export function parseTime(typed: string): { hour: number; minute: number; text: string } | null {
  const m = /^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$/i.exec(typed);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return { hour, minute, text: `${pad(hour)}:${pad(minute)}` };
}

function mustParse(time: string) {
  const t = parseTime(time);
  if (!t) throw new RangeError(`not a HH:MM time: ${time}`);
  return t;
}

/**
 * The UTC instant of the run for local date `period` (`YYYY-MM-DD`): HH:MM's first occurrence that
 * day, or the first valid minute after a DST gap that swallows HH:MM.
 */
export function runAt(period: string, schedule: DailyTime): Date {
  const { hour, minute } = mustParse(schedule.time);
  const [y, mo, d] = period.split('-').map(Number);
  const want = { year: y, month: mo, day: d, hour, minute, second: 0 };
  const wantKey = wallKey(want);
  const guess = Date.UTC(y, mo - 1, d, hour, minute);
  // Every offset the zone has around that day; each gives a candidate instant for the wall time.
  const offsets = new Set([guess - DAY, guess, guess + DAY].map((t) => offsetMinutes(t, schedule.timezone)));
  const exact = [...offsets]
    .map((o) => guess - o * MINUTE)
    .filter((t) => wallKey(wallClock(t, schedule.timezone)) === wantKey)
    .sort((a, b) => a - b);
  if (exact.length) return new Date(exact[0]); // fall back: the first occurrence
  // In a gap: the wall clock jumps over HH:MM. Between "read with the later offset" (before the jump)
  // and "read with the earlier offset" (after it) lies the jump; find its first minute.
  const cands = [...offsets].map((o) => guess - o * MINUTE).sort((a, b) => a - b);
  let lo = cands[0];
  let hi = cands[cands.length - 1];
  if (wallKey(wallClock(lo, schedule.timezone)) >= wantKey) return new Date(lo);
  // Invariant: wall(lo) < want <= wall(hi); minute resolution.
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallKey(wallClock(mid, schedule.timezone)) >= wantKey) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The period (local date) whose run is the latest one at or before `instant`. */
export function periodFor(instant: Date | number, schedule: DailyTime): string {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const today = localDate(t, schedule.timezone);
  return runAt(today, schedule).getTime() <= t ? today : addDays(today, -1);
}

/** The latest run at or before `instant`: its period and when it was due. */
export function lastRun(instant: Date | number, schedule: DailyTime): { period: string; dueAt: Date } {
  const period = periodFor(instant, schedule);
  return { period, dueAt: runAt(period, schedule) };
}

/** The next run strictly after `instant`: its period and UTC instant. */
export function nextRun(instant: Date | number, schedule: DailyTime): { period: string; at: Date } {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  let period = localDate(t, schedule.timezone);
  for (let i = 0; i < 3; i++) {
    const at = runAt(period, schedule);
    if (at.getTime() > t) return { period, at };
    period = addDays(period, 1);
  }
  throw new Error(`no run found after ${new Date(t).toISOString()} for ${schedule.time} ${schedule.timezone}`);
}

/** "Mon, 30 Mar 2026, 08:00 EEST" — an instant as the schedule's own people read it. */
export function formatLocal(instant: Date | number, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(instant);
}
