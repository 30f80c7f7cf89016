import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { BotContext } from './types.ts';

/**
 * Sapphire-style preconditions: small reusable checks that return ok or a `UserError` with a stable
 * identifier. Every identifier's user-facing text lives in one table (`USER_ERROR_TEXT`).
 */

export const Identifiers = {
  GuildOnly: 'preconditionGuildOnly',
  ManageGuild: 'preconditionManageGuild',
  Cooldown: 'preconditionCooldown',
  AnswerExpired: 'answerExpired',
  NotYourAnswer: 'notYourAnswer',
  UnknownCommand: 'unknownCommand',
  Unexpected: 'unexpected',
} as const;
export type Identifier = (typeof Identifiers)[keyof typeof Identifiers];

export type ErrorContext = Record<string, string | number | undefined>;

/** An error meant for the user: answered ephemerally with the text its identifier maps to. */
export class UserError extends Error {
  readonly identifier: Identifier;
  readonly context: ErrorContext;
  constructor(identifier: Identifier, context: ErrorContext = {}) {
    super(identifier);
    this.name = 'UserError';
    this.identifier = identifier;
    this.context = context;
  }
}

const cmd = (c: ErrorContext) => (c.command ? `\`/${c.command}\`` : 'the command');

/** The one table from identifiers to what the user reads. */
export const USER_ERROR_TEXT: Record<Identifier, (c: ErrorContext) => string> = {
  preconditionGuildOnly: () => 'This command works in a server, not in direct messages.',
  preconditionManageGuild: () => 'You need the **Manage Server** permission to change Parley’s settings in this server.',
  preconditionCooldown: (c) => `One moment — you can use ${cmd(c)} again in ${c.seconds ?? 1} s.`,
  answerExpired: (c) =>
    `This answer’s buttons have expired. Run ${cmd(c)} again for a fresh copy.`,
  notYourAnswer: (c) => `Only the person who asked can turn these pages. Run ${cmd(c)} yourself to get your own copy.`,
  unknownCommand: () => 'I don’t know that command any more — it may have been removed. Try `/help`.',
  unexpected: () => 'Something went wrong while answering. It has been logged; please try again in a moment.',
};

export function userErrorText(e: UserError): string {
  return USER_ERROR_TEXT[e.identifier](e.context);
}

export type PreconditionResult = { ok: true } | { ok: false; error: UserError };

export interface Precondition {
  name: string;
  run(interaction: BaseInteraction, ctx: BotContext, command: string): PreconditionResult;
}

export const ok = (): PreconditionResult => ({ ok: true });
export const fail = (identifier: Identifier, context: ErrorContext = {}): PreconditionResult => ({ ok: false, error: new UserError(identifier, context) });

/** The command only makes sense in a server. */
export const guildOnly: Precondition = {
  name: 'GuildOnly',
  run: (i, _ctx, command) => (i.inGuild() ? ok() : fail(Identifiers.GuildOnly, { command })),
};

/** Settings commands: the member needs Manage Server (Administrator implies it). */
export const manageGuild: Precondition = {
  name: 'ManageGuild',
  run: (i, _ctx, command) => {
    if (!i.inGuild()) return fail(Identifiers.GuildOnly, { command });
    return i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ? ok() : fail(Identifiers.ManageGuild, { command });
  },
};

/**
 * A per-user cooldown for expensive commands. `seconds` defaults to `COOLDOWN_SECONDS`; 0 disables it.
 * The clock starts when the check passes.
 */
export function cooldown(seconds?: number): Precondition {
  return {
    name: 'Cooldown',
    run: (i, ctx, command) => {
      const length = (seconds ?? ctx.config.COOLDOWN_SECONDS) * 1000;
      if (length <= 0) return ok();
      const now = Date.now();
      const key = `${command}:${i.user.id}`;
      const until = ctx.cooldowns.get(key) ?? 0;
      if (until > now) return fail(Identifiers.Cooldown, { command, seconds: Math.max(1, Math.ceil((until - now) / 1000)) });
      if (ctx.cooldowns.size > 10_000) {
        for (const [k, t] of ctx.cooldowns) if (t <= now) ctx.cooldowns.delete(k);
      }
      ctx.cooldowns.set(key, now + length);
      return ok();
    },
  };
}

/** Run preconditions in order; the first failure wins. */
export function runPreconditions(list: readonly Precondition[] | undefined, i: BaseInteraction, ctx: BotContext, command: string): PreconditionResult {
  for (const p of list ?? []) {
    const r = p.run(i, ctx, command);
    if (!r.ok) return r;
  }
  return ok();
}
