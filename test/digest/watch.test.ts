import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { watchSeeds, type SeedWatcher } from '../../src/digest/index.ts';
import { tempDb, waitFor, type TempDb } from './helpers.ts';

const SEEDS = join(import.meta.dirname, '../../seeds');

let t: TempDb;
let watcher: SeedWatcher | null = null;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => {
  watcher?.close();
  watcher = null;
  t.close();
});

describe('watching SEEDS_DIR', () => {
  it('a file added while running is ingested without a restart', async () => {
    const seeds = join(t.dir, 'seeds');
    mkdirSync(seeds);
    const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
    cpSync(join(SEEDS, 'gazetteer.json'), join(seeds, 'gazetteer.json'));
    cpSync(join(SEEDS, files[0]), join(seeds, files[0]));
    const app = createApp({ DATABASE_PATH: join(t.dir, 'app.db'), SEEDS_DIR: seeds });
    try {
      app.syncSeeds();
      expect(app.store.articles()).toHaveLength(1);
      watcher = watchSeeds({ dir: seeds, sync: app.syncSeeds, debounceMs: 50, rescanMinutes: 0 });
      cpSync(join(SEEDS, files[1]), join(seeds, files[1]));
      await waitFor(() => app.store.articles().length === 2);
      await watcher.idle();
    } finally {
      watcher?.close();
      app.close();
    }
  });

  it('a burst of changes is debounced; syncs never overlap; the last one sees every file', async () => {
    const dir = join(t.dir, 'burst');
    mkdirSync(dir);
    let running = 0;
    let overlapped = false;
    const seen: number[] = [];
    watcher = watchSeeds({
      dir,
      debounceMs: 40,
      rescanMinutes: 0,
      sync: async () => {
        running++;
        if (running > 1) overlapped = true;
        seen.push(readdirSync(dir).length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    });
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `a${i}.txt`), `article ${i}`);
    await waitFor(() => seen.length > 0 && seen[seen.length - 1] === 20);
    await watcher.idle();
    expect(overlapped).toBe(false);
    expect(seen.length).toBeLessThan(20); // debounced, not once per file
  });

  it('ignores editor noise (dotfiles, swap files)', async () => {
    const dir = join(t.dir, 'noise');
    mkdirSync(dir);
    let syncs = 0;
    watcher = watchSeeds({ dir, debounceMs: 150, rescanMinutes: 0, sync: () => void syncs++ });
    writeFileSync(join(dir, '.hidden.txt'), 'x');
    writeFileSync(join(dir, 'draft.txt.swp'), 'x');
    writeFileSync(join(dir, 'real.txt'), 'x'); // a real change, to know events arrived
    await waitFor(() => syncs >= 1);
    await watcher.idle();
    expect(syncs).toBe(1);
  });

  it('the periodic rescan syncs even when no event comes (or the directory did not exist yet); errors are reported, not fatal', async () => {
    const dir = join(t.dir, 'later');
    const events: { reason: string; error?: unknown }[] = [];
    let calls = 0;
    watcher = watchSeeds({
      dir,
      debounceMs: 20,
      rescanMinutes: 0.001, // 60 ms
      sync: () => {
        calls++;
        if (calls === 1) throw new Error('disk on fire');
      },
      onSync: (e) => events.push(e),
    });
    await waitFor(() => calls >= 2);
    expect(events[0]).toMatchObject({ reason: 'rescan', error: expect.any(Error) });
    expect(events[1]).toMatchObject({ reason: 'rescan' });
    mkdirSync(dir); // appears later: the rescan starts watching it
    await waitFor(() => calls >= 3);
    watcher.close();
    const after = calls;
    writeFileSync(join(dir, 'x.txt'), 'x');
    await watcher.idle();
    expect(calls).toBe(after); // closed: nothing more
  });
});
