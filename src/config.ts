import { existsSync } from 'node:fs';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const EnvSchema = z.object({
  DISCORD_TOKEN: z.string().min(20, 'looks too short to be a bot token').optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DATABASE_PATH: z.string().min(1).default('./data/parley.db'),
  SEEDS_DIR: z.string().min(1).default('./seeds'),
  DISCORD_API_BASE: z.string().url().optional(),
  DISCORD_GATEWAY_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DIGEST_GRACE_HOURS: z.coerce.number().min(0).max(48).default(6),
  RESCAN_MINUTES: z.coerce.number().min(0).max(1440).default(10),
  SHARD_COUNT: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10000)]).default('auto'),
  SHARD_LIST: z
    .string()
    .regex(/^\d+(?:\s*,\s*\d+)*$/, 'must be comma-separated shard numbers, e.g. 0,1,2')
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .optional(),
  COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(3),
  /** `npm run start:sharded`: wait between shard launches (Discord allows one IDENTIFY per ~5 s per bucket). */
  SHARD_SPAWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(5500),
  /** Worker threads extracting articles in a bulk ingest (CLI, start-up) besides the main thread, which extracts too; unset: one fewer than the cores (at least 1); 0: none. */
  INGEST_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/**
 * Every setting, from the environment (and `.env` when present), parsed once. A bad value stops
 * start-up with one line naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // An empty variable means "not set", as most .env files intend.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}
