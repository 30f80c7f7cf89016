/**
 * The entry file each ShardingManager child runs (`src/shard-manager.ts` spawns it with tsx's loader).
 * discord.js reads SHARDS / SHARD_COUNT from the environment the manager sets; the manager has already
 * ingested the seeds, so shards only open the shared SQLite file (WAL).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger, redact, type Logger } from '../log.ts';
import { startBot } from './index.ts';

function prefixed(log: Logger, prefix: string): Logger {
  return {
    debug: (m, f) => log.debug(`${prefix} ${m}`, f),
    info: (m, f) => log.info(`${prefix} ${m}`, f),
    warn: (m, f) => log.warn(`${prefix} ${m}`, f),
    error: (m, f) => log.error(`${prefix} ${m}`, f),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  redact(config.DISCORD_TOKEN);
  const log = prefixed(createLogger(config.LOG_LEVEL), `[shard ${process.env.SHARDS ?? '?'}]`);
  await startBot(config, log, { syncSeeds: false });
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `parley shard: ${(e as Error).message}`);
  process.exit(1);
});
