import { Client, GatewayIntentBits, Routes, type ClientOptions, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { Config } from '../config.ts';

/**
 * The discord.js client Parley runs on: the Guilds intent only (slash commands need nothing else),
 * no pings by default, and the REST base from `DISCORD_API_BASE` when set (the fake Discord in tests).
 *
 * discord.js takes the gateway URL from the API (`GET /gateway/bot`), so moving the API moves the
 * gateway too. `DISCORD_GATEWAY_URL`, when set, replaces the URL in that one response (discord.js has
 * no option for it); resumes then follow the `resume_gateway_url` the gateway itself hands out.
 */
export function createClient(config: Pick<Config, 'DISCORD_API_BASE' | 'DISCORD_GATEWAY_URL'>, extra: Partial<ClientOptions> = {}): Client {
  const { rest, ...others } = extra;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...others,
    rest: { ...(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}), ...rest },
  });
  const gateway = config.DISCORD_GATEWAY_URL;
  if (gateway) {
    const get = client.rest.get.bind(client.rest);
    client.rest.get = async (route, options) => {
      const res = await get(route, options);
      return route === Routes.gatewayBot() ? { ...(res as RESTGetAPIGatewayBotResult), url: gateway.replace(/\/+$/, '') } : res;
    };
  }
  return client;
}

/**
 * Whether this process runs shard 0, the one that owns the digest scheduler and seed rescans.
 * True without sharding.
 */
export function isSchedulerShard(client: Client): boolean {
  if (client.shard) return client.shard.ids.includes(0);
  const shards = client.options.shards;
  if (Array.isArray(shards)) return shards.includes(0);
  if (typeof shards === 'number') return shards === 0;
  return true;
}
