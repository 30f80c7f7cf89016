/**
 * Bot wiring: seeds synced at start, DISCORD_GATEWAY_URL, missing token, clean stop.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { createBot, isSchedulerShard } from '../../src/discord/index.ts';
import { chatInput, startFakeDiscord } from '../fake-discord/index.ts';
import { captureLogger, embedText, expectAllWithinLimits, onCleanup, send, startHarness, testConfig, tmpDir } from './harness.ts';

describe('bot wiring', () => {
  it('a fresh database: the seeds are ingested at start, then answered from', async () => {
    const { fake, bot, logs } = await startHarness({ dbPath: join(tmpDir(), 'data', 'fresh.db'), syncSeeds: true });
    expect(logs.some((l) => /seeds: 5 added, 0 updated, 0 unchanged, 0 rejected/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes('Parley is online as parley-test') && l.includes('/position /quote /figures /search /sources /help'))).toBe(true);
    expect(isSchedulerShard(bot.client)).toBe(true);
    const r = await send(fake, chatInput('quote', { speaker: 'Witkov' }));
    expect(embedText(r.data)).toContain('We’ve got it down to one issue');
    expectAllWithinLimits(fake);
  });

  it('DISCORD_GATEWAY_URL moves the gateway while the API stays put', async () => {
    const api = await startFakeDiscord();
    const gateway = await startFakeDiscord();
    onCleanup(() => api.close());
    onCleanup(() => gateway.close());
    const { bot } = await startHarness({ fake: api, env: { DISCORD_GATEWAY_URL: gateway.gatewayUrl } });
    expect(bot.client.isReady()).toBe(true);
    expect(api.requests.some((r) => r.route === 'GET /gateway/bot')).toBe(true);
    expect(api.identifies).toHaveLength(0);
    expect(gateway.identifies).toHaveLength(1);
    expect(bot.client.guilds.cache.has(gateway.defaultGuild.id)).toBe(true);
  });

  it('without a token: one clear error, nothing opened', () => {
    const { log } = captureLogger();
    const config = { ...testConfig({}), DISCORD_TOKEN: undefined };
    expect(() => createBot(config, log)).toThrow(ConfigError);
    expect(() => createBot(config, log)).toThrow(/^DISCORD_TOKEN is not set/);
  });

  it('stop() destroys the client and closes the database; a second stop is harmless', async () => {
    const { bot } = await startHarness();
    await bot.stop();
    expect(bot.client.isReady()).toBe(false);
    expect(bot.app.db.open).toBe(false);
    await bot.stop();
  });
});
