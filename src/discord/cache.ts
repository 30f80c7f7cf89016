import { randomBytes } from 'node:crypto';
import type { Answer } from '../briefing/index.ts';
import type { AnswerPage } from './render.ts';

/**
 * Answers whose buttons are live, in memory, for a limited time. Buttons carry only a short key; the
 * answer itself stays here. When an entry expires its `onExpire` runs (the bot removes the buttons
 * from the message), and a later press finds nothing and gets a polite "expired" reply.
 *
 * Per process: under sharding, a guild's interactions always reach the same shard, so the shard that
 * sent an answer is the one that receives its button presses.
 */

export interface AnswerEntry {
  key: string;
  kind: 'answer' | 'didyoumean';
  command: string;
  /** The user who asked; only they may turn pages. */
  asker: string;
  options: Record<string, string | undefined>;
  answer: Answer;
  pages: AnswerPage[];
  /** The page the message shows now. */
  page: number;
  /** Did-you-mean: which option the suggestions fill. */
  fill?: string;
  expiresAt: number;
  onExpire?: () => Promise<unknown> | void;
}

export type NewEntry = Omit<AnswerEntry, 'key' | 'expiresAt' | 'page'> & { page?: number };

/** Answer buttons stay live a little less than an interaction token (15 min), so expiry can still edit the message. */
export const DEFAULT_ANSWER_TTL_MS = 14 * 60_000;

export class AnswerCache {
  private readonly entries = new Map<string, AnswerEntry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly ttlMs = DEFAULT_ANSWER_TTL_MS,
    private readonly maxEntries = 5000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  put(e: NewEntry): AnswerEntry {
    let key = newKey();
    while (this.entries.has(key)) key = newKey();
    const entry: AnswerEntry = { ...e, page: e.page ?? 0, key, expiresAt: Date.now() + this.ttlMs };
    this.entries.set(key, entry);
    const timer = setTimeout(() => this.expire(key), this.ttlMs);
    timer.unref();
    this.timers.set(key, timer);
    while (this.entries.size > this.maxEntries) this.expire(this.entries.keys().next().value!);
    return entry;
  }

  /** The live entry, or undefined when unknown or expired. */
  get(key: string): AnswerEntry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.expire(key);
      return undefined;
    }
    return e;
  }

  /** Expire now: forget the entry and run its `onExpire` (errors go to `onError`). */
  expire(key: string): void {
    const e = this.entries.get(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!e) return;
    this.entries.delete(key);
    if (!e.onExpire) return;
    try {
      Promise.resolve(e.onExpire()).catch(this.onError);
    } catch (err) {
      this.onError(err);
    }
  }

  /** Forget everything without running `onExpire` (shutdown). */
  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.entries.clear();
  }
}

function newKey(): string {
  return randomBytes(6).toString('base64url');
}

// ------------------------------------------------------------------ custom ids

/** Answer buttons: `ans:<action>:<key>:<page>:<asker>`. */
export const ANSWER_PREFIX = 'ans';
/** Did-you-mean buttons: `dym:<key>:<suggestion index>`. */
export const DID_YOU_MEAN_PREFIX = 'dym';

export type AnswerAction = 'prev' | 'next' | 'page' | 'src';
export const ANSWER_ACTIONS: readonly AnswerAction[] = ['prev', 'next', 'page', 'src'];

export interface AnswerButtonId {
  action: AnswerAction;
  key: string;
  page: number;
  asker: string;
}

export function answerButtonId(b: AnswerButtonId): string {
  return [ANSWER_PREFIX, b.action, b.key, b.page, b.asker].join(':');
}

/** Parse the args after the `ans:` prefix; null when malformed. */
export function parseAnswerButton(args: string[]): AnswerButtonId | null {
  const [action, key, page, asker] = args;
  if (!ANSWER_ACTIONS.includes(action as AnswerAction) || !key || !/^\d{1,4}$/.test(page ?? '') || !/^\d{1,20}$/.test(asker ?? '')) return null;
  return { action: action as AnswerAction, key, page: Number(page), asker };
}

export function didYouMeanId(key: string, index: number): string {
  return [DID_YOU_MEAN_PREFIX, key, index].join(':');
}

export function parseDidYouMean(args: string[]): { key: string; index: number } | null {
  const [key, index] = args;
  if (!key || !/^\d$/.test(index ?? '')) return null;
  return { key, index: Number(index) };
}
