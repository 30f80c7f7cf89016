/**
 * The daily digest: schedules per guild, the delivery ledger, the sender, the seeds watcher.
 * Nothing here imports discord.js; messages leave through a `DigestTransport`.
 *
 * Wiring (composition root, shard 0 only):
 *   const schedules = createScheduleStore(app.db);
 *   const service = createDigestService({ store: app.store, schedules });
 *   const scheduler = createScheduler({ store: schedules, transport, buildDigest: digestBuilder(app.store, schedules),
 *     graceHours: config.DIGEST_GRACE_HOURS, log });
 *   await scheduler.start();
 *   const watcher = watchSeeds({ dir: app.seedsDir, sync: app.syncSeeds, rescanMinutes: config.RESCAN_MINUTES, log });
 */
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.ts';
export {
  addDays, formatLocal, isValidTimeZone, lastRun, localDate, nextRun, normalizeTimeZone, parseTime, periodFor, runAt,
  suggestTimeZones, timeZoneNames, wallClock, type DailyTime,
} from './time.ts';
export {
  TransportError, classifyFailure, describeError, nonceFor, pauseReason,
  type DigestMessage, type DigestTransport, type FailureKind, type SendOptions,
} from './transport.ts';
export { sendClaimed, type BuildDigest, type DigestWindow, type Outcome, type SplitDigest } from './delivery.ts';
export { createScheduler, runsScheduler, type Scheduler, type SchedulerOptions, type TickReport } from './scheduler.ts';
export {
  createDigestService, digestBuilder, DigestSetSchema, MAX_SCHEDULES_PER_GUILD,
  type DigestService, type DigestServiceDeps, type DigestSetInput, type PreviewResult, type ScheduleStatus, type SetResult, type StatusResult,
} from './service.ts';
export { watchSeeds, type SeedWatchOptions, type SeedWatcher } from './watch.ts';
export { createScheduleStore, type ScheduleStore, type ScheduleRow, type DeliveryRow, type DeliveryStatus } from '../store/index.ts';
