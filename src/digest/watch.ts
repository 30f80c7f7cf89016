import { watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import type { Logger } from '../log.ts';

export interface SeedWatchOptions {
  /** The directory to watch (SEEDS_DIR), recursively. */
  dir: string;
  /** Ingest what changed (the app's `syncSeeds`); runs one at a time, never concurrently. */
  sync: () => unknown | Promise<unknown>;
  /** Quiet time after the last file event before syncing (500 ms). */
  debounceMs?: number;
  /** Full rescan every N minutes as a safety net for events the OS dropped (RESCAN_MINUTES; 0: off). */
  rescanMinutes?: number;
  log?: Logger;
  /** Told after every sync, with its result (or error). */
  onSync?: (event: { reason: 'change' | 'rescan'; result?: unknown; error?: unknown }) => void;
}

export interface SeedWatcher {
  /** Sync now (as a rescan), after any sync in progress. */
  rescan(): Promise<void>;
  /** Resolves when no sync is running or pending. */
  idle(): Promise<void>;
  close(): void;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
/** Editor swap files, lock files, dotfiles: not articles, not worth a sync. */
const noise = (name: string) => name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp|part|crdownload)$/i.test(name);

/**
 * Keep the database in step with SEEDS_DIR while the bot runs: `fs.watch` events (debounced, so a
 * burst of writes is one sync) plus a periodic rescan. Syncs never overlap: events during a sync
 * schedule exactly one more. Neither the watcher nor the timers keep the process alive.
 */
export function watchSeeds(options: SeedWatchOptions): SeedWatcher {
  const log = options.log ?? silent;
  const debounceMs = options.debounceMs ?? 500;
  const rescanMs = (options.rescanMinutes ?? 10) * 60_000;
  let closed = false;
  let debounce: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again: 'change' | 'rescan' | null = null;
  let watcher: FSWatcher | null = null;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (running || debounce || again) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  };

  const run = (reason: 'change' | 'rescan'): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = again === 'rescan' ? 'rescan' : reason;
      return running;
    }
    running = (async () => {
      try {
        const result = await options.sync();
        options.onSync?.({ reason, result });
      } catch (error) {
        log.error('seed sync failed', { dir: options.dir, error });
        options.onSync?.({ reason, error });
      }
    })().finally(() => {
      running = null;
      const next = again;
      again = null;
      if (next && !closed) void run(next);
      else settleIdle();
    });
    return running;
  };

  const onEvent = (_event: string, filename: string | Buffer | null) => {
    if (closed) return;
    const name = filename ? basename(filename.toString()) : '';
    if (name && noise(name)) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      void run('change');
    }, debounceMs);
    debounce.unref();
  };

  const startWatching = () => {
    if (watcher || closed) return;
    try {
      watcher = watch(options.dir, { recursive: true, persistent: false }, onEvent);
      watcher.on('error', (error) => {
        log.warn('seed watcher stopped; the periodic rescan continues', { dir: options.dir, error });
        watcher?.close();
        watcher = null;
      });
    } catch (error) {
      log.warn('cannot watch the seeds directory; relying on the periodic rescan', { dir: options.dir, error });
      watcher = null;
    }
  };

  startWatching();
  const interval = rescanMs > 0
    ? setInterval(() => {
        startWatching(); // the directory may have appeared, or the watcher died
        void run('rescan');
      }, rescanMs)
    : null;
  interval?.unref();

  return {
    rescan: () => run('rescan'),
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settleIdle();
    }),
    close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      debounce = null;
      if (interval) clearInterval(interval);
      watcher?.close();
      watcher = null;
      again = null;
      settleIdle();
    },
  };
}
