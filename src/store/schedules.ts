import type Database from 'better-sqlite3';

/**
 * Digest schedules and the delivery ledger: the only SQL the digest runs. Every write that moves a
 * ledger row is conditional on its current status (and owner), so two processes sharing the file
 * can never both own, send or settle the same (schedule, period).
 */

export type ScheduleStatus = 'active' | 'paused';

export interface ScheduleRow {
  id: number;
  guildId: string;
  channelId: string;
  /** HH:MM, local to `timezone`. */
  time: string;
  timezone: string;
  /** Canonical actor names, or null for all. */
  actors: string[] | null;
  /** Topics, or null for all. */
  topics: string[] | null;
  /** true: skip a day with nothing new; false: post a one-line note. */
  quiet: boolean;
  status: ScheduleStatus;
  pauseReason: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Runs due before this instant are not owed (set on create, on a change of time or zone, on resume). */
  activeFrom: string;
}

/** What a `/digest set` provides: the settings of a schedule, without its state. */
export type ScheduleInput = Pick<ScheduleRow, 'guildId' | 'channelId' | 'time' | 'timezone' | 'actors' | 'topics' | 'quiet' | 'createdBy'>;

export const DELIVERY_STATUSES = ['claimed', 'sent', 'retried', 'failed', 'skipped-empty', 'missed', 'paused'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** Statuses of a row someone is (or was, before dying) working on. */
export const OPEN_STATUSES: readonly DeliveryStatus[] = ['claimed', 'retried'];
/** Final statuses: the period is done, whatever happened. */
export type SettledStatus = Exclude<DeliveryStatus, 'claimed' | 'retried'>;

export interface DeliveryRow {
  id: number;
  scheduleId: number;
  period: string;
  status: DeliveryStatus;
  attempts: number;
  parts: number | null;
  messageIds: string[];
  error: string | null;
  claimedBy: string | null;
  claimedAt: string;
  leaseUntil: string | null;
  /** Start of the earliest send attempt of the current part whose outcome is unknown; null when none. */
  uncertainSince: string | null;
  settledAt: string | null;
  dueAt: string | null;
  since: string | null;
  until: string | null;
}

export interface ClaimInput {
  scheduleId: number;
  period: string;
  by: string;
  now: string;
  leaseUntil: string;
  dueAt: string;
  since: string | null;
  until: string;
}

interface RawSchedule {
  id: number;
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  actors: string | null;
  topics: string | null;
  quiet: number;
  status: ScheduleStatus;
  pause_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  active_from: string;
}

interface RawDelivery {
  id: number;
  schedule_id: number;
  period: string;
  status: DeliveryStatus;
  attempts: number;
  parts: number | null;
  message_ids: string | null;
  error: string | null;
  claimed_by: string | null;
  claimed_at: string;
  lease_until: string | null;
  uncertain_since: string | null;
  settled_at: string | null;
  due_at: string | null;
  since: string | null;
  until: string | null;
}

const toSchedule = (r: RawSchedule): ScheduleRow => ({
  id: r.id,
  guildId: r.guild_id,
  channelId: r.channel_id,
  time: r.time,
  timezone: r.timezone,
  actors: r.actors ? (JSON.parse(r.actors) as string[]) : null,
  topics: r.topics ? (JSON.parse(r.topics) as string[]) : null,
  quiet: r.quiet === 1,
  status: r.status,
  pauseReason: r.pause_reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  activeFrom: r.active_from,
});

const toDelivery = (r: RawDelivery): DeliveryRow => ({
  id: r.id,
  scheduleId: r.schedule_id,
  period: r.period,
  status: r.status,
  attempts: r.attempts,
  parts: r.parts,
  messageIds: r.message_ids ? (JSON.parse(r.message_ids) as string[]) : [],
  error: r.error,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
  leaseUntil: r.lease_until,
  uncertainSince: r.uncertain_since,
  settledAt: r.settled_at,
  dueAt: r.due_at,
  since: r.since,
  until: r.until,
});

const list = (xs: string[] | null) => (xs && xs.length ? JSON.stringify(xs) : null);
const OPEN = `status IN ('claimed', 'retried')`;

export function createScheduleStore(db: Database.Database) {
  const st = {
    upsert: db.prepare(`INSERT INTO schedules (guild_id, channel_id, time, timezone, actors, topics, quiet, status, created_by, created_at, updated_at, active_from)
      VALUES (@guildId, @channelId, @time, @timezone, @actors, @topics, @quiet, 'active', @createdBy, @now, @now, @now)
      ON CONFLICT (guild_id, channel_id) DO UPDATE SET
        time = excluded.time, timezone = excluded.timezone, actors = excluded.actors, topics = excluded.topics,
        quiet = excluded.quiet, updated_at = excluded.updated_at,
        active_from = CASE WHEN schedules.time <> excluded.time OR schedules.timezone <> excluded.timezone OR schedules.status <> 'active'
          THEN excluded.active_from ELSE schedules.active_from END,
        status = 'active', pause_reason = NULL
      RETURNING *`),
    byId: db.prepare('SELECT * FROM schedules WHERE id = ?'),
    byGuild: db.prepare('SELECT * FROM schedules WHERE guild_id = ? ORDER BY id'),
    byChannel: db.prepare('SELECT * FROM schedules WHERE guild_id = ? AND channel_id = ?'),
    active: db.prepare(`SELECT * FROM schedules WHERE status = 'active' ORDER BY id`),
    countByGuild: db.prepare('SELECT COUNT(*) FROM schedules WHERE guild_id = ?').pluck(),
    removeGuild: db.prepare('DELETE FROM schedules WHERE guild_id = ?'),
    removeChannel: db.prepare('DELETE FROM schedules WHERE guild_id = ? AND channel_id = ?'),
    pause: db.prepare(`UPDATE schedules SET status = 'paused', pause_reason = ?, updated_at = ? WHERE id = ? AND status = 'active'`),

    claim: db.prepare(`INSERT INTO deliveries (schedule_id, period, status, attempts, claimed_by, claimed_at, lease_until, due_at, since, until)
      VALUES (@scheduleId, @period, 'claimed', 0, @by, @now, @leaseUntil, @dueAt, @since, @until)
      ON CONFLICT (schedule_id, period) DO NOTHING
      RETURNING *`),
    record: db.prepare(`INSERT INTO deliveries (schedule_id, period, status, attempts, error, claimed_by, claimed_at, settled_at, due_at)
      VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)
      ON CONFLICT (schedule_id, period) DO NOTHING
      RETURNING *`),
    get: db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? AND period = ?'),
    getById: db.prepare('SELECT * FROM deliveries WHERE id = ?'),
    reclaim: db.prepare(`UPDATE deliveries SET claimed_by = ?, lease_until = ?
      WHERE id = ? AND ${OPEN} AND lease_until IS ? AND (lease_until IS NULL OR lease_until < ?)`),
    beginAttempt: db.prepare(`UPDATE deliveries SET attempts = attempts + 1, uncertain_since = COALESCE(uncertain_since, ?), lease_until = ?
      WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    uncertain: db.prepare(`UPDATE deliveries SET uncertain_since = ? WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    extend: db.prepare(`UPDATE deliveries SET lease_until = ? WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    setParts: db.prepare(`UPDATE deliveries SET parts = ? WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    recordPart: db.prepare(`UPDATE deliveries SET message_ids = ?, uncertain_since = NULL WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    retried: db.prepare(`UPDATE deliveries SET status = 'retried', error = ?, lease_until = ? WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    settle: db.prepare(`UPDATE deliveries SET status = ?, error = ?, message_ids = COALESCE(?, message_ids), settled_at = ?
      WHERE id = ? AND claimed_by = ? AND ${OPEN}`),
    lastCovered: db.prepare(`SELECT until FROM deliveries
      WHERE schedule_id = ? AND period < ? AND status IN ('sent', 'skipped-empty') AND until IS NOT NULL
      ORDER BY period DESC LIMIT 1`).pluck(),
    lastPeriod: db.prepare('SELECT MAX(period) FROM deliveries WHERE schedule_id = ?').pluck(),
    recent: db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? ORDER BY period DESC LIMIT ?'),
    lastOutcome: db.prepare(`SELECT * FROM deliveries WHERE schedule_id = ? ORDER BY COALESCE(settled_at, claimed_at) DESC, period DESC LIMIT 1`),
    leads: db.prepare(`SELECT article_id AS articleId, text FROM sentences
      WHERE idx = 0 AND article_id IN (SELECT value FROM json_each(?))`),
  };

  const one = (row: unknown) => (row ? toSchedule(row as RawSchedule) : undefined);
  const del = (row: unknown) => (row ? toDelivery(row as RawDelivery) : undefined);

  return {
    // ── schedules ──────────────────────────────────────────────────────────────────────────────
    /** Create the channel's schedule, or replace its settings (which also resumes a paused one). */
    upsertSchedule(input: ScheduleInput, now: string): ScheduleRow {
      return toSchedule(
        st.upsert.get({
          guildId: input.guildId, channelId: input.channelId, time: input.time, timezone: input.timezone,
          actors: list(input.actors), topics: list(input.topics), quiet: input.quiet ? 1 : 0, createdBy: input.createdBy, now,
        }) as RawSchedule,
      );
    },
    schedule: (id: number) => one(st.byId.get(id)),
    scheduleFor: (guildId: string, channelId: string) => one(st.byChannel.get(guildId, channelId)),
    schedulesOf: (guildId: string) => (st.byGuild.all(guildId) as RawSchedule[]).map(toSchedule),
    activeSchedules: () => (st.active.all() as RawSchedule[]).map(toSchedule),
    scheduleCount: (guildId: string) => st.countByGuild.get(guildId) as number,
    /** Delete a guild's schedules (one channel's, or all); their ledger rows go with them. */
    removeSchedules(guildId: string, channelId?: string): number {
      return (channelId ? st.removeChannel.run(guildId, channelId) : st.removeGuild.run(guildId)).changes;
    },
    /** Pause an active schedule with the reason shown in `/digest status`. */
    pauseSchedule: (id: number, reason: string, now: string) => st.pause.run(reason, now, id).changes > 0,

    // ── ledger ────────────────────────────────────────────────────────────────────────────────
    /** Claim (schedule, period): the row, or undefined when it already exists (someone else has it). */
    claim: (c: ClaimInput) => del(st.claim.get(c)),
    /** Record a final outcome nobody sent (missed): undefined when the period already has a row. */
    recordOutcome: (scheduleId: number, period: string, status: SettledStatus, error: string | null, by: string, now: string, dueAt: string) =>
      del(st.record.get(scheduleId, period, status, error, by, now, now, dueAt)),
    delivery: (scheduleId: number, period: string) => del(st.get.get(scheduleId, period)),
    deliveryById: (id: number) => del(st.getById.get(id)),
    /** Take over an open row whose lease ran out; compare-and-set on the lease seen, so one taker wins. */
    reclaim: (id: number, by: string, seenLease: string | null, now: string, leaseUntil: string) =>
      st.reclaim.run(by, leaseUntil, id, seenLease, now).changes > 0,
    /**
     * Count an attempt before the request goes out, marking its outcome unknown until told otherwise
     * (keeps an earlier unknown start); false when this owner lost the row.
     */
    beginAttempt: (id: number, by: string, now: string, leaseUntil: string) => st.beginAttempt.run(now, leaseUntil, id, by).changes > 0,
    /** Set (or clear, with null) when the earliest attempt of unknown outcome began. */
    setUncertain: (id: number, by: string, since: string | null) => st.uncertain.run(since, id, by).changes > 0,
    extendLease: (id: number, by: string, leaseUntil: string) => st.extend.run(leaseUntil, id, by).changes > 0,
    setParts: (id: number, by: string, parts: number) => st.setParts.run(parts, id, by).changes > 0,
    /** Record the message ids of the parts sent so far (the current part's outcome is then known). */
    recordParts: (id: number, by: string, ids: string[]) => st.recordPart.run(JSON.stringify(ids), id, by).changes > 0,
    markRetried: (id: number, by: string, error: string, leaseUntil: string) => st.retried.run(error, leaseUntil, id, by).changes > 0,
    /** Settle an open row owned by `by`; false when it was not (already settled, or taken over). */
    settle: (id: number, by: string, status: SettledStatus, error: string | null, messageIds: string[] | null, now: string) =>
      st.settle.run(status, error, messageIds ? JSON.stringify(messageIds) : null, now, id, by).changes > 0,
    /** Where the previous delivered (or deliberately empty) digest before `period` stopped. */
    lastCovered: (scheduleId: number, period: string) => (st.lastCovered.get(scheduleId, period) as string | undefined) ?? null,
    lastPeriod: (scheduleId: number) => (st.lastPeriod.get(scheduleId) as string | null) ?? null,
    recentDeliveries: (scheduleId: number, limit = 10) => (st.recent.all(scheduleId, limit) as RawDelivery[]).map(toDelivery),
    /** The most recently settled or claimed row: what `/digest status` reports as the last delivery. */
    lastDelivery: (scheduleId: number) => del(st.lastOutcome.get(scheduleId)),

    // ── reads for the digest ──────────────────────────────────────────────────────────────────
    /** Each article's first sentence, verbatim: the cited line for "new article". */
    articleLeads(ids: number[]): Map<number, string> {
      const rows = st.leads.all(JSON.stringify(ids)) as { articleId: number; text: string }[];
      return new Map(rows.map((r) => [r.articleId, r.text]));
    },
  };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
