import type { DigestAnswer } from '../briefing/index.ts';
import type { Logger } from '../log.ts';
import type { DeliveryRow, DeliveryStatus, ScheduleRow, ScheduleStore, SettledStatus } from '../store/index.ts';
import type { Clock } from './clock.ts';
import { TransportError, classifyFailure, describeError, nonceFor, pauseReason, type DigestTransport } from './transport.ts';

/** The window a digest covers and the date it is for. */
export interface DigestWindow {
  period: string;
  since: string | null;
  until: string;
}

export type BuildDigest = (schedule: ScheduleRow, window: DigestWindow) => DigestAnswer | Promise<DigestAnswer>;

/** Cuts a digest into the messages to post, in order; each must fit one message. */
export type SplitDigest = (answer: DigestAnswer) => DigestAnswer[];

/** What one tick did for one schedule. `busy`: another instance owns the period right now. */
export interface Outcome {
  scheduleId: number;
  guildId: string;
  channelId: string;
  period: string;
  status: DeliveryStatus | 'busy';
  messageIds: string[];
  error?: string;
}

export interface DeliveryContext {
  schedules: ScheduleStore;
  transport: DigestTransport;
  clock: Clock;
  log: Logger;
  instanceId: string;
  buildDigest: BuildDigest;
  split: SplitDigest;
  leaseMs: number;
  maxAttempts: number;
  maxRateLimitWaits: number;
  nonceWindowMs: number;
  backoffMs(failures: number): number;
  /** A wait that ends early when the scheduler stops. */
  sleep(ms: number): Promise<void>;
  stopping(): boolean;
}

const iso = (t: number | Date) => new Date(t).toISOString();

/**
 * Send a claimed (or re-claimed) ledger row's digest and settle it. The row must be owned by
 * `ctx.instanceId`; every ledger write checks that, so an instance that lost its lease stops at its
 * next step instead of racing the new owner (who sends the same nonces).
 */
export async function sendClaimed(ctx: DeliveryContext, schedule: ScheduleRow, row: DeliveryRow): Promise<Outcome> {
  const { schedules, clock, log, instanceId: me } = ctx;
  const base = { scheduleId: schedule.id, guildId: schedule.guildId, channelId: schedule.channelId, period: row.period };
  const now = () => clock.now().getTime();
  const ids = [...row.messageIds];
  const settle = (status: SettledStatus, error: string | null): Outcome => {
    const ok = schedules.settle(row.id, me, status, error, ids, iso(now()));
    if (!ok) return { ...base, status: 'busy', messageIds: ids, error: 'the ledger row was taken over by another instance' };
    const fields = { schedule: schedule.id, guild: schedule.guildId, channel: schedule.channelId, period: row.period, ...(error ? { error } : {}) };
    if (status === 'sent') log.info('digest sent', { ...fields, messages: ids.length });
    else if (status === 'skipped-empty') log.info('digest skipped: nothing new', fields);
    else if (status === 'failed') log.error('digest failed', fields);
    else log.warn(`digest ${status}`, fields);
    return { ...base, status, messageIds: ids, error: error ?? undefined };
  };

  let parts: DigestAnswer[];
  try {
    const answer = await ctx.buildDigest(schedule, { period: row.period, since: row.since, until: row.until ?? row.claimedAt });
    if (!answer.items.length && schedule.quiet) return settle('skipped-empty', answer.notice ?? null);
    parts = ctx.split(answer);
    if (!parts.length) throw new Error('the digest split into no messages');
  } catch (error) {
    return settle('failed', `could not build the digest: ${describeError(error)}`);
  }
  if (!schedules.setParts(row.id, me, parts.length)) return { ...base, status: 'busy', messageIds: ids };

  let failures = 0;
  let rateLimitWaits = 0;
  for (let i = ids.length; i < parts.length; i++) {
    const part = parts[i];
    const nonce = nonceFor(schedule.id, row.period, i + 1);
    // Set while an attempt of this part may have reached Discord; cleared once its fate is known.
    let uncertainSince: number | null = row.uncertainSince && i === row.messageIds.length ? Date.parse(row.uncertainSince) : null;
    for (;;) {
      if (ctx.stopping()) return { ...base, status: 'busy', messageIds: ids, error: 'scheduler stopping; another run resumes it' };
      if (uncertainSince !== null && now() - uncertainSince > ctx.nonceWindowMs) {
        return settle('failed', `part ${i + 1} may or may not have been posted (its first attempt at ${iso(uncertainSince)} got no clear answer) and Discord only drops duplicate nonces for a few minutes, so it was not sent again`);
      }
      const startedAt = now();
      if (!schedules.beginAttempt(row.id, me, iso(startedAt), iso(startedAt + ctx.leaseMs))) {
        return { ...base, status: 'busy', messageIds: ids, error: 'the ledger row was taken over by another instance' };
      }
      try {
        const res = await ctx.transport.send(schedule.channelId, { scheduleId: schedule.id, guildId: schedule.guildId, period: row.period, part: i + 1, parts: parts.length, answer: part }, { nonce, enforceNonce: true });
        ids.push(...res.ids);
        if (!schedules.recordParts(row.id, me, ids)) return { ...base, status: 'busy', messageIds: ids };
        break;
      } catch (error) {
        const kind = classifyFailure(error);
        const detail = describeError(error);
        if (kind === 'transient') uncertainSince ??= startedAt;
        else schedules.setUncertain(row.id, me, uncertainSince === null ? null : iso(uncertainSince));
        if (kind === 'gone') {
          const reason = pauseReason(error as TransportError);
          const outcome = settle('paused', reason);
          if (outcome.status === 'paused') schedules.pauseSchedule(schedule.id, reason, iso(now()));
          return outcome;
        }
        if (kind === 'fatal') return settle('failed', detail);
        let wait: number;
        if (kind === 'rate-limited') {
          rateLimitWaits++;
          if (rateLimitWaits > ctx.maxRateLimitWaits) return settle('failed', `still rate limited after ${ctx.maxRateLimitWaits} waits: ${detail}`);
          wait = Math.max(0, (error as TransportError).retryAfterMs ?? 1000);
        } else {
          failures++;
          if (failures >= ctx.maxAttempts) return settle('failed', `gave up after ${failures} attempts: ${detail}`);
          wait = ctx.backoffMs(failures);
        }
        const note = kind === 'rate-limited' ? `rate limited, waiting ${wait} ms: ${detail}` : `attempt ${failures} failed, retrying in ${wait} ms: ${detail}`;
        if (!schedules.markRetried(row.id, me, note, iso(now() + wait + ctx.leaseMs))) {
          return { ...base, status: 'busy', messageIds: ids };
        }
        log.warn('digest send failed; will retry', { schedule: schedule.id, period: row.period, part: i + 1, error: note });
        await ctx.sleep(wait);
      }
    }
  }
  return settle('sent', null);
}
