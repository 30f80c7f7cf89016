/**
 * `npm run -s deploy` against the fake: the PUT body, guild vs global routes, and clear errors.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { TOPICS } from '../../src/nlp/index.ts';
import { ConfigError } from '../../src/config.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { TSX_LOADER } from '../../src/shard-manager.ts';
import { commandViolations, startFakeDiscord, type FakeDiscord, type Json } from '../fake-discord/index.ts';
import { FAKE_TOKEN, ROOT, captureLogger, onCleanup, startHarness, tmpDir } from './harness.ts';

const NAMES = ['position', 'quote', 'figures', 'search', 'sources', 'help', 'digest'];

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  onCleanup(() => fake.close());
  return fake;
}

const option = (cmd: Json, name: string) => (cmd.options as Json[]).find((o) => o.name === name)!;

describe('deploy', () => {
  it('guild-scoped with DISCORD_GUILD_ID: one PUT with every command, built from COMMAND_SPECS', async () => {
    const fake = await fakeDiscord();
    const { log, lines } = captureLogger();
    const r = await deployCommands(
      { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.defaultGuild.id, DISCORD_API_BASE: fake.restBase },
      log,
    );
    expect(r).toEqual({ scope: 'guild', guildId: fake.defaultGuild.id, names: NAMES });
    const puts = fake.requests.filter((q) => q.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].path).toBe(`/applications/${fake.applicationId}/guilds/${fake.defaultGuild.id}/commands`);
    expect(puts[0].headers.authorization).toBe(`Bot ${FAKE_TOKEN}`);
    const body = puts[0].body as unknown as Json[];
    expect(body.map((c) => c.name)).toEqual(NAMES);
    for (const c of body) expect(commandViolations(c)).toEqual([]);

    const position = body[0];
    expect(option(position, 'actor')).toMatchObject({ type: 3, required: true, autocomplete: true, max_length: 100 });
    const topic = option(position, 'topic');
    expect(topic.required).toBe(false);
    expect(topic.autocomplete).toBeUndefined();
    expect(topic.choices).toHaveLength(TOPICS.length);
    expect(topic.choices).toContainEqual({ name: 'NATO', value: 'nato' });
    expect(topic.choices).toContainEqual({ name: 'Security guarantees', value: 'security guarantees' });
    expect(option(body[1], 'speaker')).toMatchObject({ autocomplete: true, required: true });
    expect(option(body[1], 'about')).toMatchObject({ max_length: 200, required: false });
    expect(option(body[3], 'query')).toMatchObject({ required: true, max_length: 200 });
    expect(body.find((c) => c.name === 'sources')!.options ?? []).toEqual([]);

    expect(fake.guildCommands[fake.defaultGuild.id].map((c) => c.name)).toEqual(NAMES);
    expect(fake.globalCommands).toEqual([]);
    expect(lines.some((l) => l.includes(`registered 7 command(s) in guild ${fake.defaultGuild.id}`))).toBe(true);
    expect(lines.join('\n')).not.toContain(FAKE_TOKEN);
  });

  it('global without DISCORD_GUILD_ID', async () => {
    const fake = await fakeDiscord();
    const { log } = captureLogger();
    const r = await deployCommands({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: fake.restBase }, log);
    expect(r.scope).toBe('global');
    const put = await fake.waitForRequest('PUT /applications/');
    expect(put.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.globalCommands.map((c) => c.name)).toEqual(NAMES);
  });

  it('the bot routes exactly the list the deploy script registers', async () => {
    const { bot } = await startHarness();
    expect([...bot.router.commands.keys()]).toEqual(COMMANDS.map((c) => c.data.name));
    expect(COMMANDS.map((c) => c.data.name)).toEqual(NAMES);
  });

  it('a missing token or client id is one clear line', async () => {
    const { log } = captureLogger();
    await expect(deployCommands({ DISCORD_CLIENT_ID: '100000000000000100' }, log)).rejects.toThrow(ConfigError);
    await expect(deployCommands({ DISCORD_CLIENT_ID: '100000000000000100' }, log)).rejects.toThrow(/^DISCORD_TOKEN is not set/);
    await expect(deployCommands({ DISCORD_TOKEN: FAKE_TOKEN }, log)).rejects.toThrow(/^DISCORD_CLIENT_ID is not set/);
  });

  it('the script: `tsx src/discord/deploy.ts` prints what it registered, or one line and exit 1', async () => {
    const fake = await fakeDiscord();
    const cwd = tmpDir(); // no .env here
    const script = join(ROOT, 'src/discord/deploy.ts');
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_BASE: fake.restBase };
    // Asynchronous on purpose: the fake answers from this process's event loop.
    const run = (env: Record<string, string | undefined>) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', TSX_LOADER, script], { cwd, env: { ...base, ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });

    const ok = await run({ DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.defaultGuild.id });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe(`Registered 7 commands in guild ${fake.defaultGuild.id} (visible now): /position /quote /figures /search /sources /help /digest`);
    expect(fake.guildCommands[fake.defaultGuild.id]).toHaveLength(7);

    const missing = await run({ DISCORD_CLIENT_ID: undefined });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual(["DISCORD_CLIENT_ID is not set: put the application's id in .env (see docs/discord.md)."]);
  }, 40_000);
});
