/**
 * Exactly once across processes, end to end: scheduler processes wired like the bot's scheduler
 * shard (`digest-child.ts`: real transport, real SQLite file, the Discord splitter) post to the fake
 * Discord, which — like Discord with `enforce_nonce: true` — returns the existing message for a nonce
 * it has already seen in that channel instead of posting it again.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nonceFor } from '../../src/digest/index.ts';
import { runScript, type Exit } from '../cli/spawn.ts';
import type { FakeDiscord } from '../fake-discord/index.ts';
import { FAKE_TOKEN, ROOT, expectAllWithinLimits, tmpDir, until } from './harness.ts';
import { channelMessages, channelPosts, setDigest, startDigestHarness, type DigestHarness } from './digest-harness.ts';

const CHILD = fileURLToPath(new URL('./digest-child.ts', import.meta.url));

function child(fake: FakeDiscord, dbPath: string, now: Date, mode: string, instanceId: string, gateDir = ''): Promise<Exit> {
  return runScript(CHILD, [dbPath, fake.restBase, FAKE_TOKEN, now.toISOString(), mode, instanceId, gateDir], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
}

/** A due minute a little after real now, so the seeds (ingested minutes ago) make a digest of several messages. */
const soon = () => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);

/** A bot sets the schedule (then stops, as the crashing process takes over): the schedule, its channel and the database. */
async function scheduled(due: Date) {
  const first = await startDigestHarness({ at: new Date(due.getTime() - 10 * 60_000) });
  const channel = first.channels[1];
  await setDigest(first.fake, channel, { time: due.toISOString().slice(11, 16), timezone: 'UTC' });
  const [schedule] = first.digest.schedules.schedulesOf(first.guildId);
  first.clock.set(due); // the preview at the due minute covers what the delivery will
  const expected = (await first.digest.service.preview(first.guildId)).parts.length;
  await first.bot.stop();
  return { fake: first.fake, dbPath: first.config.DATABASE_PATH, channel, schedule, period: due.toISOString().slice(0, 10), expected };
}

/** The restarted bot, on the same database and fake Discord. */
const restart = (fake: FakeDiscord, dbPath: string, at: Date): Promise<DigestHarness> =>
  startDigestHarness({ fake, dbPath, at, scheduler: { instanceId: 'restarted' } });

describe('a scheduler process killed mid-delivery, then a restart', () => {
  it('killed between claim and send: after its lease runs out, the restarted bot posts every part exactly once', async () => {
    const due = soon();
    const { fake, dbPath, channel, schedule, period, expected } = await scheduled(due);
    expect(expected).toBeGreaterThan(1);

    const exit = await child(fake, dbPath, due, 'after-claim', 'crashed');
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(channelPosts(fake)).toEqual([]);

    const h = await restart(fake, dbPath, new Date(due.getTime() + 20_000));
    expect(h.digest.schedules.delivery(schedule.id, period)).toMatchObject({ status: 'claimed', claimedBy: 'crashed', attempts: 0 });
    // The dead owner's lease (60 s) still runs: nobody sends yet.
    expect((await h.digest.scheduler!.tick()).outcomes).toEqual([]);
    expect(channelPosts(fake)).toEqual([]);

    h.clock.set(due.getTime() + 61_000);
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ period, status: 'sent' }]);
    const messages = channelMessages(fake, channel);
    expect(messages.map((m) => m.nonce)).toEqual(Array.from({ length: expected }, (_, i) => nonceFor(schedule.id, period, i + 1)));
    expect(h.digest.schedules.delivery(schedule.id, period)).toMatchObject({ status: 'sent', claimedBy: 'restarted', messageIds: messages.map((m) => m.id) });

    h.clock.set(due.getTime() + 120_000);
    await h.digest.scheduler!.tick();
    expect(channelMessages(fake, channel)).toHaveLength(expected);
    expectAllWithinLimits(fake);
  });

  it('killed after the first part reached Discord but before the ledger knew: the resend carries the same nonce and Discord keeps one', async () => {
    const due = soon();
    const { fake, dbPath, channel, schedule, period, expected } = await scheduled(due);

    const exit = await child(fake, dbPath, due, 'in-send', 'crashed');
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    const [first] = channelMessages(fake, channel);
    expect(channelMessages(fake, channel)).toHaveLength(1);
    expect(first.nonce).toBe(nonceFor(schedule.id, period, 1));

    const h = await restart(fake, dbPath, new Date(due.getTime() + 61_000));
    expect(h.digest.schedules.delivery(schedule.id, period)).toMatchObject({ status: 'claimed', attempts: 1, messageIds: [], uncertainSince: due.toISOString() });
    expect((await h.digest.scheduler!.tick()).outcomes).toMatchObject([{ status: 'sent' }]);

    // Part 1 was sent twice with one nonce; the channel holds each part once.
    const nonces = channelPosts(fake, channel).map((p) => p.body?.nonce);
    expect(nonces).toEqual([1, 1, ...Array.from({ length: expected - 1 }, (_, i) => i + 2)].map((part) => nonceFor(schedule.id, period, part)));
    const messages = channelMessages(fake, channel);
    expect(messages).toHaveLength(expected);
    expect(messages[0].id).toBe(first.id);
    expect(h.digest.schedules.delivery(schedule.id, period)).toMatchObject({ status: 'sent', messageIds: messages.map((m) => m.id), uncertainSince: null });
    expectAllWithinLimits(fake);
  });
});

describe('two schedulers racing', () => {
  it('two scheduler processes tick the same due period at the same moment: one delivery, each part posted once', async () => {
    const due = soon();
    const { fake, dbPath, channel, schedule, period, expected } = await scheduled(due);
    const gate = tmpDir('parley-race-');
    const a = child(fake, dbPath, due, 'race', 'proc-a', gate);
    const b = child(fake, dbPath, due, 'race', 'proc-b', gate);
    // Both load, open the database and wait at the gate; then it opens for both at once.
    await until(() => existsSync(join(gate, 'ready-proc-a')) && existsSync(join(gate, 'ready-proc-b')), 20_000);
    writeFileSync(join(gate, 'go'), '');
    const [ea, eb] = await Promise.all([a, b]);
    expect([ea.code, eb.code], ea.stderr + eb.stderr).toEqual([0, 0]);
    const statuses = [...(JSON.parse(ea.stdout) as string[]), ...(JSON.parse(eb.stdout) as string[])];
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(1);
    expect(statuses.every((s) => s === 'sent' || s === 'busy')).toBe(true);

    const messages = channelMessages(fake, channel);
    expect(messages.map((m) => m.nonce)).toEqual(Array.from({ length: expected }, (_, i) => nonceFor(schedule.id, period, i + 1)));
    expect(channelPosts(fake, channel)).toHaveLength(expected); // the loser never even tried
    expectAllWithinLimits(fake);
  }, 40_000);
});
