/**
 * The digest benchmark: N schedules (default 1,000), in a dozen time zones, all due in the same
 * minute, delivered by the production wiring — the scheduler, the Discord transport (its own
 * @discordjs/rest with Parley's no-hidden-retries options), `digestBuilder` over a real SQLite file
 * with the bundled seeds, and the Discord splitter — to the fake Discord enforcing Discord's global
 * limit of 50 requests per second with real 429s (rolling window).
 *
 * It checks that every digest was delivered exactly once (every part of every schedule is in its
 * channel once, with its nonce, and the ledger says `sent` with those message ids) and reports the
 * wall time of the due minute's tick against the floor the limit sets (messages / 50 per second).
 *
 * The fake Discord comes from the test tree (test/fake-discord): the benchmark is a development tool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { createScheduleStore, createScheduler, digestBuilder, nonceFor, wallClock, type Clock } from '../digest/index.ts';
import { createDigestTransport } from '../discord/digest-transport.ts';
import { splitDigestMessages } from '../discord/render.ts';
import { BUNDLED_SEEDS_DIR } from '../ingest/index.ts';
import type { Logger } from '../log.ts';
import { startFakeDiscord } from '../../test/fake-discord/index.ts';

export interface DigestBenchOptions {
  /** Schedules due in the same minute (each in its own channel). */
  schedules: number;
  /** Print JSON instead of text (used by the CLI entry; the result is returned either way). */
  json?: boolean;
  /** Deliveries in flight at once (default 64: enough to keep 50/s busy while others build and settle). */
  concurrency?: number;
  /** The fake's global limit (Discord: 50/s). */
  perSecond?: number;
  /** The fake's window: 'rolling' (default, real 429s at saturation) or 'fixed'. */
  window?: 'rolling' | 'fixed';
  /** Keep the temporary database. */
  keep?: boolean;
}

export interface DigestBenchResult {
  schedules: number;
  guilds: number;
  timeZones: number;
  concurrency: number;
  limitPerSecond: number;
  /** Messages the digests took (sum of parts over schedules). */
  messages: number;
  /** Messages found in the fake's channels. */
  delivered: number;
  /** Every part of every schedule in its channel exactly once, with its nonce, and the ledger `sent`. */
  exactlyOnce: boolean;
  problems: string[];
  /** Ledger outcomes of the tick. */
  outcomes: Record<string, number>;
  /** POST /channels/{id}/messages requests that reached the fake (429s included). */
  requests: number;
  /** 429 responses the fake sent (global limit). */
  rateLimited: number;
  /** Wall time from the due minute's tick to the last delivery settled. */
  totalMs: number;
  /** messages / limit: no sender can beat it. */
  floorMs: number;
  targetMs: number;
  withinTarget: boolean;
  /** Achieved messages per second. */
  throughput: number;
  setupMs: number;
  dbPath?: string;
}

/** Zones on both sides of UTC, with and without DST, and with :30 and :45 offsets. */
const ZONES = [
  'UTC', 'Europe/Kyiv', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'America/Sao_Paulo',
  'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Sydney', 'Pacific/Auckland',
];
/** One topic per schedule, so that each digest is one message (as the 20 s floor assumes). */
const TOPICS = ['nato', 'troops', 'ceasefire'];

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const pad = (n: number) => String(n).padStart(2, '0');
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function runDigestBench(options: DigestBenchOptions): Promise<DigestBenchResult> {
  const n = options.schedules;
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('schedules must be a positive whole number');
  const perSecond = options.perSecond ?? 50;
  const concurrency = options.concurrency ?? 64;
  const setupStart = performance.now();

  const dir = mkdtempSync(join(tmpdir(), 'parley-digest-bench-'));
  const dbPath = join(dir, 'parley.db');
  const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR: BUNDLED_SEEDS_DIR });
  app.syncSeeds();
  const fake = await startFakeDiscord({ globalRateLimit: { perSecond, window: options.window ?? 'rolling' } });
  const transport = createDigestTransport({ token: 'bench-token', api: fake.restBase });

  try {
    // The due minute: the next whole minute. The scheduler's clock reads it at the start of the run
    // and then moves with real time (waits are real waits).
    const due = Math.ceil(Date.now() / 60_000) * 60_000;
    const schedules = createScheduleStore(app.db);
    const created = new Date(due - 3_600_000).toISOString();
    const guilds = Math.ceil(n / 10);
    const ids: { id: number; channelId: string }[] = [];
    app.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const timezone = ZONES[i % ZONES.length];
        const w = wallClock(due, timezone);
        const guildId = String(400000000000000000n + BigInt(Math.floor(i / 10)));
        const channelId = String(500000000000000000n + BigInt(i));
        const s = schedules.upsertSchedule(
          { guildId, channelId, time: `${pad(w.hour)}:${pad(w.minute)}`, timezone, actors: null, topics: [TOPICS[i % TOPICS.length]], quiet: true, createdBy: null },
          created,
        );
        ids.push({ id: s.id, channelId });
      }
    })();

    let offset = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offset), sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))) };
    const scheduler = createScheduler({
      store: schedules,
      transport,
      buildDigest: digestBuilder(app.store, schedules),
      split: splitDigestMessages,
      clock,
      log: silent,
      concurrency,
      instanceId: 'bench',
    });
    const setupMs = performance.now() - setupStart;

    offset = due - Date.now();
    const start = performance.now();
    const report = await scheduler.tick(clock.now());
    const totalMs = performance.now() - start;
    await scheduler.stop();

    // ── exactly once? ──────────────────────────────────────────────────────────────────────────
    const problems: string[] = [];
    const byChannel = new Map<string, { nonce: string; id: string }[]>();
    for (const m of fake.messages) {
      const list = byChannel.get(m.channel_id) ?? [];
      list.push({ nonce: String(m.nonce), id: String(m.id) });
      byChannel.set(m.channel_id, list);
    }
    let messages = 0;
    const outcomes: Record<string, number> = {};
    for (const o of report.outcomes) outcomes[o.status] = (outcomes[o.status] ?? 0) + 1;
    for (const { id, channelId } of ids) {
      const period = report.outcomes.find((o) => o.scheduleId === id)?.period;
      const row = period ? schedules.delivery(id, period) : undefined;
      if (!row || row.status !== 'sent') {
        problems.push(`schedule ${id}: ${row?.status ?? 'no ledger row'}${row?.error ? ` (${row.error})` : ''}`);
        continue;
      }
      const parts = row.parts ?? 0;
      messages += parts;
      const got = byChannel.get(channelId) ?? [];
      const want = Array.from({ length: parts }, (_, k) => nonceFor(id, row.period, k + 1));
      if (got.length !== parts || got.some((g, k) => g.nonce !== want[k])) {
        problems.push(`schedule ${id}: ${got.length} message(s) in its channel for ${parts} part(s) (${got.map((g) => g.nonce).join(', ')})`);
      } else if (row.messageIds.join() !== got.map((g) => g.id).join()) {
        problems.push(`schedule ${id}: the ledger's message ids differ from the channel's`);
      }
    }
    const delivered = fake.messages.length;
    if (delivered !== messages) problems.push(`${delivered} messages in the fake's channels for ${messages} parts`);
    const requests = fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)).length;
    const floorMs = (messages / perSecond) * 1000;
    const targetMs = floorMs * 1.25;

    return {
      schedules: n,
      guilds,
      timeZones: Math.min(n, ZONES.length),
      concurrency,
      limitPerSecond: perSecond,
      messages,
      delivered,
      exactlyOnce: problems.length === 0,
      problems: problems.slice(0, 20),
      outcomes,
      requests,
      rateLimited: fake.stats.rateLimited,
      totalMs: round(totalMs, 0),
      floorMs: round(floorMs, 0),
      targetMs: round(targetMs, 0),
      withinTarget: totalMs <= targetMs,
      throughput: round(messages / (totalMs / 1000), 1),
      setupMs: round(setupMs, 0),
      ...(options.keep ? { dbPath } : {}),
    };
  } finally {
    transport.close();
    await fake.close();
    app.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a few lines for people. */
export function formatDigestBench(r: DigestBenchResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `digest benchmark: ${r.schedules} schedules due in the same minute (${r.guilds} guilds, ${r.timeZones} time zones), fake Discord at ${r.limitPerSecond} requests/s global (rolling window)`,
    `  delivered      ${r.delivered} messages for ${r.messages} parts — ${r.exactlyOnce ? 'every digest exactly once' : `NOT exactly once: ${r.problems.length} problem(s)`}`,
    `  outcomes       ${Object.entries(r.outcomes).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `  requests       ${r.requests} POSTs, ${r.rateLimited} answered 429 (waited out by the scheduler, as told)`,
    `  total time     ${s(r.totalMs)} (floor ${s(r.floorMs)} at ${r.limitPerSecond}/s; target ≤ ${s(r.targetMs)}: ${r.withinTarget ? 'met' : 'MISSED'}) — ${r.throughput} messages/s`,
    `  concurrency    ${r.concurrency} deliveries in flight; setup ${s(r.setupMs)}`,
  ];
  for (const p of r.problems) lines.push(`  ! ${p}`);
  return lines.join('\n');
}
