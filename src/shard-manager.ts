/**
 * `npm run start:sharded`: the same bot under discord.js's ShardingManager, one process per shard.
 *
 *   SHARD_COUNT  total shards across every machine ('auto' = Discord's recommendation)
 *   SHARD_LIST   the shards this machine runs, e.g. "0,1" here and "2,3" elsewhere (default: all)
 *
 * The manager ingests SEEDS_DIR once, then spawns the shards; they share the SQLite file (WAL), so
 * readers never block. Shard 0 owns the scheduler and the rescans (`isSchedulerShard`).
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, redact, type Logger } from './log.ts';

export const SHARD_FILE = resolve(dirname(fileURLToPath(import.meta.url)), 'discord/shard.ts');
/** tsx's loader by absolute URL, so a child finds it whatever its working directory. */
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Discord's recommended shard count, asked through DISCORD_API_BASE when set (discord.js' own helper ignores it). */
export async function recommendedShardCount(config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_BASE'>): Promise<number> {
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(config.DISCORD_TOKEN ?? '');
  const info = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, info.shards);
}

export interface ShardPlan {
  totalShards: number;
  shardList: number[];
}

export async function planShards(config: Config): Promise<ShardPlan> {
  const totalShards = config.SHARD_COUNT === 'auto' ? await recommendedShardCount(config) : config.SHARD_COUNT;
  const shardList = config.SHARD_LIST ?? [...Array(totalShards).keys()];
  const bad = shardList.filter((s) => s >= totalShards);
  if (bad.length) throw new ConfigError(`Invalid configuration: SHARD_LIST has shard ${bad.join(', ')} but SHARD_COUNT is ${totalShards} (shards are 0…${totalShards - 1})`);
  return { totalShards, shardList: [...new Set(shardList)].sort((a, b) => a - b) };
}

export function createShardManager(config: Config, plan: ShardPlan, file = SHARD_FILE): ShardingManager {
  return new ShardingManager(file, {
    token: config.DISCORD_TOKEN,
    totalShards: plan.totalShards,
    shardList: plan.shardList,
    mode: 'process',
    respawn: true,
    // The shard file is TypeScript: children load it through tsx, as `npm start` does.
    execArgv: ['--import', TSX_LOADER],
  });
}

export async function runShardManager(config: Config, log: Logger): Promise<ShardingManager> {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN is not set: the bot needs a token (see docs/discord.md).');
  const app = createApp(config);
  try {
    const r = await app.syncSeedsInBulk();
    log.info(`seeds: ${r.added.length} added, ${r.updated.length} updated, ${r.skipped.length} unchanged, ${r.rejected.length} rejected`);
  } finally {
    app.close();
  }
  const plan = await planShards(config);
  log.info(`sharding: running shard(s) ${plan.shardList.join(', ')} of ${plan.totalShards} on this machine`);
  const manager = createShardManager(config, plan);
  manager.on('shardCreate', (shard) => {
    log.info(`shard ${shard.id} launched`);
    shard.on('death', () => log.warn(`shard ${shard.id} exited; it will be restarted`));
    shard.on('ready', () => log.info(`shard ${shard.id} ready`));
  });
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${why}: stopping ${manager.shards.size} shard(s)`);
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await manager.spawn({ amount: plan.totalShards, delay: config.SHARD_SPAWN_DELAY_MS, timeout: 60_000 });
  return manager;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const config = (() => {
    try {
      return loadConfig();
    } catch (e) {
      console.error((e as Error).message);
      process.exit(1);
    }
  })();
  redact(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL);
  runShardManager(config, log).catch((e: unknown) => {
    console.error(e instanceof ConfigError ? e.message : `parley sharding: ${(e as Error).message}`);
    process.exit(1);
  });
}
