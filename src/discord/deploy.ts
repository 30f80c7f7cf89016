import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createLogger, redact, type Logger } from '../log.ts';
import type { Command } from './types.ts';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  names: string[];
}

/**
 * Register the slash commands with one bulk PUT: guild-scoped with `DISCORD_GUILD_ID` (instant, for
 * development), else global (every server; Discord may take a while to show changes). Reads the
 * same list the bot routes by.
 */
export async function deployCommands(
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_CLIENT_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_BASE'>,
  log: Logger,
  commands: readonly Command[] = COMMANDS,
): Promise<DeployResult> {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN is not set: put the bot token in .env (see docs/discord.md).');
  if (!config.DISCORD_CLIENT_ID) throw new ConfigError("DISCORD_CLIENT_ID is not set: put the application's id in .env (see docs/discord.md).");
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(config.DISCORD_TOKEN);
  const body = commands.map((c) => c.data.toJSON());
  const guildId = config.DISCORD_GUILD_ID;
  const route = guildId ? Routes.applicationGuildCommands(config.DISCORD_CLIENT_ID, guildId) : Routes.applicationCommands(config.DISCORD_CLIENT_ID);
  const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  const names = registered.map((c) => c.name);
  log.info(`registered ${names.length} command(s) ${guildId ? `in guild ${guildId}` : 'globally'}: ${names.map((n) => `/${n}`).join(' ')}`);
  return { scope: guildId ? 'guild' : 'global', guildId, names };
}

async function main(): Promise<void> {
  const config = loadConfig();
  redact(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL === 'silent' ? 'silent' : 'warn');
  const r = await deployCommands(config, log);
  const where = r.scope === 'guild' ? `in guild ${r.guildId} (visible now)` : 'globally (Discord may take up to an hour to show changes)';
  console.log(`Registered ${r.names.length} commands ${where}: ${r.names.map((n) => `/${n}`).join(' ')}`);
}

function isMain(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((e: unknown) => {
    const err = e as { status?: number; code?: number; message?: string };
    if (e instanceof ConfigError) console.error(e.message);
    else if (err.status === 401) console.error('deploy: Discord rejected the token (401). Check DISCORD_TOKEN.');
    else console.error(`deploy: ${err.message ?? String(e)}`);
    process.exit(1);
  });
}
