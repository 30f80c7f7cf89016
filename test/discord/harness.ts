/**
 * End-to-end harness for the Parley bot: a fake Discord, a real discord.js Client built by
 * `createBot`, and a real SQLite file in a temp dir holding the bundled seeds.
 *
 * The seeds are ingested once per test file into a template database; every bot gets its own copy.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { createApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createBot, type Bot, type BotOptions } from '../../src/discord/index.ts';
import {
  assertAllOutgoingWithinLimits,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
  type Json,
  type RecordedRequest,
  type SentInteraction,
} from '../fake-discord/index.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SEEDS_DIR = join(ROOT, 'seeds');
export const FAKE_TOKEN = 'fake-token-for-parley-tests-0123456789';

const tmpDirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
let template: string | undefined;

export function tmpDir(prefix = 'parley-discord-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}

/** A database file with the seeds ingested (a copy of a per-file template). */
export function seededDbPath(): string {
  if (!template) {
    const dir = tmpDir('parley-template-');
    template = join(dir, 'template.db');
    const app = createApp({ DATABASE_PATH: template, SEEDS_DIR });
    app.syncSeeds();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    app.close();
  }
  const path = join(tmpDir(), 'parley.db');
  copyFileSync(template, path);
  return path;
}

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

afterEach(async () => {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch {
      /* keep cleaning */
    }
  }
});

afterAll(() => {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function testConfig(env: Record<string, string | undefined>): Config {
  return loadConfig(
    {
      DISCORD_TOKEN: FAKE_TOKEN,
      SEEDS_DIR,
      LOG_LEVEL: 'debug',
      COOLDOWN_SECONDS: '0',
      RESCAN_MINUTES: '0',
      ...env,
    },
    '/nonexistent/.env',
  );
}

export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', (l) => lines.push(l)), lines };
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  config: Config;
  logs: string[];
}

export interface HarnessOptions extends BotOptions {
  fake?: FakeDiscordOptions | FakeDiscord;
  env?: Record<string, string | undefined>;
  dbPath?: string;
}

/** Start a fake Discord (or reuse one) and a Parley bot logged in to it. Cleaned up after each test. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { fake: fakeOpt, env, dbPath, ...botOptions } = options;
  let fake: FakeDiscord;
  if (fakeOpt && 'restBase' in fakeOpt) fake = fakeOpt;
  else {
    fake = await startFakeDiscord(fakeOpt);
    onCleanup(() => fake.close());
  }
  const config = testConfig({ DISCORD_API_BASE: fake.restBase, DATABASE_PATH: dbPath ?? seededDbPath(), ...env });
  const { log, lines } = captureLogger();
  const bot = createBot(config, log, { syncSeeds: false, ...botOptions });
  onCleanup(() => bot.stop());
  await bot.start();
  return { fake, bot, config, logs: lines };
}

// ------------------------------------------------------------------ reading what the bot sent

const isOk = (r: RecordedRequest) => r.status >= 200 && r.status < 300;

/** Everything the bot sent for one interaction (callback, edits of @original, followups), in order. */
export function requestsFor(fake: FakeDiscord, sent: SentInteraction): RecordedRequest[] {
  return fake.requests.filter(
    (r) =>
      r.path === `/interactions/${sent.id}/${sent.token}/callback` ||
      r.path.startsWith(`/webhooks/${fake.applicationId}/${sent.token}`),
  );
}

export interface Landed {
  /** How it arrived: the callback type (4 reply, 7 update, 8 autocomplete), or 'edit' / 'followup'. */
  via: number | 'edit' | 'followup';
  request: RecordedRequest;
  /** The message payload (callback `data`, or the webhook body). */
  data: Json;
}

function landedFrom(fake: FakeDiscord, sent: SentInteraction, r: RecordedRequest): Landed | null {
  if (!isOk(r) || !r.body) return null;
  if (r.path === `/interactions/${sent.id}/${sent.token}/callback`) {
    const type = r.body.type as number;
    if (type === 5 || type === 6) return null;
    return { via: type, request: r, data: (r.body.data ?? {}) as Json };
  }
  if (r.method === 'PATCH' && r.path.startsWith(`/webhooks/${fake.applicationId}/${sent.token}/messages/`)) return { via: 'edit', request: r, data: r.body };
  if (r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${sent.token}`) return { via: 'followup', request: r, data: r.body };
  return null;
}

/** Wait until `count` message payloads for this interaction landed (2xx), and return them. */
export async function waitForMessages(fake: FakeDiscord, sent: SentInteraction, count = 1, timeoutMs = 8000): Promise<Landed[]> {
  const start = Date.now();
  for (;;) {
    const landed = requestsFor(fake, sent)
      .map((r) => landedFrom(fake, sent, r))
      .filter((x): x is Landed => x !== null);
    if (landed.length >= count) return landed;
    if (Date.now() - start > timeoutMs) {
      const seen = requestsFor(fake, sent).map((r) => `${r.status} ${r.route} ${JSON.stringify(r.body).slice(0, 200)}`);
      throw new Error(`waited ${timeoutMs} ms for ${count} message(s); got:\n  ${seen.join('\n  ') || '(nothing)'}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Send an interaction and return the first message that lands for it. */
export async function send(fake: FakeDiscord, payload: Json): Promise<Landed & { sent: SentInteraction }> {
  const sent = fake.sendInteraction(payload);
  const [first] = await waitForMessages(fake, sent);
  return { ...first, sent };
}

export function embedsOf(data: Json): APIEmbed[] {
  return (data.embeds ?? []) as APIEmbed[];
}

/** All visible text of a message's embeds. */
export function embedText(data: Json): string {
  return embedsOf(data)
    .map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))
    .join('\n');
}

export function buttonsOf(data: Json): Json[] {
  return ((data.components ?? []) as Json[]).flatMap((row) => (row.components ?? []) as Json[]);
}

export const EPHEMERAL = 64;
export const isEphemeral = (data: Json): boolean => ((data.flags ?? 0) & EPHEMERAL) === EPHEMERAL;

/** Every payload the bot sent respects Discord's limits and never pings. */
export function expectAllWithinLimits(fake: FakeDiscord): void {
  expect(() => assertAllOutgoingWithinLimits(fake)).not.toThrow();
}

export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('until(): condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
