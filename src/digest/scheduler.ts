import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { splitDigest } from '../briefing/index.ts';
import type { Logger } from '../log.ts';
import { OPEN_STATUSES, type DeliveryRow, type ScheduleRow, type ScheduleStore } from '../store/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { sendClaimed, type BuildDigest, type DeliveryContext, type Outcome, type SplitDigest } from './delivery.ts';
import { addDays, lastRun, localDate, nextRun, runAt } from './time.ts';
import type { DigestTransport } from './transport.ts';

/**
 * The digest scheduler.
 *
 * Driving. One node-cron task fires at second 0 of every minute and calls `tick(clock.now())`.
 * Whether a schedule is due is decided by our own zone arithmetic (`time.ts`), per schedule and in
 * its own IANA zone, not by a cron expression per schedule, because node-cron 4.6.0's matcher
 * (read in node_modules/node-cron/dist/_shared.js: `MatcherWalker.firstTimeOnDay` checks that the
 * local time reads back) skips a day outright when HH:MM falls in a DST gap, and on a fall-back day
 * may pick the second occurrence of an ambiguous time (Europe/Kyiv 03:30 → 01:30Z). A tick is
 * idempotent and state-based (it looks at the ledger), so a late or missed heartbeat costs nothing:
 * the next one delivers.
 *
 * Clock. node-cron reads `new Date()` and `setTimeout` directly and takes no clock option, so tests
 * drive the real node-cron with vitest fake timers (`vi.useFakeTimers({ toFake: ['Date',
 * 'setTimeout', 'clearTimeout'] })` and `vi.advanceTimersByTimeAsync`), with `systemClock` (which
 * reads the same faked `Date`). Everything else is deterministic through `tick(now)` and an injected
 * `Clock` (`manualClock`) whose `sleep` advances time instead of waiting.
 *
 * Catch-up. `start()` ticks once before arming the cron task: a period due within the grace window
 * with no ledger row is sent late; older unsent periods are recorded `missed`.
 */

export interface SchedulerOptions {
  /** Schedules and the delivery ledger (`createScheduleStore(db)`). */
  store: ScheduleStore;
  transport: DigestTransport;
  /** Builds the digest for a schedule and window (`digestBuilder(articleStore, scheduleStore)`). */
  buildDigest: BuildDigest;
  /**
   * Cuts a digest into messages (default `splitDigest`: item boundaries, a conservative size). The
   * Discord wiring may pass its own renderer-exact splitter; every part must fit one message, and
   * the same digest must split the same way every time (a resumed delivery re-sends by part index).
   */
  split?: SplitDigest;
  clock?: Clock;
  log?: Logger;
  /** A period is sent late up to this long after it was due (DIGEST_GRACE_HOURS, default 6). */
  graceHours?: number;
  /** Identifies this process in the ledger (default host:pid:random). */
  instanceId?: string;
  /** How long a claim is held without progress before another instance may take over (60 s). */
  leaseMs?: number;
  /** How long Discord is trusted to drop a repeated nonce (120 s; Discord says "a few minutes"). */
  nonceWindowMs?: number;
  /** Attempts per part for 5xx / network errors before `failed` (5). */
  maxAttempts?: number;
  /** 429 waits per part before `failed` (10). */
  maxRateLimitWaits?: number;
  /** Wait before retry n (1-based) after a 5xx / network error (2 s, 4 s, 8 s, … ≤ 60 s). */
  backoffMs?: (failures: number) => number;
  /** Deliveries run at once (8). */
  concurrency?: number;
  /** Unsent periods older than the latest are recorded `missed`, at most this many days back (31). */
  maxBackfillDays?: number;
}

export interface TickReport {
  at: string;
  outcomes: Outcome[];
}

export interface Scheduler {
  /** Catch up (send late within the grace window, record the rest missed), then run every minute. */
  start(): Promise<TickReport>;
  /** Stop the cron task; deliveries in progress stop at their next step (a later run resumes them). */
  stop(): Promise<void>;
  /**
   * Do what is due at `now` (default: the clock's now) and resolve when every delivery started by
   * this tick has settled. Safe to call at any time, from any number of instances.
   */
  tick(now?: Date): Promise<TickReport>;
  readonly instanceId: string;
  readonly running: boolean;
}

function openableGate() {
  let open = () => {};
  let isOpen = false;
  const opened = new Promise<void>((r) => (open = r));
  return {
    opened,
    isOpen: () => isOpen,
    open() {
      isOpen = true;
      open();
    },
  };
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const HOUR = 3_600_000;
const iso = (t: number | Date) => new Date(t).toISOString();

/** Only shard 0 runs the scheduler (the ledger keeps delivery exactly-once if two ever race). */
export const runsScheduler = (shardIds: readonly number[] | null | undefined) => !shardIds || shardIds.includes(0);

export function createScheduler(options: SchedulerOptions): Scheduler {
  const schedules = options.store;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silent;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const graceMs = (options.graceHours ?? 6) * HOUR;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const maxBackfillDays = options.maxBackfillDays ?? 31;

  let task: ScheduledTask | null = null;
  let starting = false;
  let generations = 0; // bumped by every start() and stop(): a start that was overtaken arms nothing
  // Deliveries started before a stop() see its gate open: they stop at their next step and cut
  // any wait short. Ticks after stop() (or a new start()) get a fresh gate.
  let gate = openableGate();
  const inFlight = new Map<string, Promise<Outcome>>();
  /** Per schedule: when it next needs a look, valid while its settings are unchanged. */
  const nextLook = new Map<number, { sig: string; at: number }>();

  const base: Omit<DeliveryContext, 'sleep' | 'stopping'> = {
    schedules,
    transport: options.transport,
    clock,
    log,
    instanceId,
    buildDigest: options.buildDigest,
    split: options.split ?? ((a) => splitDigest(a)),
    leaseMs,
    maxAttempts: options.maxAttempts ?? 5,
    maxRateLimitWaits: options.maxRateLimitWaits ?? 10,
    nonceWindowMs: options.nonceWindowMs ?? 120_000,
    backoffMs: options.backoffMs ?? ((n) => Math.min(60_000, 2000 * 2 ** (n - 1))),
  };
  const context = (): DeliveryContext => {
    const g = gate;
    return { ...base, sleep: (ms) => Promise.race([clock.sleep(ms), g.opened]), stopping: () => g.isOpen() };
  };

  // A small semaphore: at most `concurrency` deliveries at once.
  let active = 0;
  const waiting: (() => void)[] = [];
  const withSlot = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };

  const sig = (s: ScheduleRow) => `${s.time}|${s.timezone}|${s.activeFrom}|${s.status}`;
  const lookLater = (s: ScheduleRow, now: number) => nextLook.set(s.id, { sig: sig(s), at: nextRun(now, s).at.getTime() });

  /** Record every owed period between the last ledger row and `before` as missed. */
  function backfillMissed(s: ScheduleRow, before: string, now: number): Outcome[] {
    const out: Outcome[] = [];
    const activeFrom = Date.parse(s.activeFrom);
    const last = schedules.lastPeriod(s.id);
    let p = last && last >= localDate(activeFrom, s.timezone) ? addDays(last, 1) : localDate(activeFrom, s.timezone);
    const floor = addDays(before, -maxBackfillDays);
    if (p < floor) p = floor;
    for (; p < before; p = addDays(p, 1)) {
      const due = runAt(p, s);
      if (due.getTime() < activeFrom) continue;
      const row = schedules.recordOutcome(s.id, p, 'missed', `not sent: no scheduler was running at ${s.time} ${s.timezone} that day`, instanceId, iso(now), iso(due));
      if (row) out.push({ scheduleId: s.id, guildId: s.guildId, channelId: s.channelId, period: p, status: 'missed', messageIds: [], error: row.error ?? undefined });
    }
    if (out.length) log.warn('digest periods missed while no scheduler ran', { schedule: s.id, periods: out.map((o) => o.period) });
    return out;
  }

  /** Where this digest starts: after the last delivered one, else a day before it was due; at most a week. */
  function windowStart(s: ScheduleRow, period: string, dueAt: number, until: number): string {
    const covered = schedules.lastCovered(s.id, period);
    const start = covered ? Date.parse(covered) : dueAt - 24 * HOUR;
    return iso(Math.max(start, until - 7 * 24 * HOUR));
  }

  function launch(key: string, run: () => Promise<Outcome>): Promise<Outcome> {
    const p = withSlot(run)
      .catch((error): Outcome => {
        log.error('digest delivery crashed', { key, error });
        const [id, period] = key.split(':');
        return { scheduleId: Number(id), guildId: '', channelId: '', period, status: 'busy', messageIds: [], error: String(error) };
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  }

  /** Take over an open row whose owner stopped renewing its lease. */
  function resume(s: ScheduleRow, row: DeliveryRow, dueAt: number, now: number): Promise<Outcome> | Outcome | null {
    if (row.leaseUntil && Date.parse(row.leaseUntil) >= now) return null; // its owner is (presumably) alive
    if (!schedules.reclaim(row.id, instanceId, row.leaseUntil, iso(now), iso(now + leaseMs))) return null;
    const owned = { ...row, claimedBy: instanceId };
    log.warn('digest delivery resumed after its owner stopped', { schedule: s.id, period: row.period, previousOwner: row.claimedBy, attempts: row.attempts });
    const untouched = row.messageIds.length === 0 && row.uncertainSince === null;
    if (untouched && now - dueAt > graceMs) {
      const error = `claimed at ${row.claimedAt} but its scheduler stopped before sending; now past the ${graceMs / HOUR} h grace window`;
      const ok = schedules.settle(row.id, instanceId, 'missed', error, null, iso(now));
      return { scheduleId: s.id, guildId: s.guildId, channelId: s.channelId, period: row.period, status: ok ? 'missed' : 'busy', messageIds: [], error };
    }
    return launch(`${s.id}:${row.period}`, () => sendClaimed(context(), s, owned));
  }

  async function tick(at?: Date): Promise<TickReport> {
    const now = (at ?? clock.now()).getTime();
    const outcomes: Outcome[] = [];
    const started: Promise<Outcome>[] = [];
    for (const s of schedules.activeSchedules()) {
      try {
        const look = nextLook.get(s.id);
        if (look && look.sig === sig(s) && now < look.at) continue;
        const { period, dueAt } = lastRun(now, s);
        const due = dueAt.getTime();
        if (due < Date.parse(s.activeFrom)) {
          lookLater(s, Math.max(now, Date.parse(s.activeFrom)));
          continue;
        }
        const key = `${s.id}:${period}`;
        if (inFlight.has(key)) continue;
        const row = schedules.delivery(s.id, period);
        if (!row) {
          outcomes.push(...backfillMissed(s, period, now));
          if (now - due > graceMs) {
            const hours = ((now - due) / HOUR).toFixed(1);
            const error = `not sent: no scheduler was running at ${s.time} ${s.timezone}; it came back ${hours} h later, past the ${graceMs / HOUR} h grace window`;
            const missed = schedules.recordOutcome(s.id, period, 'missed', error, instanceId, iso(now), iso(due));
            if (missed) {
              log.warn('digest missed', { schedule: s.id, period, error });
              outcomes.push({ scheduleId: s.id, guildId: s.guildId, channelId: s.channelId, period, status: 'missed', messageIds: [], error });
            }
            lookLater(s, now);
            continue;
          }
          const claimed = schedules.claim({
            scheduleId: s.id, period, by: instanceId, now: iso(now), leaseUntil: iso(now + leaseMs), dueAt: iso(due),
            since: windowStart(s, period, due, now), until: iso(now),
          });
          if (!claimed) {
            outcomes.push({ scheduleId: s.id, guildId: s.guildId, channelId: s.channelId, period, status: 'busy', messageIds: [] });
            continue; // another instance claimed it first; look again next tick until it settles
          }
          if (now - due > 60_000) log.info('digest sent late (catch-up)', { schedule: s.id, period, lateMinutes: Math.round((now - due) / 60_000) });
          started.push(launch(key, () => sendClaimed(context(), s, claimed)));
          continue;
        }
        if ((OPEN_STATUSES as string[]).includes(row.status)) {
          const r = resume(s, row, due, now);
          if (r instanceof Promise) started.push(r);
          else if (r) outcomes.push(r);
          continue; // open rows are looked at every tick until settled
        }
        lookLater(s, now);
      } catch (error) {
        log.error('digest tick failed for a schedule', { schedule: s.id, error });
      }
    }
    outcomes.push(...(await Promise.all(started)));
    return { at: iso(now), outcomes };
  }

  return {
    instanceId,
    get running() {
      return task !== null;
    },
    async start() {
      // One start at a time, and a stop() during the catch-up tick wins: no task is armed after it.
      if (task || starting) return { at: iso(clock.now()), outcomes: [] };
      starting = true;
      const generation = ++generations;
      let report: TickReport;
      try {
        report = await tick(clock.now());
      } finally {
        starting = false;
      }
      if (generation !== generations) return report;
      task = cron.schedule('* * * * *', () => tick(clock.now()).then(() => undefined), {
        name: `parley-digest-${instanceId}`,
        timezone: 'UTC',
        // A heartbeat that is late is still worth running: the tick looks at the ledger, not the slot.
        missedExecutionTolerance: 50_000,
        logger: {
          info: (m) => log.debug(`node-cron: ${m}`),
          warn: (m) => log.warn(`node-cron: ${m}`),
          error: (m, e) => log.error(`node-cron: ${m instanceof Error ? m.message : m}`, e ? { error: e } : undefined),
          debug: (m) => log.debug(`node-cron: ${m instanceof Error ? m.message : m}`),
        },
      });
      return report;
    },
    async stop() {
      generations++;
      gate.open();
      gate = openableGate();
      const t = task;
      task = null;
      if (t) await t.destroy();
      await Promise.allSettled([...inFlight.values()]);
    },
    tick,
  };
}
