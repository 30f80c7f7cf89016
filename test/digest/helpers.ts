import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DigestAnswer, DigestItem } from '../../src/briefing/index.ts';
import { TransportError, type Clock, type DigestMessage, type DigestTransport, type SendOptions } from '../../src/digest/index.ts';
import { createScheduleStore, openDatabase, type ScheduleInput, type ScheduleStore } from '../../src/store/index.ts';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const CHANNEL2 = '200000000000000002';

export interface TempDb {
  dir: string;
  path: string;
  db: Database.Database;
  schedules: ScheduleStore;
  /** Another connection to the same file (another process would have its own). */
  reopen(): { db: Database.Database; schedules: ScheduleStore };
  close(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'parley-digest-'));
  const path = join(dir, 'parley.db');
  const db = openDatabase(path);
  const extra: Database.Database[] = [];
  return {
    dir,
    path,
    db,
    schedules: createScheduleStore(db),
    reopen() {
      const other = openDatabase(path);
      extra.push(other);
      return { db: other, schedules: createScheduleStore(other) };
    },
    close() {
      for (const d of [db, ...extra]) if (d.open) d.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addSchedule(schedules: ScheduleStore, over: Partial<ScheduleInput> = {}, createdAt = '2026-06-09T12:00:00.000Z') {
  return schedules.upsertSchedule(
    { guildId: GUILD, channelId: CHANNEL, time: '08:00', timezone: 'Europe/Kyiv', actors: null, topics: null, quiet: true, createdBy: null, ...over },
    createdAt,
  );
}

/** A digest with `n` one-line items (n = 0: nothing new). */
export function stubDigest(n = 1, textLength = 40): (s: unknown, w: { period: string; since: string | null; until: string }) => DigestAnswer {
  return (_s, w) => {
    const items: DigestItem[] = Array.from({ length: n }, (_, i) => ({
      section: 'quote',
      text: `Remark ${i + 1} `.padEnd(textLength, 'x'),
      speaker: 'Someone',
      citation: { ref: 1, article: 1, title: 'An article', outlet: 'Wire', url: null, published: null, sentence: 'A sentence.' },
    }));
    return {
      command: 'digest',
      title: `Daily briefing — ${w.period}`,
      items,
      notice: n ? undefined : 'No new articles.',
      references: n ? [{ ref: 1, article: 1, title: 'An article', outlet: 'Wire', url: null, published: null }] : [],
      since: w.since,
      until: w.until,
      counts: { articles: n ? 1 : 0, quotes: n, positions: 0, figures: 0 },
    };
  };
}

type Step = TransportError | 'lost' | ((message: DigestMessage, options: SendOptions) => Promise<void> | void);

export interface Posted {
  channelId: string;
  nonce: string;
  id: string;
  part: number;
  parts: number;
  period: string;
  at: string;
}

/**
 * A fake Discord channel API: records every call and every message created, and like Discord with
 * `enforce_nonce: true` returns the existing message for a nonce it has seen instead of posting again.
 * `failNext` queues outcomes for the next calls: a TransportError to throw, 'lost' (the message is
 * created but the response is lost: a network error), or a function run before posting.
 */
export function fakeTransport(clock?: Clock) {
  const calls: { channelId: string; nonce: string; part: number; at: string }[] = [];
  const posted: Posted[] = [];
  const byNonce = new Map<string, string>();
  const plan: Step[] = [];
  let next = 900000000000000000n;
  const transport: DigestTransport & {
    calls: typeof calls;
    posted: Posted[];
    failNext(...steps: Step[]): void;
    /** Messages some other process already created (nonce → id), as Discord would remember them. */
    remember(entries: { channelId: string; nonce: string; id: string }[]): void;
  } = {
    calls,
    posted,
    failNext: (...steps) => plan.push(...steps),
    remember(entries) {
      for (const e of entries) byNonce.set(`${e.channelId}:${e.nonce}`, e.id);
    },
    async send(channelId, message, options) {
      const at = (clock?.now() ?? new Date()).toISOString();
      calls.push({ channelId, nonce: options.nonce, part: message.part, at });
      if (options.nonce.length > 25) throw new TransportError('Invalid Form Body: nonce', { status: 400, code: 50035 });
      if (options.enforceNonce !== true) throw new Error('enforce_nonce must be sent');
      const step = plan.shift();
      if (step instanceof TransportError) throw step;
      if (typeof step === 'function') await step(message, options);
      const key = `${channelId}:${options.nonce}`;
      let id = byNonce.get(key);
      if (!id) {
        id = String(next++);
        byNonce.set(key, id);
        posted.push({ channelId, nonce: options.nonce, id, part: message.part, parts: message.parts, period: message.period, at });
      }
      if (step === 'lost') throw new TransportError('socket hang up');
      return { ids: [id] };
    },
  };
  return transport;
}

export const http = (status: number, init: { retryAfterMs?: number; code?: number } = {}) =>
  new TransportError(status === 429 ? 'You are being rate limited.' : `HTTP ${status}`, { status, ...init });

/** Poll until `check` is true (no fixed sleeps): resolves fast, fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, everyMs = 10): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
