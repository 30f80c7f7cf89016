import { Events, type Client, type ClientOptions } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { createApp, type App } from '../app.ts';
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { AnswerCache } from './cache.ts';
import { createClient, isSchedulerShard } from './client.ts';
import { createRouter, type Router } from './router.ts';
import type { BotContext, BotServices, ButtonHandler, Command } from './types.ts';

export type { BotContext, BotServices, ButtonHandler, Command, CommandData } from './types.ts';
export { createClient, isSchedulerShard } from './client.ts';
export { createRouter } from './router.ts';

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
}

export interface Bot {
  client: Client;
  app: App;
  ctx: BotContext;
  router: Router;
  /** Log in and resolve once every shard of this client is ready. */
  start(): Promise<void>;
  /** Destroy the client, stop timers, close the database (when the bot opened it). */
  stop(): Promise<void>;
}

/** Wire the bot without starting it: database, client, context, router, lifecycle logging. */
export function createBot(config: Config, log: Logger, options: BotOptions = {}): Bot {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new ConfigError('DISCORD_TOKEN is not set: the bot needs a token (see docs/discord.md).');
  const ownsApp = !options.app;
  const app = options.app ?? createApp(config);
  if (options.syncSeeds !== false) {
    const r = app.syncSeeds();
    log.info(`seeds: ${r.added.length} added, ${r.updated.length} updated, ${r.skipped.length} unchanged, ${r.rejected.length} rejected`);
    for (const x of r.rejected) log.warn(`rejected ${x.file}: ${x.reason}`);
  }
  const client = createClient(config, options.clientOptions);
  const ctx: BotContext = {
    store: app.store,
    log,
    config,
    answers: new AnswerCache(options.answerTtlMs, 5000, (e) => log.warn('could not expire answer buttons', { error: e })),
    cooldowns: new Map(),
    services: options.services ?? {},
  };
  const router = createRouter(options.commands ?? COMMANDS, ctx, options.buttons);
  let rescan: NodeJS.Timeout | undefined;
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
    if (isSchedulerShard(c) && config.RESCAN_MINUTES > 0 && ownsApp) {
      rescan = setInterval(() => {
        try {
          const r = app.syncSeeds();
          if (r.added.length || r.updated.length || r.removed.length) log.info(`seeds rescanned: ${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed`);
        } catch (e) {
          log.error('seed rescan failed', { error: e });
        }
      }, config.RESCAN_MINUTES * 60_000);
      rescan.unref();
    }
  });

  return {
    client,
    app,
    ctx,
    router,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(rescan);
      ctx.answers.clear();
      await client.destroy();
      if (ownsApp) app.close();
    },
  };
}

/**
 * `npm start` with a token: open the database, sync the seeds, log in, and shut down cleanly on
 * SIGINT/SIGTERM (or when a ShardingManager parent goes away).
 */
export async function startBot(config: Config, log: Logger, options: BotOptions = {}): Promise<Bot> {
  const bot = createBot(config, log, options);
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
