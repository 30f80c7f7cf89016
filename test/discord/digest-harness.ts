/**
 * Helpers for the digest's end-to-end tests: a bot on the fake Discord whose digest runs on a manual
 * clock (the scheduler is driven by `tick(now)`, never by node-cron), a guild with briefing
 * channels, and readers for what reached the fake's channels.
 */
import { manualClock, type ManualClock, type SchedulerOptions } from '../../src/digest/index.ts';
import type { BotDigest, BotDigestOptions } from '../../src/discord/index.ts';
import { chatInput, manager, opt, sub, type FakeDiscord, type FakeDiscordOptions, type Json, type RecordedRequest } from '../fake-discord/index.ts';
import { send, startHarness, type Harness, type HarnessOptions } from './harness.ts';

export interface DigestHarness extends Harness {
  clock: ManualClock;
  digest: BotDigest;
  guildId: string;
  /** Ids of the guild's text channels, in order (`general`, then `briefing-1`, …). */
  channels: string[];
}

export interface DigestHarnessOptions extends Omit<HarnessOptions, 'digest' | 'fake'> {
  /** The manual clock's start. */
  at: string | Date;
  /** Extra channels in the fake guild (plain names, or full channel overrides). Default 2. */
  channels?: number | Json[];
  fake?: FakeDiscordOptions | FakeDiscord;
  scheduler?: Partial<Omit<SchedulerOptions, 'store' | 'transport' | 'buildDigest' | 'clock' | 'log'>>;
  digest?: Omit<BotDigestOptions, 'clock' | 'scheduler'>;
}

export async function startDigestHarness(o: DigestHarnessOptions): Promise<DigestHarness> {
  const { at, channels = 2, fake: fakeOpt, scheduler, digest, ...rest } = o;
  const clock = manualClock(at);
  const extra = typeof channels === 'number' ? Array.from({ length: channels }, (_, i) => ({ name: `briefing-${i + 1}` })) : channels;
  const fake = fakeOpt && 'restBase' in fakeOpt ? fakeOpt : { ...fakeOpt, guilds: fakeOpt?.guilds ?? [{ channels: [{ name: 'general' }, ...extra] }] };
  const h = await startHarness({
    ...rest,
    fake,
    digest: { clock, autoStart: false, watchSeeds: false, ...digest, scheduler: { instanceId: 'bot', backoffMs: (n) => 1000 * n, ...scheduler } },
  });
  const guild = h.fake.guilds[0];
  return { ...h, clock, digest: h.bot.digest, guildId: guild.id, channels: (guild.channels as Json[]).map((c) => c.id as string) };
}

/** `/digest <subcommand>` as a member with Manage Server (or `member`). */
export function digestCommand(subcommand: string, options: Json[] = [], member: Json = manager()): Json {
  return chatInput('digest', [sub(subcommand, options)], { member });
}

export function setOptions(channelId: string, o: { time: string; timezone: string; actors?: string; topics?: string; quiet?: 'skip' | 'note' }): Json[] {
  return [
    opt.channel('channel', channelId),
    opt.string('time', o.time),
    opt.string('timezone', o.timezone),
    ...(o.actors ? [opt.string('actors', o.actors)] : []),
    ...(o.topics ? [opt.string('topics', o.topics)] : []),
    ...(o.quiet ? [opt.string('quiet', o.quiet)] : []),
  ];
}

/** Run `/digest set` and return the (ephemeral) reply. */
export async function setDigest(fake: FakeDiscord, channelId: string, o: Parameters<typeof setOptions>[1], member?: Json) {
  return send(fake, digestCommand('set', setOptions(channelId, o), member));
}

/** Every `POST /channels/{id}/messages` the bot made (each attempt, failed ones too), in order. */
export function channelPosts(fake: FakeDiscord, channelId?: string): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && (!channelId || r.path === `/channels/${channelId}/messages`));
}

/** The messages that exist in a channel of the fake (what its members see). */
export function channelMessages(fake: FakeDiscord, channelId: string): Json[] {
  return fake.messages.filter((m) => m.channel_id === channelId);
}

/** Every message's embeds' visible text, one string per message. */
export function messageText(m: Json): string {
  return ((m.embeds ?? []) as Json[])
    .map((e) => [e.title, e.description, ...((e.fields ?? []) as Json[]).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))
    .join('\n');
}

const MINUTE = 60_000;

/**
 * Tick the scheduler at every whole minute from `from` to `to` (inclusive), as node-cron would, and
 * return what each tick did (ticks that did nothing are left out).
 */
export async function tickEveryMinute(h: Pick<DigestHarness, 'clock' | 'digest'>, from: string, to: string) {
  const done: { at: string; outcomes: Awaited<ReturnType<NonNullable<BotDigest['scheduler']>['tick']>>['outcomes'] }[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += MINUTE) {
    h.clock.set(t);
    const r = await h.digest.scheduler!.tick(new Date(t));
    if (r.outcomes.length) done.push({ at: new Date(t).toISOString(), outcomes: r.outcomes });
  }
  return done;
}
