import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, createScheduleStore } from '../../src/store/index.ts';
import { createScheduler, manualClock } from '../../src/digest/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function scheduler() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-start-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'p.db'));
  const store = createScheduleStore(db);
  const sent: string[] = [];
  const s = createScheduler({
    store,
    clock: manualClock(new Date('2026-06-10T05:00:00Z')),
    transport: { send: async (_c, _m, o) => (sent.push(o.nonce), { ids: ['1'] }) },
    buildDigest: async () => {
      throw new Error('no schedules, never called');
    },
  });
  return { s, db };
}

describe('scheduler start and stop', () => {
  it('a stop() during the catch-up tick leaves no cron task running', async () => {
    const { s, db } = scheduler();
    const started = s.start();
    await s.stop();
    await started;
    expect(s.running).toBe(false);
    db.close();
  });

  it('two overlapping start() calls arm one task, and stop() stops it', async () => {
    const { s, db } = scheduler();
    await Promise.all([s.start(), s.start()]);
    expect(s.running).toBe(true);
    await s.stop();
    expect(s.running).toBe(false);
    db.close();
  });
});
