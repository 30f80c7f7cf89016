import { z } from 'zod';
import { digest, splitDigest, type Answer, type DigestAnswer } from '../briefing/index.ts';
import { TOPICS } from '../nlp/index.ts';
import { resolveActor } from '../search/index.ts';
import type { DeliveryRow, ScheduleRow, ScheduleStore, Store } from '../store/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { BuildDigest, SplitDigest } from './delivery.ts';
import { formatLocal, nextRun, normalizeTimeZone, parseTime } from './time.ts';

/**
 * What the `/digest` subcommands call. Transport-neutral: inputs are plain strings (Discord option
 * values, console arguments), results carry a user-facing `message` or an `Answer` to render, and
 * bad input comes back as `{ ok: false, error }` with a polite sentence, never as an exception.
 * Permission (Manage Server) is the caller's check.
 */

/** The reads a digest needs, from the article store and the schedule store. */
export function digestBuilder(store: Store, schedules: ScheduleStore): BuildDigest {
  const source = {
    articlesSince: store.articlesSince,
    quotesByArticles: store.quotesByArticles,
    positionsByArticles: store.positionsByArticles,
    figuresByArticles: store.figuresByArticles,
    articleLeads: schedules.articleLeads,
  };
  return (s, w) => digest(source, { since: w.since, until: w.until, actors: s.actors, topics: s.topics, period: w.period, timezone: s.timezone });
}

export const MAX_SCHEDULES_PER_GUILD = 10;

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id');
const nameList = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (typeof v === 'string' ? v.split(/[,;\n]/) : (v ?? [])).map((x) => x.trim()).filter(Boolean));

export const DigestSetSchema = z.object({
  guildId: snowflake,
  channelId: snowflake,
  time: z.string().max(16),
  timezone: z.string().max(64),
  actors: nameList,
  topics: nameList,
  /** 'skip' (default) or true: skip a day with nothing new; 'note' or false: post a one-line note. */
  quiet: z.union([z.boolean(), z.enum(['skip', 'note'])]).nullish(),
  createdBy: z.string().max(32).nullish(),
});
export type DigestSetInput = z.input<typeof DigestSetSchema>;

export type SetResult =
  | { ok: true; schedule: ScheduleRow; nextRun: { at: string; local: string }; message: string }
  | { ok: false; error: string };

export interface ScheduleStatus {
  schedule: ScheduleRow;
  /** Null while paused. */
  nextRun: { period: string; at: string; local: string } | null;
  last: (DeliveryRow & { local: string }) | null;
}

export interface StatusResult {
  schedules: ScheduleStatus[];
  /** The same, as lines to show (uncited `info` lines: they are about Parley, not the news). */
  answer: Answer;
}

export interface PreviewResult {
  schedule: ScheduleRow | null;
  /** The whole digest, and the same split into the messages the scheduler would post. */
  answer: DigestAnswer;
  parts: DigestAnswer[];
}

export interface DigestServiceDeps {
  store: Store;
  schedules: ScheduleStore;
  clock?: Clock;
  buildDigest?: BuildDigest;
  /** The same splitter the scheduler uses, so a preview shows the messages that would be posted. */
  split?: SplitDigest;
}

const echo = (s: string) => {
  const clean = s.replace(/[\p{C}]/gu, '').replace(/\s+/g, ' ').trim();
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
};

const OUTCOME_WORDS: Record<string, string> = {
  claimed: 'being sent',
  retried: 'being retried',
  sent: 'sent',
  failed: 'FAILED',
  'skipped-empty': 'skipped (nothing new)',
  missed: 'MISSED',
  paused: 'not sent: schedule paused',
};

export function createDigestService(deps: DigestServiceDeps) {
  const { store, schedules } = deps;
  const clock = deps.clock ?? systemClock;
  const build = deps.buildDigest ?? digestBuilder(store, schedules);
  const split = deps.split ?? ((a: DigestAnswer) => splitDigest(a));

  function resolveActors(names: string[]): { ok: true; actors: string[] } | { ok: false; error: string } {
    const out: string[] = [];
    for (const typed of names) {
      const r = resolveActor(store, typed);
      if (r.kind === 'unknown') {
        const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.slice(0, 3).map((a) => a.name).join(', ')}?` : '';
        return { ok: false, error: `I don't know an actor called “${echo(typed)}”.${hint}` };
      }
      if (!out.includes(r.actor.name)) out.push(r.actor.name);
    }
    return { ok: true, actors: out };
  }

  return {
    /** `/digest set`: create or replace the channel's schedule (resumes a paused one). */
    set(input: DigestSetInput): SetResult {
      const parsed = DigestSetSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: `Invalid ${issue.path.join('.') || 'input'}: ${issue.message}.` };
      }
      const v = parsed.data;
      const time = parseTime(v.time);
      if (!time) return { ok: false, error: `“${echo(v.time)}” is not a time. Use HH:MM on a 24-hour clock, for example 08:00 or 18:30.` };
      const timezone = normalizeTimeZone(v.timezone);
      if (!timezone) {
        return { ok: false, error: `“${echo(v.timezone)}” is not an IANA time zone. Use a name like Europe/Kyiv, Europe/London or America/New_York.` };
      }
      const actors = resolveActors(v.actors.slice(0, 10));
      if (!actors.ok) return actors;
      const topics = [...new Set(v.topics.map((t) => t.toLowerCase()))];
      const unknownTopic = topics.find((t) => !(TOPICS as readonly string[]).includes(t));
      if (unknownTopic) return { ok: false, error: `“${echo(unknownTopic)}” is not a topic I track. Topics: ${TOPICS.join(', ')}.` };
      if (!schedules.scheduleFor(v.guildId, v.channelId) && schedules.scheduleCount(v.guildId) >= MAX_SCHEDULES_PER_GUILD) {
        return { ok: false, error: `This server already has ${MAX_SCHEDULES_PER_GUILD} daily briefings; turn one off first with /digest off.` };
      }
      const quiet = v.quiet === undefined || v.quiet === null || v.quiet === true || v.quiet === 'skip';
      const now = clock.now();
      const schedule = schedules.upsertSchedule(
        { guildId: v.guildId, channelId: v.channelId, time: time.text, timezone, actors: actors.actors.length ? actors.actors : null, topics: topics.length ? topics : null, quiet, createdBy: v.createdBy ?? null },
        now.toISOString(),
      );
      const next = nextRun(Math.max(now.getTime(), Date.parse(schedule.activeFrom)), schedule);
      const local = formatLocal(next.at, timezone);
      const scope = [schedule.actors && `about ${schedule.actors.join(', ')}`, schedule.topics && `on ${schedule.topics.join(', ')}`].filter(Boolean).join(' ');
      const message =
        `Daily briefing set for <#${schedule.channelId}> at ${time.text} ${timezone}${scope ? `, ${scope}` : ''}. ` +
        `First one: ${local}. ${quiet ? 'Days with nothing new are skipped.' : 'Days with nothing new get a one-line note.'}`;
      return { ok: true, schedule, nextRun: { at: next.at.toISOString(), local }, message };
    },

    /** `/digest off`: remove the channel's schedule, or every schedule of the server. */
    off(guildId: string, channelId?: string | null): { removed: number; message: string } {
      const removed = schedules.removeSchedules(guildId, channelId ?? undefined);
      const message = removed
        ? channelId
          ? `The daily briefing for <#${channelId}> is off.`
          : `${removed === 1 ? 'The daily briefing is' : `All ${removed} daily briefings are`} off.`
        : channelId
          ? `There is no daily briefing for <#${channelId}>.`
          : 'This server has no daily briefing.';
      return { removed, message };
    },

    /** `/digest preview`: what the (first, or the channel's) schedule would post now. */
    async preview(guildId: string, channelId?: string | null): Promise<PreviewResult> {
      const now = clock.now();
      const all = schedules.schedulesOf(guildId);
      const schedule = (channelId ? all.find((s) => s.channelId === channelId) : all[0]) ?? null;
      let answer: DigestAnswer;
      if (schedule) {
        const { period } = nextRun(now, schedule);
        const covered = schedules.lastCovered(schedule.id, period);
        const since = covered ?? new Date(now.getTime() - 24 * 3_600_000).toISOString();
        answer = await build(schedule, { period, since, until: now.toISOString() });
      } else {
        answer = digest({ ...store, articleLeads: schedules.articleLeads }, { since: new Date(now.getTime() - 24 * 3_600_000).toISOString(), until: now.toISOString() });
      }
      const previewNote = schedule ? null : 'No daily briefing is set here yet: this is the last 24 hours. Set one with /digest set.';
      if (previewNote) answer = { ...answer, notice: answer.notice ? `${previewNote} ${answer.notice}` : previewNote };
      return { schedule, answer, parts: split(answer) };
    },

    /** `/digest status`: each schedule's next run in its own time, last delivery and its outcome. */
    status(guildId: string, now: Date = clock.now()): StatusResult {
      const list: ScheduleStatus[] = schedules.schedulesOf(guildId).map((schedule) => {
        const next = schedule.status === 'active' ? nextRun(Math.max(now.getTime(), Date.parse(schedule.activeFrom)), schedule) : null;
        const last = schedules.lastDelivery(schedule.id) ?? null;
        return {
          schedule,
          nextRun: next ? { period: next.period, at: next.at.toISOString(), local: formatLocal(next.at, schedule.timezone) } : null,
          last: last ? { ...last, local: formatLocal(Date.parse(last.settledAt ?? last.claimedAt), schedule.timezone) } : null,
        };
      });
      const info: string[] = [];
      for (const { schedule: s, nextRun: next, last } of list) {
        const scope = [s.actors && `actors: ${s.actors.join(', ')}`, s.topics && `topics: ${s.topics.join(', ')}`].filter(Boolean).join('; ');
        info.push(`<#${s.channelId}> — daily at ${s.time} ${s.timezone}${scope ? ` (${scope})` : ''}; quiet days ${s.quiet ? 'skipped' : 'get a note'}.`);
        info.push(next ? `Next: ${next.local}.` : `Paused: ${s.pauseReason ?? 'no reason recorded'}`);
        if (last) {
          const what = OUTCOME_WORDS[last.status] ?? last.status;
          const msgs = last.status === 'sent' ? ` (${last.messageIds.length} message${last.messageIds.length === 1 ? '' : 's'})` : '';
          const why = last.error && last.status !== 'sent' && last.status !== 'skipped-empty' ? ` — ${last.error}` : '';
          info.push(`Last: the ${last.period} briefing, ${what}${msgs}, ${last.local}${why}.`);
        } else {
          info.push('Last: none yet.');
        }
      }
      const answer: Answer = {
        command: 'digest',
        title: 'Daily briefing — status',
        overview: list.length ? `${list.length} schedule${list.length === 1 ? '' : 's'}` : undefined,
        items: [],
        notice: list.length ? undefined : 'This server has no daily briefing. Set one with /digest set.',
        info: info.length ? info : undefined,
        references: [],
      };
      return { schedules: list, answer };
    },
  };
}

export type DigestService = ReturnType<typeof createDigestService>;
