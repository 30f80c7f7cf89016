import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { makeTmpDir } from './helpers/tmp.ts';

const GUILD = '123456789012345678';

/** Call loadConfig and return the ConfigError it throws (fails the test when it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.DATABASE_PATH).toBe('./data/parley.db');
    expect(c.SEEDS_DIR).toBe('./seeds');
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.DISCORD_CLIENT_ID).toBeUndefined();
    expect(c.DISCORD_GUILD_ID).toBeUndefined();
    expect(c.DISCORD_API_BASE).toBeUndefined();
    expect(c.DISCORD_GATEWAY_URL).toBeUndefined();
    expect(c.SHARD_COUNT).toBe('auto');
    expect(c.SHARD_LIST).toBeUndefined();
  });

  it('reads the values it is given', () => {
    const c = loadConfig({
      DATABASE_PATH: '/var/lib/parley/p.db',
      SEEDS_DIR: '/srv/seeds',
      LOG_LEVEL: 'debug',
      DISCORD_GUILD_ID: GUILD,
      DISCORD_CLIENT_ID: '98765432109876543',
      DISCORD_API_BASE: 'http://127.0.0.1:4000/api',
      DISCORD_GATEWAY_URL: 'ws://127.0.0.1:4001',
      DIGEST_GRACE_HOURS: '2',
      SHARD_COUNT: '4',
      SHARD_LIST: '0, 1,3',
    });
    expect(c.DATABASE_PATH).toBe('/var/lib/parley/p.db');
    expect(c.SEEDS_DIR).toBe('/srv/seeds');
    expect(c.LOG_LEVEL).toBe('debug');
    expect(c.DISCORD_GUILD_ID).toBe(GUILD);
    expect(c.DISCORD_API_BASE).toBe('http://127.0.0.1:4000/api');
    expect(c.DIGEST_GRACE_HOURS).toBe(2);
    expect(c.SHARD_COUNT).toBe(4);
    expect(c.SHARD_LIST).toEqual([0, 1, 3]);
  });

  it('treats empty and blank values (as .env files write them) as unset', () => {
    const c = loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '', LOG_LEVEL: '   ', DATABASE_PATH: '', SEEDS_DIR: '' });
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.DISCORD_GUILD_ID).toBeUndefined();
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.DATABASE_PATH).toBe('./data/parley.db');
    expect(c.SEEDS_DIR).toBe('./seeds');
  });

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['DISCORD_GUILD_ID', 'abc'],
    ['DISCORD_CLIENT_ID', '12'],
    ['DISCORD_API_BASE', 'not a url'],
    ['DIGEST_GRACE_HOURS', 'soon'],
    ['SHARD_LIST', 'zero,one'],
  ])('rejects %s=%s with a one-line ConfigError naming the variable', (name, value) => {
    const e = configError({ [name]: value });
    expect(e.message).toContain(name);
    expect(e.message).not.toMatch(/\n/);
    expect(e.message.length).toBeLessThan(300);
  });

  it('names the variable, not another one, when several are set and one is bad', () => {
    const e = configError({ LOG_LEVEL: 'debug', DISCORD_GUILD_ID: 'abc', DATABASE_PATH: '/tmp/x.db' });
    expect(e.message).toContain('DISCORD_GUILD_ID');
    expect(e.message).not.toContain('LOG_LEVEL');
  });
});

describe('loadConfig with a .env file', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('reads .env when given process.env, and an empty line value there means unset', () => {
    for (const k of ['LOG_LEVEL', 'DISCORD_TOKEN', 'SEEDS_DIR', 'DATABASE_PATH']) delete process.env[k];
    const envFile = join(makeTmpDir(), '.env');
    writeFileSync(envFile, 'LOG_LEVEL=warn\nDISCORD_TOKEN=\nSEEDS_DIR=/from/dotenv\n');
    const c = loadConfig(process.env, envFile);
    expect(c.LOG_LEVEL).toBe('warn');
    expect(c.SEEDS_DIR).toBe('/from/dotenv');
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.DATABASE_PATH).toBe('./data/parley.db');
  });

  it('lets the real environment win over .env', () => {
    process.env.LOG_LEVEL = 'error';
    const envFile = join(makeTmpDir(), '.env');
    writeFileSync(envFile, 'LOG_LEVEL=debug\n');
    expect(loadConfig(process.env, envFile).LOG_LEVEL).toBe('error');
  });

  it('reports a bad value from .env as a ConfigError naming it', () => {
    delete process.env.DISCORD_GUILD_ID;
    const envFile = join(makeTmpDir(), '.env');
    writeFileSync(envFile, 'DISCORD_GUILD_ID=abc\n');
    expect(() => loadConfig(process.env, envFile)).toThrow(/DISCORD_GUILD_ID/);
    expect(() => loadConfig(process.env, envFile)).toThrow(ConfigError);
  });
});
