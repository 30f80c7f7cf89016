import type { DigestAnswer } from '../briefing/index.ts';

/**
 * How a digest leaves Parley. The digest core never imports discord.js: the Discord side implements
 * this interface (render `message.answer` into one message's embeds, POST it with the nonce) and
 * maps its errors to `TransportError`.
 */
export interface DigestMessage {
  scheduleId: number;
  guildId: string;
  /** The local date the digest is for, YYYY-MM-DD. */
  period: string;
  /** 1-based index of this message and how many the digest takes. */
  part: number;
  parts: number;
  /**
   * This part of the digest: already sized to fit ONE Discord message (see `splitDigest`); with
   * no items it is the one-line "nothing new" note in `answer.notice`.
   */
  answer: DigestAnswer;
}

export interface SendOptions {
  /** Send as the message's `nonce`; ≤ 25 characters, the same on every retry of this part. */
  nonce: string;
  /** Send `enforce_nonce: true`: Discord returns the existing message instead of posting twice. */
  enforceNonce: true;
}

export interface DigestTransport {
  /**
   * Post one message to a channel; resolve with its id(s). Reject with a `TransportError` carrying
   * the HTTP status (none for a network error), Retry-After in ms for a 429, and Discord's error code.
   * Do not retry inside: the scheduler retries, waits and records each attempt in the ledger.
   */
  send(channelId: string, message: DigestMessage, options: SendOptions): Promise<{ ids: string[] }>;
}

export class TransportError extends Error {
  override name = 'TransportError';
  /** HTTP status; undefined for a network error (no response). */
  readonly status?: number;
  /** For 429: how long Discord asked to wait. */
  readonly retryAfterMs?: number;
  /** Discord's JSON error code (50013 Missing Permissions, 10003 Unknown Channel, …). */
  readonly code?: number | string;

  constructor(message: string, init: { status?: number; retryAfterMs?: number; code?: number | string; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.code = init.code;
  }
}

export type FailureKind = 'rate-limited' | 'transient' | 'gone' | 'fatal';

/**
 * What to do about a failed send: wait as told (429), back off and retry (5xx, 408, network, any
 * non-transport error), pause the schedule (403 lost permission, 404 channel gone), or give up
 * (other 4xx: retrying the same request cannot help).
 */
export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof TransportError)) return 'transient';
  const s = error.status;
  if (s === undefined || s >= 500 || s === 408) return 'transient';
  if (s === 429) return 'rate-limited';
  if (s === 403 || s === 404) return 'gone';
  return 'fatal';
}

const CODE_REASONS: Record<string, string> = {
  '50001': 'Parley no longer has access to the channel',
  '50013': 'Parley lacks permission to post in the channel (it needs View Channel, Send Messages and Embed Links)',
  '10003': 'the channel no longer exists',
};

/** The reason shown in `/digest status` for a schedule paused by a 403 or 404. */
export function pauseReason(error: TransportError): string {
  const known = error.code !== undefined ? CODE_REASONS[String(error.code)] : undefined;
  const why = known ?? (error.status === 404 ? 'the channel no longer exists' : 'Parley lost permission to post in the channel');
  const detail = [error.status, error.code].filter((x) => x !== undefined).join(' / ');
  return `${why} (${detail}${error.message ? `: ${error.message}` : ''}). Fix it, then run /digest set again to resume.`;
}

export const describeError = (error: unknown): string =>
  error instanceof TransportError
    ? `${error.status ?? 'network error'}${error.code !== undefined ? ` (${error.code})` : ''}: ${error.message}`
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);

/**
 * The nonce of one part of one period's digest: the same on every retry, by any process, so Discord
 * drops a repeat. `d<schedule>-<yyyymmdd>-<part>`, at most 25 characters.
 */
export function nonceFor(scheduleId: number, period: string, part: number): string {
  const nonce = `d${scheduleId}-${period.replaceAll('-', '')}-${part}`;
  if (nonce.length > 25) throw new RangeError(`nonce too long: ${nonce}`);
  return nonce;
}
