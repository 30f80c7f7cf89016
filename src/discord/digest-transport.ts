import {
  DefaultRestOptions,
  DiscordAPIError,
  HTTPError,
  REST,
  RateLimitError,
  Routes,
  type RESTOptions,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageResult,
  type ResponseLike,
} from 'discord.js';
import { TransportError, type DigestMessage, type DigestTransport, type SendOptions } from '../digest/index.ts';
import type { Logger } from '../log.ts';
import { renderDigestMessage } from './render.ts';

/**
 * How a digest leaves Parley on Discord: one `POST /channels/{id}/messages` per part, with the
 * part's nonce and `enforce_nonce: true`, no pings, and every failure surfaced to the scheduler as a
 * `TransportError` after exactly one HTTP attempt.
 *
 * Why a dedicated `REST` and not the client's. The client's REST retries by itself: 5xx and
 * ECONNRESET/timeouts up to `retries` (3) times, and a 429 — whatever `retries` says — after sleeping
 * `Retry-After`. Each of those hidden attempts would post (or not) without the ledger knowing, and a
 * 429 would block the delivery slot instead of being recorded and waited out by the scheduler. So:
 *
 * - `retries: 0`: a 5xx, a network error or a timeout is thrown at once (`HTTPError`, `AbortError`…).
 * - `makeRequest` wraps the default strategy and throws a `TransportError` for EVERY non-2xx
 *   response, 429 included, before @discordjs/rest looks at it — so its "sleep on 429 and resend"
 *   path is never reached. (`rejectOnRateLimit: () => true` would also stop that resend, but it
 *   fires for the limiter's own pre-emptive waits too, turning pacing that sends nothing into fake
 *   "429s" the ledger would count against `maxRateLimitWaits`.)
 * - The pre-emptive limiter stays on: the 50 requests/s global budget (`globalRequestsPerSecond`) and
 *   each channel's bucket learnt from `X-RateLimit-*` headers delay a request before it is sent. That
 *   is pacing, not retrying: nothing reaches Discord while it waits, so the ledger misses nothing.
 *   A real global 429 also arms that limiter (`globalReset`), so the other deliveries in flight wait
 *   it out instead of collecting 429s of their own.
 *
 * The dedicated instance has its own global budget, separate from the client's; interaction
 * responses (almost all the client sends) are exempt from Discord's global limit, so the two do
 * not compete in practice. Lower `globalRequestsPerSecond` if the bot ever sends much else.
 */

export interface DigestTransportOptions {
  token: string;
  /** DISCORD_API_BASE (the fake Discord in tests); Discord's API by default. */
  api?: string;
  /** Requests per second this sender allows itself (Discord's global limit: 50). */
  globalRequestsPerSecond?: number;
  /** How long one request may take before it counts as a network error (15 s). */
  timeoutMs?: number;
  log?: Logger;
  /** Extra @discordjs/rest options (tests); `retries` and `makeRequest` are always Parley's. */
  rest?: Partial<RESTOptions>;
}

export interface DiscordDigestTransport extends DigestTransport {
  readonly rest: REST;
  /** Messages posted, 429 responses seen (real ones, not the limiter's own pacing), other failures. */
  readonly stats: { sent: number; rateLimited: number; failed: number };
  /** Stop the REST instance's sweeper timers. */
  close(): void;
}

interface DiscordErrorBody {
  message?: string;
  code?: number | string;
  retry_after?: number;
  global?: boolean;
}

async function readBody(res: ResponseLike): Promise<DiscordErrorBody> {
  try {
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' ? (parsed as DiscordErrorBody) : {};
  } catch {
    return {};
  }
}

/** Seconds (as Discord sends them: header or body, fractions allowed) → whole milliseconds. */
function retryAfterMs(res: ResponseLike, body: DiscordErrorBody): number {
  const fromBody = typeof body.retry_after === 'number' && Number.isFinite(body.retry_after) ? body.retry_after : NaN;
  const fromHeader = Number(res.headers.get('retry-after'));
  const seconds = Number.isFinite(fromBody) ? fromBody : Number.isFinite(fromHeader) ? fromHeader : 1;
  return Math.max(0, Math.ceil(seconds * 1000));
}

/** Anything a send can throw, as the scheduler's `TransportError` (no status: a network error). */
export function toTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  if (error instanceof RateLimitError) {
    return new TransportError(`rate limited on ${error.route}`, { status: 429, retryAfterMs: Math.max(0, Math.ceil(error.retryAfter)), cause: error });
  }
  if (error instanceof DiscordAPIError) return new TransportError(error.message, { status: error.status, code: error.code, cause: error });
  if (error instanceof HTTPError) return new TransportError(error.message, { status: error.status, cause: error });
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TransportError(message, { cause: error });
}

export function createDigestTransport(options: DigestTransportOptions): DiscordDigestTransport {
  const stats = { sent: 0, rateLimited: 0, failed: 0 };
  const inner = options.rest?.makeRequest ?? DefaultRestOptions.makeRequest;
  let rest: REST;
  const makeRequest: RESTOptions['makeRequest'] = async (url, init) => {
    const res = await inner(url, init);
    if (res.ok) return res;
    const body = await readBody(res);
    const status = res.status;
    const what = body.message ?? res.statusText ?? `HTTP ${status}`;
    if (status === 429) {
      stats.rateLimited++;
      const wait = retryAfterMs(res, body);
      const global = body.global === true || res.headers.has('x-ratelimit-global');
      if (global) {
        // Tell the shared limiter: every other send waits for the same reset instead of hitting 429s.
        rest.globalRemaining = 0;
        rest.globalReset = Math.max(rest.globalReset, Date.now() + wait);
      }
      throw new TransportError(`${what}${global ? ' (global)' : ''}`, { status, retryAfterMs: wait, code: body.code });
    }
    throw new TransportError(what, { status, code: body.code });
  };
  rest = new REST({
    ...options.rest,
    ...(options.api ? { api: options.api } : {}),
    ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    retries: 0,
    rejectOnRateLimit: null,
    makeRequest,
  }).setToken(options.token);

  return {
    rest,
    stats,
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
    async send(channelId: string, message: DigestMessage, send: SendOptions): Promise<{ ids: string[] }> {
      const body: RESTPostAPIChannelMessageJSONBody = {
        ...renderDigestMessage(message.answer),
        nonce: send.nonce,
        enforce_nonce: send.enforceNonce,
        allowed_mentions: { parse: [] },
      };
      try {
        const posted = (await rest.post(Routes.channelMessages(channelId), { body })) as RESTPostAPIChannelMessageResult;
        stats.sent++;
        return { ids: [posted.id] };
      } catch (error) {
        const failure = toTransportError(error);
        if (failure.status !== 429) stats.failed++;
        options.log?.debug('digest send failed', { channel: channelId, schedule: message.scheduleId, period: message.period, part: message.part, status: failure.status ?? 'network', code: failure.code });
        throw failure;
      }
    },
  };
}
