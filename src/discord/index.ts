import { Events, type Client, type ClientOptions } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { createApp, type App } from '../app.ts';
import { ConfigError, type Config } from '../config.ts';
import {
  createDigestService,
  createScheduleStore,
  createScheduler,
  digestBuilder,
  watchSeeds,
  type Clock,
  type DigestService,
  type DigestTransport,
  type ScheduleStore,
  type Scheduler,
  type SchedulerOptions,
  type SeedWatcher,
} from '../digest/index.ts';
import type { IngestReport } from '../ingest/index.ts';
import type { Logger } from '../log.ts';
import { redact } from '../log.ts';
import { AnswerCache } from './cache.ts';
import { createClient, isSchedulerShard } from './client.ts';
import { createDigestTransport, type DiscordDigestTransport } from './digest-transport.ts';
import { splitDigestMessages } from './render.ts';
import { createRouter, type Router } from './router.ts';
import type { BotContext, BotServices, ButtonHandler, Command } from './types.ts';

export type { BotContext, BotServices, ButtonHandler, Command, CommandData } from './types.ts';
export { createClient, isSchedulerShard } from './client.ts';
export { createRouter } from './router.ts';
export { createDigestTransport, toTransportError, type DiscordDigestTransport, type DigestTransportOptions } from './digest-transport.ts';

/** How the bot runs the daily digest (tests inject a clock and drive `tick()` themselves). */
export interface BotDigestOptions {
  /** For the service and the scheduler (default: the system clock). */
  clock?: Clock;
  /**
   * On the scheduler shard, `start()` starts the scheduler (catch-up, then node-cron every minute)
   * and the seeds watcher. false: the scheduler is created but never started (call `tick(now)`).
   * Default true.
   */
  autoStart?: boolean;
  /** Watch SEEDS_DIR for new articles (scheduler shard, only when the bot opened the app). Default true. */
  watchSeeds?: boolean;
  /** Replace the Discord transport (default: `createDigestTransport` on DISCORD_API_BASE). */
  transport?: DigestTransport;
  /** Scheduler tuning: instance id, lease, backoff, concurrency… */
  scheduler?: Partial<Omit<SchedulerOptions, 'store' | 'transport' | 'buildDigest' | 'clock' | 'log'>>;
}

/** The digest as wired in this process. `transport`, `scheduler` and `watcher` exist on the scheduler shard only. */
export interface BotDigest {
  service: DigestService;
  schedules: ScheduleStore;
  transport: DigestTransport | null;
  scheduler: Scheduler | null;
  watcher: SeedWatcher | null;
  /** Set by `start()`: resolves once the scheduler's catch-up tick is done and node-cron is armed. */
  started: Promise<void> | null;
}

export interface BotOptions {
  /** Default: the list in `commands/index.ts` (the one the deploy script registers). */
  commands?: readonly Command[];
  /** Button handlers beyond the built-in answer/did-you-mean ones and the commands' own. */
  buttons?: readonly ButtonHandler[];
  services?: BotServices;
  /** Ingest SEEDS_DIR at start (default true). Shards under the ShardingManager leave it to the manager. */
  syncSeeds?: boolean;
  /** Use this app instead of opening one (it is then not closed by `stop`). */
  app?: App;
  clientOptions?: Partial<ClientOptions>;
  /** How long answer buttons stay live (default 14 min). */
  answerTtlMs?: number;
  digest?: BotDigestOptions;
}

export interface Bot {
  client: Client;
  app: App;
  ctx: BotContext;
  router: Router;
  digest: BotDigest;
  /** Log in and resolve once every shard of this client is ready (and, on shard 0, the scheduler started). */
  start(): Promise<void>;
  /** Stop the scheduler and the watcher, destroy the client, close the database (when the bot opened it). */
  stop(): Promise<void>;
}

/** Wire the bot without starting it: database, client, context, router, lifecycle logging. */
export function createBot(config: Config, log: Logger, options: BotOptions = {}): Bot {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new ConfigError('DISCORD_TOKEN is not set: the bot needs a token (see docs/discord.md).');
  redact(token); // whatever its shape, the token never reaches a log line
  const ownsApp = !options.app;
  const app = options.app ?? createApp(config);
  if (options.syncSeeds !== false) logSeeds(log, app.syncSeeds());
  const client = createClient(config, options.clientOptions);
  const digest = wireDigest(config, log, app, token, isSchedulerShard(client), options.digest);
  const ctx: BotContext = {
    store: app.store,
    log,
    config,
    answers: new AnswerCache(options.answerTtlMs, 5000, (e) => log.warn('could not expire answer buttons', { error: e })),
    cooldowns: new Map(),
    services: { digest: digest.service, ...options.services },
  };
  const router = createRouter(options.commands ?? COMMANDS, ctx, options.buttons);
  const autoStart = options.digest?.autoStart ?? true;
  let stopped = false;

  client.on(Events.InteractionCreate, (i) => void router(i));
  client.on(Events.Error, (e) => log.error('discord client error', { error: e }));
  client.on(Events.Warn, (m) => log.warn(`discord: ${m}`));
  client.on(Events.ShardDisconnect, (_e, id) => stopped || log.warn(`shard ${id} disconnected`));
  client.on(Events.ShardReconnecting, (id) => stopped || log.info(`shard ${id} reconnecting`));
  client.on(Events.ShardResume, (id, replayed) => log.info(`shard ${id} resumed (${replayed} events replayed)`));
  client.once(Events.ClientReady, (c) => {
    const shards = c.shard?.ids ?? (Array.isArray(c.options.shards) ? c.options.shards : [0]);
    log.info(`Parley is online as ${c.user.tag}: shard${shards.length === 1 ? '' : 's'} ${shards.join(', ')} of ${c.options.shardCount ?? 1}, ${c.guilds.cache.size} guild(s), commands ${[...router.commands.keys()].map((n) => `/${n}`).join(' ')}`);
  });

  return {
    client,
    app,
    ctx,
    router,
    digest,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
      // Not awaited: the catch-up tick may wait out retries; commands are answered meanwhile.
      if (autoStart && !stopped && digest.scheduler) digest.started = startDigest(digest, app, config, log, ownsApp && (options.digest?.watchSeeds ?? true));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      digest.watcher?.close();
      const scheduler = digest.scheduler;
      if (scheduler) {
        try {
          await scheduler.stop();
          // A start() still in its catch-up tick arms node-cron when that tick ends: stop it again then.
          await digest.started;
          if (scheduler.running) await scheduler.stop();
        } catch (e) {
          log.error('digest scheduler stop failed', { error: e });
        }
      }
      (digest.transport as Partial<DiscordDigestTransport> | null)?.close?.();
      ctx.answers.clear();
      await client.destroy();
      if (ownsApp) app.close();
    },
  };
}

/**
 * The digest's composition root. Every shard gets the service (`/digest` answers from the shared
 * database); only the scheduler shard (shard 0, or no sharding) gets a scheduler and a transport
 * that posts. The ledger keeps delivery exactly-once even if two schedulers ever race.
 */
function wireDigest(config: Config, log: Logger, app: App, token: string, schedulerShard: boolean, o: BotDigestOptions = {}): BotDigest {
  const schedules = createScheduleStore(app.db);
  const buildDigest = digestBuilder(app.store, schedules);
  const service = createDigestService({ store: app.store, schedules, clock: o.clock, buildDigest, split: splitDigestMessages });
  const transport = schedulerShard ? (o.transport ?? createDigestTransport({ token, api: config.DISCORD_API_BASE, log })) : null;
  const scheduler = transport
    ? createScheduler({
        graceHours: config.DIGEST_GRACE_HOURS,
        split: splitDigestMessages,
        ...o.scheduler,
        store: schedules,
        transport,
        buildDigest,
        clock: o.clock,
        log,
      })
    : null;
  return { service, schedules, transport, scheduler, watcher: null, started: null };
}

/** Scheduler shard: catch up and arm the per-minute heartbeat; watch SEEDS_DIR for new articles. */
async function startDigest(digest: BotDigest, app: App, config: Config, log: Logger, watch: boolean): Promise<void> {
  if (watch) digest.watcher = seedWatcher(app, config, log);
  try {
    const scheduler = digest.scheduler!;
    const report = await scheduler.start();
    const caught = report.outcomes.map((o) => `${o.scheduleId}/${o.period} ${o.status}`).join(', ');
    log.info(`digest scheduler running (instance ${scheduler.instanceId})${caught ? `; catch-up: ${caught}` : ''}`);
  } catch (e) {
    log.error('digest scheduler failed to start', { error: e });
  }
}

/** New and changed files in SEEDS_DIR are ingested while the bot runs: fs.watch (debounced) plus a periodic rescan. */
function seedWatcher(app: App, config: Config, log: Logger): SeedWatcher {
  return watchSeeds({
    dir: app.seedsDir,
    sync: app.syncSeeds,
    rescanMinutes: config.RESCAN_MINUTES,
    log,
    onSync: ({ reason, result, error }) => {
      if (error || !result) return;
      const r = result as ReturnType<App['syncSeeds']>;
      if (r.added.length || r.updated.length || r.removed.length || r.rejected.length) {
        log.info(`seeds ${reason === 'change' ? 'changed' : 'rescanned'}: ${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed, ${r.rejected.length} rejected`);
      }
      for (const x of r.rejected) log.warn(`rejected ${x.file}: ${x.reason}`);
    },
  });
}

/**
 * `npm start` with a token: open the database, sync the seeds, log in, and shut down cleanly on
 * SIGINT/SIGTERM (or when a ShardingManager parent goes away).
 */
/** What an ingest of SEEDS_DIR did, in the log. */
function logSeeds(log: Logger, r: IngestReport): void {
  log.info(`seeds: ${r.added.length} added, ${r.updated.length} updated, ${r.skipped.length} unchanged, ${r.rejected.length} rejected`);
  for (const x of r.rejected) log.warn(`rejected ${x.file}: ${x.reason}`);
}

export async function startBot(config: Config, log: Logger, options: BotOptions = {}): Promise<Bot> {
  // SEEDS_DIR is ingested before logging in, as createBot would, but on worker threads when many
  // files changed: a first start on a large archive is a bulk import.
  const bot = createBot(config, log, { ...options, syncSeeds: false });
  if (options.syncSeeds !== false) {
    try {
      logSeeds(log, await bot.app.syncSeedsInBulk());
    } catch (e) {
      await bot.stop().catch(() => undefined);
      throw e;
    }
  }
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${why}: shutting down`);
    bot
      .stop()
      .catch((e) => log.error('shutdown failed', { error: e }))
      .finally(() => process.exit(process.exitCode ?? 0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (process.send) process.once('disconnect', () => shutdown('sharding manager gone'));
  try {
    await bot.start();
  } catch (e) {
    await bot.stop().catch(() => undefined);
    throw e;
  }
  return bot;
}
