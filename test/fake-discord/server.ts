/**
 * A fake Discord (REST + gateway) for end-to-end tests of a discord.js v14 bot.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restBase } });
 *   await client.login('fake-token');
 *   const { id, token } = fake.sendInteraction(chatInput('ping'));
 *   const cb = await fake.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
 *   ...
 *   await client.destroy(); await fake.close();
 *
 * Wiring facts (discord.js 14.28 / @discordjs/rest 2.6 / @discordjs/ws 1.2):
 *  - REST: `rest.api` is the base *without* version; the client appends `/v10`.
 *  - Gateway: the URL comes only from `GET /gateway/bot` (no env var); the shard
 *    connects to `${url}?v=10&encoding=json`, and after READY to
 *    `${resume_gateway_url}?v=10&encoding=json` for resumes.
 */
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  type Json,
  DEFAULT_BOT_ID,
  Permissions,
  defaultUser,
  makeGuild,
  makeMessage,
  makeTextChannel,
  makeUser,
  member as buildMember,
  type GuildInput,
} from './payloads.ts';
import { shardForGuild, snowflake } from './snowflake.ts';
import { commandViolations, messageViolations, findLimitViolations, CallbackType } from './limits.ts';

// ================================================================ public types

export interface FakeDiscordOptions {
  /** Recommended shard count returned by `GET /gateway/bot` (used by `shards: 'auto'`). Default 1. */
  shards?: number;
  /** `session_start_limit.max_concurrency`. discord.js waits ~5 s between identifies in the same bucket; raise this to identify many shards at once. Default 1. */
  maxConcurrency?: number;
  /** Gateway heartbeat interval in ms (HELLO). Default 41250. */
  heartbeatInterval?: number;
  /** Guilds the bot is in. Default: one guild with one text channel. */
  guilds?: GuildInput[];
  /** Bot user (READY `user`, `GET /users/@me`). Default id DEFAULT_BOT_ID, username 'parley-test'. */
  botUser?: { id?: string; username?: string; [k: string]: unknown };
  /** Application id. Default: the bot user's id (as for real bots). */
  applicationId?: string;
  /** READY `application.flags`. Default 0. */
  applicationFlags?: number;
  /** If set, REST calls and IDENTIFY/RESUME with any other token are rejected (401 / close 4004). */
  token?: string;
  /**
   * Answer 429 (global) past `perSecond` requests per second. Interaction/webhook routes are exempt (as on Discord).
   * `window: 'rolling'` (default) counts the last 1000 ms, so discord.js's own fixed-window limiter (50/s by default)
   * will occasionally hit it at saturation; `'fixed'` uses a window that starts at the first request after the
   * previous one expired (the same scheme as discord.js, so a client at ≤ perSecond never sees a 429).
   */
  globalRateLimit?: { perSecond: number; window?: 'rolling' | 'fixed' };
  /**
   * Discord-like interaction bookkeeping (default true): callbacks for unknown
   * interactions → 404 10062, a second callback → 400 40060, followups/edits
   * before the initial response → 404 10015/10008.
   */
  strictInteractions?: boolean;
  /** If set, interaction callbacks arriving later than this many ms after dispatch get 404 10062 (Discord: 3000). Default: no deadline. */
  interactionAckDeadlineMs?: number;
  /** Reject payloads that break Discord's limits with 400 50035 (and empty messages with 50006), like Discord does. Default true. */
  enforceLimits?: boolean;
  /** Add this many ms of latency to every REST response. Default 0. */
  restLatencyMs?: number;
  /** Put the bot's own member into each GUILD_CREATE `members` (as Discord does → `guild.members.me`). Default true. */
  includeBotMember?: boolean;
}

export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: string;
  /** `${method} ${path}` — what `failNext({ route })` matches against. */
  route: string;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart: the parsed `payload_json`), or null. */
  body: Json | null;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** Files of a multipart request. */
  files: RecordedFile[];
  /** Arrival time (ms epoch). */
  at: number;
  /** Status the fake answered with. */
  status: number;
  /** True when the response came from `failNext` or the global rate limiter. */
  injected: boolean;
  /** The JSON the fake answered with (undefined for 204). */
  response: unknown;
}

export type RequestMatcher = string | RegExp | ((r: RecordedRequest) => boolean);

export interface FailNextOptions {
  /** Matched against `METHOD path`: string = substring, RegExp = test, or a predicate. Default: any request. */
  route?: RequestMatcher;
  status: number;
  /** How many matching requests to fail. Default 1. */
  count?: number;
  /** 429 only: seconds (fractions allowed). Default 1. */
  retryAfter?: number;
  /** 429 only: global rate limit (adds `x-ratelimit-global: true`, scope `global`). Default false. */
  global?: boolean;
  /** Override the Discord error `code` / `message` in the body. */
  code?: number;
  message?: string;
  /** Override the whole response body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface IdentifyRecord {
  shard: [number, number];
  shardId: number;
  shardCount: number;
  intents: number;
  token: string;
  sessionId: string;
  properties: Json;
  compress: boolean;
  raw: Json;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number | null;
  shardId: number | null;
  ok: boolean;
  replayed: number;
  at: number;
}

export interface GatewayFrame {
  connectionId: number;
  shardId: number | null;
  op: number;
  d: unknown;
  at: number;
}

export interface InteractionCallbackRecord {
  interactionId: string;
  token: string;
  type: number;
  data: Json | null;
  at: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  applicationId: string;
  /** The full INTERACTION_CREATE payload that was dispatched. */
  payload: Json;
  shardId: number;
  /** Waits for the successful (2xx) `POST /interactions/{id}/{token}/callback`. */
  waitForCallback(timeoutMs?: number): Promise<RecordedRequest>;
}

// ================================================================ helpers

class Waitable<T> {
  readonly items: T[] = [];
  private waiters = new Set<{
    pred: (t: T) => boolean;
    resolve: (t: T) => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
  }>();

  push(item: T): void {
    this.items.push(item);
    for (const w of this.waiters) {
      let hit: boolean;
      try {
        hit = w.pred(item);
      } catch (e) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.reject(e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      if (hit) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(item);
      }
    }
  }

  waitFor(pred: (t: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = this.items.find(pred);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const w = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(describe()));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  clear(): void {
    this.items.length = 0;
  }

  rejectAll(err: Error): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiters.clear();
  }
}

function toPredicate(m: RequestMatcher | undefined): (r: RecordedRequest) => boolean {
  if (m === undefined) return () => true;
  if (typeof m === 'function') return m;
  if (typeof m === 'string') return (r) => r.route.includes(m);
  return (r) => {
    m.lastIndex = 0;
    return m.test(r.route);
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const json = (body: unknown, status = 200): Reply => ({ status, body });
const noContent = (): Reply => ({ status: 204 });
const discordError = (status: number, code: number, message: string, extra?: Json): Reply => ({
  status,
  body: { message, code, ...extra },
});
const invalidFormBody = (violations: string[]): Reply =>
  discordError(400, 50035, 'Invalid Form Body', {
    errors: { payload: { _errors: violations.map((v) => ({ code: 'BASE_TYPE_INVALID', message: v })) } },
  });

function defaultErrorBody(status: number, path: string): { code: number; message: string } {
  switch (status) {
    case 400:
      return { code: 50035, message: 'Invalid Form Body' };
    case 401:
      return { code: 0, message: '401: Unauthorized' };
    case 403:
      return { code: 50013, message: 'Missing Permissions' };
    case 404:
      if (path.startsWith('/interactions/')) return { code: 10062, message: 'Unknown interaction' };
      if (path.includes('/messages/')) return { code: 10008, message: 'Unknown Message' };
      if (path.startsWith('/webhooks/')) return { code: 10015, message: 'Unknown Webhook' };
      if (path.startsWith('/channels/')) return { code: 10003, message: 'Unknown Channel' };
      if (path.startsWith('/guilds/')) return { code: 10004, message: 'Unknown Guild' };
      return { code: 0, message: '404: Not Found' };
    default:
      return { code: 0, message: `${status}: ${STATUS_CODES[status] ?? 'Error'}` };
  }
}

function bucketRoute(method: string, path: string): string {
  return `${method} ${path.replace(/\d{17,19}/g, ':id').replace(/\/webhooks\/:id\/[^/?]+/, '/webhooks/:id/:token')}`;
}
const bucketHash = (route: string) => createHash('sha1').update(route).digest('hex').slice(0, 16);

function isEmptyMessage(body: Json, files: RecordedFile[]): boolean {
  const has = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v != null && v !== '');
  return (
    !has(body.content) &&
    !has(body.embeds) &&
    !has(body.components) &&
    !has(body.sticker_ids) &&
    !has(body.poll) &&
    files.length === 0
  );
}

const MESSAGE_LOADING = 1 << 7;
const EPHEMERAL = 1 << 6;

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  seq: number;
  log: Json[];
  conn: Conn | null;
  token: string;
  intents: number;
  invalid: boolean;
}

interface Conn {
  id: number;
  ws: WebSocket;
  session: Session | null;
  url: string;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string | null;
  guildId: string | null;
  user: Json | null;
  dispatchedAt: number;
  acked: boolean;
  callbackType: number | null;
  originalMessageId: string | null;
  componentMessageId: string | null;
  messageIds: string[];
}

// ================================================================ FakeDiscord

export class FakeDiscord {
  /** e.g. `http://127.0.0.1:PORT/api` — pass as `new Client({ rest: { api } })`. */
  readonly restBase: string;
  /** `ws://127.0.0.1:PORT` */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly botUser: Json;
  readonly applicationId: string;
  /** Full guild objects (as sent in GUILD_CREATE). */
  readonly guilds: Json[];

  /** Every REST request (in completion order). */
  readonly requests: RecordedRequest[];
  /** Messages created via `POST /channels/:id/messages` (live objects: edits are applied). */
  readonly messages: Json[] = [];
  /** Messages created by interaction responses (type 4/5 originals) and followups. */
  readonly interactionMessages: Json[] = [];
  /** Successful interaction callbacks. */
  readonly callbacks: InteractionCallbackRecord[] = [];
  /** IDENTIFY payloads received. */
  readonly identifies: IdentifyRecord[];
  /** RESUME attempts received. */
  readonly resumes: ResumeRecord[];
  /** Every gateway frame received from clients (heartbeats, presence updates, ...). */
  readonly gatewayReceived: GatewayFrame[] = [];
  /** Application commands registered via PUT/POST. */
  readonly globalCommands: Json[] = [];
  readonly guildCommands: Record<string, Json[]> = {};
  /** Counters. */
  readonly stats = { rateLimited: 0, heartbeats: 0, connections: 0 };

  private readonly opts: Required<Pick<FakeDiscordOptions, 'shards' | 'maxConcurrency' | 'heartbeatInterval' | 'strictInteractions' | 'enforceLimits' | 'restLatencyMs' | 'includeBotMember'>> &
    FakeDiscordOptions;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly requestLog = new Waitable<RecordedRequest>();
  private readonly identifyLog = new Waitable<IdentifyRecord>();
  private readonly resumeLog = new Waitable<ResumeRecord>();
  private readonly conns = new Set<Conn>();
  private connSeq = 0;
  private readonly sessions = new Map<string, Session>();
  private readonly currentSession = new Map<number, Session>();
  private faults: (FailNextOptions & { remaining: number; pred: (r: RecordedRequest) => boolean })[] = [];
  private readonly limiterWindow: number[] = [];
  private fixedWindow = { start: 0, count: 0 };
  private readonly store = new Map<string, Json>();
  private readonly nonces = new Map<string, string>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly knownMembers = new Map<string, Map<string, Json>>();
  private closed = false;
  private readonly routes: [string, RegExp, (req: RecordedRequest, p: string[]) => Reply | Promise<Reply>][];

  /** @internal use startFakeDiscord() */
  constructor(server: http.Server, wss: WebSocketServer, port: number, options: FakeDiscordOptions) {
    this.server = server;
    this.wss = wss;
    this.port = port;
    this.opts = {
      shards: 1,
      maxConcurrency: 1,
      heartbeatInterval: 41_250,
      strictInteractions: true,
      enforceLimits: true,
      restLatencyMs: 0,
      includeBotMember: true,
      ...options,
    };
    this.restBase = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.botUser = makeUser({ id: DEFAULT_BOT_ID, username: 'parley-test', bot: true, ...options.botUser });
    this.botUser.bot = true;
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.guilds = (options.guilds ?? [{}]).map((g) => makeGuild(g));
    this.requests = this.requestLog.items;
    this.identifies = this.identifyLog.items;
    this.resumes = this.resumeLog.items;
    for (const g of this.guilds) {
      if (this.opts.includeBotMember && !g.members.some((m: Json) => m.user?.id === this.botUser.id)) {
        g.members.push(this.botMember());
      }
      for (const m of g.members) this.rememberMember(g.id, m);
    }
    this.routes = this.buildRoutes();
    server.on('request', (req, res) => void this.onHttp(req, res));
    server.on('upgrade', (req, socket, head) => {
      // Accept any path / query (discord.js appends `?v=10&encoding=json`).
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  // ------------------------------------------------------------ convenience getters

  get defaultGuild(): Json {
    return this.guilds[0];
  }

  get defaultChannel(): Json {
    return this.guilds[0].channels[0];
  }

  /** Shard ids that currently have an open, identified gateway connection. */
  get connectedShards(): number[] {
    return [...this.currentSession.values()].filter((s) => s.conn && s.conn.ws.readyState === WebSocket.OPEN).map((s) => s.shardId).sort();
  }

  /** The shard that would receive events for `guildId` (using the identified shard count). */
  shardForGuild(guildId: string): number {
    return shardForGuild(guildId, this.currentShardCount());
  }

  // ------------------------------------------------------------ waiting

  /** Resolves with the first recorded request (past or future) matching. */
  waitForRequest(match: RequestMatcher, timeoutMs = 5000): Promise<RecordedRequest> {
    const pred = toPredicate(match);
    return this.requestLog.waitFor(pred, timeoutMs, () => {
      const recent = this.requests.slice(-15).map((r) => `  ${r.status} ${r.route}`).join('\n');
      return `waitForRequest(${String(match)}) timed out after ${timeoutMs}ms. Recent requests:\n${recent || '  (none)'}`;
    });
  }

  /** Resolves with the first IDENTIFY (past or future) matching. */
  waitForIdentify(pred: (i: IdentifyRecord) => boolean = () => true, timeoutMs = 5000): Promise<IdentifyRecord> {
    return this.identifyLog.waitFor(pred, timeoutMs, () => `waitForIdentify timed out after ${timeoutMs}ms (${this.identifies.length} identifies so far)`);
  }

  /** Resolves with the first RESUME (past or future) matching. */
  waitForResume(pred: (r: ResumeRecord) => boolean = () => true, timeoutMs = 5000): Promise<ResumeRecord> {
    return this.resumeLog.waitFor(pred, timeoutMs, () => `waitForResume timed out after ${timeoutMs}ms (${this.resumes.length} resumes so far)`);
  }

  // ------------------------------------------------------------ fault injection

  /** Answer the next `count` requests matching `route` with a Discord-shaped error. */
  failNext(f: FailNextOptions): void {
    this.faults.push({ ...f, remaining: f.count ?? 1, pred: toPredicate(f.route) });
  }

  /** Close every gateway socket (or only `shardId`'s) — by default with code 4000, which makes discord.js RESUME. `abrupt` terminates the TCP connection instead (client sees 1006, also resumes). */
  dropConnections(opts: { code?: number; shardId?: number; abrupt?: boolean } = {}): number {
    let n = 0;
    for (const c of this.conns) {
      if (opts.shardId !== undefined && c.session?.shardId !== opts.shardId) continue;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      n++;
      if (opts.abrupt) c.ws.terminate();
      else c.ws.close(opts.code ?? 4000, 'fake-discord: connection dropped');
    }
    return n;
  }

  /** Send op 9 INVALID_SESSION. Non-resumable (default) also forgets the session, so discord.js re-IDENTIFYs (note: its identify throttle may wait ~5 s). */
  invalidateSession(opts: { resumable?: boolean; shardId?: number } = {}): number {
    let n = 0;
    for (const s of [...this.currentSession.values()]) {
      if (opts.shardId !== undefined && s.shardId !== opts.shardId) continue;
      if (!s.conn || s.conn.ws.readyState !== WebSocket.OPEN) continue;
      this.sendFrame(s.conn, { op: 9, d: opts.resumable ?? false });
      if (!opts.resumable) {
        s.invalid = true;
        this.currentSession.delete(s.shardId);
      }
      n++;
    }
    return n;
  }

  /** Send op 7 RECONNECT (discord.js closes and RESUMEs). */
  requestReconnect(shardId?: number): number {
    let n = 0;
    for (const s of this.currentSession.values()) {
      if (shardId !== undefined && s.shardId !== shardId) continue;
      if (!s.conn || s.conn.ws.readyState !== WebSocket.OPEN) continue;
      this.sendFrame(s.conn, { op: 7, d: null });
      n++;
    }
    return n;
  }

  // ------------------------------------------------------------ dispatching

  /**
   * Dispatch a gateway event. Without `shardId` it goes to the shard owning
   * `data.guild_id` (or shard 0). Events for a disconnected-but-resumable session
   * are buffered and replayed on RESUME. Returns the sequence number.
   */
  dispatch(type: string, data: Json, shardId?: number): number {
    const shard = shardId ?? (typeof data.guild_id === 'string' ? this.shardForGuild(data.guild_id) : 0);
    const session = this.currentSession.get(shard);
    if (!session) {
      const have = [...this.currentSession.keys()].join(', ') || 'none';
      throw new Error(`fake-discord: no gateway session for shard ${shard} (identified shards: ${have}) — is the client logged in?`);
    }
    if (type === 'INTERACTION_CREATE') this.registerInteraction(data);
    return this.sendDispatch(session, type, data);
  }

  /** Fill defaults into a (partial) interaction payload and dispatch INTERACTION_CREATE to the right shard. */
  sendInteraction(partial: Json = {}, opts: { shardId?: number } = {}): SentInteraction {
    const payload = this.fillInteraction(partial);
    const shardId = opts.shardId ?? (payload.guild_id ? this.shardForGuild(payload.guild_id) : 0);
    this.dispatch('INTERACTION_CREATE', payload, shardId);
    const { id, token } = payload;
    const path = `/interactions/${id}/${token}/callback`;
    return {
      id,
      token,
      applicationId: this.applicationId,
      payload,
      shardId,
      waitForCallback: (timeoutMs = 5000) =>
        this.waitForRequest((r) => r.method === 'POST' && r.path === path && r.status < 300, timeoutMs),
    };
  }

  /** The complete INTERACTION_CREATE payload `sendInteraction` would send. */
  fillInteraction(p: Json): Json {
    const isDM = 'user' in p && !('member' in p);
    const guild = isDM ? null : (p.guild_id ? this.guilds.find((g) => g.id === p.guild_id) : this.guilds[0]) ?? null;
    const guildId: string | undefined = isDM ? undefined : (p.guild_id ?? guild?.id);
    const cid: string | undefined = p.channel_id;
    const fromGuild: Json | undefined = guild?.channels.find((c: Json) => !cid || c.id === cid);
    const channel: Json =
      p.channel ??
      (isDM
        ? { id: cid ?? snowflake(), type: 1, last_message_id: null, flags: 0, recipients: [p.user] }
        : fromGuild
          ? { ...fromGuild }
          : makeTextChannel(guildId ?? '0', { id: cid ?? snowflake() }));
    const mem = isDM ? undefined : this.fillMember(p.member ?? buildMember(), guild);
    if (mem && !('permissions' in channel)) channel.permissions = mem.permissions;
    const user = isDM ? p.user : mem?.user;
    const out: Json = {
      id: snowflake(),
      application_id: this.applicationId,
      type: 2,
      token: `fake-itoken-${randomBytes(12).toString('hex')}`,
      version: 1,
      ...(guildId ? { guild_id: guildId, guild: { id: guildId, locale: 'en-US', features: guild?.features ?? [] } } : {}),
      channel_id: channel.id,
      locale: 'en-US',
      ...(guildId ? { guild_locale: guild?.preferred_locale ?? 'en-US' } : {}),
      app_permissions: Permissions.Bot,
      entitlements: [],
      authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user?.id },
      context: isDM ? 1 : 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...p,
      channel,
      ...(mem ? { member: mem } : {}),
    };
    if (p.message) {
      out.message = makeMessage({ channel_id: channel.id, author: this.botUser, application_id: this.applicationId, ...p.message });
    }
    if (mem && guildId) this.rememberMember(guildId, mem);
    return out;
  }

  // ------------------------------------------------------------ lifecycle

  /** Clear recorded state (requests, messages, callbacks, identifies, faults, limiter). Sessions stay. */
  reset(): void {
    this.requestLog.clear();
    this.identifyLog.clear();
    this.resumeLog.clear();
    this.messages.length = 0;
    this.interactionMessages.length = 0;
    this.callbacks.length = 0;
    this.gatewayReceived.length = 0;
    this.faults = [];
    this.limiterWindow.length = 0;
    this.fixedWindow = { start: 0, count: 0 };
    this.stats.rateLimited = 0;
    this.stats.heartbeats = 0;
  }

  /** Terminate sockets, stop the server, reject pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('fake-discord closed');
    this.requestLog.rejectAll(err);
    this.identifyLog.rejectAll(err);
    this.resumeLog.rejectAll(err);
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  // ================================================================ gateway

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    if (this.closed) {
      ws.terminate();
      return;
    }
    const conn: Conn = { id: ++this.connSeq, ws, session: null, url: req.url ?? '/' };
    this.conns.add(conn);
    this.stats.connections++;
    ws.on('message', (data: RawData) => this.onGatewayMessage(conn, data));
    ws.on('close', () => {
      this.conns.delete(conn);
      if (conn.session?.conn === conn) conn.session.conn = null;
    });
    ws.on('error', () => {
      /* client vanished; nothing to do */
    });
    this.sendFrame(conn, { op: 10, d: { heartbeat_interval: this.opts.heartbeatInterval } });
  }

  private sendFrame(conn: Conn, frame: Json): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(frame));
  }

  private sendDispatch(session: Session, t: string, d: Json): number {
    const s = ++session.seq;
    const frame = { op: 0, t, s, d };
    session.log.push(frame);
    if (session.log.length > 2000) session.log.splice(0, session.log.length - 2000);
    if (session.conn) this.sendFrame(session.conn, frame);
    return s;
  }

  private onGatewayMessage(conn: Conn, data: RawData): void {
    let msg: Json;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.gatewayReceived.push({ connectionId: conn.id, shardId: conn.session?.shardId ?? null, op: msg.op, d: msg.d, at: Date.now() });
    switch (msg.op) {
      case 1:
        this.stats.heartbeats++;
        this.sendFrame(conn, { op: 11 });
        return;
      case 2:
        this.onIdentify(conn, msg.d ?? {});
        return;
      case 6:
        this.onResume(conn, msg.d ?? {});
        return;
      case 8:
        if (!conn.session) break;
        this.onRequestMembers(conn.session, msg.d ?? {});
        return;
      case 3:
      case 4:
        if (!conn.session) break;
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
        return;
    }
    conn.ws.close(4003, 'Not authenticated.');
  }

  private onIdentify(conn: Conn, d: Json): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    if (this.opts.token && d.token !== this.opts.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    const [shardId, shardCount] = shard;
    if (!(shardCount >= 1) || !(shardId >= 0) || shardId >= shardCount) {
      conn.ws.close(4010, 'Invalid shard.');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      seq: 0,
      log: [],
      conn,
      token: String(d.token ?? ''),
      intents: Number(d.intents ?? 0),
      invalid: false,
    };
    conn.session = session;
    this.sessions.set(session.id, session);
    this.currentSession.set(shardId, session);
    const guilds = this.guilds.filter((g) => shardForGuild(g.id, shardCount) === shardId);
    this.sendDispatch(session, 'READY', {
      v: 10,
      user: this.botUser,
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      guild_join_requests: [],
      presences: [],
      private_channels: [],
      relationships: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: this.opts.applicationFlags ?? 0 },
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    for (const g of guilds) this.sendDispatch(session, 'GUILD_CREATE', g);
    this.identifyLog.push({
      shard,
      shardId,
      shardCount,
      intents: session.intents,
      token: session.token,
      sessionId: session.id,
      properties: d.properties ?? {},
      compress: Boolean(d.compress),
      raw: d,
      at: Date.now(),
    });
  }

  private onResume(conn: Conn, d: Json): void {
    const session = this.sessions.get(String(d.session_id));
    const seq = typeof d.seq === 'number' ? d.seq : null;
    const tokenOk = !this.opts.token || d.token === this.opts.token;
    if (!session || session.invalid || !tokenOk || (session.token && d.token !== session.token)) {
      this.resumeLog.push({ sessionId: String(d.session_id), seq, shardId: session?.shardId ?? null, ok: false, replayed: 0, at: Date.now() });
      this.sendFrame(conn, { op: 9, d: false });
      return;
    }
    if (session.conn && session.conn !== conn && session.conn.ws.readyState === WebSocket.OPEN) {
      session.conn.ws.close(4000, 'Session resumed elsewhere');
    }
    session.conn = conn;
    conn.session = session;
    this.currentSession.set(session.shardId, session);
    const missed = session.log.filter((f) => seq === null || f.s > seq);
    for (const f of missed) this.sendFrame(conn, f);
    this.sendDispatch(session, 'RESUMED', {});
    this.resumeLog.push({ sessionId: session.id, seq, shardId: session.shardId, ok: true, replayed: missed.length, at: Date.now() });
  }

  private onRequestMembers(session: Session, d: Json): void {
    const guildIds: string[] = Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id];
    for (const gid of guildIds) {
      const known = [...(this.knownMembers.get(gid)?.values() ?? [])];
      let members = known;
      let notFound: string[] = [];
      if (Array.isArray(d.user_ids) || typeof d.user_ids === 'string') {
        const ids: string[] = Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids];
        members = known.filter((m) => ids.includes(m.user.id));
        notFound = ids.filter((id) => !members.some((m) => m.user.id === id));
      } else if (typeof d.query === 'string' && d.query) {
        const q = d.query.toLowerCase();
        members = known.filter((m) => String(m.user.username).toLowerCase().startsWith(q));
      }
      if (d.limit) members = members.slice(0, d.limit);
      this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
        guild_id: gid,
        members: members.map(({ permissions: _p, ...m }) => m),
        chunk_index: 0,
        chunk_count: 1,
        not_found: notFound,
        ...(d.nonce ? { nonce: d.nonce } : {}),
      });
    }
  }

  private currentShardCount(): number {
    for (const s of this.currentSession.values()) return s.shardCount;
    return this.opts.shards;
  }

  private botMember(): Json {
    const { permissions: _p, ...m } = buildMember({ user: this.botUser, roles: [] });
    return m;
  }

  private rememberMember(guildId: string, m: Json): void {
    if (!m?.user?.id) return;
    let map = this.knownMembers.get(guildId);
    if (!map) this.knownMembers.set(guildId, (map = new Map()));
    map.set(m.user.id, m);
  }

  private fillMember(m: Json, guild: Json | null): Json {
    const out = { ...m };
    if (!out.user) out.user = defaultUser();
    if (typeof out.permissions !== 'string') out.permissions = Permissions.Member;
    if (!Array.isArray(out.roles)) {
      // Assign the guild roles whose (non-zero) permissions are covered by the member's permissions.
      const perms = BigInt(out.permissions);
      out.roles = (guild?.roles ?? [])
        .filter((r: Json) => r.id !== guild?.id)
        .filter((r: Json) => {
          const rp = BigInt(r.permissions);
          return rp !== 0n && (rp & perms) === rp;
        })
        .map((r: Json) => r.id);
    }
    return out;
  }

  private registerInteraction(d: Json): void {
    if (typeof d.id !== 'string' || typeof d.token !== 'string') return;
    if (d.message?.id && !this.store.has(d.message.id)) this.store.set(d.message.id, d.message);
    const st: InteractionState = {
      id: d.id,
      token: d.token,
      type: Number(d.type),
      channelId: d.channel?.id ?? d.channel_id ?? null,
      guildId: d.guild_id ?? null,
      user: d.member?.user ?? d.user ?? null,
      dispatchedAt: Date.now(),
      acked: false,
      callbackType: null,
      originalMessageId: null,
      componentMessageId: d.message?.id ?? null,
      messageIds: [],
    };
    this.interactions.set(st.id, st);
    this.interactionsByToken.set(st.token, st);
  }

  // ================================================================ REST

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const { body, files } = await parseBody(raw, headers['content-type']);
      const method = (req.method ?? 'GET').toUpperCase();
      const m = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname);
      // discord.js percent-encodes segments such as `@original`; record them decoded.
      const path = (m ? m[1] : url.pathname).split('/').map(safeDecode).join('/');
      const record: RecordedRequest = {
        method,
        path,
        route: `${method} ${path}`,
        query: Object.fromEntries(url.searchParams),
        body,
        headers,
        files,
        at,
        status: 0,
        injected: false,
        response: undefined,
      };
      let reply: Reply;
      if (!m) {
        reply = discordError(404, 0, '404: Not Found');
      } else {
        const injected = this.takeFault(record) ?? this.checkGlobalLimit(record);
        if (injected) {
          record.injected = true;
          reply = injected;
        } else {
          reply = this.checkAuth(record) ?? (await this.route(record));
        }
      }
      if (this.opts.restLatencyMs > 0) await sleep(this.opts.restLatencyMs);
      record.status = reply.status;
      record.response = reply.body;
      this.write(res, record, reply);
      this.requestLog.push(record);
    } catch (e) {
      // A bug in the fake — make it loud.
      console.error('[fake-discord] handler error', e);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake-discord error: ${(e as Error).message}`, code: 0 }));
      }
    }
  }

  private write(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    const bucket = bucketRoute(record.method, record.path);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '10000',
      'x-ratelimit-remaining': '9999',
      'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': '1.000',
      'x-ratelimit-bucket': bucketHash(bucket),
      ...reply.headers,
    };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  private takeFault(r: RecordedRequest): Reply | null {
    const i = this.faults.findIndex((f) => f.pred(r));
    if (i === -1) return null;
    const f = this.faults[i];
    if (--f.remaining <= 0) this.faults.splice(i, 1);
    if (f.status === 429) {
      this.stats.rateLimited++;
      return this.rateLimitReply(f.retryAfter ?? 1, f.global ?? false, r, f);
    }
    const def = defaultErrorBody(f.status, r.path);
    return {
      status: f.status,
      body: f.body ?? { message: f.message ?? def.message, code: f.code ?? def.code },
      headers: f.headers,
    };
  }

  private rateLimitReply(retryAfter: number, global: boolean, r: RecordedRequest, f?: FailNextOptions): Reply {
    const ra = Math.max(0, retryAfter);
    const headers: Record<string, string> = {
      'retry-after': String(ra),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global
        ? { 'x-ratelimit-global': 'true' }
        : {
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': ((Date.now() + ra * 1000) / 1000).toFixed(3),
            'x-ratelimit-reset-after': ra.toFixed(3),
            'x-ratelimit-bucket': bucketHash(bucketRoute(r.method, r.path)),
          }),
      ...f?.headers,
    };
    return {
      status: 429,
      headers,
      body: f?.body ?? { message: f?.message ?? 'You are being rate limited.', retry_after: ra, global, ...(f?.code ? { code: f.code } : {}) },
    };
  }

  private checkGlobalLimit(r: RecordedRequest): Reply | null {
    const lim = this.opts.globalRateLimit;
    if (!lim) return null;
    if (r.path.startsWith('/interactions/') || r.path.startsWith('/webhooks/')) return null;
    const now = Date.now();
    if (lim.window === 'fixed') {
      if (now >= this.fixedWindow.start + 1000) this.fixedWindow = { start: now, count: 0 };
      if (this.fixedWindow.count >= lim.perSecond) {
        this.stats.rateLimited++;
        const retryAfter = Math.max(0.001, (this.fixedWindow.start + 1000 - now) / 1000);
        return this.rateLimitReply(Number(retryAfter.toFixed(3)), true, r);
      }
      this.fixedWindow.count++;
      return null;
    }
    while (this.limiterWindow.length && this.limiterWindow[0] <= now - 1000) this.limiterWindow.shift();
    if (this.limiterWindow.length >= lim.perSecond) {
      this.stats.rateLimited++;
      const retryAfter = Math.max(0.001, (this.limiterWindow[0] + 1000 - now) / 1000);
      return this.rateLimitReply(Number(retryAfter.toFixed(3)), true, r);
    }
    this.limiterWindow.push(now);
    return null;
  }

  private checkAuth(r: RecordedRequest): Reply | null {
    if (!this.opts.token) return null;
    if (r.path.startsWith('/interactions/') || r.path.startsWith('/webhooks/')) return null;
    if (r.headers.authorization !== `Bot ${this.opts.token}`) return discordError(401, 0, '401: Unauthorized');
    return null;
  }

  private async route(r: RecordedRequest): Promise<Reply> {
    for (const [method, re, handler] of this.routes) {
      if (method !== r.method) continue;
      const m = re.exec(r.path);
      if (m) return handler(r, m.slice(1));
    }
    return discordError(404, 0, 'Unknown');
  }

  private buildRoutes(): [string, RegExp, (req: RecordedRequest, p: string[]) => Reply | Promise<Reply>][] {
    const S = '([^/]+)';
    const r = (s: string) => new RegExp(`^${s.replaceAll(':p', S)}$`);
    return [
      ['GET', r('/gateway/bot'), () =>
        json({
          url: this.gatewayUrl,
          shards: this.opts.shards,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.opts.maxConcurrency },
        })],
      ['GET', r('/gateway'), () => json({ url: this.gatewayUrl })],
      ['GET', r('/users/@me'), () => json(this.botUser)],
      ['GET', r('/users/:p'), (_q, [id]) => json(this.findUser(id) ?? makeUser({ id }))],
      ['POST', r('/users/@me/channels'), (q) =>
        json({ id: snowflake(), type: 1, last_message_id: null, flags: 0, recipients: [this.findUser(q.body?.recipient_id) ?? makeUser({ id: q.body?.recipient_id })] })],
      ['GET', r('/applications/@me'), () => json(this.application())],
      ['GET', r('/applications/:p/commands'), (_q, [app]) => this.checkApp(app) ?? json(this.globalCommands)],
      ['PUT', r('/applications/:p/commands'), (q, [app]) => this.checkApp(app) ?? this.putCommands(q, this.globalCommands)],
      ['POST', r('/applications/:p/commands'), (q, [app]) => this.checkApp(app) ?? this.postCommand(q, this.globalCommands)],
      ['GET', r('/applications/:p/guilds/:p/commands'), (_q, [app, g]) => this.checkApp(app) ?? json(this.guildCommands[g] ?? [])],
      ['PUT', r('/applications/:p/guilds/:p/commands'), (q, [app, g]) =>
        this.checkApp(app) ?? this.putCommands(q, (this.guildCommands[g] ??= []), g)],
      ['POST', r('/applications/:p/guilds/:p/commands'), (q, [app, g]) =>
        this.checkApp(app) ?? this.postCommand(q, (this.guildCommands[g] ??= []), g)],
      ['GET', r('/channels/:p'), (_q, [id]) => json(this.findChannel(id) ?? makeTextChannel(this.guilds[0].id, { id, name: `channel-${id.slice(-4)}` }))],
      ['GET', r('/channels/:p/messages'), (q, [cid]) => {
        const limit = Math.min(100, Number(q.query.limit ?? 50));
        return json(this.messages.filter((m) => m.channel_id === cid).slice(-limit).reverse());
      }],
      ['POST', r('/channels/:p/messages'), (q, [cid]) => this.createChannelMessage(q, cid)],
      ['GET', r('/channels/:p/messages/:p'), (_q, [cid, mid]) => {
        const msg = this.store.get(mid);
        return msg && msg.channel_id === cid ? json(msg) : discordError(404, 10008, 'Unknown Message');
      }],
      ['PATCH', r('/channels/:p/messages/:p'), (q, [cid, mid]) => {
        const msg = this.store.get(mid);
        if (!msg || msg.channel_id !== cid) return discordError(404, 10008, 'Unknown Message');
        return this.editMessage(msg, q);
      }],
      ['DELETE', r('/channels/:p/messages/:p'), (_q, [cid, mid]) => {
        const msg = this.store.get(mid);
        if (!msg || msg.channel_id !== cid) return discordError(404, 10008, 'Unknown Message');
        this.deleteMessage(mid);
        return noContent();
      }],
      ['POST', r('/channels/:p/typing'), () => noContent()],
      ['PUT', r('/channels/:p/messages/:p/reactions/:p/@me'), () => noContent()],
      ['DELETE', r('/channels/:p/messages/:p/reactions/:p/@me'), () => noContent()],
      ['GET', r('/guilds/:p'), (_q, [id]) => json(this.restGuild(this.guilds.find((g) => g.id === id) ?? makeGuild({ id })))],
      ['GET', r('/guilds/:p/channels'), (_q, [id]) => json(this.guilds.find((g) => g.id === id)?.channels ?? [])],
      ['GET', r('/guilds/:p/roles'), (_q, [id]) => json(this.guilds.find((g) => g.id === id)?.roles ?? [])],
      ['GET', r('/guilds/:p/members/:p'), (_q, [gid, uid]) => {
        const known = this.knownMembers.get(gid)?.get(uid);
        if (known) {
          const { permissions: _p, ...m } = known;
          return json(m);
        }
        const { permissions: _p, ...m } = buildMember({ user: uid === this.botUser.id ? this.botUser : uid, roles: [] });
        return json(m);
      }],
      ['POST', r('/interactions/:p/:p/callback'), (q, [id, token]) => this.interactionCallback(q, id, token)],
      ['POST', r('/webhooks/:p/:p'), (q, [app, token]) => this.followup(q, app, token)],
      ['GET', r('/webhooks/:p/:p/messages/:p'), (_q, [app, token, mid]) => {
        const found = this.webhookMessage(app, token, mid);
        return 'status' in found ? found : json(found.msg);
      }],
      ['PATCH', r('/webhooks/:p/:p/messages/:p'), (q, [app, token, mid]) => {
        const found = this.webhookMessage(app, token, mid);
        return 'status' in found ? found : this.editMessage(found.msg, q);
      }],
      ['DELETE', r('/webhooks/:p/:p/messages/:p'), (_q, [app, token, mid]) => {
        const found = this.webhookMessage(app, token, mid);
        if ('status' in found) return found;
        this.deleteMessage(found.msg.id);
        return noContent();
      }],
    ];
  }

  // ------------------------------------------------------------ REST handlers

  private application(): Json {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: this.opts.applicationFlags ?? 0,
      owner: makeUser({ id: '100000000000000003', username: 'owner' }),
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  private restGuild(g: Json): Json {
    const {
      joined_at: _a, large: _b, unavailable: _c, member_count: _d, voice_states: _e, members: _f, channels: _g,
      threads: _h, presences: _i, stage_instances: _j, guild_scheduled_events: _k, soundboard_sounds: _l, ...rest
    } = g;
    return rest;
  }

  private findUser(id: unknown): Json | undefined {
    if (typeof id !== 'string') return undefined;
    if (id === this.botUser.id) return this.botUser;
    for (const map of this.knownMembers.values()) {
      const m = map.get(id);
      if (m) return m.user;
    }
    return undefined;
  }

  private findChannel(id: string): Json | undefined {
    for (const g of this.guilds) {
      const c = g.channels.find((ch: Json) => ch.id === id);
      if (c) return c;
    }
    return undefined;
  }

  private checkApp(appId: string): Reply | null {
    return appId === this.applicationId
      ? null
      : discordError(403, 20012, 'You are not authorized to perform this action on this application');
  }

  private commandObject(cmd: Json, existing: Json[], guildId?: string): Json {
    const type = cmd.type ?? 1;
    const prev = existing.find((c) => c.name === cmd.name && c.type === type);
    return {
      id: prev?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      type,
      name: cmd.name,
      name_localizations: null,
      description: cmd.description ?? '',
      description_localizations: null,
      dm_permission: true,
      contexts: null,
      integration_types: [0],
      nsfw: false,
      ...cmd,
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }

  private putCommands(q: RecordedRequest, target: Json[], guildId?: string): Reply {
    const cmds = Array.isArray(q.body) ? (q.body as Json[]) : [];
    if (this.opts.enforceLimits) {
      const v = cmds.flatMap((c, i) => commandViolations(c).map((s) => `[${i}] ${s}`));
      if (cmds.length > 100) v.push(`${cmds.length} commands (max 100)`);
      if (v.length) return invalidFormBody(v);
    }
    const next = cmds.map((c) => this.commandObject(c, target, guildId));
    target.length = 0;
    target.push(...next);
    return json(next);
  }

  private postCommand(q: RecordedRequest, target: Json[], guildId?: string): Reply {
    const cmd = q.body ?? {};
    if (this.opts.enforceLimits) {
      const v = commandViolations(cmd);
      if (v.length) return invalidFormBody(v);
    }
    const obj = this.commandObject(cmd, target, guildId);
    const i = target.findIndex((c) => c.id === obj.id);
    if (i >= 0) target[i] = obj;
    else target.push(obj);
    return json(obj, i >= 0 ? 200 : 201);
  }

  private validateMessage(body: Json, files: RecordedFile[], requireNonEmpty: boolean): Reply | null {
    if (requireNonEmpty && isEmptyMessage(body, files)) return discordError(400, 50006, 'Cannot send an empty message');
    if (!this.opts.enforceLimits) return null;
    const v = messageViolations(body, { requireAllowedMentions: false });
    return v.length ? invalidFormBody(v) : null;
  }

  private attachmentsFrom(body: Json, files: RecordedFile[]): Json[] {
    return files.map((f, i) => {
      const meta = Array.isArray(body.attachments) ? body.attachments.find((a: Json) => String(a.id) === String(i)) : undefined;
      const id = snowflake();
      const name = meta?.filename ?? f.name;
      return {
        id,
        filename: name,
        size: f.size,
        content_type: f.contentType,
        url: `https://cdn.discordapp.com/attachments/0/${id}/${name}`,
        proxy_url: `https://media.discordapp.net/attachments/0/${id}/${name}`,
        ...(meta?.description ? { description: meta.description } : {}),
      };
    });
  }

  private newMessage(channelId: string, body: Json, files: RecordedFile[], extra: Json = {}): Json {
    const msg = makeMessage({
      channel_id: channelId,
      author: this.botUser,
      content: body.content ?? '',
      embeds: (body.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e })),
      components: body.components ?? [],
      attachments: this.attachmentsFrom(body, files),
      tts: Boolean(body.tts),
      flags: (body.flags ?? 0) & ~MESSAGE_LOADING,
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(body.message_reference ? { message_reference: body.message_reference, type: 19 } : {}),
      ...(body.poll ? { poll: body.poll } : {}),
      ...extra,
    });
    this.store.set(msg.id, msg);
    return msg;
  }

  private createChannelMessage(q: RecordedRequest, channelId: string): Reply {
    const body = q.body ?? {};
    const invalid = this.validateMessage(body, q.files, true);
    if (invalid) return invalid;
    const nonceKey = body.nonce !== undefined && body.nonce !== null ? `${channelId}:${body.nonce}` : null;
    if (nonceKey && body.enforce_nonce === true) {
      const existing = this.nonces.get(nonceKey);
      const msg = existing ? this.store.get(existing) : undefined;
      if (msg) return json(msg);
    }
    const msg = this.newMessage(channelId, body, q.files);
    if (nonceKey) this.nonces.set(nonceKey, msg.id);
    this.messages.push(msg);
    const ch = this.findChannel(channelId);
    if (ch) ch.last_message_id = msg.id;
    return json(msg);
  }

  private editMessage(msg: Json, q: RecordedRequest): Reply {
    const body = q.body ?? {};
    if (this.opts.enforceLimits) {
      const v = messageViolations(body, { requireAllowedMentions: false });
      if (v.length) return invalidFormBody(v);
    }
    if ('content' in body) msg.content = body.content ?? '';
    if ('embeds' in body) msg.embeds = (body.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e }));
    if ('components' in body) msg.components = body.components ?? [];
    if ('flags' in body && typeof body.flags === 'number') msg.flags = (msg.flags & EPHEMERAL) | (body.flags & ~MESSAGE_LOADING);
    if ('attachments' in body || q.files.length) {
      const kept = Array.isArray(body.attachments)
        ? msg.attachments.filter((a: Json) => body.attachments.some((b: Json) => String(b.id) === String(a.id)))
        : msg.attachments;
      msg.attachments = [...kept, ...this.attachmentsFrom(body, q.files)];
    }
    const wasLoading = (msg.flags & MESSAGE_LOADING) !== 0;
    msg.flags &= ~MESSAGE_LOADING;
    if (!wasLoading) msg.edited_timestamp = new Date().toISOString();
    return json(msg);
  }

  private deleteMessage(id: string): void {
    this.store.delete(id);
    for (const list of [this.messages, this.interactionMessages]) {
      const i = list.findIndex((m) => m.id === id);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private interactionState(id: string, token: string): InteractionState | null {
    const st = this.interactions.get(id);
    if (st && st.token === token) return st;
    if (this.opts.strictInteractions) return null;
    const adHoc: InteractionState = {
      id, token, type: 2, channelId: this.defaultChannel.id, guildId: this.defaultGuild.id, user: defaultUser(),
      dispatchedAt: Date.now(), acked: false, callbackType: null, originalMessageId: null, componentMessageId: null, messageIds: [],
    };
    this.interactions.set(id, adHoc);
    this.interactionsByToken.set(token, adHoc);
    return adHoc;
  }

  private interactionMessage(st: InteractionState, body: Json, files: RecordedFile[], loading: boolean): Json {
    const msg = this.newMessage(st.channelId ?? '0', body, files, {
      type: st.type === 2 ? 20 : 0,
      application_id: this.applicationId,
      webhook_id: this.applicationId,
      flags: ((body.flags ?? 0) & ~MESSAGE_LOADING) | (loading ? MESSAGE_LOADING : 0),
      interaction_metadata: {
        id: st.id,
        type: st.type,
        user: st.user,
        authorizing_integration_owners: st.guildId ? { '0': st.guildId } : {},
      },
    });
    st.messageIds.push(msg.id);
    this.interactionMessages.push(msg);
    return msg;
  }

  private interactionCallback(q: RecordedRequest, id: string, token: string): Reply {
    const st = this.interactionState(id, token);
    if (!st) return discordError(404, 10062, 'Unknown interaction');
    const deadline = this.opts.interactionAckDeadlineMs;
    if (deadline !== undefined && q.at - st.dispatchedAt > deadline) return discordError(404, 10062, 'Unknown interaction');
    if (st.acked && this.opts.strictInteractions) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    const body = q.body ?? {};
    const type = Number(body.type);
    const data: Json | null = body.data ?? null;
    let message: Json | null = null;
    switch (type) {
      case CallbackType.ChannelMessageWithSource: {
        const invalid = this.validateMessage(data ?? {}, q.files, true);
        if (invalid) return invalid;
        message = this.interactionMessage(st, data ?? {}, q.files, false);
        st.originalMessageId = message.id;
        break;
      }
      case CallbackType.DeferredChannelMessageWithSource:
        message = this.interactionMessage(st, { flags: data?.flags ?? 0 }, [], true);
        st.originalMessageId = message.id;
        break;
      case CallbackType.DeferredUpdateMessage:
      case CallbackType.UpdateMessage: {
        if (st.componentMessageId === null) return discordError(400, 40004, 'Interaction type does not support this response type');
        const target = this.store.get(st.componentMessageId);
        if (type === CallbackType.UpdateMessage && target) {
          const res = this.editMessage(target, { ...q, body: data ?? {} });
          if (res.status >= 400) return res;
        }
        st.originalMessageId = st.componentMessageId;
        message = target ?? null;
        break;
      }
      case CallbackType.ApplicationCommandAutocompleteResult:
      case CallbackType.Modal:
        if (this.opts.enforceLimits) {
          const v = findLimitViolations(body, { requireAllowedMentions: false });
          if (v.length) return invalidFormBody(v);
        }
        break;
      case CallbackType.Pong:
      default:
        break;
    }
    st.acked = true;
    st.callbackType = type;
    this.callbacks.push({ interactionId: id, token, type, data, at: q.at });
    if (q.query.with_response === 'true') {
      return json({
        interaction: {
          id,
          type: st.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: message ? (message.flags & MESSAGE_LOADING) !== 0 : null,
          response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : null,
        },
        resource: {
          type,
          ...(message && (type === 4 || type === 5 || type === 7) ? { message } : {}),
        },
      });
    }
    return noContent();
  }

  private tokenState(app: string, token: string): InteractionState | Reply {
    const st = this.interactionsByToken.get(token);
    if (st && app === this.applicationId) return st;
    if (!this.opts.strictInteractions) {
      const adHoc = this.interactionState(snowflake(), token);
      if (adHoc) {
        adHoc.acked = true;
        return adHoc;
      }
    }
    return discordError(404, 10015, 'Unknown Webhook');
  }

  private followup(q: RecordedRequest, app: string, token: string): Reply {
    const st = this.tokenState(app, token);
    if ('status' in st) return st;
    const s = st as InteractionState;
    if (!s.acked && this.opts.strictInteractions) return discordError(404, 10015, 'Unknown Webhook');
    const body = q.body ?? {};
    const invalid = this.validateMessage(body, q.files, true);
    if (invalid) return invalid;
    const msg = this.interactionMessage(s, body, q.files, false);
    return q.query.wait === 'false' ? noContent() : json(msg);
  }

  private webhookMessage(app: string, token: string, mid: string): { msg: Json } | Reply {
    const st = this.tokenState(app, token);
    if ('status' in st) return st;
    const s = st as InteractionState;
    const id = mid === '@original' ? s.originalMessageId : mid;
    const allowed = id !== null && (id === s.originalMessageId || s.messageIds.includes(id));
    const msg = id !== null ? this.store.get(id) : undefined;
    if (!allowed || !msg) return discordError(404, 10008, 'Unknown Message');
    return { msg };
  }
}

// ================================================================ body parsing

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: Json | null; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': ct } }).formData();
    let body: Json | null = null;
    const extra: Json = {};
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        else extra[field] = value;
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, name: value.name, contentType: value.type, size: data.length, data });
      }
    }
    if (body === null && Object.keys(extra).length) body = extra;
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: null, files: [] };
  }
}

// ================================================================ entry point

/** Start a fake Discord on 127.0.0.1 with a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return new FakeDiscord(server, wss, port, options);
}
