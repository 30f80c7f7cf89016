import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler, manualClock, nonceFor } from '../../src/digest/index.ts';
import { runScript } from '../cli/spawn.ts';
import { addSchedule, CHANNEL, fakeTransport, stubDigest, tempDb, waitFor, type TempDb } from './helpers.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = join(HERE, 'fixtures/child-scheduler.ts');
const DUE = '2026-06-10T05:00:00.000Z'; // 08:00 in Kyiv
const at = (ms: number) => new Date(Date.parse(DUE) + ms).toISOString();

const child = (args: string[]) => runScript(CHILD, args, { cwd: ROOT });

const postedIn = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { channelId: string; nonce: string; id: string; by: string }) : [];

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe('a process killed mid-delivery, then a restart', () => {
  it('killed between claim and send: the restart sends exactly one message', async () => {
    const s = addSchedule(t.schedules);
    const posted = join(t.dir, 'posted.jsonl');
    const exit = await child([t.path, DUE, 'after-claim', posted, 'crashed']);
    expect(exit.signal).toBe('SIGKILL');
    expect(postedIn(posted)).toEqual([]);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'claimed', claimedBy: 'crashed', attempts: 0 });

    const clock = manualClock(at(20_000));
    const transport = fakeTransport(clock);
    const restarted = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'restarted', leaseMs: 60_000 });
    expect((await restarted.start().finally(() => restarted.stop())).outcomes).toEqual([]); // the dead owner's lease still runs
    expect(transport.calls).toHaveLength(0);

    clock.set(at(61_000));
    const { outcomes } = await restarted.tick();
    expect(outcomes).toMatchObject([{ period: '2026-06-10', status: 'sent' }]);
    expect(transport.posted).toHaveLength(1);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', claimedBy: 'restarted', messageIds: [transport.posted[0].id] });
    await restarted.tick();
    expect(transport.calls).toHaveLength(1);
  });

  it('killed after the message went out but before the ledger knew: the resend carries the same nonce, Discord drops it — one message', async () => {
    const s = addSchedule(t.schedules);
    const posted = join(t.dir, 'posted.jsonl');
    const exit = await child([t.path, DUE, 'in-send', posted, 'crashed']);
    expect(exit.signal).toBe('SIGKILL');
    const first = postedIn(posted);
    expect(first).toEqual([{ channelId: CHANNEL, nonce: nonceFor(s.id, '2026-06-10', 1), id: expect.any(String), by: 'crashed' }]);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'claimed', attempts: 1, uncertainSince: DUE, messageIds: [] });

    const clock = manualClock(at(61_000));
    const transport = fakeTransport(clock);
    transport.remember(first); // what Discord knows: a message with that nonce exists
    const restarted = createScheduler({ store: t.schedules, transport, clock, buildDigest: stubDigest(1), instanceId: 'restarted' });
    expect((await restarted.tick()).outcomes).toMatchObject([{ status: 'sent' }]);
    expect(transport.calls.map((c) => c.nonce)).toEqual([first[0].nonce]);
    expect(transport.posted).toHaveLength(0); // nothing new in the channel: still exactly one message
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', messageIds: [first[0].id], uncertainSince: null });
  });
});

describe('two processes racing', () => {
  it('two scheduler processes tick the same due period at once: one message', async () => {
    const s = addSchedule(t.schedules);
    const posted = join(t.dir, 'posted.jsonl');
    const a = child([t.path, DUE, 'race', posted, 'proc-a']);
    const b = child([t.path, DUE, 'race', posted, 'proc-b']);
    // Both load, open the database and wait at the gate; then it opens for both at once.
    await waitFor(() => existsSync(`${posted}.ready-proc-a`) && existsSync(`${posted}.ready-proc-b`), 20_000);
    writeFileSync(`${posted}.go`, '');
    const [ea, eb] = await Promise.all([a, b]);
    expect([ea.code, eb.code], ea.stderr + eb.stderr).toEqual([0, 0]);
    expect(postedIn(posted)).toHaveLength(1);
    const statuses = [JSON.parse(ea.stdout), JSON.parse(eb.stdout)].flat();
    expect(statuses.filter((x) => x === 'sent')).toHaveLength(1);
    expect(statuses.every((x) => x === 'sent' || x === 'busy')).toBe(true);
    expect(t.schedules.delivery(s.id, '2026-06-10')).toMatchObject({ status: 'sent', messageIds: [postedIn(posted)[0].id] });
  });
});
