/**
 * Sharding: two shards against one fake Discord with two guilds, each answering its own
 * interactions from one shared SQLite file — first as two Clients in this process, then as real
 * `npm run start:sharded` processes (ShardingManager, tsx children), split over two "machines"
 * with SHARD_LIST.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSchedulerShard } from '../../src/discord/index.ts';
import { TSX_LOADER } from '../../src/shard-manager.ts';
import { button, chatInput, guildIdForShard, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import {
  FAKE_TOKEN,
  ROOT,
  SEEDS_DIR,
  buttonsOf,
  embedText,
  expectAllWithinLimits,
  onCleanup,
  seededDbPath,
  startHarness,
  until,
  waitForMessages,
} from './harness.ts';

async function twoGuildFake(): Promise<{ fake: FakeDiscord; g0: string; g1: string }> {
  const g0 = guildIdForShard(0, 2);
  const g1 = guildIdForShard(1, 2);
  const fake = await startFakeDiscord({ shards: 2, guilds: [{ id: g0, name: 'Zero' }, { id: g1, name: 'One' }] });
  onCleanup(() => fake.close());
  return { fake, g0, g1 };
}

describe('sharding', () => {
  it('two shards (two Clients, one SQLite file): each answers its own guild, buttons included', async () => {
    const { fake, g0, g1 } = await twoGuildFake();
    const dbPath = seededDbPath();
    const [s0, s1] = await Promise.all([
      startHarness({ fake, dbPath, clientOptions: { shards: 0, shardCount: 2 } }),
      startHarness({ fake, dbPath, clientOptions: { shards: 1, shardCount: 2 } }),
    ]);
    expect([...s0.bot.client.guilds.cache.keys()]).toEqual([g0]);
    expect([...s1.bot.client.guilds.cache.keys()]).toEqual([g1]);
    expect(isSchedulerShard(s0.bot.client)).toBe(true);
    expect(isSchedulerShard(s1.bot.client)).toBe(false);

    const a = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }, { guild_id: g0 }));
    const b = fake.sendInteraction(chatInput('position', { actor: 'russia' }, { guild_id: g1 }));
    expect([a.shardId, b.shardId]).toEqual([0, 1]);
    const [[ma], [mb]] = await Promise.all([waitForMessages(fake, a), waitForMessages(fake, b)]);
    expect(embedText(ma.data)).toContain('We’ve got it down to one issue');
    expect(embedText(mb.data)).toContain('**NATO**');
    // Each answer is cached by the shard that sent it…
    expect([s0.bot.ctx.answers.size, s1.bot.ctx.answers.size]).toEqual([1, 1]);

    // …and its buttons come back to that shard: Sources works in both guilds.
    for (const [m, guild] of [[ma, g0], [mb, g1]] as const) {
      const src = buttonsOf(m.data).find((x) => x.label === 'Sources')!;
      const press = fake.sendInteraction(button(src.custom_id, undefined, undefined, { guild_id: guild }));
      const [r] = await waitForMessages(fake, press);
      expect(embedText(r.data)).toMatch(/^Sources — /);
    }
    expectAllWithinLimits(fake);
  });

  it('npm run start:sharded: ShardingManager processes, SHARD_LIST spreading shards over two machines', async () => {
    const { fake, g0, g1 } = await twoGuildFake();
    const children: ChildProcess[] = [];
    const output: string[] = [];
    const launch = (shardList: string) => {
      const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src/shard-manager.ts')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DISCORD_TOKEN: FAKE_TOKEN,
          DISCORD_API_BASE: fake.restBase,
          DATABASE_PATH: seededDbPath(), // each machine has its own copy
          SEEDS_DIR,
          SHARD_COUNT: 'auto', // the fake recommends 2
          SHARD_LIST: shardList,
          SHARD_SPAWN_DELAY_MS: '0',
          LOG_LEVEL: 'info',
          RESCAN_MINUTES: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      children.push(child);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      onCleanup(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      return exited;
    };
    const exits = [launch('0'), launch('1')];

    try {
      await until(() => fake.connectedShards.length === 2 && fake.identifies.length === 2, 25_000);
    } catch (e) {
      throw new Error(`shards did not come up: ${(e as Error).message}\n${output.join('')}`);
    }
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    // Each process logs in as one shard and becomes ready.
    await until(() => output.join('').includes('[shard 0] Parley is online') && output.join('').includes('[shard 1] Parley is online'), 10_000);

    const a = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }, { guild_id: g0 }));
    const b = fake.sendInteraction(chatInput('figures', { topic: 'troops' }, { guild_id: g1 }));
    const [[ma], [mb]] = await Promise.all([waitForMessages(fake, a, 1, 10_000), waitForMessages(fake, b, 1, 10_000)]);
    expect(embedText(ma.data)).toContain('We’ve got it down to one issue');
    expect(embedText(mb.data)).toContain('880,000');
    expectAllWithinLimits(fake);

    // SIGTERM: each manager stops its shard; the shards leave the gateway.
    for (const c of children) c.kill('SIGTERM');
    const codes = await Promise.all(exits);
    expect(codes).toEqual([0, 0]);
    await until(() => fake.connectedShards.length === 0, 10_000);
    expect(output.join('')).not.toContain(FAKE_TOKEN);
  }, 45_000);
});
