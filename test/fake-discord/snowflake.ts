/**
 * Snowflake helpers for the fake Discord.
 *
 * Real snowflakes matter: @discordjs/rest only recognises 17–19 digit ids as
 * "major parameters" when bucketing routes, and sharding uses the timestamp
 * bits of a guild id to pick a shard.
 */

export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/** A fresh, process-unique snowflake (string), timestamped `at` (ms since Unix epoch). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const ts = BigInt(Math.floor(at)) - DISCORD_EPOCH;
  // worker id 1, process id 0 — arbitrary but fixed
  return ((ts << 22n) | (1n << 17n) | increment).toString();
}

/** Timestamp (ms) encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The shard that owns a guild: `(guild_id >> 22) % shardCount`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A snowflake usable as a guild id that is owned by `shardId` when the bot runs
 * with `shardCount` shards. Timestamps are placed roughly a year in the past so
 * they look like ordinary, established guilds.
 */
export function guildIdForShard(shardId: number, shardCount: number): string {
  if (shardId < 0 || shardId >= shardCount) {
    throw new Error(`guildIdForShard: shard ${shardId} out of range for ${shardCount} shards`);
  }
  const base = BigInt(Date.now() - 365 * 24 * 3600 * 1000) - DISCORD_EPOCH;
  const count = BigInt(shardCount);
  // random offset so that successive calls give different timestamps
  const jitter = BigInt(Math.floor(Math.random() * 1_000_000)) * count;
  const ts = base - (base % count) - jitter + BigInt(shardId);
  increment = (increment + 1n) & 0xfffn;
  return ((ts << 22n) | (1n << 17n) | increment).toString();
}
